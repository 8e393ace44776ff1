import numpy as np
import pandas as pd
import pytest

from constructlens.overview import COLUMNS, target_row, targets_overview


def tables(target: str, pair_auc: float, n_draws: int = 500) -> dict:
    """The tables ``target_row`` reads for one target of three constructs under the model "best"
    (and a baseline whose rows it must not read)."""
    metrics = pd.DataFrame(
        [
            (model, target, "all", metric, value + (model != "best"), value - 0.05, value + 0.05)
            for model in ("best", "other")
            for metric, value in (
                ("pair_auc", pair_auc),
                ("centroid_fit", 0.5),
                ("n_constructs", 3),
                ("n_texts", 20),
            )
        ]
        + [("best", "ipip", "test", "pair_auc", 0.84, 0.78, 0.88)],
        columns=["model", "dataset", "split", "metric", "value", "ci_low", "ci_high"],
    )
    comparison = pd.DataFrame(
        [
            ("best", "item_auc", 0.85, 0.63, 0.22, 0.15, 0.26, 0.002),
            ("best", "pair_auc", 0.84, pair_auc, 0.84 - pair_auc, 0.1, 0.3, 0.004),
            ("other", "pair_auc", 0.80, 0.5, 0.3, 0.2, 0.4, 0.002),
        ],
        columns=["model", "metric", "ipip_test", target, "difference", "ci_low", "ci_high", "p_value"],
    )
    matched = pd.DataFrame(
        [
            ("best", "pair_auc", 0.0, n_draws, "reference"),
            ("best", "centroid_fit", 0.004, n_draws, "reference"),
            ("other", "pair_auc", 0.5, n_draws, "reference"),
        ],
        columns=["model", "metric", "share_at_most_target", "n_draws", "drawn"],
    )
    distinctiveness = pd.DataFrame({"construct": ["A", "B", "C"], "auc": [0.7, 0.9, 0.7]})
    separability = pd.DataFrame(
        {"construct_a": ["A", "A", "B"], "construct_b": ["B", "C", "C"], "separability": [0.8, 0.55, 0.58]}
    )
    group_counts = pd.DataFrame(
        {
            "item_set": [target, target, "ipip_test"],
            "threshold": [0.55, 0.6, 0.6],
            "n_groups": [3, 2, 9],
            "ci_low": [2.0, 1.0, 8.0],
            "ci_high": [3.0, 3.0, 9.0],
        }
    )
    overlaps = separability[separability["separability"] <= 0.6]
    return {
        "metrics": metrics,
        "comparison": comparison,
        "matched": matched,
        "distinctiveness": distinctiveness,
        "separability": separability,
        "overlaps": overlaps,
        "group_counts": group_counts,
    }


def test_a_targets_row_reads_the_selected_models_values_from_its_tables():
    row = target_row("mine", "best", **tables("mine", 0.6), threshold=0.6)
    assert list(row) == COLUMNS
    assert (row["n_constructs"], row["n_items"], row["construct_pairs"]) == (3, 20, 3)
    assert (row["pair_auc"], row["pair_auc_ci_low"], row["ipip_test_pair_auc"]) == pytest.approx(
        (0.6, 0.55, 0.84)
    )
    assert (row["gap"], row["gap_p_value"]) == (pytest.approx(0.24), 0.004)
    assert (row["matched_drawn"], row["matched_share_at_most_target"]) == ("reference", 0.0)
    assert (row["centroid_fit"], row["matched_fit_share_at_most_target"]) == (0.5, 0.004)
    # the groups at the overlap threshold, not at another of the group thresholds
    assert (row["overlapping_pairs"], row["groups"], row["groups_ci_high"]) == (2, 2, 3.0)
    # ties in distinctiveness go by name
    assert (row["most_distinct"], row["least_distinct"]) == ("B", "C")
    assert (row["least_separable_pair"], row["least_separability"]) == ("A – C", 0.55)


def test_without_draws_the_matched_columns_stay_empty():
    row = target_row("mine", "best", **tables("mine", 0.6, n_draws=0), threshold=0.6)
    assert row["matched_drawn"] == "" and np.isnan(row["matched_share_at_most_target"])
    assert np.isnan(targets_overview([row]).loc[0, "matched_fit_share_at_most_target"])


def test_the_most_distinct_instrument_comes_first():
    rows = [
        target_row(name, "best", **tables(name, auc), threshold=0.6)
        for name, auc in (("low", 0.55), ("high", 0.75), ("middle", 0.65))
    ]
    assert targets_overview(rows)["target"].tolist() == ["high", "middle", "low"]
