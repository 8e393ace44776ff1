"""Work shared among worker processes of one thread each."""

from joblib import Parallel, delayed, parallel_config


def in_processes(function, tasks: list[tuple], workers: int) -> list:
    """``function(*task)`` of every task of ``tasks``, in their order: in up to ``workers``
    worker processes where there are more than one of each, else in this process. A worker
    runs one thread, whatever OMP_NUM_THREADS the job has: the processes are the job's threads."""
    if workers <= 1 or len(tasks) <= 1:
        return [function(*task) for task in tasks]
    with parallel_config(backend="loky", inner_max_num_threads=1):
        return Parallel(n_jobs=min(workers, len(tasks)))(delayed(function)(*task) for task in tasks)
