"""Every target in one table: which instrument's constructs are worded most distinctly, beside
held-out IPIP constructs and beside random sets of as many of them — the table to read first when
a run compares several questionnaires (``results/comparison/all_targets.tsv``)."""

import pandas as pd

from .prose import matched_rows, pair_auc_row

NO_DRAWS = float("nan")  # a share of draws where there were none
COLUMNS = [
    "target",
    "model",
    "n_constructs",
    "n_items",
    "pair_auc",
    "pair_auc_ci_low",
    "pair_auc_ci_high",
    "ipip_test_pair_auc",
    "gap",
    "gap_ci_low",
    "gap_ci_high",
    "gap_p_value",
    "matched_drawn",
    "matched_share_at_most_target",
    "centroid_fit",
    "centroid_fit_ci_low",
    "centroid_fit_ci_high",
    "matched_fit_share_at_most_target",
    "overlapping_pairs",
    "construct_pairs",
    "groups",
    "groups_ci_low",
    "groups_ci_high",
    "most_distinct",
    "least_distinct",
    "least_separable_pair",
    "least_separability",
]


def _scored(metrics: pd.DataFrame, model: str, target: str, metric: str) -> pd.Series:
    """The ``model``'s row of ``metric`` on the whole ``target`` in ``all.tsv``."""
    rows = metrics[
        (metrics["model"] == model)
        & (metrics["dataset"] == target)
        & (metrics["split"] == "all")
        & (metrics["metric"] == metric)
    ]
    return rows.iloc[0]


def target_row(
    target: str,
    model: str,
    metrics: pd.DataFrame,
    comparison: pd.DataFrame,
    matched: pd.DataFrame,
    distinctiveness: pd.DataFrame,
    separability: pd.DataFrame,
    overlaps: pd.DataFrame,
    group_counts: pd.DataFrame,
    threshold: float,
) -> dict:
    """One target under the selected ``model``, read from its tables: its size, pair AUC and the
    gap to held-out IPIP test (``ipip_vs_<target>.tsv``: IPIP − target, interval, relabelling
    p), the share of size-matched draws at most its pair AUC and its centroid fit
    (``ipip_vs_<target>_matched.tsv``; ``matched_drawn`` says which side was drawn, as there),
    its overlapping construct pairs at ``threshold`` and the groups they form, and its most and
    least distinct constructs and least separable pair."""
    pair_auc, fit = (_scored(metrics, model, target, name) for name in ("pair_auc", "centroid_fit"))
    gap = pair_auc_row(comparison, model)
    drawn = matched_rows(matched, model)  # none without draws
    share = {  # of the size-matched draws at most the target
        name: drawn.loc[name, "share_at_most_target"] if not drawn.empty else NO_DRAWS
        for name in ("pair_auc", "centroid_fit")
    }
    groups = group_counts[
        (group_counts["item_set"] == target) & ((group_counts["threshold"] - threshold).abs() < 1e-9)
    ].iloc[0]
    ranked = distinctiveness.sort_values(["auc", "construct"], ascending=[False, True])
    least = separability.sort_values(["separability", "construct_a", "construct_b"]).iloc[0]
    n_constructs = int(_scored(metrics, model, target, "n_constructs")["value"])
    return {
        "target": target,
        "model": model,
        "n_constructs": n_constructs,
        "n_items": int(_scored(metrics, model, target, "n_texts")["value"]),
        "pair_auc": pair_auc["value"],
        "pair_auc_ci_low": pair_auc["ci_low"],
        "pair_auc_ci_high": pair_auc["ci_high"],
        "ipip_test_pair_auc": gap["ipip_test"],
        "gap": gap["difference"],
        "gap_ci_low": gap["ci_low"],
        "gap_ci_high": gap["ci_high"],
        "gap_p_value": gap["p_value"],
        "matched_drawn": drawn["drawn"].iloc[0] if not drawn.empty else "",
        "matched_share_at_most_target": share["pair_auc"],
        "centroid_fit": fit["value"],
        "centroid_fit_ci_low": fit["ci_low"],
        "centroid_fit_ci_high": fit["ci_high"],
        "matched_fit_share_at_most_target": share["centroid_fit"],
        "overlapping_pairs": len(overlaps),
        "construct_pairs": n_constructs * (n_constructs - 1) // 2,
        "groups": int(groups["n_groups"]),
        "groups_ci_low": groups["ci_low"],
        "groups_ci_high": groups["ci_high"],
        "most_distinct": ranked["construct"].iloc[0],
        "least_distinct": ranked["construct"].iloc[-1],
        "least_separable_pair": f"{least['construct_a']} – {least['construct_b']}",
        "least_separability": least["separability"],
    }


def targets_overview(rows: list[dict]) -> pd.DataFrame:
    """The rows of ``target_row``, the instrument whose constructs are most distinct (highest
    pair AUC) first."""
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.sort_values(["pair_auc", "target"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )
