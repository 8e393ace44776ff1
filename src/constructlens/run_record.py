"""One record of a finished run, for a methods section: the workflow's code, inputs by
checksum, configuration, selection, and the records the training and encoding jobs wrote."""

import subprocess
from pathlib import Path

from .provenance import sha256_of, software_versions


def file_record(path: str | Path) -> dict:
    return {"path": str(path), "bytes": Path(path).stat().st_size, "sha256": sha256_of(path)}


def workflow_record(directory: str | Path) -> dict:
    """Which code ran: the workflow's folder and, where it is a git checkout, its commit and the
    tracked files that differ from it (a commit alone reproduces the run only when there are
    none). Commit and changes are None where git cannot say (no checkout, no git)."""
    record = {"directory": str(directory), "git_commit": None, "uncommitted_changes": None}

    def git(*args: str) -> str:
        command = ["git", "--no-optional-locks", "-C", str(directory), *args]
        return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout

    try:
        commit = git("rev-parse", "HEAD").strip()
        changed = git("status", "--porcelain", "--untracked-files=no").splitlines()
    except (OSError, subprocess.SubprocessError):
        return record
    return {**record, "git_commit": commit, "uncommitted_changes": sorted(line[3:] for line in changed)}


def run_provenance(
    workflow: dict,
    config: dict,
    inputs: dict[str, str],
    training: dict[str, dict],
    encoding: dict[str, dict],
    selection: dict,
) -> dict:
    """One record of a finished run: the workflow's code (``workflow_record``), the input files
    (sha256), the configuration with every default filled in, the model selected with its margin
    over the runner-up, and per model how it was trained and encoded."""
    return {
        "workflow": workflow,
        "inputs": {name: file_record(path) for name, path in sorted(inputs.items())},
        "selected_model": selection["best_model"],
        "selection_rule": selection["rule"],
        "selection_margin": selection.get("margin"),
        "training": dict(sorted(training.items())),
        "encoding": dict(sorted(encoding.items())),
        "software": software_versions(),
        "config": config,
    }
