"""Pick the best model by a configurable rule, on validation data only."""

import math

import pandas as pd


def select_best(
    metrics: pd.DataFrame,
    candidates: list[str],
    metric: str,
    dataset: str,
    split: str,
    higher_is_better: bool = True,
) -> dict:
    """The candidate with the best ``metric`` on ``dataset``/``split``; ties go to the first
    name in sorted order. Returns the winner, the rule and every candidate's value."""
    rows = metrics[
        (metrics["metric"] == metric)
        & (metrics["dataset"] == dataset)
        & (metrics["split"] == split)
        & metrics["model"].isin(candidates)
    ].set_index("model")
    missing = sorted(set(candidates) - set(rows.index))
    if missing:
        raise ValueError(f"no {metric} on {dataset}/{split} for model(s) {', '.join(missing)}")
    values = rows["value"].astype(float)
    if values.isna().all():
        raise ValueError(f"{metric} on {dataset}/{split} is undefined for every candidate")
    ranked = sorted(
        candidates,
        key=lambda m: (math.isnan(values[m]), -values[m] if higher_is_better else values[m], m),
    )
    return {
        "best_model": ranked[0],
        "rule": {
            "metric": metric,
            "dataset": dataset,
            "split": split,
            "direction": "higher is better" if higher_is_better else "lower is better",
        },
        "candidates": [
            {
                "model": m,
                "value": float(values[m]),
                "ci_low": float(rows.loc[m, "ci_low"]),
                "ci_high": float(rows.loc[m, "ci_high"]),
            }
            for m in ranked
        ],
    }
