"""Evaluate one model's cached embeddings on every (dataset, split) it is scored on."""

import pandas as pd

from .metrics import compute_metrics, make_item_set, metrics_table
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


def evaluate_sets(sets, embeddings: dict[str, dict], settings: dict, seed: int) -> dict:
    """{(dataset, split): (metric results, per-construct table)} for one model's embeddings.

    ``settings``: the config's ``evaluation`` section.
    """
    evaluated = {}
    for dataset, split, items in sets:
        item_set = make_item_set(items, embeddings[dataset], center=settings["center"])
        bootstrap = settings["bootstrap_in_sample"] or (dataset, split) not in IN_SAMPLE
        evaluated[(dataset, split)] = compute_metrics(item_set, settings, seed, bootstrap=bootstrap)
    return evaluated


def result_tables(model: str, evaluated: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Long metric table and per-construct AUC table, keyed by model, dataset and split."""
    keys = ["model", "dataset", "split"]
    metrics, constructs = [], []
    for (dataset, split), (results, per_construct) in evaluated.items():
        labels = {"model": model, "dataset": dataset, "split": split}
        metrics.append(metrics_table(results).assign(**labels))
        constructs.append(per_construct.assign(**labels))
    metrics = pd.concat(metrics, ignore_index=True)
    constructs = pd.concat(constructs, ignore_index=True)
    return metrics[keys + ["metric", "value", "ci_low", "ci_high"]], constructs[
        keys + [c for c in constructs.columns if c not in keys]
    ]
