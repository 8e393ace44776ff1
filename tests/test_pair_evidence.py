import numpy as np
import pandas as pd
import pytest

from constructlens.pair_evidence import pair_evidence


def separability_table() -> pd.DataFrame:
    # A–B and A–C overlap, B–C does not: a chain, so only A and B form a group at 0.6
    return pd.DataFrame(
        {
            "construct_a": ["A", "A", "B"],
            "construct_b": ["B", "C", "C"],
            "separability": [0.52, 0.58, 0.9],
            "ci_low": [0.45, 0.5, 0.85],
            "ci_high": [0.6, 0.66, 0.95],
            "joint_ci_low": [0.42, 0.47, 0.83],
            "joint_ci_high": [0.63, 0.69, 0.97],
            "overlap_support": [0.97, 0.7, 0.0],
            "ipip_share_below": [0.0, 0.01, 0.7],
            "ipip_like_pair": ["x – y", "x – z", "y – z"],
        }
    )


def tables() -> dict[str, pd.DataFrame]:
    """The other tables of a target, each naming its pairs in its own order."""
    return {
        "redundancy": pd.DataFrame(
            {
                "construct_a": ["C", "B", "A"],
                "construct_b": ["B", "A", "C"],
                "ratio": [0.5, 0.97, 0.9],
                "p_value": [0.001, 0.3, 0.02],
                "p_holm": [0.003, 0.3, 0.04],
                "redundant": [False, True, False],
            }
        ),
        "agreement": pd.DataFrame(
            {
                "construct_a": ["A", "C", "B"],
                "construct_b": ["B", "A", "C"],
                "model_x": [0.52, 0.58, 0.9],
                "model_y": [0.55, 0.7, 0.8],
                "n_models_overlapping": [2, 1, 0],
            }
        ),
        "names": pd.DataFrame(
            {
                "construct_a": ["B", "A", "B"],
                "construct_b": ["A", "C", "C"],
                "name_similarity": [0.3, 0.8, 0.5],
                "rank_gap": [2, 0, -2],
            }
        ),
        "closest_items": pd.DataFrame(
            {
                "construct_a": ["B", "B", "A", "B"],
                "construct_b": ["A", "A", "C", "C"],
                "rank": [1, 2, 1, 1],
                "similarity": [0.9, 0.8, 0.7, 0.4],
                "text_a": ["b1", "b2", "a2", "b3"],
                "text_b": ["a1", "a3", "c1", "c2"],
            }
        ),
        # one text of A and C ("A; C") nearly repeats one of B: a link of A–B and of B–C, and
        # one within A, which links no pair
        "near_duplicates": pd.DataFrame(
            {
                "constructs_a": ["A; C", "A", "B"],
                "constructs_b": ["B", "A", "A"],
            }
        ),
    }


def test_every_pair_gets_each_tables_view_whatever_order_it_names_the_two_in():
    table = pair_evidence(separability_table(), 0.6, **tables()).set_index(["construct_a", "construct_b"])
    assert list(table.index) == [("A", "B"), ("A", "C"), ("B", "C")]  # least separable first
    assert table["overlapping"].tolist() == [True, True, False]
    assert table["same_group"].tolist() == [True, False, False]  # A–C overlaps, but B–C does not
    assert table["redundancy_ratio"].tolist() == [0.97, 0.9, 0.5]
    assert table["redundancy_p_holm"].tolist() == [0.3, 0.04, 0.003]
    assert table["redundant"].tolist() == [True, False, False]
    assert table["models_overlapping"].tolist() == [2, 1, 0] and (table["n_models"] == 2).all()
    assert table["name_similarity"].tolist() == [0.3, 0.8, 0.5]
    assert table["name_rank_gap"].tolist() == [2, 0, -2]
    assert table["near_duplicate_pairs"].tolist() == [2, 0, 1]
    # the closest two items, each under its own construct's name, whichever side listed them
    assert table.loc[("A", "B"), ["closest_item_a", "closest_item_b", "closest_similarity"]].tolist() == [
        "a1",
        "b1",
        0.9,
    ]
    assert table.loc[("B", "C"), ["closest_item_a", "closest_item_b"]].tolist() == ["b3", "c2"]
    assert table.loc[
        ("A", "C"),
        [
            "separability",
            "ci_low",
            "ci_high",
            "joint_ci_low",
            "joint_ci_high",
            "overlap_support",
            "ipip_share_below",
        ],
    ].tolist() == [0.58, 0.5, 0.66, 0.47, 0.69, 0.7, 0.01]
    assert "r" not in table and "ipip_like_pair" not in table


def test_an_observed_correlation_is_set_beside_its_pair_and_a_pair_without_one_left_empty():
    empirical = pd.DataFrame({"construct_a": ["C", "B"], "construct_b": ["A", "A"], "r": [0.4, -0.2]})
    table = pair_evidence(separability_table(), 0.6, **tables(), empirical=empirical)
    assert table["r"].tolist()[:2] == [-0.2, 0.4] and np.isnan(table["r"].iloc[2])


def test_the_answers_view_of_a_pair_is_set_beside_it():
    answers = pd.DataFrame(
        {
            "construct_a": ["A", "A"],
            "construct_b": ["C", "B"],
            "r": [0.4, -0.2],
            "answers_separability": [0.9, 0.55],
            "htmt": [0.41, 0.93],
            "htmt_ci_high": [0.5, 0.99],
            "fornell_larcker": [True, False],
            "cfa_r": [0.45, -1.02],
            "cfa_problem": ["none", "severe"],
            "cfa_one_factor_p": [1e-9, 0.4],
        }
    )
    table = pair_evidence(separability_table(), 0.6, **tables(), responses=answers)
    assert table["answers_htmt"].tolist()[:2] == [0.93, 0.41] and table["answers_htmt_ci_high"].tolist()[
        :2
    ] == [0.99, 0.5]
    assert table["answers_r"].tolist()[:2] == [-0.2, 0.4] and np.isnan(table["answers_r"].iloc[2])
    assert table["answers_separability"].tolist()[:2] == [0.55, 0.9]
    assert table["answers_fornell_larcker"].tolist() == [False, True, np.nan]
    assert table["answers_cfa_r"].tolist()[:2] == [-1.02, 0.45] and np.isnan(table["answers_cfa_r"].iloc[2])
    assert table["answers_cfa_problem"].tolist()[:2] == ["severe", "none"]
    assert table["answers_cfa_one_factor_p"].tolist()[:2] == [0.4, 1e-9]
    assert "r" not in table


@pytest.mark.parametrize("threshold", [0.5, 0.95])
def test_the_threshold_decides_overlap_and_groups_alike(threshold):
    table = pair_evidence(separability_table(), threshold, **tables())
    assert (table["overlapping"] == (table["separability"] <= threshold)).all()
    # at 0.5 nothing overlaps; at 0.95 every pair does, and all three constructs form one group
    assert table["same_group"].tolist() == [threshold > 0.9] * 3


def test_no_near_duplicates_count_zero_for_every_pair():
    no_pairs = tables() | {"near_duplicates": pd.DataFrame(columns=["constructs_a", "constructs_b"])}
    table = pair_evidence(separability_table(), 0.6, **no_pairs)
    assert table["near_duplicate_pairs"].tolist() == [0, 0, 0]
