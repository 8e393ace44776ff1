import numpy as np
import pandas as pd
import pytest
from scipy import stats

from constructlens.comparison import (
    COMPARED,
    MATCHED,
    SELECTED_VS_BASELINES,
    bootstrap_p_value,
    compare,
    compare_models,
    construct_subset,
    holm_adjusted,
    matched_comparison,
    scores_of_draws,
    selected_vs_baselines,
    sign_flip_p_value,
    structure_scores,
)
from constructlens.metrics import compute_metrics, item_set_pair_auc, jackknife_standard_error, make_item_set
from constructlens.plots import selected_vs_baselines_plot
from constructlens.relabelling import RELABELLED, relabelled_differences

from .test_metrics import SETTINGS, synthetic_items


def relabelled(first, second, n: int = 199) -> dict:
    """The relabelled differences of two item sets, by metric (a text of both counts twice)."""
    differences = relabelled_differences(first, second, n, seed=1)
    return {name: differences[:, i] for i, name in enumerate(RELABELLED)}


def test_clearly_separated_set_beats_a_blurred_one():
    clear_set = make_item_set(*synthetic_items(20, 6, 0.8, 1))
    blurred_set = make_item_set(*synthetic_items(12, 6, 4.0, 2))
    clear, blurred = (compute_metrics(s, SETTINGS, seed=1)[0] for s in (clear_set, blurred_set))
    table = compare(clear, blurred, relabelled(clear_set, blurred_set)).set_index("metric")
    assert list(table.index) == list(COMPARED)
    auc = table.loc["pair_auc"]
    assert auc["difference"] == pytest.approx(auc["first"] - auc["second"])
    assert 0 < auc["ci_low"] < auc["difference"] < auc["ci_high"]
    assert auc["p_value"] == pytest.approx(2 / 200)  # beyond every relabelling
    assert auc["method"] == "bootstrap interval; relabelling test"
    differences = relabelled(clear_set, blurred_set)["pair_auc"]
    assert auc["relabelled_mean_difference"] == pytest.approx(np.nanmean(differences))
    assert table.loc["ari", "method"].startswith("jackknife") and table.loc["ari", "p_value"] < 0.05
    # without relabellings, the bootstrap test that goes with the interval
    alone = compare(clear, blurred).set_index("metric").loc["pair_auc"]
    assert alone["method"] == "bootstrap interval and test"
    assert alone["p_value"] == bootstrap_p_value(clear["pair_auc"].samples - blurred["pair_auc"].samples)
    assert np.isnan(alone["relabelled_mean_difference"])
    # every construct weighing the same
    tested = clear["pair_auc"].by_construct.mean() - blurred["pair_auc"].by_construct.mean()
    assert auc["per_construct_difference"] == pytest.approx(tested)
    assert auc["per_construct_difference"] != pytest.approx(auc["difference"], abs=1e-6)
    assert np.isnan(table.loc["ari", "per_construct_difference"])  # no construct-level values
    assert list(table.columns).index("per_construct_difference") == list(table.columns).index("p_value") - 1


def test_a_clustering_difference_rests_on_the_jackknife_errors_not_on_the_cut_intervals():
    # four constructs often merged: ARI's interval is cut at 1, its standard error is not
    few = compute_metrics(make_item_set(*synthetic_items(4, 4, 0.9, 0)), SETTINGS, seed=1)[0]
    many = compute_metrics(make_item_set(*synthetic_items(12, 6, 2.0, 2)), SETTINGS, seed=1)[0]
    assert few["ari"].ci_high == 1.0
    row = compare(few, many).set_index("metric").loc["ari"]
    se = np.hypot(
        jackknife_standard_error(few["ari"].leave_one_out),
        jackknife_standard_error(many["ari"].leave_one_out),
    )
    assert row["ci_high"] - row["difference"] == pytest.approx(stats.norm.ppf(0.975) * se)
    assert row["p_value"] == pytest.approx(2 * stats.norm.sf(abs(row["difference"]) / se))


def test_equal_sets_do_not_differ():
    first_set = make_item_set(*synthetic_items(15, 5, 2.0, 3))
    second_set = make_item_set(*synthetic_items(15, 5, 2.0, 4))
    first, second = (compute_metrics(s, SETTINGS, seed=1)[0] for s in (first_set, second_set))
    auc = compare(first, second, relabelled(first_set, second_set)).set_index("metric").loc["pair_auc"]
    assert auc["ci_low"] < 0 < auc["ci_high"] and auc["p_value"] > 0.05


def test_holm_adjustment_matches_a_hand_worked_example():
    # sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1: 0.02, 0.03, 0.06, 0.04, the last raised to 0.06
    adjusted = holm_adjusted(np.array([0.01, 0.04, 0.03, 0.005]))
    assert adjusted == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert holm_adjusted(np.array([0.5, 0.9])) == pytest.approx([1.0, 1.0])  # capped at 1
    p_values = np.random.default_rng(3).uniform(size=30)
    adjusted = holm_adjusted(p_values)
    assert np.all(adjusted >= p_values) and adjusted.min() == pytest.approx(30 * p_values.min())


def test_sign_flip_p_value():
    # hand-worked: of the 8 sign patterns of (1, 2, 3) only +++ and --- reach |mean| 2: p = 2/8
    assert sign_flip_p_value(np.array([1.0, 2.0, 3.0]), 999, seed=1) == pytest.approx(0.25)
    assert sign_flip_p_value(np.array([0.0, 0.0, np.nan]), 999, seed=1) == 1.0
    consistent = np.random.default_rng(0).uniform(0.5, 1.0, size=40)  # 2^40 patterns: sampled
    assert sign_flip_p_value(consistent, 999, seed=1) == pytest.approx(1 / 1000)
    noise = np.random.default_rng(1).normal(size=40)
    assert sign_flip_p_value(noise, 999, seed=1) > 0.05


def test_bootstrap_p_value_goes_with_the_percentile_interval():
    # hand-worked: one of four replicates at or below zero: p = 2 · (1 + 1) / (4 + 1)
    assert bootstrap_p_value(np.array([-1.0, 1.0, 2.0, 3.0])) == pytest.approx(0.8)
    assert bootstrap_p_value(np.zeros(50)) == 1.0
    rng = np.random.default_rng(3)
    for shift in (0.5, 1.5, 2.5, 3.5):
        replicates = rng.normal(shift, 1.0, size=2000)
        low, high = np.quantile(replicates, [0.025, 0.975])
        assert (bootstrap_p_value(replicates) < 0.05) == (low > 0 or high < 0), shift


def test_a_model_compared_with_itself_differs_by_nothing():
    results = compute_metrics(make_item_set(*synthetic_items(10, 5, 2.0, 9)), SETTINGS, seed=1)[0]
    table = compare_models(results, results, 999, seed=1).set_index("metric")
    assert list(table.index) == list(COMPARED)
    assert (table[["difference", "ci_low", "ci_high"]] == 0).all().all()
    assert (table["p_value"] == 1).all()


def test_pairing_finds_a_gain_that_overlapping_intervals_hide():
    items, vectors = synthetic_items(12, 6, 2.0, 11)
    rng = np.random.default_rng(5)
    blurred = {text: vector + 0.5 * rng.normal(size=vector.shape) for text, vector in vectors.items()}
    better = compute_metrics(make_item_set(items, vectors), SETTINGS, seed=1)[0]
    worse = compute_metrics(make_item_set(items, blurred), SETTINGS, seed=1)[0]
    assert better["pair_auc"].ci_low < worse["pair_auc"].value < better["pair_auc"].value
    table = compare_models(better, worse, 999, seed=1).set_index("metric")
    auc = table.loc["pair_auc"]
    assert auc["difference"] == pytest.approx(better["pair_auc"].value - worse["pair_auc"].value)
    assert 0 < auc["ci_low"] < auc["difference"] < auc["ci_high"] and auc["p_value"] < 0.05
    by_construct = better["pair_auc"].by_construct - worse["pair_auc"].by_construct
    assert auc["per_construct_difference"] == pytest.approx(np.nanmean(by_construct))
    assert (auc["constructs_higher"], auc["constructs_lower"]) == (
        np.sum(by_construct > 0),
        np.sum(by_construct < 0),
    )
    assert auc["per_construct_p_value"] == sign_flip_p_value(by_construct, 999, seed=1)
    assert table.loc["ari", "method"].startswith("paired jackknife")
    assert np.isnan(table.loc["ari", "per_construct_p_value"])
    assert table.loc["ari", "ci_low"] < table.loc["ari", "difference"] < table.loc["ari", "ci_high"]


def test_models_are_compared_only_on_one_item_set():
    first = compute_metrics(make_item_set(*synthetic_items(10, 5, 2.0, 9)), SETTINGS, seed=1)[0]
    second = compute_metrics(make_item_set(*synthetic_items(10, 4, 2.0, 9)), SETTINGS, seed=1)[0]
    with pytest.raises(ValueError, match="n_texts"):
        compare_models(first, second, 999, seed=1)


def test_selected_model_is_compared_with_every_other_on_every_set(tmp_path):
    sets = {
        name: make_item_set(*synthetic_items(8, 4, 2.0, seed)) for name, seed in (("ipip", 1), ("target", 2))
    }
    evaluated = {
        model: {(name, "all"): compute_metrics(s, SETTINGS, seed=1) for name, s in sets.items()}
        for model in ("chosen", "zero_a", "zero_b")
    }
    table = selected_vs_baselines(evaluated, "chosen", 99, seed=1)
    assert list(table.columns) == SELECTED_VS_BASELINES
    assert len(table) == 2 * 2 * len(COMPARED) and set(table["selected_model"]) == {"chosen"}
    assert list(dict.fromkeys(table["baseline_model"])) == ["zero_a", "zero_b"]
    assert (table["difference"] == 0).all()  # the same embeddings under three names
    selected_vs_baselines_plot(table, tmp_path / "paired.png")
    alone = selected_vs_baselines({"chosen": evaluated["chosen"]}, "chosen", 99, seed=1)
    assert alone.empty and list(alone.columns) == SELECTED_VS_BASELINES
    selected_vs_baselines_plot(alone, tmp_path / "alone.png")
    assert (tmp_path / "paired.png").stat().st_size > 0 and (tmp_path / "alone.png").stat().st_size > 0


def test_construct_subset_keeps_only_the_chosen_constructs():
    items, vectors = synthetic_items(4, 3, 1.0, 5)
    items = pd.concat([items, pd.DataFrame({"construct": ["c3"], "text": ["c1-t0"]})])  # shared by c1, c3
    part = construct_subset(make_item_set(items, vectors), np.array([1, 2]))
    assert part.constructs == ["c1", "c2"]
    assert sorted(part.texts) == sorted(f"c{c}-t{i}" for c in (1, 2) for i in range(3))
    assert part.membership.sum() == 6 and part.single.all()  # c1-t0 lost its c3 label


def test_structure_scores_are_the_full_metrics_of_the_set():
    item_set = make_item_set(*synthetic_items(5, 6, 1.5, 6))
    scores = structure_scores(item_set, seed=3, n_init=10)
    assert set(scores) == set(MATCHED)
    assert scores["pair_auc"] == item_set_pair_auc(item_set)
    full = compute_metrics(item_set, {**SETTINGS, "kmeans_seeds": 1}, seed=3, bootstrap=False)[0]
    for name in MATCHED:
        assert scores[name] == pytest.approx(full[name].value), name


def test_worker_processes_score_every_draw_as_one_process_does_in_the_same_order():
    item_set = make_item_set(*synthetic_items(12, 5, 1.5, 5))
    rng = np.random.default_rng(0)
    plan = [(np.sort(rng.choice(12, size=4, replace=False)), 100 + draw) for draw in range(7)]
    alone = scores_of_draws(item_set, plan, 3, workers=1)
    assert alone == [structure_scores(construct_subset(item_set, chosen), seed, 3) for chosen, seed in plan]
    assert scores_of_draws(item_set, plan, 3, workers=3) == alone
    assert len({scores["ari"] for scores in alone}) > 1  # the draws differ, so order shows


def test_matched_draws_place_a_blurred_target_below_a_clear_reference():
    reference = make_item_set(*synthetic_items(30, 5, 1.0, 7))
    blurred_set = make_item_set(*synthetic_items(6, 8, 4.0, 8))
    blurred = compute_metrics(blurred_set, SETTINGS, seed=1)[0]
    table = matched_comparison(reference, blurred_set, blurred, 100, 3, seed=1).set_index("metric")
    assert list(table.index) == list(MATCHED) and (table["n_draws"] == 100).all()
    assert (table["drawn"] == "reference").all() and table["target_low"].isna().all()
    auc = table.loc["pair_auc"]
    assert auc["target"] < auc["reference_low"] <= auc["reference_mean"] <= auc["reference_high"]
    assert auc["share_at_most_target"] == 0 and table.loc["ari", "share_at_most_target"] == 0
    again = matched_comparison(reference, blurred_set, blurred, 100, 3, seed=1)
    pd.testing.assert_frame_equal(table.reset_index(), again)


def test_matched_draws_of_a_like_target_fall_inside_the_reference_range():
    reference = make_item_set(*synthetic_items(30, 5, 2.0, 9))
    alike_set = make_item_set(*synthetic_items(6, 5, 2.0, 10))
    alike = compute_metrics(alike_set, SETTINGS, seed=1)[0]
    auc = matched_comparison(reference, alike_set, alike, 200, 3, seed=1).set_index("metric").loc["pair_auc"]
    assert auc["reference_low"] < auc["target"] < auc["reference_high"]
    assert 0.05 < auc["share_at_most_target"] < 0.95


def test_a_target_larger_than_the_reference_is_drawn_down_to_its_size():
    reference = make_item_set(*synthetic_items(4, 5, 1.0, 11))  # clear: 4 constructs
    blurred_set = make_item_set(*synthetic_items(10, 5, 4.0, 12))  # blurred: 10 constructs
    blurred = compute_metrics(blurred_set, SETTINGS, seed=1)[0]
    table = matched_comparison(reference, blurred_set, blurred, 50, 3, seed=1).set_index("metric")
    assert (table["drawn"] == "target").all() and (table["n_draws"] == 50).all()
    assert (table["n_constructs"] == 4).all() and (table["n_target_constructs"] == 10).all()
    auc = table.loc["pair_auc"]
    # the whole reference, scored once, against the spread of the target's draws
    assert auc["reference_mean"] == pytest.approx(item_set_pair_auc(reference))
    assert table[["reference_low", "reference_high"]].isna().all().all()
    assert auc["target_low"] < auc["target"] < auc["target_high"] < auc["reference_mean"]
    assert auc["share_at_most_target"] == 0
    # draws of 4 of the 10 constructs score clustering like a set of 4, not like the whole 10
    assert table.loc["purity", "target"] > blurred["purity"].value
    again = matched_comparison(reference, blurred_set, blurred, 50, 3, seed=1)
    pd.testing.assert_frame_equal(table.reset_index(), again)


def test_too_few_reference_constructs_give_no_draws():
    reference = make_item_set(*synthetic_items(1, 3, 1.0, 11))
    target_set = make_item_set(*synthetic_items(6, 3, 1.0, 12))
    target = compute_metrics(target_set, SETTINGS, seed=1)[0]
    table = matched_comparison(reference, target_set, target, 50, 3, seed=1)
    assert (table["n_draws"] == 0).all() and table["reference_mean"].isna().all()
    assert table["target"].notna().all() and (table["n_constructs"] == 6).all()


def test_without_resamples_comparisons_say_there_is_no_interval():
    settings = {**SETTINGS, "bootstrap_resamples": 0}
    first_set, second_set = (make_item_set(*synthetic_items(6, 4, 1.0, seed)) for seed in (1, 2))
    first, second = (compute_metrics(s, settings, seed=1)[0] for s in (first_set, second_set))
    two_sets = compare(first, second, relabelled(first_set, second_set)).set_index("metric")
    paired = compare_models(first, first, 99, seed=1).set_index("metric")
    for table in (two_sets, paired):
        assert list(table.index) == list(COMPARED)
        assert np.isnan(table.loc["pair_auc", "ci_low"])
        assert table.loc["ari", "method"].endswith("z-test")  # the jackknife needs no resamples
    # two sets of constructs are still compared by relabelling constructs between them
    assert two_sets.loc["pair_auc", "method"] == "relabelling test; no interval"
    assert 0 < two_sets.loc["pair_auc", "p_value"] <= 1
    assert paired.loc["pair_auc", "method"] == "no interval"
    unrelabelled = compare(first, second).set_index("metric").loc["pair_auc"]
    assert unrelabelled["method"] == "no interval" and np.isnan(unrelabelled["p_value"])


def test_a_set_of_two_constructs_gets_no_interval_only_a_relabelling_test():
    # every resample of two constructs is the pair itself or one construct twice: no width
    reference_set = make_item_set(*synthetic_items(8, 4, 1.0, 1))
    pair_set = make_item_set(*synthetic_items(2, 6, 1.0, 2))
    reference, pair = (compute_metrics(s, SETTINGS, seed=1)[0] for s in (reference_set, pair_set))
    for name in ("pair_auc", "item_auc", "ari", "purity"):
        assert np.isnan(pair[name].ci_low) and np.isnan(pair[name].ci_high), name
    assert np.isfinite(reference["pair_auc"].ci_low) and np.isfinite(reference["ari"].ci_low)
    table = compare(reference, pair, relabelled(reference_set, pair_set)).set_index("metric")
    assert np.isnan(table.loc["pair_auc", "ci_low"]) and 0 < table.loc["pair_auc", "p_value"] <= 1
    assert table.loc["ari", "method"] == "no interval"
