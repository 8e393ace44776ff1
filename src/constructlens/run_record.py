"""One record of a finished run, for a methods section: inputs by checksum, configuration,
selection, and the records the training and encoding jobs wrote."""

from pathlib import Path

from .provenance import sha256_of, software_versions


def file_record(path: str | Path) -> dict:
    return {"path": str(path), "bytes": Path(path).stat().st_size, "sha256": sha256_of(path)}


def run_provenance(
    config: dict,
    inputs: dict[str, str],
    training: dict[str, dict],
    encoding: dict[str, dict],
    selection: dict,
) -> dict:
    """One record of a finished run: the input files (sha256), the configuration with every
    default filled in, the model selected with its margin over the runner-up, and per model how
    it was trained and encoded."""
    return {
        "inputs": {name: file_record(path) for name, path in sorted(inputs.items())},
        "selected_model": selection["best_model"],
        "selection_rule": selection["rule"],
        "selection_margin": selection.get("margin"),
        "training": dict(sorted(training.items())),
        "encoding": dict(sorted(encoding.items())),
        "software": software_versions(),
        "config": config,
    }
