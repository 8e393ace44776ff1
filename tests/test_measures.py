import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from constructlens.analysis import pair_separabilities
from constructlens.evaluation import scored_sets
from constructlens.items import finalise_items, sources
from constructlens.measures import (
    AGREEMENT_COLUMNS,
    COLUMNS,
    like_for_like,
    measure_agreement,
    measure_table,
    measure_tables,
    pair_subsets,
    text_sources,
)
from constructlens.metrics import make_item_set

from .test_keying import cosines


def measured_items(n_constructs: int, wording: float, seed: int) -> tuple[pd.DataFrame, dict]:
    """Six items per construct from two measures (three each); ``wording`` adds a direction of
    each measure's own to its items (0: the measure leaves no trace)."""
    rng = np.random.default_rng(seed)
    rows, vectors = [], {}
    for c in range(n_constructs):
        centroid = rng.normal(size=32)
        style = {m: rng.normal(size=32) for m in ("first", "second")}
        for i in range(6):
            measure, text = ("first", "second")[i % 2], f"c{c}-t{i}"
            rows.append({"construct": f"c{c}", "text": text, "measure": f"c{c}-{measure}"})
            vectors[text] = centroid + wording * style[measure] + 1.5 * rng.normal(size=32)
    return pd.DataFrame(rows), vectors


def test_text_measures_leave_out_shared_and_unnamed_texts():
    items = pd.DataFrame(
        {
            "construct": ["A", "A", "B", "B", "A"],
            "text": ["a1", "both", "both", "b1", "a2"],
            "measure": ["m1", "m1", "m2", "m2", None],
        }
    )
    item_set = make_item_set(items, {t: np.ones(2) for t in items["text"]})
    measures = dict(zip(item_set.texts, text_sources(items, item_set, ["measure"]), strict=True))
    assert measures == {"a1": {("m1",)}, "a2": set(), "b1": {("m2",)}, "both": set()}


def test_a_text_listed_by_two_measures_is_of_one_measure_with_the_items_of_either():
    rows = [
        ("A", "shared", "m1", "s1"),
        ("A", "shared", "m2", ""),  # the same item in a second questionnaire
        ("A", "only m1", "m1", "s1"),
        ("A", "only m1 other scale", "m1", "s2"),
        ("A", "only m2", "m2", ""),
        ("A", "only m3", "m3", ""),
        ("B", "b1", "m4", ""),
        ("B", "b2", "m4", ""),
    ]
    items = finalise_items(pd.DataFrame(rows, columns=["construct", "text", "measure", "subscale"]), "x.csv")
    shared = items.set_index("text").loc["shared"]
    assert (shared["measure"], shared["subscale"]) == ("m1 | m2", "s1 | ")
    rng = np.random.default_rng(0)
    item_set = make_item_set(items, {t: rng.normal(size=4) for t in items["text"]})
    measures = dict(zip(item_set.texts, text_sources(items, item_set, ["measure"]), strict=True))
    assert measures["shared"] == {("m1",), ("m2",)}
    subscales = dict(zip(item_set.texts, text_sources(items, item_set, ["measure", "subscale"]), strict=True))
    assert subscales["shared"] == {("m1", "s1"), ("m2", "")}
    subsets = pair_subsets(
        item_set,
        text_sources(items, item_set, ["measure"]),
        10,
        seed=1,
        subscales=text_sources(items, item_set, ["measure", "subscale"]),
    )
    # A's pairs within one measure: shared–only m1, shared–only m1 other scale, only m1–only m1
    # other scale (m1), shared–only m2 (m2); within one subscale: shared–only m1 (m1, s1) and
    # shared–only m2 (m2, ""); B: b1–b2 in both
    assert subsets["same_measure", "all"].n_pairs == 4 + 1
    assert subsets["same_subscale", "all"].n_pairs == 2 + 1
    assert subsets["same_construct", "all"].n_pairs == 10 + 1


def test_sources_broadcast_a_shared_value_and_keep_a_name_holding_the_separator():
    row = pd.Series({"measure": "m1 | m2", "subscale": "s"})
    assert sources(row, ["measure", "subscale"]) == {("m1", "s"), ("m2", "s")}
    odd = pd.Series({"measure": "A | B", "subscale": "x | y | z"})
    assert sources(odd, ["measure", "subscale"]) == {("A | B", "x | y | z")}
    assert sources(pd.Series({"measure": ""}), ["measure"]) == frozenset()


def test_measure_table_by_hand():
    # A: a1, a2 from two subscales of measure m1 and a3 from m2 (one pair within a measure,
    # two across); B: b1, b2 both from m3, a measure of one scale, so B has no pair across
    # measures and stays out of the paired rows
    items = pd.DataFrame(
        {
            "construct": ["A", "A", "A", "B", "B"],
            "text": ["a1", "a2", "a3", "b1", "b2"],
            "measure": ["m1", "m1", "m2", "m3", "m3"],
            "subscale": ["s1", "s2", "", "", ""],
        }
    )
    vectors = {
        "a1": np.r_[1.0, 0.0, 0.0],
        "a2": np.r_[0.9, 0.3, 0.0],
        "a3": np.r_[0.2, 0.4, 1.0],
        "b1": np.r_[0.0, 1.0, 0.1],
        "b2": np.r_[0.3, 1.0, 0.0],
    }
    item_set = make_item_set(items, vectors)
    measures, subscales = (text_sources(items, item_set, c) for c in (["measure"], ["measure", "subscale"]))
    subsets = pair_subsets(item_set, measures, 20, seed=1, subscales=subscales)
    table = measure_table(subsets)
    assert list(table.columns) == COLUMNS
    table = table.set_index(["pairs", "constructs"])
    cos = cosines(item_set)
    different = [cos[(x, y)] for x in ("a1", "a2", "a3") for y in ("b1", "b2")]
    within = {"A": [cos[("a1", "a2")]], "B": [cos[("b1", "b2")]]}
    across = [cos[("a1", "a3")], cos[("a2", "a3")]]

    def auc(positives):
        return roc_auc_score([1] * len(positives) + [0] * 6, positives + different)

    expected = {
        ("same_construct", "all"): (2, 4, within["A"] + within["B"] + across),
        ("same_measure", "all"): (2, 2, within["A"] + within["B"]),
        ("same_subscale", "all"): (1, 1, within["B"]),
        ("same_measure", "several_measures"): (1, 1, within["A"]),
        ("different_measure", "several_measures"): (1, 2, across),
    }
    for key, (n_constructs, n_pairs, positives) in expected.items():
        row = table.loc[key]
        assert (row["n_constructs"], row["n_pairs"]) == (n_constructs, n_pairs)
        assert row["mean_similarity"] == pytest.approx(np.mean(positives))
        assert row["pair_auc"] == pytest.approx(auc(positives))
    gap = table.loc[("same_minus_different_measure", "several_measures")]
    assert gap["n_constructs"] == 1
    assert gap["pair_auc"] == pytest.approx(auc(within["A"]) - auc(across))
    by_construct = subsets["same_construct", "all"].auc.by_construct  # constructs A, B
    assert by_construct[0] == pytest.approx(auc(within["A"] + across))
    assert by_construct[1] == pytest.approx(auc(within["B"]))
    assert np.isnan(subsets["different_measure", "several_measures"].auc.by_construct[1])
    other = table.loc[("different_construct", "all")]
    assert (other["n_pairs"], other["mean_similarity"]) == (6, pytest.approx(np.mean(different)))


def test_a_measure_that_leaves_its_wording_shows_a_gap():
    items, vectors = measured_items(12, 1.5, seed=3)
    item_set = make_item_set(items, vectors)
    table = measure_table(pair_subsets(item_set, text_sources(items, item_set, ["measure"]), 500, seed=1))
    table = table.set_index("pairs")
    within = table[table["constructs"] == "several_measures"].loc["same_measure"]
    across, gap = table.loc["different_measure"], table.loc["same_minus_different_measure"]
    assert within["pair_auc"] > across["pair_auc"]
    assert 0 < gap["ci_low"] < gap["pair_auc"] < gap["ci_high"] and gap["p_value"] < 0.05
    assert (within["n_pairs"], across["n_pairs"], gap["n_constructs"]) == (12 * 6, 12 * 9, 12)


def test_no_gap_where_the_measure_leaves_no_trace():
    items, vectors = measured_items(12, 0.0, seed=4)
    item_set = make_item_set(items, vectors)
    table = measure_table(pair_subsets(item_set, text_sources(items, item_set, ["measure"]), 500, seed=1))
    gap = table.set_index("pairs").loc["same_minus_different_measure"]
    assert gap["ci_low"] < 0 < gap["ci_high"] and gap["p_value"] > 0.05


def test_only_datasets_that_name_their_measures_are_tabled():
    items, vectors = measured_items(4, 1.0, seed=5)
    ipip = items.rename(columns={"measure": "instrument"})
    sets = [("ipip", "test", ipip), ("mine", "all", items), ("plain", "all", items.drop(columns="measure"))]
    embeddings = {name: vectors for name in ("ipip", "mine", "plain")}
    table, subsets = measure_tables(scored_sets(sets, embeddings, center=False), 20, seed=1)
    assert set(subsets) == {"ipip", "mine"}
    assert list(table.columns) == ["dataset", "split", *COLUMNS]
    assert set(table["dataset"]) == {"ipip", "mine"}
    assert "same_subscale" not in set(table["pairs"])
    ipip_rows, mine_rows = (
        table[table["dataset"] == d].drop(columns=["dataset", "split"]) for d in ("ipip", "mine")
    )
    pd.testing.assert_frame_equal(ipip_rows.reset_index(drop=True), mine_rows.reset_index(drop=True))
    assert measure_tables(scored_sets(sets[2:], embeddings, center=False), 20, seed=1)[0].empty


def test_items_of_one_subscale_are_tabled_where_subscales_are_named():
    items, vectors = measured_items(4, 1.0, seed=6)
    items["subscale"] = ["x" if int(t[-1]) < 4 else "y" for t in items["text"]]  # t0, t2 | t4
    table, _ = measure_tables(
        scored_sets([("mine", "all", items)], {"mine": vectors}, center=False), 20, seed=1
    )
    row = table.set_index(["pairs", "constructs"]).loc[("same_subscale", "all")]
    # per construct, measure "first" holds t0, t2 (x) and t4 (y): one pair; "second" t1, t3 (x), t5 (y): one
    assert (row["n_constructs"], row["n_pairs"]) == (4, 4 * 2)


def subsets_of(items: pd.DataFrame, vectors: dict, seed: int = 1) -> dict:
    item_set = make_item_set(items, vectors)
    subscales = text_sources(items, item_set, ["measure", "subscale"]) if "subscale" in items else None
    return pair_subsets(item_set, text_sources(items, item_set, ["measure"]), 300, seed, subscales)


def test_like_for_like_compares_one_measure_and_one_scale():
    tight, tight_vectors = measured_items(12, 0.5, seed=7)
    loose, loose_vectors = measured_items(12, 0.5, seed=8)
    noise = np.random.default_rng(9)
    loose_vectors = {t: v + 2.5 * noise.normal(size=32) for t, v in loose_vectors.items()}
    loose["subscale"] = ["x" if int(t[-1]) < 4 else "y" for t in loose["text"]]
    table = like_for_like(subsets_of(tight, tight_vectors), subsets_of(loose, loose_vectors))
    assert list(table["metric"]) == ["pair_auc_one_measure", "pair_auc_one_scale"]
    for row in table.itertuples():
        assert row.difference == pytest.approx(row.first - row.second)
        assert 0 < row.ci_low < row.difference < row.ci_high and row.p_value < 0.05
    assert table.loc[0, "second"] == pytest.approx(
        subsets_of(loose, loose_vectors)["same_measure", "all"].auc.value
    )

    alike = like_for_like(subsets_of(tight, tight_vectors), subsets_of(*measured_items(12, 0.5, seed=10)))
    assert list(alike["metric"]) == ["pair_auc_one_measure"]  # no subscales named
    assert alike.loc[0, "ci_low"] < 0 < alike.loc[0, "ci_high"] and alike.loc[0, "p_value"] > 0.05


def agreement_of(
    items: pd.DataFrame, vectors: dict, n_resamples: int = 200, min_items: int = 2
) -> pd.DataFrame:
    item_set = make_item_set(items, vectors)
    return measure_agreement(items, item_set, pair_separabilities(item_set), n_resamples, 0, min_items)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_measures_that_word_a_construct_their_own_way_are_told_apart_beyond_its_nearest_construct(seed):
    table = agreement_of(*measured_items(4, wording=3.0, seed=seed))
    assert table[["construct", "items_a", "items_b"]].values.tolist() == [[f"c{c}", 3, 3] for c in range(4)]
    assert (table["separability"] > table["nearest_separability"]).all()
    assert table["apart_beyond_nearest"].all()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_measures_that_leave_no_trace_are_not_told_apart(seed):
    table = agreement_of(*measured_items(4, wording=0.0, seed=seed))
    assert table["separability"].mean() < 0.65
    assert not table["apart_beyond_nearest"].any()


def test_measure_agreement_by_hand():
    """A: m1 (a1, a2, alike) and m2 (a3, a4, alike; a "shared" item listed by both, left out of
    the comparison, counted in each); B, the only other construct, in between."""
    rows = [
        ("A", "a1", "m1", "s1"),
        ("A", "a2", "m1", "s2"),
        ("A", "shared", "m1", "s1"),
        ("A", "shared", "m2", ""),
        ("A", "a3", "m2", ""),
        ("A", "a4", "m2", ""),
        ("B", "b1", "m3", ""),
        ("B", "b2", "m3", ""),
    ]
    items = finalise_items(pd.DataFrame(rows, columns=["construct", "text", "measure", "subscale"]), "x.csv")
    angle = {"a1": 0, "a2": 5, "shared": 45, "a3": 90, "a4": 95, "b1": 40, "b2": 50}
    vectors = {t: np.array([np.cos(np.radians(d)), np.sin(np.radians(d))]) for t, d in angle.items()}
    table = agreement_of(items, vectors, n_resamples=0)
    assert table.columns.tolist() == AGREEMENT_COLUMNS
    row = table.iloc[0]
    assert row[["construct", "measure_a", "measure_b", "items_a", "items_b"]].tolist() == [
        "A",
        "m1",
        "m2",
        3,
        3,
    ]
    assert row["subscales_a"] == "s1; s2" and row["subscales_b"] == ""
    # each measure's one within-pair (5 degrees apart) beats its 4 cross pairs (85-95 degrees)
    assert row["separability"] == 1.0 and np.isnan(row["ci_low"]) and not row["apart_beyond_nearest"]
    assert row["nearest_construct"] == "B"
    assert row["nearest_separability"] == pytest.approx(
        pair_separabilities(make_item_set(items, vectors))["A", "B"]
    )
    assert len(table) == 1  # B draws on one measure only
    assert len(agreement_of(items, vectors, n_resamples=0, min_items=3)) == 1  # "shared" counts in both
    assert agreement_of(items, vectors, n_resamples=0, min_items=4).empty


def test_a_measure_with_too_few_items_is_left_out():
    items, vectors = measured_items(1, wording=1.0, seed=1)  # c0-first and c0-second, 3 items each
    items.loc[items["text"] == "c0-t0", "measure"] = "c0-third"
    table = agreement_of(items, vectors, n_resamples=0, min_items=2)
    assert table[["measure_a", "measure_b", "items_a", "items_b"]].values.tolist() == [
        ["c0-first", "c0-second", 2, 3]
    ]


def test_no_measure_agreement_without_named_measures():
    items, vectors = measured_items(3, wording=3.0, seed=1)
    table = agreement_of(items.drop(columns="measure"), vectors)
    assert table.empty and table.columns.tolist() == AGREEMENT_COLUMNS


def test_measure_agreement_is_reproducible():
    items, vectors = measured_items(4, wording=1.0, seed=5)
    pd.testing.assert_frame_equal(agreement_of(items, vectors), agreement_of(items, vectors))
