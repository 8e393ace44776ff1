"""A run's configuration with the local files and model folders it names made absolute, so
that another working directory (a draw's folder, a comparison of runs) reads the same files.
Kept free of heavy imports: the workflow's rules import it every time Snakemake starts."""

from pathlib import Path

FILE_KEYS = {"ipip_csv", "leadership_csv", "path", "correlations", "definitions", "responses"}
"""Config keys that name an input file: a run may name it differently, its checksum must agree."""

MODEL_KEYS = frozenset({"base", "guide"})
"""Config keys that name a model: a local folder named from two runs' folders is one setting."""

LOCAL_KEYS = FILE_KEYS | MODEL_KEYS


def _absolute(value, root: Path):
    """``value`` with every string in it that names an existing file or folder under ``root``
    made absolute; other strings (hub ids, ``package:NAME``) and other values as they are."""
    if isinstance(value, str):
        return str((root / value).resolve()) if value and (root / value).exists() else value
    if isinstance(value, list):
        return [_absolute(item, root) for item in value]
    if isinstance(value, dict):
        return {key: _absolute(item, root) for key, item in value.items()}
    return value


def local_paths_absolute(config, root: str | Path):
    """``config`` with every input file (``FILE_KEYS``) and local model folder (``base``,
    ``guide``) it names, relative to ``root``, made absolute, so that it reads the same files
    from any working directory."""
    if isinstance(config, dict):
        return {
            key: _absolute(value, Path(root)) if key in LOCAL_KEYS else local_paths_absolute(value, root)
            for key, value in config.items()
        }
    if isinstance(config, list):
        return [local_paths_absolute(item, root) for item in config]
    return config
