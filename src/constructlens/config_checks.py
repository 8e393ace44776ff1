"""The checks a configuration passes before the workflow plans a job: the schema (its defaults
filled in), sweeps expanded into models, and the settings that must fit together. Each
problem is one message naming the config key."""

from pathlib import Path

import jsonschema
import yaml

from constructlens.config import (
    GUIDED_LOSSES,
    RANKING_KEYS,
    RANKING_LOSSES,
    config_error,
    leadership_target_problem,
    missing_file_problem,
    model_settings,
    pattern_problem,
    response_reading_problem,
    with_defaults,
)
from constructlens.lexical import LEXICAL_WEIGHTINGS
from constructlens.models import FINETUNED_PREFIX, LEXICAL_PREFIX, PRETRAINED_PREFIX, resolve_model_source
from constructlens.pairs import check_pair_settings
from constructlens.sweeps import expand_sweeps


class ConfigProblem(ValueError):
    """A configuration the workflow cannot run; the message names the key and the problem."""


def checked_config(given: dict, schema_path: Path, defaults_hint: str = "") -> dict:
    """``given`` with the schema's defaults filled in and every sweep cell added to ``models``,
    once every check passed; ``defaults_hint`` follows the message when no model is left."""
    schema = yaml.load(schema_path.read_text(), Loader=yaml.CSafeLoader)
    try:
        config = with_defaults(given, schema)
    except jsonschema.ValidationError:
        problem = config_error(given, schema)
        raise ConfigProblem(f"invalid configuration (config file and --config): {problem}") from None
    config["models"] = {**config["models"], **sweep_models(config, schema)}
    check_models(config, defaults_hint)
    check_splits(config)
    check_length_bands(config)
    check_draws(config)
    check_selection(config)
    check_targets(config, given)
    check_pairsets(config)
    return config


def sweep_models(config: dict, schema: dict) -> dict:
    """Every sweep cell as a model; a cell with a wrong value is a config problem."""
    try:
        cells = expand_sweeps(config["sweeps"])
    except ValueError as error:
        raise ConfigProblem(f"invalid sweep in config: {error}") from None
    if not cells:
        return {}
    problem = config_error({"models": cells}, schema)
    if problem:
        raise ConfigProblem(f"invalid sweep in config: {problem}")
    clash = sorted(set(cells) & set(config["models"]))
    if clash:
        raise ConfigProblem(f"config: sweep model(s) {', '.join(clash)} also in 'models'")
    return cells


def check_models(config: dict, defaults_hint: str = "") -> None:
    """Every model can be used: its base, its guide, its loss's keys and its pair set."""
    finetuned, baselines = config["models"], config["baselines"]
    clash = set(finetuned) & set(baselines)
    if clash:
        raise ConfigProblem(f"config: {', '.join(clash)} is both in 'models' and 'baselines'")
    if not finetuned and not baselines:
        raise ConfigProblem(f"config: no model in 'models' or 'baselines'{defaults_hint}")
    for section in ("models", "baselines", "pretraining"):
        for name, spec in config[section].items():
            check_model_spec(
                config,
                spec["base"],
                f"{section}/{name}/base",
                finetuned=section == "models",
                lexical=section == "baselines",
            )
            if spec["base"].startswith(LEXICAL_PREFIX) and spec.get("prompt") is not None:
                raise ConfigProblem(
                    f"config {section}/{name}/prompt: a word-overlap model counts the words of each "
                    "item, so a prompt would only add the same words to every item; leave it out"
                )
    for name in sorted(finetuned):
        check_training_chain(config, name)
    for name in sorted(finetuned):
        settings = model_settings(config["training_defaults"], finetuned[name])
        if settings["loss"] in GUIDED_LOSSES:
            check_model_spec(config, settings["guide"], f"models/{name}/guide")
        ranking = [key for key in RANKING_KEYS if settings[key] is not None]
        if ranking and settings["loss"] not in RANKING_LOSSES:
            raise ConfigProblem(
                f"config models/{name}: {' and '.join(ranking)}: for "
                f"{' and '.join(RANKING_LOSSES)} only, not {settings['loss']!r}"
            )
    for name in sorted(finetuned):
        pairset = model_settings(config["training_defaults"], finetuned[name])["pairset"]
        if pairset not in config["pairsets"]:
            raise ConfigProblem(
                f"config models/{name}/pairset: unknown pair set {pairset!r}; "
                f"defined: {', '.join(config['pairsets'])}"
            )


def check_model_spec(
    config: dict, spec: str, key: str, finetuned: bool = False, lexical: bool = False
) -> None:
    """A model spec that cannot be resolved is a problem naming its config key; ``model:NAME``
    (a fine-tuned model of this run) only where ``finetuned`` allows it: as the base of another
    fine-tuned model; ``lexical:NAME`` (a word-overlap model) only where ``lexical`` does: as a
    baseline."""
    if spec.startswith(LEXICAL_PREFIX):
        name = spec[len(LEXICAL_PREFIX) :]
        if not lexical:
            raise ConfigProblem(
                f"config {key}: {spec!r} is a word-overlap model, which learns nothing and guides "
                "nothing: list it under 'baselines'"
            )
        if name not in LEXICAL_WEIGHTINGS:
            raise ConfigProblem(
                f"config {key}: unknown word-overlap model {spec!r}; known: "
                + ", ".join(LEXICAL_PREFIX + known for known in LEXICAL_WEIGHTINGS)
            )
        return
    if spec.startswith(FINETUNED_PREFIX):
        name = spec[len(FINETUNED_PREFIX) :]
        if not finetuned:
            raise ConfigProblem(
                f"config {key}: {spec!r} names a fine-tuned model of this run, which can only "
                "be the base of another fine-tuned model (under 'models' or 'sweeps')"
            )
        if name not in config["models"]:
            raise ConfigProblem(
                f"config {key}: no fine-tuned model {name!r}; "
                f"defined: {', '.join(sorted(config['models'])) or 'none'}"
            )
        return
    if spec.startswith(PRETRAINED_PREFIX):
        name = spec[len(PRETRAINED_PREFIX) :]
        if name not in config["pretraining"]:
            raise ConfigProblem(
                f"config {key}: no pretraining entry {name!r}; "
                f"defined: {', '.join(config['pretraining']) or 'none'}"
            )
        return
    try:
        resolve_model_source(spec)
    except ValueError as error:
        raise ConfigProblem(f"config {key}: {error}") from None


def check_training_chain(config: dict, name: str) -> None:
    """A model trained on from another (``base: model:NAME``) must not lead back to itself."""
    chain = [name]
    while config["models"][chain[-1]]["base"].startswith(FINETUNED_PREFIX):
        chain.append(config["models"][chain[-1]]["base"][len(FINETUNED_PREFIX) :])
        if chain[-1] in chain[:-1]:
            raise ConfigProblem(
                f"config models/{name}/base: the models start from each other ({' → '.join(chain)})"
            )


def check_splits(config: dict) -> None:
    """The held-out parts leave a training share."""
    held_out = config["splits"]["validation_fraction"] + config["splits"]["test_fraction"]
    if held_out >= 1:
        raise ConfigProblem(
            "config splits: validation_fraction + test_fraction is "
            f"{held_out:g}, which leaves nothing to train on; keep it below 1"
        )


def check_length_bands(config: dict) -> None:
    """The item-length bands' upper bounds rise, so that each band is a range of its own."""
    bounds = config["evaluation"]["length_bands"]
    if list(bounds) != sorted(bounds):
        raise ConfigProblem(
            f"config evaluation/length_bands: {bounds} must rise (each the most words of one band), "
            f"as in {sorted(bounds)}"
        )


def check_draws(config: dict) -> None:
    """The other draws are other draws: none has the run's own seed."""
    if config["seed"] in config["draws"]["seeds"]:
        raise ConfigProblem(
            f"config draws/seeds: {config['seed']} is the run's own seed; name only other seeds, "
            "each a draw of its own beside the run"
        )


def check_selection(config: dict) -> None:
    """The selection rule names a dataset that is scored, on a split that it has."""
    datasets = ["ipip", *sorted(config["targets"])]
    dataset, split = config["selection"]["dataset"], config["selection"]["split"]
    if dataset not in datasets:
        raise ConfigProblem(
            f"config selection/dataset: unknown dataset {dataset!r}; scored: {', '.join(datasets)}"
        )
    if dataset != "ipip" and split != "all":
        raise ConfigProblem(f"config selection/split: target {dataset!r} is not split; use split: all")
    if split == "validation" and config["splits"]["validation_fraction"] == 0:
        raise ConfigProblem("config selection/split: validation, but splits/validation_fraction is 0")


def check_targets(config: dict, given: dict) -> None:
    """A kind leadership target takes no table settings (checked as ``given``, before the
    defaults); every stem and reverse marker is a regular expression; how responses are read
    is set only beside responses, answer labels as text; every local input file is there."""
    problem = leadership_target_problem(given.get("targets") or {})
    problem = problem or pattern_problem(config) or response_reading_problem(config)
    problem = problem or missing_file_problem(config)
    if problem:
        raise ConfigProblem(f"config {problem}")


def check_pairsets(config: dict) -> None:
    """Each pair set's settings fit together."""
    for name, pairset in config["pairsets"].items():
        try:
            check_pair_settings(
                pairset["method"],
                pairset["min_pairs"],
                pairset["max_pairs"],
                pairset["cap"],
                pairset["positives"],
            )
        except ValueError as error:
            raise ConfigProblem(f"config pairsets/{name}: {error}") from None
