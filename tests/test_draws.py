"""Several runs that differ only in seed, side by side (constructlens.draws)."""

import json

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from constructlens import draws, plots
from constructlens.errors import InputError

CONFIG = {
    "seed": 42,
    "ipip_csv": "data/IPIP.csv",
    "splits": {"scheme": "construct", "test_fraction": 0.2},
    "targets": {"leadership": {"kind": "leadership"}, "mine": {"kind": "table", "path": "mine.csv"}},
    "models": {"tuned": {"learning_rate": 5.0e-5}},
}


def write_run(folder, seed, gaps, config=None, commit="abc", checksum="1"):
    """A finished run's record and tables, with IPIP − target differences ``gaps`` (per target,
    selected model then baseline) around a test pair AUC of 0.8."""
    results = folder / "results"
    for sub in ("splits", "metrics", "comparison"):
        (results / sub).mkdir(parents=True, exist_ok=True)
    config = {**(config or CONFIG), "seed": seed}
    record = {
        "config": config,
        "selected_model": "tuned",
        "inputs": {"ipip": {"path": "x", "sha256": checksum}, "leadership": {"path": "y", "sha256": "2"}},
        "workflow": {"git_commit": commit, "uncommitted_changes": []},
    }
    (results / "provenance.json").write_text(json.dumps(record))
    pd.DataFrame({"split": ["test", "train"], "n_constructs": [40 + seed, 170]}).to_csv(
        results / "splits" / "ipip_construct_summary.tsv", sep="\t", index=False
    )
    metrics, models = [], {"tuned": "selected", "plain": "baseline"}
    for target in config["targets"]:
        rows = []
        for (model, role), gap in zip(models.items(), gaps[target], strict=True):
            ipip = 0.8 if role == "selected" else 0.78
            metrics += [
                (model, "ipip", "test", "pair_auc", ipip, ipip - 0.05, ipip + 0.05),
                (model, target, "all", "pair_auc", ipip - gap, ipip - gap - 0.03, ipip - gap + 0.03),
            ]
            rows.append((model, role, "pair_auc", ipip, ipip - gap, gap, gap - 0.1, gap + 0.1, 0.01))
            rows.append((model, role, "ari", 0.3, 0.1, 0.2, 0.1, 0.3, 0.01))
        columns = [
            "model",
            "role",
            "metric",
            "ipip_test",
            target,
            "difference",
            "ci_low",
            "ci_high",
            "p_value",
        ]
        pd.DataFrame(rows, columns=columns).to_csv(
            results / "comparison" / f"ipip_vs_{target}.tsv", sep="\t", index=False
        )
        write_construct_pairs(results / "targets" / target, seed)
        write_distinctiveness(results / "targets" / target, seed)
    table = pd.DataFrame(
        metrics, columns=["model", "dataset", "split", "metric", "value", "ci_low", "ci_high"]
    )
    table.drop_duplicates(["model", "dataset", "split", "metric"]).to_csv(
        results / "metrics" / "all.tsv", sep="\t", index=False
    )
    return folder


def write_construct_pairs(folder, seed):
    """A target's construct pairs under the run's selected model: X – Y overlapping in every run,
    Y – Z (written Z – Y) in odd-seeded runs only, X – Z in none."""
    folder.mkdir(parents=True, exist_ok=True)
    separability = {("X", "Y"): 0.55 + seed / 100, ("Z", "Y"): 0.58 + 0.04 * (seed % 2 == 0), ("X", "Z"): 0.8}
    pd.DataFrame(
        [
            (a, b, value, value - 0.03, value + 0.03, value <= 0.6, False, 0.1)
            for (a, b), value in separability.items()
        ],
        columns=[
            "construct_a",
            "construct_b",
            "separability",
            "ci_low",
            "ci_high",
            "overlapping",
            "redundant",
            "r",
        ],
    ).to_csv(folder / "construct_pairs.tsv", sep="\t", index=False)


def write_distinctiveness(folder, seed):
    """A target's constructs, most distinct first: X always, Y and Z trading places by seed."""
    auc = {"X": 0.9, "Y": 0.6 + 0.02 * seed, "Z": 0.65}
    ranked = sorted(auc, key=auc.get, reverse=True)
    pd.DataFrame(
        [(c, 5, auc[c], auc[c] - 0.05, auc[c] + 0.05, ranked.index(c) + 1, 0.5) for c in ranked],
        columns=["construct", "n_items", "auc", "ci_low", "ci_high", "rank", "ipip_share_below"],
    ).to_csv(folder / "distinctiveness.tsv", sep="\t", index=False)


@pytest.fixture
def runs(tmp_path):
    return [
        write_run(tmp_path / "a", 1, {"leadership": [0.2, 0.15], "mine": [0.05, -0.2]}),
        write_run(tmp_path / "b", 2, {"leadership": [0.3, 0.25], "mine": [0.15, -0.15]}),
        write_run(tmp_path / "c", 3, {"leadership": [0.25, 0.05], "mine": [0.1, -0.25]}),
    ]


def test_a_row_per_run_model_and_target_with_both_scores_and_their_difference(runs):
    rows = draws.draw_rows(runs)
    assert len(rows) == 3 * 2 * 2
    assert list(rows["role"]) == (["selected"] * 3 + ["baseline"] * 3) * 2  # per target, selected first
    assert list(rows["target"]) == ["leadership"] * 6 + ["mine"] * 6
    row = rows.query("seed == 2 and model == 'plain' and target == 'leadership'").iloc[0]
    assert (row.role, row.test_constructs, row.selected_model) == ("baseline", 42, "tuned")
    assert (row.ipip_test, row.target_value, row.difference) == pytest.approx((0.78, 0.53, 0.25))
    assert (row.target_ci_low, row.ci_low, row.ci_high, row.p_value) == pytest.approx((0.5, 0.15, 0.35, 0.01))


def test_the_summary_gives_mean_sd_range_and_which_side_of_zero_each_interval_lies(runs):
    summary = draws.summarise(draws.draw_rows(runs)).set_index(["model", "target", "quantity"])
    gap = summary.loc[("selected", "leadership", "difference")]
    assert (gap.n_runs, gap["mean"], gap["sd"], gap["min"], gap["max"]) == pytest.approx(
        (3, 0.25, 0.05, 0.2, 0.3)
    )
    assert (gap.n_above_zero, gap.n_below_zero) == (3, 0)  # intervals 0.1–0.3, 0.2–0.4, 0.15–0.35
    assert summary.loc[("plain", "leadership", "difference"), "n_above_zero"] == 2  # 0.05 ± 0.1 reaches 0
    assert summary.loc[("plain", "mine", "difference"), "n_below_zero"] == 3
    assert summary.loc[("selected", "mine", "difference"), "n_above_zero"] == 1
    assert pd.isna(summary.loc[("selected", "mine", "ipip_test"), "n_above_zero"])
    assert summary.loc[("selected", "mine", "target"), "mean"] == pytest.approx(0.7)


def test_another_metric_of_the_comparison_tables_is_read_and_an_unknown_one_refused(runs):
    assert set(draws.draw_rows(runs, "ari")["difference"]) == {0.2}
    with pytest.raises(InputError, match="no comparison of IPIP with a target on 'arx'"):
        draws.draw_rows(runs, "arx")


def test_the_printed_table_names_the_seeds_and_the_selected_models(runs, capsys):
    out = runs[0].parent / "rows.tsv"
    assert draws.main([*map(str, runs), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "over 3 draws of held-out IPIP constructs (seeds 1, 2, 3; 41–43 test constructs)" in printed
    assert "Selected: tuned in 3." in printed
    assert "| selected | leadership | 0.800 ± 0.000 (0.800–0.800) | 0.550 ± 0.050 (0.500–0.600) |" in printed
    assert len(pd.read_csv(out, sep="\t")) == 12


def test_runs_on_other_files_settings_or_code_or_one_seed_twice_are_refused(tmp_path, runs):
    gaps = {"leadership": [0.2, 0.1], "mine": [0.1, 0.1]}
    changed = {**CONFIG, "models": {"tuned": {"learning_rate": 1.0e-5}}}
    cases = [
        (write_run(tmp_path / "data", 4, gaps, checksum="9"), "read other input files than .*: ipip"),
        (
            write_run(tmp_path / "lr", 4, gaps, config=changed),
            "in more than seed: models.tuned.learning_rate",
        ),
        (write_run(tmp_path / "code", 4, gaps, commit="def"), "another commit of the workflow"),
        (write_run(tmp_path / "twice", 2, gaps), "has the seed of .*b \\(2\\): the same draw twice"),
    ]
    for run, message in cases:
        with pytest.raises(InputError, match=message):
            draws.draw_rows([*runs, run])


def test_a_file_named_by_another_path_with_the_same_content_is_the_same_run_setting(tmp_path, runs):
    moved = {
        **CONFIG,
        "ipip_csv": "/elsewhere/IPIP.csv",
        "targets": {**CONFIG["targets"], "mine": {"kind": "table", "path": "/x/mine.csv"}},
    }
    run = write_run(tmp_path / "moved", 4, {"leadership": [0.2, 0.1], "mine": [0.1, 0.1]}, config=moved)
    assert draws.draw_rows([*runs, run])["seed"].nunique() == 4


def test_a_target_named_like_a_file_key_is_a_setting_compared(tmp_path):
    gaps = {"leadership": [0.2, 0.1], "path": [0.1, 0.1]}
    config = {
        **CONFIG,
        "targets": {"leadership": {"kind": "leadership"}, "path": {"kind": "table", "stems": ["a"]}},
    }
    other = {**config, "targets": {**config["targets"], "path": {"kind": "table", "stems": ["b"]}}}
    runs = [
        write_run(tmp_path / "a", 1, gaps, config=config),
        write_run(tmp_path / "b", 2, gaps, config=other),
    ]
    with pytest.raises(InputError, match="in more than seed: targets.path.stems"):
        draws.draw_rows(runs)


def test_one_run_or_a_folder_that_holds_no_run_is_an_error(tmp_path, runs, capsys):
    with pytest.raises(InputError, match="two or more runs"):
        draws.draw_rows(runs[:1])
    assert draws.main([str(runs[0]), str(tmp_path / "empty")]) == 1
    assert "empty/results/provenance.json: not found" in capsys.readouterr().err


def test_the_figure_draws_each_runs_scores_and_difference_per_target(runs, monkeypatch):
    kept = []
    monkeypatch.setattr(plots, "_write", lambda fig, path: kept.append((fig, path)))
    assert draws.main([*map(str, runs), "--figure", "draws.pdf"]) == 0
    ((fig, path),) = kept
    assert path == plots.FigureFiles(None, ("draws.pdf",))  # vector graphics alone, no PNG
    rows = draws.draw_rows(runs).query("role == 'selected'")
    assert len(fig.axes) == 4  # per target, scores and difference
    for (scores, gaps), target in zip(np.reshape(fig.axes, (2, 2)), ["leadership", "mine"], strict=True):
        mine = rows[rows["target"] == target].sort_values("seed")
        top_down = sorted(scores.get_yticklabels(), key=lambda label: -label.get_position()[1])
        assert [label.get_text() for label in top_down] == [
            "seed 1 · tuned",
            "seed 2 · tuned",
            "seed 3 · tuned",
        ]
        ipip, scored = (container.lines[0].get_xdata() for container in scores.containers)
        assert list(ipip) == list(mine["ipip_test"]) and list(scored) == list(mine["target_value"])
        assert list(gaps.containers[0].lines[0].get_xdata()) == list(mine["difference"])
        assert [t.get_text() for t in scores.get_legend().get_texts()] == ["IPIP test", target]


def test_a_figure_is_a_png_or_vector_graphics(runs, tmp_path, capsys):
    png = tmp_path / "draws.png"
    assert draws.main([*map(str, runs), "--figure", str(png)]) == 0
    assert Image.open(png).size[1] > 300
    with pytest.raises(SystemExit):
        draws.main([*map(str, runs), "--figure", str(tmp_path / "draws.jpg")])
    assert "draws.jpg: name a .png, .pdf or .svg file" in capsys.readouterr().err


def test_each_runs_construct_pairs_are_read_in_one_order(runs):
    rows = draws.run_pair_rows(runs[1])
    assert list(rows.columns[:5]) == ["seed", "selected_model", "target", "construct_a", "construct_b"]
    assert len(rows) == 2 * 3 and set(rows["seed"]) == {2} and set(rows["selected_model"]) == {"tuned"}
    assert ("Y", "Z") in set(zip(rows["construct_a"], rows["construct_b"], strict=True))  # written Z – Y
    assert "r" not in rows


def test_a_pairs_separability_and_overlap_are_summarised_over_runs(runs):
    summary = draws.summarise_pairs(draws.pair_rows(runs))
    leadership = summary[summary["target"] == "leadership"]
    assert list(zip(leadership["construct_a"], leadership["construct_b"], strict=True)) == [
        ("X", "Y"),  # least separable on average first: 0.57 against 0.5933 and 0.8
        ("Y", "Z"),
        ("X", "Z"),
    ]
    first = leadership.iloc[0]
    assert (first.n_runs, first["mean"], first["min"], first["max"], first.n_overlapping) == pytest.approx(
        (3, 0.57, 0.56, 0.58, 3)
    )
    assert leadership["n_overlapping"].tolist() == [3, 2, 0] and (leadership["n_redundant"] == 0).all()
    assert list(summary["target"]) == ["leadership"] * 3 + ["mine"] * 3


def test_the_pairs_overlapping_in_any_run_are_printed_and_written(runs, capsys):
    out = runs[0].parent / "pairs.tsv"
    assert draws.main([*map(str, runs), "--pairs", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "leadership: 2 of 3 construct pairs overlap in at least one of 3 draws, 1 in every one." in printed
    assert "| X – Y | 3 of 3 | 0.570 ± 0.010 (0.560–0.580) |" in printed
    assert "| Y – Z | 2 of 3 |" in printed and "X – Z" not in printed
    assert len(pd.read_csv(out, sep="\t")) == 6


def test_each_constructs_distinctiveness_and_rank_are_summarised_over_runs(runs):
    rows = draws.construct_rows(runs)
    assert len(rows) == 3 * 2 * 3 and "ipip_share_below" not in rows
    summary = draws.summarise_constructs(rows)
    leadership = summary[summary["target"] == "leadership"].set_index("construct")
    assert list(leadership.index) == ["X", "Z", "Y"]  # Y: 0.62, 0.64, 0.66, mean 0.64 < 0.65
    assert (
        leadership.loc["Y", "mean"],
        leadership.loc["Y", "min"],
        leadership.loc["Y", "max"],
    ) == pytest.approx((0.64, 0.62, 0.66))
    assert (leadership.loc["Y", "best_rank"], leadership.loc["Y", "worst_rank"]) == (2, 3)
    assert (leadership.loc["X", "best_rank"], leadership.loc["X", "worst_rank"]) == (1, 1)
    assert draws.least_distinct_text(rows).split("\n\n") == [
        "leadership: the least distinct construct was Y in 2 of 3 draws, Z in 1 of 3 draws.",
        "mine: the least distinct construct was Y in 2 of 3 draws, Z in 1 of 3 draws.",
    ]


def test_the_constructs_are_written_when_asked(runs, capsys):
    out = runs[0].parent / "constructs.tsv"
    assert draws.main([*map(str, runs), "--constructs", str(out)]) == 0
    assert "leadership: the least distinct construct was Y in 2 of 3 draws" in capsys.readouterr().out
    assert len(pd.read_csv(out, sep="\t")) == 6
