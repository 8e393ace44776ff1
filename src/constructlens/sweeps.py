"""Experiment grids: every combination of a sweep's values becomes one model."""

import itertools
import re


def _slug(value) -> str:
    text = "-".join(map(str, value)) if isinstance(value, list) else str(value)
    return re.sub(r"[^A-Za-z0-9.-]+", "_", text).strip("_") or "none"


def expand_sweeps(sweeps: dict) -> dict[str, dict]:
    """{model name: model config} for every cell of every sweep, e.g.
    ``lr__learning_rate-2e-05__loss-mnrl``. Keys in ``settings`` apply to every cell."""
    models = {}
    for sweep, spec in sweeps.items():
        keys = sorted(spec["grid"])
        for values in itertools.product(*(spec["grid"][key] for key in keys)):
            name = "__".join(
                [sweep, *(f"{key}-{_slug(value)}" for key, value in zip(keys, values, strict=True))]
            )
            models[name] = {
                "base": spec["base"],
                **spec.get("settings", {}),
                **dict(zip(keys, values, strict=True)),
            }
    return models
