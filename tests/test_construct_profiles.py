import numpy as np
import pandas as pd
import pytest

from constructlens.construct_profiles import construct_profiles


def tables() -> dict[str, pd.DataFrame]:
    """A target of three constructs: A overlaps B and C, B and C are far apart, so A and B form
    a group and C stays alone; each table names its constructs in its own order."""
    return {
        "distinctiveness": pd.DataFrame(
            {
                "construct": ["C", "A", "B"],
                "n_items": [3, 4, 2],
                "auc": [0.9, 0.7, 0.6],
                "ci_low": [0.85, 0.6, 0.5],
                "ci_high": [0.95, 0.8, 0.7],
                "rank": [1, 2, 3],
                "ipip_share_below": [0.9, 0.3, 0.1],
            }
        ),
        "separability": pd.DataFrame(
            {
                "construct_a": ["A", "C", "B"],
                "construct_b": ["B", "A", "C"],
                "separability": [0.55, 0.58, 0.9],
            }
        ),
        "item_fit_summary": pd.DataFrame(
            {
                "construct": ["A", "B", "C"],
                "n_items": [4, 2, 3],
                "n_fit": [1, 2, 3],
                "share_fit": [0.25, 1.0, 1.0],
                "misfits_closest_to": ["B (2); C (1)", np.nan, np.nan],
            }
        ),
        "nearest_ipip": pd.DataFrame(
            {
                "construct": ["A", "A", "B", "B", "C", "C"],
                "rank": [1, 2, 1, 2, 1, 2],
                "ipip_construct": ["Warmth", "Trust", "Order", "Trust", "Calm", "Order"],
                "mean_cosine": [0.5, 0.45, 0.4, 0.38, 0.3, 0.2],
                "separability": [0.62, 0.57, 0.7, 0.59, 0.8, 0.9],
                "overlapping": [False, True, False, True, False, False],
            }
        ),
        # an item of both B and C beside one of C: within C, across for B
        "near_duplicates": pd.DataFrame(
            {
                "constructs_a": ["A", "A", "B; C"],
                "constructs_b": ["A", "B", "C"],
                "similarity": [0.9, 0.8, 0.85],
            }
        ),
        "items": pd.DataFrame(
            {
                "construct": list("AAAABBCCC"),
                "text": [f"t{i}" for i in range(9)],
                "measure": ["m1", "m2", "m1", "m1", "m3", "m3", "m4", "m4", "m4"],
            }
        ),
    }


def profiles(**changes) -> pd.DataFrame:
    given = tables() | changes
    return construct_profiles(
        given["distinctiveness"],
        given["separability"],
        0.6,
        given["item_fit_summary"],
        given["nearest_ipip"],
        given["near_duplicates"],
        given["items"],
        definitions_summary=given.get("definitions_summary"),
        responses_scales=given.get("responses_scales"),
    ).set_index("construct")


def test_every_construct_in_one_row_least_distinct_first():
    table = profiles()
    assert table.index.tolist() == ["B", "A", "C"]
    assert table["n_measures"].tolist() == [1, 2, 1]
    assert table.loc["A", ["distinctiveness", "ci_low", "ci_high", "ipip_share_below"]].tolist() == [
        0.7,
        0.6,
        0.8,
        0.3,
    ]
    # A overlaps both others, least separable first; C overlaps A only, B A only
    assert table["n_overlapping"].tolist() == [1, 2, 1]
    assert table.loc["A", "overlaps_with"] == "B (0.550); C (0.580)"
    assert table.loc["C", ["nearest_construct", "nearest_separability"]].tolist() == ["A", 0.58]
    # groups as complete linkage forms them: A with B; C, though it overlaps A, alone
    assert table["group_with"].tolist() == ["A", "B", ""]
    assert table.loc["A", ["share_fit", "items_lean_to"]].tolist() == [0.25, "B (2)"]
    assert table.loc["B", "items_lean_to"] == ""
    # the nearest IPIP construct by mean cosine, and any listed one it overlaps
    assert table.loc["A", ["nearest_ipip", "nearest_ipip_cosine", "ipip_overlaps_with"]].tolist() == [
        "Warmth",
        0.5,
        "Trust (0.570)",
    ]
    assert table.loc["C", "ipip_overlaps_with"] == ""
    assert table["near_duplicates_within"].tolist() == [0, 1, 1]
    assert table["near_duplicates_across"].tolist() == [2, 1, 0]
    assert "definition_share_fit" not in table and "answers_distinctiveness" not in table


def test_items_without_measures_have_no_measure_count_and_definitions_add_their_share():
    items = tables()["items"].drop(columns="measure")
    summary = pd.DataFrame({"construct": ["A", "C"], "share_fit": [0.5, 1.0]})
    table = profiles(items=items, definitions_summary=summary)
    assert "n_measures" not in table
    assert table.loc[["A", "C"], "definition_share_fit"].tolist() == [0.5, 1.0]
    assert np.isnan(table.loc["B", "definition_share_fit"])  # no definition given for B


def test_answers_add_how_distinct_each_construct_is_in_them_and_its_scales_alpha_and_omega():
    scales = pd.DataFrame(
        {
            "construct": ["C", "A", "B"],
            "answers_distinctiveness": [0.9, 0.8, 0.7],
            "alpha": [0.81, np.nan, 0.6],
            "omega": [0.83, np.nan, np.nan],
        }
    )
    table = profiles(responses_scales=scales)
    assert table["answers_distinctiveness"].tolist() == [0.7, 0.8, 0.9]  # B, A, C: least distinct first
    assert table.loc["C", "answers_alpha"] == 0.81 and np.isnan(table.loc["A", "answers_alpha"])
    assert table.loc["C", "answers_omega"] == 0.83 and np.isnan(table.loc["B", "answers_omega"])


@pytest.mark.parametrize("threshold", [0.5, 0.95])
def test_the_threshold_decides_overlaps_and_groups(threshold):
    given = tables()
    table = construct_profiles(
        given["distinctiveness"],
        given["separability"],
        threshold,
        given["item_fit_summary"],
        given["nearest_ipip"],
        given["near_duplicates"],
        given["items"],
    ).set_index("construct")
    # at 0.5 nothing overlaps and every construct stands alone; at 0.95 all three form one group
    assert table["n_overlapping"].tolist() == ([0, 0, 0] if threshold == 0.5 else [2, 2, 2])
    expected = ["", "", ""] if threshold == 0.5 else ["A; C", "B; C", "A; B"]
    assert table["group_with"].tolist() == expected
