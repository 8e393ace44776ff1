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
