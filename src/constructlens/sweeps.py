"""Experiment grids: every combination of a sweep's values becomes one model."""

import itertools
import re


def _slug(value) -> str:
    text = "-".join(map(str, value)) if isinstance(value, list) else str(value)
    return re.sub(r"[^A-Za-z0-9.-]+", "_", text).strip("_") or "none"


def grid_bases(bases: list | dict) -> dict[str, dict]:
    """The base models a grid sweeps over, by the name they take in model names: a list of
    specs is named by the specs themselves; a mapping names each one, and an entry may be a
    spec or a model's keys ({base: spec, batch_size: 16, gpu: 1, …}) that apply to its cells."""
    if isinstance(bases, list):
        names = [_slug(spec) for spec in bases]
        if len(set(names)) < len(names):
            raise ValueError(f"base models {bases} do not all get their own name; name them (a mapping)")
        return {name: {"base": spec} for name, spec in zip(names, bases, strict=True)}
    return {name: entry if isinstance(entry, dict) else {"base": entry} for name, entry in bases.items()}


def expand_sweeps(sweeps: dict) -> dict[str, dict]:
    """{model name: model config} for every cell of every sweep, e.g.
    ``lr__learning_rate-2e-05__loss-mnrl``. Keys in ``settings`` apply to every cell; a grid
    over ``base`` (``grid_bases``) adds its base's own keys, and the grid's other values come
    last. A sweep names its base once (``base``) or sweeps over several (``grid: {base: …}``)."""
    models = {}
    for sweep, spec in sweeps.items():
        grid = dict(spec["grid"])
        if ("base" in spec) == ("base" in grid):
            given = "both" if "base" in spec else "neither"
            raise ValueError(f"sweeps/{sweep}: give either base or grid/base, not {given}")
        try:
            bases = grid_bases(grid.pop("base")) if "base" in grid else {None: {"base": spec["base"]}}
        except ValueError as error:
            raise ValueError(f"sweeps/{sweep}/grid/base: {error}") from None
        keys = sorted(grid)
        for (base_name, base), values in itertools.product(
            bases.items(), itertools.product(*(grid[key] for key in keys))
        ):
            cell = dict(zip(keys, values, strict=True))
            named = sorted([*cell.items(), *([("base", base_name)] if base_name else [])])
            name = "__".join([sweep, *(f"{key}-{_slug(value)}" for key, value in named)])
            if name in models:
                raise ValueError(f"sweeps/{sweep}: two cells would both be named {name}")
            models[name] = {**spec.get("settings", {}), **base, **cell}
    return models
