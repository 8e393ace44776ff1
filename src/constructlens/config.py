"""Configuration errors explained in one line: where in the config, and what is wrong."""

import copy

import jsonschema


def config_error(config: dict, schema: dict) -> str | None:
    """The most relevant schema violation of ``config`` as 'at KEY.PATH: problem', or None."""
    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(copy.deepcopy(config)))
    if error is None:
        return None
    where = ".".join(str(part) for part in error.absolute_path) or "(top level)"
    return f"at '{where}': {error.message}"


NAMED_SECTIONS = ("targets", "pairsets", "models", "sweeps", "pretraining", "baselines")


def without_switched_off(config: dict, sections: tuple[str, ...] = NAMED_SECTIONS) -> dict:
    """``config`` with the named entries set to null left out of ``sections``.

    Snakemake merges a ``--configfile`` into config/config.yaml key by key, so an overlay
    cannot delete a default entry; ``targets: {leadership: null}`` is how it switches one off.
    """
    return {
        key: {name: entry for name, entry in value.items() if entry is not None}
        if key in sections and isinstance(value, dict)
        else value
        for key, value in config.items()
    }
