"""Shared fixtures: the real input files in ../shared/data and an offline Hugging Face hub."""

import importlib.util
import os
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
# The two pytest-xdist workers and the workflow runs they start ask for more threads than the
# machine has cores. PyTorch's OpenMP threads then spin while they wait (libgomp's default), on
# cores the other process needs: two encodings side by side on two cores took 7 s each, 3 s with
# passive waiting (2 s alone, either way). Set before PyTorch loads; runs started here inherit it.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
IPIP_CSV = DATA / "IPIP.csv"
LEADERSHIP_CSV = DATA / "Measures_text_long.csv"
BENCHMARKS = REPO / "benchmarks"


def benchmark_module(name: str, folder: Path = BENCHMARKS):
    """``benchmarks/<name>.py`` (or ``<folder>/<name>.py``) imported as a module, so that tests
    call its functions."""
    spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# the end-to-end runs that take minutes, longest first, then the files of unit tests that take
# 20 s or more (2026-12-07): pytest-xdist hands whole files to its two workers in
# collection order (pyproject.toml), so these start early and the short files, last, even out
# the two workers' ends (a minute of training tests last left one worker idle for 48 s)
LONGEST_FIRST = (
    "test_workflow.py",
    "test_slurm.py",
    "test_rerun.py",
    "test_workflow_draws.py",
    "test_workflow_variant.py",
    "test_benchmarks.py",
    "test_training.py",
    "test_cfa.py",
    "test_bad_input.py",
    "test_hub.py",
    "test_sweeps.py",
    "test_gpu_jobs.py",
    "test_targets.py",
    "test_plots.py",
)


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: each file keeps its own order


@pytest.fixture(scope="session")
def ipip_csv() -> Path:
    if not IPIP_CSV.is_file():
        pytest.fail(f"{IPIP_CSV} is missing: tests read the real data from ../shared/data")
    return IPIP_CSV


@pytest.fixture(scope="session")
def leadership_csv() -> Path:
    if not LEADERSHIP_CSV.is_file():
        pytest.fail(f"{LEADERSHIP_CSV} is missing: tests read the real data from ../shared/data")
    return LEADERSHIP_CSV


@pytest.fixture(scope="session")
def ipip_items(ipip_csv):
    from constructlens.ipip import IPIP_COLUMNS, clean_ipip
    from constructlens.tables import read_table

    return clean_ipip(read_table(ipip_csv, IPIP_COLUMNS), str(ipip_csv))


@pytest.fixture(scope="session")
def leadership_settings() -> dict:
    """The ``leadership`` settings of the config schema's defaults."""
    import yaml

    schema = yaml.safe_load((REPO / "config" / "config.schema.yaml").read_text())
    return {k: v["default"] for k, v in schema["properties"]["leadership"]["properties"].items()}


@pytest.fixture(scope="session")
def leadership_items(leadership_csv, leadership_settings):
    from constructlens.leadership import LEADERSHIP_COLUMNS, LEADERSHIP_TEXT, clean_leadership
    from constructlens.tables import read_table

    frame = read_table(leadership_csv, LEADERSHIP_COLUMNS, free_text=LEADERSHIP_TEXT)
    return clean_leadership(frame, "lead.csv", leadership_settings)


def snakemake_command(
    workdir: Path, *args: str, configfile: Path | list[Path] | None = None, snakefile: Path | None = None
):
    """The command line that runs a workflow (the repository's by default) in ``workdir``;
    several config files are merged in their order, as Snakemake does."""
    import sys

    workdir.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "snakemake",
        "-s",
        str(snakefile or REPO / "Snakefile"),
        "--directory",
        str(workdir),
    ]
    configfiles = (
        configfile if isinstance(configfile, list) else [configfile or REPO / "config" / "config.yaml"]
    )
    return [*command, "--configfile", *map(str, configfiles), *args]


def snakemake_env(env: dict | None = None) -> dict:
    return {
        **(env or os.environ),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "PYTHONWARNINGS": "ignore",
    }


def run_snakemake(
    workdir: Path,
    *args: str,
    configfile: Path | list[Path] | None = None,
    snakefile: Path | None = None,
    timeout: int = 1200,
    env: dict | None = None,
):
    """Run a workflow (the repository's by default) with ``workdir`` as working directory."""
    import subprocess

    command = snakemake_command(workdir, *args, configfile=configfile, snakefile=snakefile)
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, env=snakemake_env(env), cwd=workdir
    )


def dry_run(workdir: Path, *settings: str, config: str = "config.yaml", over_default: bool = False):
    """A dry run of ``config/<config>`` (``over_default``: merged over config/config.yaml, as a
    study's header runs it) with ``--config`` ``settings``, on empty input files (a dry run only
    needs them to exist); it must succeed."""
    (workdir / "x.csv").touch()
    (workdir / "y.csv").touch()
    result = run_snakemake(
        workdir,
        "-n",
        "--config",
        "ipip_csv=x.csv",
        "leadership_csv=y.csv",
        *settings,
        configfile=[REPO / "config" / name for name in (["config.yaml"] if over_default else []) + [config]],
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return result
