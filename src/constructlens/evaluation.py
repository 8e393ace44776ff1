"""Evaluate one model's cached embeddings on every (dataset, split) it is scored on."""

import pandas as pd

from .metrics import evaluate_item_set, make_item_set
from .splits import split_items

IN_SAMPLE = {("ipip", "train"), ("ipip", "all")}


def evaluation_sets(
    items: dict[str, pd.DataFrame],
    assignment: pd.DataFrame,
    parts: dict[str, list[str]],
    score_shared_texts: bool = False,
) -> list[tuple[str, str, pd.DataFrame]]:
    """(dataset, split, items) triples for the requested parts of each dataset. Only IPIP is
    split (other datasets have the one part ``all``); its texts of several constructs are
    scored only when ``score_shared_texts`` (split policy ``holdout``)."""
    sets = []
    for name, names in parts.items():
        for part in names:
            table = items[name]
            if name == "ipip":
                table = split_items(table, assignment, part)
                table = table if score_shared_texts else table[~table["multi_construct"]]
            sets.append((name, part, table))
    return sets


def evaluate_model(
    model: str,
    sets,
    embeddings: dict[str, dict],
    settings: dict,
    seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Long metric table and per-construct AUC table for ``model`` over ``sets``.

    ``settings``: the config's ``evaluation`` section.
    """
    metric_tables, construct_tables = [], []
    for dataset, split, items in sets:
        item_set = make_item_set(items, embeddings[dataset], center=settings["center"])
        bootstrap = settings["bootstrap_in_sample"] or (dataset, split) not in IN_SAMPLE
        metrics, per_construct = evaluate_item_set(item_set, settings, seed, bootstrap=bootstrap)
        keys = {"model": model, "dataset": dataset, "split": split}
        metric_tables.append(metrics.assign(**keys))
        construct_tables.append(per_construct.assign(**keys))
    order = ["model", "dataset", "split"]
    metrics = pd.concat(metric_tables, ignore_index=True)
    per_construct = pd.concat(construct_tables, ignore_index=True)
    return (
        metrics[order + ["metric", "value", "ci_low", "ci_high"]],
        per_construct[order + [c for c in per_construct.columns if c not in order]],
    )
