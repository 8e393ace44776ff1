"""The benchmark scripts that time the package's code still run, on small settings, and what they
print beside their timings holds (the figures themselves are for people to read, not asserted)."""

import re
import runpy
import sys

import pytest

from .conftest import DATA, REPO


@pytest.fixture
def run_benchmark(capsys, monkeypatch):
    """What ``benchmarks/<script>`` prints, run in this process (the libraries it imports are
    then imported once for all of them)."""

    def run(script: str, *args: str) -> str:
        monkeypatch.setattr(sys, "argv", [script, "--data", str(DATA), *args])
        monkeypatch.syspath_prepend(str(REPO / "benchmarks"))  # as python puts a script's folder first
        runpy.run_path(str(REPO / "benchmarks" / script), run_name="__main__")
        return capsys.readouterr().out

    return run


def test_metrics_speed_scores_every_held_out_set(ipip_csv, leadership_csv, run_benchmark):
    printed = run_benchmark("metrics_speed.py", "--models", "1")
    sets = re.search(r"^model 1: +[\d.]+ s for (.*)$", printed, flags=re.MULTILINE).group(1)
    rows = dict(re.findall(r"(\S+) \((\d+) rows\)", sets))
    assert set(rows) == {"ipip/validation", "ipip/test", "leadership/all"}
    assert all(int(n) > 100 for n in rows.values())
    assert re.search(r"^all metrics, 1 models × 3 datasets: [\d.]+ s", printed, flags=re.MULTILINE)


def test_training_speed_follows_the_plain_trainers_loss_and_scores(ipip_csv, run_benchmark):
    printed = run_benchmark("training_speed.py", "--steps", "5", "--encode", "held-out")
    assert re.search(r"^training, workflow: +[\d.]+ pairs/s +ratio [\d.]+$", printed, flags=re.MULTILINE)
    assert float(re.search(r"largest loss difference: +([\d.]+)", printed).group(1)) <= 0.01
    aucs = [float(auc) for auc in re.findall(r"held-out pair AUC ([\d.]+)", printed)]
    assert len(aucs) == 2 and abs(aucs[0] - aucs[1]) < 0.002  # bf16 where the CPU has it, fp32 else


def test_lora_7b_speed_times_the_7b_recipe_on_a_cpu_sized_mistral(ipip_csv, run_benchmark, tmp_path):
    args = ["--device", "cpu", "--layers", "1", "--hidden", "64", "--steps", "4", "--folder", str(tmp_path)]
    printed = run_benchmark("lora_7b_speed.py", *args)
    assert re.search(r"^random Mistral: 1 layers, hidden 64, ", printed, flags=re.MULTILINE)
    assert "optimiser steps: 4 of up to 64 pairs each" in printed  # batches of 16, accumulated 4 times
    assert re.search(r"^validation check \(\d+ items\): [\d.]+ s$", printed, flags=re.MULTILINE)
    epoch = re.search(r"^one epoch of \d+ pairs: (\d+) batches, (\d+) optimiser steps", printed, flags=re.M)
    assert int(epoch.group(2)) == -(-int(epoch.group(1)) // 4)
    assert "(declared mem_mb: 64000)" in printed and not list(tmp_path.iterdir())  # model files removed


def test_large_target_runs_every_analysis(ipip_csv, run_benchmark):
    printed = run_benchmark("large_target.py", "--constructs", "12")
    assert re.search(r"^target: \d+ texts of 12 constructs", printed, flags=re.MULTILINE)
    steps = re.findall(r"^ +[\d.]+ s +peak +[\d,]+ MB +(.+)$", printed, flags=re.MULTILINE)
    assert len(steps) == 12 and "redundancy permutation tests" in steps
    assert "groups of overlapping constructs at each threshold" in steps
    assert "near-duplicate item pairs (reference: its own same-construct pairs)" in steps
    assert re.search(r"^ +[\d.]+ s +in all", printed, flags=re.MULTILINE)


def test_responses_speed_times_every_step_of_the_responses_job(run_benchmark):
    printed = run_benchmark("responses_speed.py", "--items", "40", "--people", "200")
    assert printed.startswith("40 items of 4 constructs, 200 people")
    steps = re.findall(r"^ +[\d.]+ s +peak +[\d,]+ MB +(.*)$", printed, flags=re.MULTILINE)
    assert len(steps) == 8 and steps[0] == "read and match the answers" and "HTMT" in steps[4]
    assert steps[5:7] == ["two-factor model of every two scales", "one factor model of all scales"]
    assert re.search(r"^ +[\d.]+ s +in all$", printed, flags=re.MULTILINE)
    args = ["--items", "20", "--people", "200", "--correlation", "polychoric", "--htmt-resamples", "5"]
    polychoric = run_benchmark("responses_speed.py", *args)
    assert polychoric.startswith("20 items of 2 constructs, 200 people, polychoric correlations")
    assert len(re.findall(r"^ +[\d.]+ s +peak", polychoric, flags=re.MULTILINE)) == 8


def test_cfa_coverage_counts_every_condition_of_answering(run_benchmark):
    printed = run_benchmark("cfa_coverage.py", "--r", "0.6", "--replications", "30", "--people", "400")
    assert printed.startswith("4 + 4 items loading 0.7, 400 people, 30 replications per condition")
    rows = re.findall(
        r"^ +0\.6 +(.+?) +([-\d.]+) +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+) +(\d+)$",
        printed,
        re.MULTILINE,
    )
    assert [name for name, *_ in rows] == [
        "continuous",
        "skewed",
        "skewed, normal theory",
        "five categories, Pearson",
        "five categories, polychoric",
        "five categories, polychoric, normal theory",
        "a tenth missing, Pearson",
        "a tenth missing, Pearson, normal theory",
        "a tenth missing, polychoric",
    ]
    for _, mean, sd, se, coverage, misfit, one_factor, failed in rows:
        assert abs(float(mean) - 0.6) < 0.05 and 0 < float(sd) < 0.15 and 0 < float(se) < 0.15
        assert 0.7 <= float(coverage) <= 1 and failed == "0"
        assert 0 <= float(misfit) <= 1 and float(one_factor) > 0.9  # factors correlating 0.6 are two
    misfit = {name: float(found[4]) for name, *found in rows}
    assert misfit["five categories, polychoric, normal theory"] > misfit["five categories, polychoric"]


def test_interval_coverage_counts_how_often_the_truth_is_covered(run_benchmark):
    args = ["--items", "4", "8", "--replications", "10", "--resamples", "200", "--population", "400"]
    printed = run_benchmark("interval_coverage.py", *args)
    pairs, constructs = printed.split("distinctiveness of the 6 constructs")
    assert "separability of the 15 construct pairs" in pairs
    for section, names in ((pairs, r"c\d–c\d"), (constructs, r"c\d")):
        truths = {name: float(value) for name, value in re.findall(rf"({names}) ([\d.]+)", section)}
        rows = re.findall(r"^ +(\d+)((?: +[\d.]+){7})$", section, flags=re.MULTILINE)
        assert [items for items, _ in rows] == ["4", "8"]
        for _, values in rows:
            covered, worst, its_truth, first, joint, width, joint_width = map(float, values.split())
            assert 0 <= worst <= covered <= 1 and 0 <= first <= 1 and 0 <= joint <= 1
            assert round(its_truth, 3) in {round(truth, 3) for truth in truths.values()}
            assert 0 < width < joint_width  # the joint band widens every interval
        widths = [float(values.split()[5]) for _, values in rows]
        assert widths[1] < widths[0]  # more items, narrower intervals
    truths = dict(re.findall(r"(c\d–c\d) ([\d.]+)", pairs))
    assert len(truths) == 15 and abs(float(truths["c0–c1"]) - 0.5) < 0.02  # one construct, two names
    assert 0.9 < max(map(float, truths.values())) < 1.0  # graded pairs, none at the ceiling
