import itertools

import numpy as np
import pandas as pd

from constructlens import analysis, grouping
from constructlens.metrics import bias_corrected_interval, make_item_set

from .test_metrics import synthetic_items


def pairs(values: dict) -> pd.Series:
    return pd.Series(values, index=pd.MultiIndex.from_tuples(values), dtype=float)


def with_c0_renamed(n_items: int, seed: int, rng_seed: int):
    """Three synthetic constructs of ``n_items`` items and a fourth, c3: c0 under another name
    (items drawn around c0's centre)."""
    rng = np.random.default_rng(rng_seed)
    items, vectors = synthetic_items(3, n_items, 0.8, seed)
    centre = np.mean([vectors[f"c0-t{i}"] for i in range(n_items)], axis=0)
    for i in range(n_items):
        items.loc[len(items)] = {"construct": "c3", "text": f"c3-t{i}"}
        vectors[f"c3-t{i}"] = centre + 0.8 * rng.normal(size=32)
    return items, vectors


def test_a_chain_of_overlaps_groups_only_constructs_that_overlap_pairwise():
    # A overlaps B and C, B and C are apart: one of them joins A, the other is named as overlapping
    separabilities = pairs(
        {
            ("A", "B"): 0.52,
            ("A", "C"): 0.58,
            ("B", "C"): 0.9,
            ("A", "D"): 0.95,
            ("B", "D"): 0.97,
            ("C", "D"): np.nan,
        }
    )
    n_items = pd.Series([5, 6, 7, 8], index=list("ABCD"))
    table = grouping.groups_table(separabilities, n_items, 0.6).set_index("constructs")
    assert list(table.index) == ["A; B", "C", "D"]
    assert list(table["group"]) == [1, 2, 3]
    assert table.loc["A; B", "n_items"] == 11
    assert table.loc["A; B", "max_separability_within"] == 0.52
    assert table.loc["A; B", "also_overlaps"] == "C"
    assert (table.loc["C", "also_overlaps"], table.loc["C", "nearest_outside"]) == ("A", "A")
    assert table.loc["C", "nearest_outside_separability"] == 0.58
    # D's pair with C has no value (no within-pair): D never joins, its nearest is A
    assert (table.loc["D", "also_overlaps"], table.loc["D", "nearest_outside"]) == ("", "A")
    assert np.isnan(table.loc["D", "max_separability_within"])


def test_groups_overlap_within_and_stay_apart_across_at_every_threshold():
    rng = np.random.default_rng(5)
    constructs = [f"k{i}" for i in range(12)]
    combos = list(itertools.combinations(constructs, 2))
    separabilities = pairs(dict(zip(combos, rng.uniform(0.45, 0.9, len(combos)), strict=True)))
    matrix = grouping.separability_matrix(separabilities, constructs)
    for threshold in (0.5, 0.6, 0.7, 0.8):
        labels = grouping.group_labels(separabilities, constructs, threshold)
        groups = [np.flatnonzero(labels == label) for label in np.unique(labels)]
        for group in groups:  # every two constructs of a group overlap
            assert matrix[np.ix_(group, group)].max() <= threshold
        for one, other in itertools.combinations(groups, 2):  # two groups: some pair across is apart
            assert matrix[np.ix_(one, other)].max() > threshold
    assert len(np.unique(grouping.group_labels(separabilities, constructs, 0.9))) == 1


def test_one_construct_under_two_names_makes_one_group_with_an_interval():
    item_set = make_item_set(*with_c0_renamed(15, seed=6, rng_seed=4))
    separabilities = analysis.pair_separabilities(item_set)
    draws = analysis.separability_draws(item_set, separabilities, 300, seed=1)
    assert draws.shape == (6, 300)
    counts = grouping.group_counts(separabilities, draws, item_set.constructs, [0.6, 1.0])
    at_bar, at_one = counts.iloc[0], counts.iloc[1]
    assert (at_bar["n_constructs"], at_bar["n_groups"], at_bar["groups_per_construct"]) == (4, 3, 0.75)
    assert at_bar["ci_low"] <= 3 <= at_bar["ci_high"] <= 4
    assert (at_one["n_groups"], at_one["ci_low"], at_one["ci_high"]) == (1, 1, 1)
    n_items = pd.Series(item_set.membership.sum(axis=0), index=item_set.constructs)
    table = grouping.groups_table(separabilities, n_items, 0.6)
    assert table.loc[0, "constructs"] == "c0; c3" and table.loc[0, "n_items"] == 30


def test_overlap_intervals_come_from_the_same_draws_as_the_group_counts():
    items, vectors = synthetic_items(4, 8, 1.5, 2)
    item_set = make_item_set(items, vectors)
    separabilities = analysis.pair_separabilities(item_set)
    draws = analysis.separability_draws(item_set, separabilities, 200, seed=3)
    table = analysis.overlapping_pairs(
        item_set, analysis.construct_similarity(item_set), separabilities, np.inf, draws
    ).set_index(["construct_a", "construct_b"])
    for k, (pair, value) in enumerate(separabilities.items()):
        low, high = bias_corrected_interval(value, draws[k])
        assert (table.loc[pair, "ci_low"], table.loc[pair, "ci_high"]) == (round(low, 6), round(high, 6))


def test_a_target_is_set_beside_its_reference_pair_by_pair_and_in_group_counts():
    target = make_item_set(*with_c0_renamed(12, seed=7, rng_seed=2))
    reference_set = make_item_set(*synthetic_items(5, 6, 1.0, 8))
    separabilities = analysis.pair_separabilities(target)
    draws = analysis.separability_draws(target, separabilities, 100, seed=1)
    reference = analysis.reference_pairs(reference_set, 5)
    table = analysis.separability_table(target, separabilities, draws, reference, 0.6)
    assert len(table) == 6 and tuple(table.iloc[0][["construct_a", "construct_b"]]) == ("c0", "c3")
    assert table["separability"].is_monotonic_increasing
    columns = list(table.columns)
    assert columns[columns.index("ci_high") + 1 : columns.index("ci_high") + 4] == [
        "joint_ci_low",
        "joint_ci_high",
        "overlap_support",
    ]
    assert (table["ipip_pairs"] == 10).all()
    assert table.iloc[0]["ipip_share_below"] == 0  # c0 and c3 as one: below every reference pair

    reference_draws = analysis.separability_draws(reference_set, reference, 100, seed=1)
    sets = {
        "mine": (separabilities, draws, target.constructs),
        "ipip_test": (reference, reference_draws, reference_set.constructs),
    }
    counts = grouping.group_count_table(sets, [0.6, 0.7])
    assert list(counts.columns[:2]) == ["item_set", "threshold"]
    assert list(counts["item_set"]) == ["mine", "mine", "ipip_test", "ipip_test"]
    alone = grouping.group_counts(reference, reference_draws, reference_set.constructs, [0.6, 0.7])
    pd.testing.assert_frame_equal(counts.iloc[2:, 1:].reset_index(drop=True), alone)
    assert counts.loc[0, "n_groups"] == 3  # c0 and c3 one group


def test_a_nested_pair_without_a_separability_joins_one_group():
    """Every item of Short is one of Long: the pair has no separability, and counts as
    indistinguishable for the groups instead of as never joining."""
    separabilities = pairs({("Long", "Other"): 0.9, ("Long", "Short"): np.nan, ("Other", "Short"): 0.9})
    draws = np.tile(separabilities.to_numpy()[:, None], (1, 5))
    constructs = ["Long", "Other", "Short"]
    nested = pd.DataFrame({"construct": ["Short"], "within": ["Long"], "n_items": [4]})
    apart = grouping.group_labels(separabilities, constructs, 0.6)
    assert len(set(apart)) == 3  # a pair without a value never joins
    grouped, grouped_draws = grouping.with_nested_as_one(separabilities, draws, nested)
    labels = grouping.group_labels(grouped, constructs, 0.6)
    assert labels[0] == labels[2] != labels[1]
    assert (grouped_draws[1] == 0.5).all() and np.isnan(separabilities[("Long", "Short")])  # a copy
    counts = grouping.group_counts(grouped, grouped_draws, constructs, [0.6])
    assert counts.loc[0, ["n_groups", "ci_low", "ci_high"]].tolist() == [2, 2, 2]
    same, same_draws = grouping.with_nested_as_one(separabilities, draws, nested.iloc[:0])
    assert same is separabilities and same_draws is draws


def test_a_construct_of_two_items_gives_its_pairs_no_interval_and_the_groups_hold_its_pairs_fixed():
    items, vectors = synthetic_items(3, 6, 0.8, 11)
    two = items.index[items["construct"] == "c2"][2:]  # c2 keeps two items
    item_set = make_item_set(items.drop(two), vectors)
    separabilities = analysis.pair_separabilities(item_set)
    draws = analysis.separability_draws(item_set, separabilities, 100, seed=1)
    with_two = np.array(["c2" in pair for pair in separabilities.index])
    assert np.isnan(draws[with_two]).all() and np.isfinite(draws[~with_two]).all()
    table = analysis.overlapping_pairs(
        item_set, analysis.construct_similarity(item_set), separabilities, np.inf, draws
    )
    table = analysis.with_resampling_columns(table, separabilities, draws, 0.6)
    small = table["construct_b"].eq("c2")
    assert table.loc[small, ["ci_low", "ci_high", "joint_ci_low", "overlap_support"]].isna().all().all()
    assert table.loc[~small, ["ci_low", "ci_high", "joint_ci_low", "overlap_support"]].notna().all().all()
    # in the group counts a pair without draws keeps its own value (c2 joins c0 or c1 in every
    # resample), where counting it as fully separable would make three groups of every resample
    lowered = separabilities.where(~with_two, 0.55)
    apart = np.where(with_two[:, None], np.nan, 0.95 * np.ones((1, 100)))
    counts = grouping.group_counts(lowered, apart, item_set.constructs, [0.6])
    assert (counts.loc[0, "n_groups"], counts.loc[0, "ci_low"], counts.loc[0, "ci_high"]) == (2, 2, 2)
    # no pair resampled at all (every construct of two items): a count without an interval
    unresampled = grouping.group_counts(lowered, np.full((3, 100), np.nan), item_set.constructs, [0.6])
    assert unresampled.loc[0, "n_groups"] == 2 and unresampled[["ci_low", "ci_high"]].isna().all().all()
