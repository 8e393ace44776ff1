"""Configuration errors explained in one line: where in the config, and what is wrong."""

import copy
import math
import re
from pathlib import Path

import jsonschema
import yaml

from .errors import meant_name


def config_error(config: dict, schema: dict) -> str | None:
    """The most relevant schema violation of ``config`` as 'at KEY.PATH: problem', or None."""
    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(copy.deepcopy(config)))
    if error is None:
        return None
    where = ".".join(str(part) for part in error.absolute_path) or "(top level)"
    if error.validator == "pattern" and "description" in error.schema:  # say the rule, not the regex
        return f"at '{where}': {error.instance!r} is not allowed: {error.schema['description']}"
    return f"at '{where}': {error.message}{_number_as_text_hint(error)}{_misspelt_key_hint(error)}"


def _misspelt_key_hint(error: jsonschema.ValidationError) -> str:
    """For keys a section does not know: the known key each most likely meant ('text_colum':
    did you mean 'text_column'?), or the keys the section knows."""
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return ""
    known = sorted(error.schema.get("properties", {}))
    unknown = [key for key in error.instance if key not in known]
    meant = {key: meant_name(key, known, key=str) for key in unknown}
    guesses = [
        f"{match!r}" + (f" for {key!r}" if len(meant) > 1 else "") for key, match in meant.items() if match
    ]
    if guesses:
        return f" (did you mean {', '.join(guesses)}?)"
    return f" (known here: {', '.join(known)})" if known else ""


def _number_as_text_hint(error: jsonschema.ValidationError) -> str:
    """Why a number in a config file arrived as text: YAML 1.1, as Snakemake reads it, takes
    3e-5 for a string (a float wants a dot in its mantissa and a sign in its exponent), and so
    is a number in quotes."""
    expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    if (
        error.validator != "type"
        or not {"number", "integer"} & set(expected)
        or not isinstance(error.instance, str)
    ):
        return ""
    text = error.instance.strip()
    try:
        finite = math.isfinite(float(text))
    except ValueError:
        return ""
    if not finite:
        return ""
    mantissa, e, exponent = text.lower().partition("e")
    if not e:
        return " (a number in quotes is text: write it without them)"
    mantissa += "" if "." in mantissa else ".0"
    exponent = exponent if exponent[0] in "+-" else f"+{exponent}"
    return f" (YAML reads {text} as text: write {mantissa}e{exponent}, with a decimal point and a signed exponent)"


def _set_defaults(validator, properties, instance, schema):
    """jsonschema's ``properties`` check, after filling in each absent property's default."""
    for name, subschema in properties.items():
        if "default" in subschema and isinstance(instance, dict):
            instance.setdefault(name, copy.deepcopy(subschema["default"]))
    yield from jsonschema.Draft202012Validator.VALIDATORS["properties"](
        validator, properties, instance, schema
    )


DefaultFillingValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, {"properties": _set_defaults}
)


def with_defaults(config: dict, schema: dict) -> dict:
    """A copy of ``config`` with the defaults of ``schema`` filled in, as Snakemake's ``validate``
    fills them (without reading the schema with its pure-Python YAML parser, which cost every
    start a few tenths of a second); raises jsonschema's ValidationError for a wrong value."""
    filled = copy.deepcopy(config)
    DefaultFillingValidator(schema).validate(filled)
    return filled


RANKING_LOSSES = ("mnrl", "cached_mnrl")
RANKING_KEYS = ("scale", "directions")
GUIDED_LOSSES = ("gist", "cached_gist")  # losses that load a second, guide model


def model_settings(defaults: dict, own: dict) -> dict:
    """A fine-tuned model's training settings: ``defaults`` (training_defaults) overridden by
    its ``own`` keys. ``scale`` and ``directions`` belong to the ranking losses: from the
    defaults they reach only a model trained with one, so a default scale leaves a GIST or
    triplet model as it is (set on such a model itself, they stay, for the config check)."""
    settings = {**defaults, **own}
    if settings["loss"] not in RANKING_LOSSES:
        settings.update({key: own.get(key) for key in RANKING_KEYS})
    return settings


LEADERSHIP_TARGET_KEYS = (
    "kind",
    "path",
    "correlations",
    "definitions",
    "responses",
    "answer_labels",
    "missing_answers",
    "leave_out",
    "answer_correlation",
    "answer_errors",
    "name_template",
)
TABLE_TEMPLATE = "{}"  # a construct's name as the table gives it
LEADERSHIP_TEMPLATE = "{} leadership"  # "Servant" alone reads as a noun for a person


def name_template(target: dict) -> str:
    """How a target's construct names are read: its ``name_template``, else its kind's default
    (kept here, not in ``names``, so that parsing the workflow imports no scipy)."""
    if target.get("name_template"):
        return target["name_template"]
    return LEADERSHIP_TEMPLATE if target["kind"] == "leadership" else TABLE_TEMPLATE


def leadership_target_problem(targets: dict) -> str | None:
    """'targets/NAME: …' for a kind leadership target given a setting of a table target.

    Such a target is cleaned by the 'leadership' section (its keywords, stems and wording), so
    a text_column, key_column, stems … set on it would be silently ignored: that is an error.
    """
    for name, target in sorted(targets.items()):
        if not isinstance(target, dict) or target.get("kind") != "leadership":
            continue
        extra = sorted(set(target) - set(LEADERSHIP_TARGET_KEYS))
        if extra:
            verb = "applies" if len(extra) == 1 else "apply"
            return (
                f"targets/{name}: {', '.join(extra)} {verb} to kind table only; a kind leadership "
                f"target is cleaned by the 'leadership' section and takes only "
                f"{', '.join(LEADERSHIP_TARGET_KEYS[1:])}"
            )
    return None


def pattern_problem(config: dict) -> str | None:
    """'KEY: …' for the first regular expression of the config (stems, reverse markers) that
    does not compile, so that a typo stops the run at start-up rather than in a cleaning job."""
    patterns = [
        (f"leadership/{key}[{i}]", stem)
        for key in ("stems", "plural_stems")
        for i, stem in enumerate(config["leadership"][key])
    ]
    for name, target in sorted(config["targets"].items()):
        patterns += [
            (f"targets/{name}/{key}[{i}]", stem)
            for key in ("stems", "plural_stems")
            for i, stem in enumerate(target.get(key) or [])
        ]
        if target.get("reverse_marker"):
            patterns.append((f"targets/{name}/reverse_marker", target["reverse_marker"]))
    for key, pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            return f"{key}: {pattern!r} is no regular expression ({error})"
    return None


RESPONSE_READING = ("answer_labels", "missing_answers", "leave_out")  # a target's, for its responses
RESPONSE_SETTINGS = (
    *RESPONSE_READING,
    "answer_correlation",
    "answer_errors",
    "reverse_scored",
)  # need responses


def response_reading_problem(config: dict) -> str | None:
    """'targets/NAME/KEY: …' for a setting of how responses are read or analysed
    (``RESPONSE_SETTINGS``, off its default) given without a responses table (it would be
    ignored), or an answer label YAML read as no text (an unquoted Yes or No is true or false)."""
    for name, target in sorted(config["targets"].items()):
        for key in RESPONSE_SETTINGS:
            if target.get(key) not in (None, False, [], "pearson", "robust") and not target.get("responses"):
                return f"targets/{name}/{key}: given without responses, which it reads"
        odd = [label for label in target.get("answer_labels") or {} if not isinstance(label, str)]
        if odd:
            return (
                f"targets/{name}/answer_labels: {odd[0]!r} is no text: YAML reads an unquoted Yes, "
                'No, On or Off as true or false, so quote the label ("Yes": 1)'
            )
    return None


def missing_file_problem(config: dict) -> str | None:
    """'KEY: PATH: …' for the first local input file the config names that is not there.

    Checked when the workflow starts, so that a mistyped path is one clear error even where an
    earlier run left that file's cleaned items behind (Snakemake would then use those silently).
    """
    files = [(key, config[key]) for key in ("ipip_csv", "leadership_csv")]
    for name, target in sorted(config["targets"].items()):
        files += [
            (f"targets/{name}/{key}", target.get(key))
            for key in ("path", "correlations", "definitions", "responses")
        ]
    for key, path in files:
        if path is None or Path(path).is_file():
            continue
        problem = "is a folder, not a file" if Path(path).exists() else "file not found"
        return f"{key}: {path}: {problem}"
    return None


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


def typed_overrides(overrides: dict) -> dict:
    """``--config`` entries typed as a config file would type them.

    Snakemake reads a nested entry (``--config 'evaluation={center: true}'``) with YAML's base
    loader, which leaves every value inside it a string ('true', '0.2', 'null'); each such value
    that YAML reads as a boolean, number or null becomes one. Top-level entries are typed by
    Snakemake itself and pass unchanged.
    """

    def typed(value, nested: bool):
        if isinstance(value, dict):
            return {key: typed(item, True) for key, item in value.items()}
        if isinstance(value, list):
            return [typed(item, True) for item in value]
        if not (nested and isinstance(value, str)):
            return value
        try:
            parsed = yaml.safe_load(value)
        except yaml.YAMLError:
            return value
        return parsed if parsed is None or isinstance(parsed, bool | int | float) else value

    return {key: typed(value, False) for key, value in overrides.items()}
