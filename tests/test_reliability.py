import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from constructlens.metrics import make_item_set
from constructlens.reliability import (
    implied_item_correlation,
    reliability_tables,
    scale_similarities,
    scales,
)


def test_implied_item_correlation_inverts_standardised_alpha():
    assert implied_item_correlation(0.8, 4) == pytest.approx(0.5)  # 0.8 / (4 - 3 * 0.8)
    r, k = np.array([0.1, 0.3, 0.6]), np.array([10, 5, 3])
    alpha = k * r / (1 + (k - 1) * r)
    assert implied_item_correlation(alpha, k) == pytest.approx(r)


def ipip_rows(rows: list[tuple]) -> pd.DataFrame:
    """Cleaned-IPIP-like rows from (instrument, construct, alpha, text, key)."""
    table = pd.DataFrame(rows, columns=["instrument", "construct", "alpha", "text", "key"])
    return table.assign(alpha_reported=table["alpha"].map(lambda a: "." if pd.isna(a) else f"{a:g}"))


def test_scales_split_a_label_by_alpha_and_count_shared_items_in_both_instruments():
    items = ipip_rows(
        [
            ("BFAS", "Openness", 0.84, "o1", 1),
            ("BFAS", "Openness", 0.84, "o2", 1),
            ("BFAS", "Openness", 0.78, "o3", -1),
            ("AB5C | IPC", "Warmth", 0.8, "w1", 1),  # one item listed by two instruments
            ("AB5C", "Warmth", 0.8, "w2", 1),
            ("IPC", "Warmth", 0.8, "w3", 1),
            ("1994", "Warmth", np.nan, "w4", 1),  # no numeric alpha: not a scale
        ]
    )
    table = scales(items)
    sizes = table.groupby(["source", "construct", "alpha_reported"])["text"].agg(list).to_dict()
    assert sizes == {
        ("AB5C", "Warmth", "0.8"): ["w1", "w2"],
        ("BFAS", "Openness", "0.78"): ["o3"],
        ("BFAS", "Openness", "0.84"): ["o1", "o2"],
        ("IPC", "Warmth", "0.8"): ["w1", "w3"],
    }
    openness = table[table["alpha_reported"] == "0.84"].iloc[0]
    assert (openness["source"], openness["n_items"]) == ("BFAS", 2)
    assert openness["n_items"] == 2
    assert openness["implied_r"] == pytest.approx(0.84 / (2 - 0.84))


def test_an_item_of_two_inventories_counts_in_each_with_that_inventorys_alpha():
    items = ipip_rows(
        [
            ("AB5C", "Happiness", 0.84, "h1", -1),
            ("HPI", "Happiness", 0.87, "h2", -1),
            ("AB5C | HPI", "Happiness", 0.84, "Often feel blue.", -1),  # cleaning kept AB5C's α
            ("BFAS", "Openness", 0.84, "o1", 1),
        ]
    )
    items.loc[2, "alpha_reported"] = "0.84 | 0.87"
    items.loc[3, "alpha_reported"] = "0.84 | 0.78"  # two BFAS scales list it, each with its α
    table = scales(items)
    sizes = table.groupby(["source", "construct", "alpha"])["text"].agg(list).to_dict()
    assert sizes == {
        ("AB5C", "Happiness", 0.84): ["Often feel blue.", "h1"],
        ("BFAS", "Openness", 0.78): ["o1"],
        ("BFAS", "Openness", 0.84): ["o1"],
        ("HPI", "Happiness", 0.87): ["Often feel blue.", "h2"],
    }
    assert set(table.loc[table["source"] == "HPI", "alpha_reported"]) == {"0.87"}


def test_scale_similarities_by_hand():
    items = ipip_rows([("X", "A", 0.7, t, k) for t, k in (("a1", 1), ("a2", 1), ("a3", -1), ("a4", 1))])
    items = pd.concat([items, ipip_rows([("X", "B", 0.9, t, 1) for t in ("b1", "b2")])])
    vectors = {
        "a1": np.r_[1.0, 0.0],
        "a2": np.r_[0.0, 1.0],
        "a3": np.r_[1.0, 1.0],
        "a4": np.r_[-1.0, 0.0],
        "b1": np.r_[1.0, 0.0],
        "b2": np.r_[1.0, 0.1],
    }
    scored = items[items["text"] != "a4"]  # a4 is not scored (say, a training text)
    item_set = make_item_set(scored, vectors)
    table = scale_similarities(scales(items), item_set)
    assert table["construct"].tolist() == ["A"]  # B has two scored items: no scale
    row = table.iloc[0]
    assert row["n_items"] == 4 and row["n_scored"] == 3
    assert row["implied_r"] == pytest.approx(0.7 / (4 - 3 * 0.7))
    assert row["mean_similarity"] == pytest.approx((0 + 2**-0.5 + 2**-0.5) / 3)
    assert row["opposite_key_share"] == pytest.approx(2 / 3)


def synthetic_scales(n_constructs: int, coupling: float, seed: int) -> tuple[pd.DataFrame, dict]:
    """Two scales per construct, five items each; a scale's items spread less around its centre
    the higher its alpha, by ``coupling`` (0: similarity unrelated to alpha)."""
    rng = np.random.default_rng(seed)
    rows, vectors = [], {}
    for c in range(n_constructs):
        centre = rng.normal(size=16)
        for s in range(2):
            alpha = round(float(rng.uniform(0.6, 0.9)), 2)
            spread = 1.5 - coupling * (alpha - 0.6) / 0.3
            for i in range(5):
                text = f"c{c}-s{s}-t{i}"
                rows.append((f"inv{s}", f"c{c}", alpha, text, 1))
                vectors[text] = centre + spread * rng.normal(size=16)
    return ipip_rows(rows), vectors


def test_reliability_tables_find_a_built_in_relation_and_none_where_there_is_none():
    items, vectors = synthetic_scales(40, coupling=1.2, seed=1)
    _, unrelated = synthetic_scales(40, coupling=0.0, seed=1)
    item_sets = {"tuned": make_item_set(items, vectors), "plain": make_item_set(items, unrelated)}
    roles = {"tuned": "selected", "plain": "baseline"}
    summary, per_scale = reliability_tables(scales(items), item_sets, roles, 500, seed=3)
    tuned, plain = summary.set_index("model").loc["tuned"], summary.set_index("model").loc["plain"]
    assert tuned["n_scales"] == 80 and tuned["n_constructs"] == 40
    rows = per_scale[per_scale["model"] == "tuned"]
    assert tuned["spearman_rho"] == pytest.approx(spearmanr(rows["implied_r"], rows["mean_similarity"])[0])
    assert tuned["ci_low"] > 0.3 and tuned["p_value"] < 0.01
    assert plain["ci_low"] < 0 < plain["ci_high"]
    assert tuned["ci_low"] < tuned["spearman_rho"] < tuned["ci_high"]
    assert np.isnan(tuned["selected_minus_this"]) and np.isnan(tuned["difference_p_value"])
    assert plain["selected_minus_this"] == pytest.approx(tuned["spearman_rho"] - plain["spearman_rho"])
    assert plain["difference_ci_low"] > 0 and plain["difference_p_value"] < 0.05


def test_reliability_tables_are_reproducible_and_a_model_against_itself_differs_by_nothing():
    items, vectors = synthetic_scales(12, coupling=0.5, seed=2)
    item_sets = {"m": make_item_set(items, vectors), "copy": make_item_set(items, vectors)}
    roles = {"m": "selected", "copy": "baseline"}
    first = reliability_tables(scales(items), item_sets, roles, 200, seed=5)
    second = reliability_tables(scales(items), item_sets, roles, 200, seed=5)
    pd.testing.assert_frame_equal(first[0], second[0])
    pd.testing.assert_frame_equal(first[1], second[1])
    copy = first[0].set_index("model").loc["copy"]
    assert copy["selected_minus_this"] == 0
    assert copy["difference_ci_low"] == copy["difference_ci_high"] == 0


def test_too_few_scales_give_no_correlation():
    items, vectors = synthetic_scales(1, coupling=1.0, seed=4)  # two scales
    summary, per_scale = reliability_tables(
        scales(items), {"m": make_item_set(items, vectors)}, {"m": "selected"}, 50, seed=0
    )
    assert len(per_scale) == 2
    assert np.isnan(summary.loc[0, "spearman_rho"]) and np.isnan(summary.loc[0, "ci_low"])


def test_no_scale_long_enough_gives_empty_tables_not_an_error():
    items, vectors = synthetic_scales(3, coupling=1.0, seed=4)
    scored = items[items["text"].str.endswith(("t0", "t1"))]  # two items of every scale scored
    summary, per_scale = reliability_tables(
        scales(items), {"m": make_item_set(scored, vectors)}, {"m": "selected"}, 50, seed=0
    )
    assert per_scale.empty and summary.loc[0, "n_scales"] == 0 and summary.loc[0, "n_constructs"] == 0
    assert np.isnan(summary.loc[0, "spearman_rho"]) and np.isnan(summary.loc[0, "p_value"])


def test_a_target_scale_is_its_measure_and_subscale_or_its_construct_alone():
    items = pd.DataFrame(
        {
            "construct": ["Lead"] * 5 + ["Care"] * 2,
            "text": ["l1", "l2", "l3", "l4", "l5", "c1", "c2"],
            "measure": ["MLQ", "MLQ", "MLQ", "LBDQ", "", "X", "X"],
            "subscale": ["II", "II", "IS", "", "", "", ""],
            "alpha": [0.9, 0.9, 0.8, 0.7, 0.6, np.nan, np.nan],
        }
    )
    items["alpha_reported"] = items["alpha"].astype(str)
    table = scales(items)
    assert table.groupby(["source", "construct"])["text"].agg(list).to_dict() == {
        ("", "Lead"): ["l5"],
        ("LBDQ", "Lead"): ["l4"],
        ("MLQ / II", "Lead"): ["l1", "l2"],
        ("MLQ / IS", "Lead"): ["l3"],
    }
    assert table["key"].eq(0).all()  # no keys given
    unnamed = scales(items.drop(columns=["measure", "subscale"]))
    assert unnamed["source"].eq("").all()
    assert unnamed.groupby("alpha_reported")["text"].agg(list).to_dict() == {
        "0.6": ["l5"],
        "0.7": ["l4"],
        "0.8": ["l3"],
        "0.9": ["l1", "l2"],
    }


def test_one_alpha_written_two_ways_is_one_scale():
    items = pd.DataFrame(
        {
            "construct": ["Warm"] * 3,
            "text": ["w1", "w2", "w3"],
            "alpha": [0.81, 0.81, 0.81],
            "alpha_reported": [".81", "0,81", "0.81"],
        }
    )
    table = scales(items)
    assert table["n_items"].tolist() == [3, 3, 3] and table["source"].eq("").all()
