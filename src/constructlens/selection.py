"""Pick the best model by a configurable rule, on validation data only, and say how clear the
choice is."""

import math

import pandas as pd

from .comparison import PAIRED_COLUMNS, compare_models
from .metrics import MetricResult

MARGIN_COLUMNS = ["selected_model", "other_model", "metric", "selected", "other", *PAIRED_COLUMNS]


def select_best(
    metrics: pd.DataFrame,
    candidates: list[str],
    metric: str,
    dataset: str,
    split: str,
) -> dict:
    """The candidate with the highest ``metric`` on ``dataset``/``split`` (every selectable
    metric is higher-is-better); ties go to the first name in sorted order. Returns the winner,
    the rule and every candidate's value."""
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
        key=lambda m: (math.isnan(values[m]), -values[m], m),
    )
    return {
        "best_model": ranked[0],
        "rule": {"metric": metric, "dataset": dataset, "split": split},
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


def selection_margin(
    evaluated: dict[str, dict[str, MetricResult]],
    choice: dict,
    n_permutations: int,
    seed: int,
) -> pd.DataFrame:
    """The selected model against every other candidate (in ranked order) on the selection
    metric, paired on the same items (``comparison.compare_models``): a difference whose
    interval includes 0 means the selection data cannot tell the two apart, and another draw of
    held-out constructs may well choose the other. ``evaluated``: {model: metric results on
    the selection dataset and split}; ``choice``: ``select_best``'s answer. Empty for one
    candidate or a metric ``compare_models`` does not compare."""
    best, metric = choice["best_model"], choice["rule"]["metric"]
    tables = []
    for candidate in choice["candidates"][1:]:
        table = compare_models(evaluated[best], evaluated[candidate["model"]], n_permutations, seed)
        tables.append(table[table["metric"] == metric].assign(other_model=candidate["model"]))
    tables = [t for t in tables if len(t)]
    if not tables:
        return pd.DataFrame(columns=MARGIN_COLUMNS)
    table = pd.concat(tables, ignore_index=True).rename(columns={"first": "selected", "second": "other"})
    table = table.assign(selected_model=best).reindex(columns=MARGIN_COLUMNS)
    return table.astype({"constructs_higher": "Int64", "constructs_lower": "Int64"})


def runner_up_margin(margin: pd.DataFrame) -> dict | None:
    """The first row of ``selection_margin`` (the runner-up) as a record for the choice's JSON,
    with ``interval_excludes_zero`` (None without an interval)."""
    if margin.empty:
        return None
    row = margin.iloc[0]
    keys = ["other_model", "difference", "ci_low", "ci_high", "p_value"]
    keys += ["constructs_higher", "constructs_lower", "per_construct_p_value"]
    record = {k: (None if pd.isna(row[k]) else row[k]) for k in keys}
    record = {k: (v if isinstance(v, str) or v is None else float(v)) for k, v in record.items()}
    low, high = record["ci_low"], record["ci_high"]
    record["interval_excludes_zero"] = None if low is None or high is None else bool(low > 0 or high < 0)
    return {"runner_up": record.pop("other_model"), **record}


def unclear_choice_message(choice: dict) -> str | None:
    """A warning when the runner-up's paired interval includes 0, else None."""
    margin = choice.get("margin")
    if not margin or margin["interval_excludes_zero"] is not False:
        return None
    rule = choice["rule"]
    message = (
        f"{choice['best_model']} beats {margin['runner_up']} on {rule['dataset']}/{rule['split']} "
        f"{rule['metric']} by {margin['difference']:.3f}, but the paired 95 % interval "
        f"[{margin['ci_low']:.3f}, {margin['ci_high']:.3f}] includes 0"
    )
    if margin["constructs_higher"] is not None:
        message += (
            f" (constructs higher / lower: {margin['constructs_higher']:.0f} / "
            f"{margin['constructs_lower']:.0f}, sign-flip p {margin['per_construct_p_value']:.3g})"
        )
    return message + ": another draw of held-out constructs may choose the other"
