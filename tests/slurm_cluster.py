"""A one-node SLURM cluster on loopback, started by hand for a test and stopped by PID.

munged runs on its default socket (slurmd needs it before it has a config); slurmctld reads a
slurm.conf written into a temporary folder; slurmd fetches that config from slurmctld
("configless"), which also lets the jobs' nested srun find it although Snakemake's job-step
plugin drops SLURM_CONF. The node advertises one GPU (gres on /dev/null), so GPU-declared
training jobs are scheduled here too, and at least 8 CPUs however few the machine has
(``config_overrides``), so independent jobs run side by side as on a cluster rather than wait
in the queue for a laptop's two cores. Only daemons started here are stopped.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

DAEMONS = ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "sinfo", "runuser")
MUNGE_RUN = Path("/run/munge")
SLURMD_CONF_CACHE = Path("/run/slurm/conf")
ADVERTISED_CPUS = 8


def unavailable_reason() -> str | None:
    """Why a local SLURM cluster cannot be started here, or None."""
    missing = [
        name for name in DAEMONS if shutil.which(name) is None and not Path(f"/usr/sbin/{name}").exists()
    ]
    if missing:
        return (
            f"SLURM/munge not installed ({', '.join(missing)} missing): "
            "apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge"
        )
    if os.geteuid() != 0:
        return "starting munged and the SLURM daemons needs root"
    if SLURMD_CONF_CACHE.exists():
        return f"{SLURMD_CONF_CACHE} exists: another slurmd seems to run on this machine"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _read_pid(path: Path, timeout: float = 15) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            return int(path.read_text().split()[0])
        time.sleep(0.2)
    raise RuntimeError(f"no pid file {path}")


def _stop(pid: int) -> None:
    if not _alive(pid):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)


def _start_munged() -> int | None:
    """Start munged unless one already answers; return the PID we started."""
    pid_file = MUNGE_RUN / "munged.pid"
    if pid_file.exists() and _alive(int(pid_file.read_text().split()[0])):
        return None
    MUNGE_RUN.mkdir(parents=True, exist_ok=True)
    shutil.chown(MUNGE_RUN, "munge", "munge")
    MUNGE_RUN.chmod(0o755)
    pid_file.unlink(missing_ok=True)
    subprocess.run(["runuser", "-u", "munge", "--", "/usr/sbin/munged"], check=True)
    return _read_pid(pid_file)


def _real_memory() -> int:
    found = re.search(
        r"RealMemory=(\d+)", subprocess.run(["slurmd", "-C"], capture_output=True, text=True).stdout
    )
    return int(found[1]) if found else 1000


def write_config(folder: Path, node: str, cpus: int) -> Path:
    for sub in ("state", "spool", "log"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    controller_port, node_port = _free_port(), _free_port()
    config = folder / "slurm.conf"
    config.write_text(
        f"""ClusterName=constructlens-test
SlurmctldHost={node}(127.0.0.1)
SlurmctldPort={controller_port}
SlurmdPort={node_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
SlurmctldParameters=enable_configless
# the node's CPUs below are what the scheduler hands out, even beyond what slurmd counts
SlurmdParameters=config_overrides
StateSaveLocation={folder}/state
SlurmdSpoolDir={folder}/spool
SlurmctldPidFile={folder}/slurmctld.pid
SlurmdPidFile={folder}/slurmd.pid
SlurmctldLogFile={folder}/log/slurmctld.log
SlurmdLogFile={folder}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
# job records must outlive the whole run: the test reads each one with scontrol at the end
MinJobAge=3600
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
GresTypes=gpu
NodeName={node} NodeAddr=127.0.0.1 CPUs={cpus} RealMemory={_real_memory()} Gres=gpu:1 State=UNKNOWN
PartitionName=debug Nodes={node} Default=YES MaxTime=INFINITE State=UP
"""
    )
    (folder / "gres.conf").write_text(f"NodeName={node} Name=gpu File=/dev/null Count=1\n")
    return config


@contextlib.contextmanager
def local_slurm(folder: Path):
    """Start munged (if needed), slurmctld and slurmd; yield the environment for clients."""
    node = socket.gethostname().split(".")[0]
    config = write_config(folder, node, max(ADVERTISED_CPUS, os.cpu_count() or 1))
    env = {**os.environ, "SLURM_CONF": str(config)}
    started: list[int] = []
    munged = _start_munged()
    try:
        subprocess.run(["slurmctld", "-f", str(config)], check=True, env=env)
        started.append(_read_pid(folder / "slurmctld.pid"))
        port = re.search(r"SlurmctldPort=(\d+)", config.read_text())[1]
        subprocess.run(["slurmd", "--conf-server", f"127.0.0.1:{port}"], check=True, env=env)
        started.append(_read_pid(folder / "slurmd.pid"))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            state = subprocess.run(
                ["sinfo", "-h", "-o", "%t"], capture_output=True, text=True, env=env
            ).stdout
            if state.strip() == "idle":
                break
            time.sleep(0.5)
        else:
            raise RuntimeError(f"the node never became idle: {state!r}; see {folder / 'log'}")
        yield env
    finally:
        for pid in reversed(started):
            _stop(pid)
        if munged is not None:
            _stop(munged)
            (MUNGE_RUN / "munged.pid").unlink(missing_ok=True)
        for pid_file in (folder / "slurmctld.pid", folder / "slurmd.pid"):
            pid_file.unlink(missing_ok=True)
        if SLURMD_CONF_CACHE.is_symlink():
            SLURMD_CONF_CACHE.unlink()
