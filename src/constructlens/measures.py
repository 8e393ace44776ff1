"""Construct or questionnaire? Same-construct pairs of items from one measure and from two
measures, each against the different-construct pairs.

A construct label often pools several questionnaires: IPIP's Achievement-striving draws on five
inventories, Transformational leadership here on five measures. Items written for one
questionnaire share its authors' wording; items of two questionnaires are alike only through
the construct. Where embeddings find a construct's items alike mainly within a questionnaire,
a construct pooled from many questionnaires looks less distinct than a single scale, which
matters when comparing item sets whose constructs pool different numbers of measures. The same
holds one level down: a construct spanning several subscales of a measure against one that is a
single scale.
"""

import numpy as np
import pandas as pd

from .comparison import bootstrap_p_value
from .metrics import (
    ItemSet,
    bootstrap_weights,
    make_item_set,
    percentile_interval,
    similarity_and_labels,
    subset_pair_auc,
)

MEASURE_COLUMN = {"ipip": "instrument"}  # every other dataset: "measure"
COLUMNS = [
    "pairs",
    "constructs",
    "n_constructs",
    "n_pairs",
    "mean_similarity",
    "pair_auc",
    "ci_low",
    "ci_high",
    "p_value",
]
MEAN_SIMILARITY, PAIR_AUC = COLUMNS.index("mean_similarity"), COLUMNS.index("pair_auc")


def text_measures(items: pd.DataFrame, item_set: ItemSet, column: str) -> np.ndarray:
    """``column`` (a measure or a subscale) of every text of ``item_set`` that belongs to one
    construct; "" for texts of several constructs and texts without one. A text listed by two
    measures of one construct was kept once, with the measure of its first row."""
    measures = items.groupby("text")[column].first().reindex(item_set.texts)
    measures = measures.fillna("").astype(str).str.strip().to_numpy(dtype=object)
    return np.where(item_set.single, measures, "")


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else np.nan


def measure_table(
    item_set: ItemSet, measures: np.ndarray, n_resamples: int, seed: int, subscales: np.ndarray | None = None
) -> pd.DataFrame:
    """Pair AUC of same-construct pairs against every different-construct pair: for all
    same-construct pairs, for those of one measure, with ``subscales`` (a text's subscale
    within its measure; "" for a measure that is one scale) for those of one subscale, and —
    within the constructs that hold pairs of both kinds (``several_measures``) — for pairs of
    one measure and of two measures; each with construct-bootstrap 95 % intervals. Then the
    within-construct difference (one minus two measures) with its paired interval and
    bootstrap p-value, and the different-construct pairs' count and mean cosine. Only texts
    with a measure (``text_measures``) take part."""
    known = measures != ""
    similarity, same = similarity_and_labels(item_set)
    a, b = np.triu_indices(len(similarity), k=1)
    use = known[a] & known[b]
    a, b = a[use], b[use]
    scores, positive, one_measure = similarity[a, b], same[a, b], measures[a] == measures[b]
    home_a, home_b = item_set.home[a], item_set.home[b]
    n_constructs = len(item_set.constructs)

    def constructs_of(chosen: np.ndarray) -> np.ndarray:
        return np.bincount(home_a[chosen], minlength=n_constructs) > 0

    mixed = constructs_of(positive & one_measure) & constructs_of(positive & ~one_measure)
    in_mixed = mixed[home_a]
    different = ~positive
    selections = {("same_construct", "all"): positive, ("same_measure", "all"): positive & one_measure}
    if subscales is not None:
        selections["same_subscale", "all"] = positive & one_measure & (subscales[a] == subscales[b])
    selections["same_measure", "several_measures"] = positive & one_measure & in_mixed
    selections["different_measure", "several_measures"] = positive & ~one_measure & in_mixed
    weights = bootstrap_weights(n_constructs, n_resamples, seed)
    rows, replicates = {}, {}
    for key, chosen in selections.items():
        value, replicates[key] = subset_pair_auc(scores, chosen, different, home_a, home_b, weights)
        rows[key] = [
            *key,
            int(constructs_of(chosen).sum()),
            int(chosen.sum()),
            _mean(scores[chosen]),
            value,
            *percentile_interval(replicates[key]),
            np.nan,
        ]
    one, two = ("same_measure", "several_measures"), ("different_measure", "several_measures")
    gap = replicates[one] - replicates[two]
    rows["gap"] = [
        "same_minus_different_measure",
        "several_measures",
        int(mixed.sum()),
        np.nan,
        *(rows[one][i] - rows[two][i] for i in (MEAN_SIMILARITY, PAIR_AUC)),
        *percentile_interval(gap),
        bootstrap_p_value(gap),
    ]
    rows["different"] = [
        "different_construct",
        "all",
        n_constructs,
        int(different.sum()),
        _mean(scores[different]),
        np.nan,
        np.nan,
        np.nan,
        np.nan,
    ]
    return pd.DataFrame(list(rows.values()), columns=COLUMNS).astype({"n_pairs": "Int64"})


def measure_tables(sets, embeddings: dict[str, dict], settings: dict, seed: int) -> pd.DataFrame:
    """``measure_table`` of every (dataset, split, items) in ``sets`` whose items name their
    measure (IPIP: ``instrument``; targets: ``measure``, and optionally ``subscale``), under
    one model's ``embeddings``; ``settings``: the config's ``evaluation``."""
    tables = []
    for dataset, split, items in sets:
        column = MEASURE_COLUMN.get(dataset, "measure")
        if column not in items:
            continue
        item_set = make_item_set(items, embeddings[dataset], center=settings["center"])
        measures = text_measures(items, item_set, column)
        subscales = text_measures(items, item_set, "subscale") if "subscale" in items else None
        table = measure_table(item_set, measures, settings["bootstrap_resamples"], seed, subscales)
        tables.append(table.assign(dataset=dataset, split=split))
    if not tables:
        return pd.DataFrame(columns=["dataset", "split", *COLUMNS])
    return pd.concat(tables, ignore_index=True)[["dataset", "split", *COLUMNS]]
