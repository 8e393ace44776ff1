"""Other draws of held-out constructs within one run (``draws: {seeds: [...]}`` in config,
``rules/draws.smk``): the workflow again with each other ``seed``, each in a folder of its own,
``runs/seed-<seed>/``, whose results ``constructlens.draws`` then sets beside the run's own."""

import contextlib
import copy
import logging
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import yaml

from .config import model_settings
from .errors import InputError
from .run_paths import local_paths_absolute

log = logging.getLogger(__name__)

RUNS = Path("runs")

ANALYSIS_THREADS = 2
"""Threads of the run's analysis jobs (embed, evaluate_model, evaluate_final and others)."""

ANALYSIS_MEM_MB = 8000
"""Memory of the run's largest analysis jobs (evaluate_model, evaluate_final: profiles/default)."""

ANALYSIS_RUNTIME = 60
"""Minutes a draw's job adds for everything but training and encoding."""


def draw_folder(seed: int) -> Path:
    """Where the draw with ``seed`` runs."""
    return RUNS / f"seed-{seed}"


def draw_config(given: dict, seed: int, root: str | Path) -> dict:
    """The configuration of the draw with ``seed``: the run's own as given (before defaults are
    filled in, so that the draw checks and fills it as the run did), with that ``seed``, no
    draws of its own, and its local files and model folders made absolute."""
    config = local_paths_absolute(copy.deepcopy(given), root)
    return {**config, "seed": seed, "draws": {**config.get("draws", {}), "seeds": []}}


def draw_resources(config: dict) -> dict:
    """What a draw's job asks the scheduler for (``config`` checked, defaults filled in): it runs
    every job of the workflow on one node, so as many threads, as much memory and as many GPUs
    as the largest of them, and the minutes all its training, pre-training and encoding jobs ask
    for together (a fine-tuned model's settings serve its training and its encoding), plus an
    hour for the rest."""
    training = [model_settings(config["training_defaults"], spec) for spec in config["models"].values()]
    others = [*config["pretraining"].values(), *config["baselines"].values()]
    jobs = [*training, *others]
    return {
        "threads": max([ANALYSIS_THREADS, *(job["threads"] for job in jobs if "threads" in job)]),
        "mem_mb": max([ANALYSIS_MEM_MB, *(job["mem_mb"] for job in jobs)]),
        "gpu": max([0, *(job["gpu"] for job in jobs)]),
        "runtime": ANALYSIS_RUNTIME
        + sum(2 * job["runtime"] for job in training)
        + sum(job["runtime"] for job in others),
    }


def share_resources(folder: Path) -> None:
    """Link ``folder``'s resources/ to the run's, so that the draw reads the inputs the run
    downloaded and the hub models it fetched instead of fetching them again (compute nodes
    often have no internet); a folder with resources of its own keeps them."""
    link = folder / "resources"
    if link.exists() or link.is_symlink():
        return
    shared = Path("resources").resolve()
    shared.mkdir(exist_ok=True)
    link.symlink_to(os.path.relpath(shared, folder.resolve()))


def draw_command(snakefile: str | Path, folder: Path, cores: int, deployment: Sequence[str]) -> list[str]:
    """The ``snakemake`` call that runs the workflow in ``folder``. ``--nolock``: the run beside
    it holds the lock that matters and starts one job per folder, and a draw killed with its job
    (a cluster's time limit) would otherwise leave a lock that stops every later attempt."""
    return [
        sys.executable,
        "-m",
        "snakemake",
        "--snakefile",
        str(Path(snakefile).resolve()),
        "--directory",
        str(folder),
        "--cores",
        str(cores),
        "--rerun-incomplete",
        "--nolock",
        *deployment,
    ]


@contextlib.contextmanager
def held_folder(folder: Path) -> Iterator[int]:
    """An open descriptor of ``folder``/.draw.lock holding an exclusive lock on it while the
    block runs, or one error if another process holds it: a draw's own Snakemake runs without
    Snakemake's lock (``draw_command``), and one left running by a run killed with ``kill -9``
    must not share its folder with the next. The kernel lets go of the lock once every process
    holding the descriptor has ended, however it ended."""
    import fcntl  # POSIX only: here, not at the top, so that reading the workflow never needs it

    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder / ".draw.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        raise InputError(
            folder,
            "another run of this draw is still going (one left behind by a run stopped with kill -9 "
            "goes on): wait for it to end, or stop it, then run again",
        ) from None
    try:
        yield descriptor
    finally:
        os.close(descriptor)


def run_draw(
    config: dict,
    folder: Path,
    snakefile: str | Path,
    cores: int,
    log_path: str | Path,
    deployment: Sequence[str] = (),
) -> None:
    """Run the workflow in ``folder`` on ``config``, written as the folder's
    config/config.yaml (the file a run there reads), on ``cores`` cores, whatever it prints to
    ``log_path``. A run there that fails is one error naming its log; so is another still
    running there (``held_folder``: the draw's Snakemake is handed the lock and keeps it while
    it runs)."""
    with held_folder(folder) as lock:
        (folder / "config").mkdir(parents=True, exist_ok=True)
        (folder / "config" / "config.yaml").write_text(
            yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
        )
        share_resources(folder)
        environment = {key: value for key, value in os.environ.items() if key != "SNAKEMAKE_PROFILE"}
        command = draw_command(snakefile, folder, cores, list(deployment))
        log.info("running %s", " ".join(command))
        with open(log_path, "w") as stream:
            done = subprocess.run(
                command,
                stdout=stream,
                stderr=subprocess.STDOUT,
                env=environment,
                pass_fds=(lock,),
                check=False,
            )
    if done.returncode != 0:
        raise InputError(
            folder, f"the workflow's run with seed {config['seed']} failed; its output: {log_path}"
        )
