"""Near-duplicate items: pairs more alike than almost every same-construct pair of held-out
IPIP items, within a construct or across two."""

import numpy as np
import pandas as pd
import pytest

from constructlens.metrics import make_item_set, pair_auc
from constructlens.near_duplicates import near_duplicates, with_details

REFERENCE = np.linspace(0.0, 0.9, 91)  # cosines 0.00, 0.01, …, 0.90


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=float)
    return vector / np.linalg.norm(vector)


def item_set(rows: list[tuple[str, str]], vectors: dict[str, np.ndarray]):
    return make_item_set(pd.DataFrame(rows, columns=["construct", "text"]), vectors)


# a and a2 are one item in two versions, b nearly a's twin under another construct, c far away
VECTORS = {
    "a": unit(1, 0, 0),
    "a2": unit(1, 0.05, 0),  # cosine with a 0.9988
    "b": unit(1, 0, 0.3),  # cosine with a 0.958
    "c": unit(0, 1, 0),
}
ROWS = [("A", "a"), ("A", "a2"), ("B", "b"), ("B", "c")]


def test_pairs_above_the_share_of_the_reference_are_listed_most_alike_first():
    pairs = near_duplicates(item_set(ROWS, VECTORS), REFERENCE, 0.99)[0]
    assert list(zip(pairs["text_a"], pairs["text_b"], strict=True)) == [("a", "a2"), ("a", "b"), ("a2", "b")]
    assert list(pairs["same_construct"]) == [True, False, False]
    assert list(pairs["constructs_b"]) == ["A", "B", "B"]
    assert pairs["similarity"].iloc[0] == pytest.approx(VECTORS["a"] @ VECTORS["a2"], abs=1e-6)
    assert (pairs["ipip_share_below"] == 1.0).all()  # above every reference cosine
    assert pairs["similarity"].is_monotonic_decreasing


def test_the_share_is_rank_based_with_ties_counting_half():
    # a cosine of exactly 0.45 has 45 reference values below it and one equal: (2·45 + 1) / 182
    vectors = {"x": unit(1, 0), "y": unit(0.45, np.sqrt(1 - 0.45**2)), "z": unit(-1, 0.01)}
    rows = [("A", "x"), ("A", "y"), ("B", "z")]
    pairs = near_duplicates(item_set(rows, vectors), REFERENCE, 0.5)[0]
    assert pairs["ipip_share_below"].tolist() == pytest.approx([91 / 182], abs=1e-6)
    assert near_duplicates(item_set(rows, vectors), REFERENCE, 0.51)[0].empty


def test_an_item_of_two_constructs_names_both_and_no_reference_lists_nothing():
    rows = [*ROWS, ("B", "a2")]
    pairs = near_duplicates(item_set(rows, VECTORS), REFERENCE, 0.99)[0]
    assert pairs.set_index(["text_a", "text_b"]).loc[("a2", "b"), "constructs_a"] == "A; B"
    assert pairs.set_index(["text_a", "text_b"]).loc[("a2", "b"), "same_construct"]  # both in B
    empty = near_duplicates(item_set(rows, VECTORS), np.array([]), 0.99)[0]
    assert empty.empty and "same_construct" in empty


def test_details_name_each_items_measures_and_opposite_keys():
    pairs = near_duplicates(item_set(ROWS, VECTORS), REFERENCE, 0.99)[0]
    items = pd.DataFrame(
        {
            "construct": ["A", "A", "B", "B", "A"],
            "text": ["a", "a2", "b", "c", "a"],
            "measure": ["M1", "M2", "M3", "M3", "M4"],  # a is in two measures
            "key": [1, 1, -1, 1, 1],
        }
    )
    detailed = with_details(pairs, items).set_index(["text_a", "text_b"])
    assert detailed.loc[("a", "a2"), ["measure_a", "measure_b"]].tolist() == ["M1; M4", "M2"]
    assert detailed["opposite_keys"].tolist() == [False, True, True]
    without_keys = with_details(pairs, items.drop(columns="key"))
    assert "opposite_keys" not in without_keys and len(without_keys) == len(pairs)


def test_the_summary_counts_the_pairs_and_scores_the_set_without_them():
    items = item_set(ROWS, VECTORS)
    _, summary = near_duplicates(items, REFERENCE, 0.99)
    summary = summary.iloc[0]
    assert (summary["n_within"], summary["n_across"], summary["reference_pairs"]) == (1, 2, 91)
    # of the six pairs, (a, a2) same-construct, (a, b), (a2, b) listed: three left, by hand
    cosine = {p: VECTORS[p[0]] @ VECTORS[p[1]] for p in [("a", "c"), ("a2", "c"), ("b", "c")]}
    kept_same = np.array([False, False, True])  # only b and c share a construct
    assert summary["pair_auc_without"] == pytest.approx(
        pair_auc(np.array(list(cosine.values())), kept_same), abs=1e-6
    )
    assert summary["pair_auc"] != summary["pair_auc_without"]
