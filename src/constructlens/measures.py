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

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .analysis import item_bootstrap_weights, pair_separability
from .comparison import bootstrap_p_value, compare
from .items import sources
from .metrics import (
    ItemSet,
    MetricResult,
    bias_corrected_interval,
    bootstrap_weights,
    pair_auc,
    percentile_interval,
    similarity_and_labels,
    subset_pair_auc,
)

MEASURE_COLUMN = {"ipip": "instrument"}  # every other dataset: "measure"
SUBSET_COLUMNS = ["n_constructs", "n_pairs", "mean_similarity", "pair_auc", "ci_low", "ci_high"]
COLUMNS = ["pairs", "constructs", *SUBSET_COLUMNS, "p_value"]


def text_sources(items: pd.DataFrame, item_set: ItemSet, columns: list[str]) -> np.ndarray:
    """The sources (``items.sources``: tuples of ``columns``, e.g. (measure,) or (measure,
    subscale)) of every text of ``item_set`` that belongs to one construct; an empty set for
    texts of several constructs and texts without a named measure. A text listed by two
    measures of its construct has both."""
    first = items.drop_duplicates("text").set_index("text").reindex(item_set.texts)
    found = np.empty(len(item_set.texts), dtype=object)
    for i, ((_, row), single) in enumerate(zip(first.iterrows(), item_set.single, strict=True)):
        found[i] = sources(row, columns) if single else frozenset()
    return found


def _share_a_source(text_sources: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For the text pairs (a, b): do the two texts share a source?"""
    keys = sorted({key for found in text_sources for key in found})
    column = {key: j for j, key in enumerate(keys)}
    member = np.zeros((len(text_sources), len(keys)))
    for i, found in enumerate(text_sources):
        member[i, [column[key] for key in found]] = 1
    return (member @ member.T > 0)[a, b]


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else np.nan


@dataclass(frozen=True)
class PairSubset:
    """Same-construct pairs of one kind against the different-construct pairs."""

    auc: MetricResult  # pair AUC, interval, bootstrap replicates, per-construct AUCs
    n_constructs: int
    n_pairs: int
    mean_similarity: float

    def cells(self) -> list:
        """The subset's cells of a table, in the order of ``SUBSET_COLUMNS``."""
        auc = self.auc
        return [self.n_constructs, self.n_pairs, self.mean_similarity, auc.value, auc.ci_low, auc.ci_high]


def _per_construct_auc(scores, chosen, different, home_a, home_b, n_constructs) -> np.ndarray:
    """Per construct: AUC of its ``chosen`` pairs against the different-construct pairs that
    involve its texts (NaN where it has no chosen pair)."""
    values = np.full(n_constructs, np.nan)
    for c in np.unique(home_a[chosen]):
        own, against = chosen & (home_a == c), different & ((home_a == c) | (home_b == c))
        labels = np.r_[np.ones(own.sum(), bool), np.zeros(against.sum(), bool)]
        values[c] = pair_auc(np.r_[scores[own], scores[against]], labels)
    return values


def pair_subset(scores, chosen, different, home_a, home_b, weights: np.ndarray) -> PairSubset:
    """The ``chosen`` same-construct pairs against the ``different``-construct pairs (pairs
    with home constructs ``home_a``, ``home_b``), with an interval from the construct-bootstrap
    ``weights`` and every construct's own AUC."""
    n_constructs = weights.shape[1]
    value, replicates = subset_pair_auc(scores, chosen, different, home_a, home_b, weights)
    by_construct = _per_construct_auc(scores, chosen, different, home_a, home_b, n_constructs)
    auc = MetricResult(value, *percentile_interval(replicates), replicates, by_construct)
    n_with_pairs = int((np.bincount(home_a[chosen], minlength=n_constructs) > 0).sum())
    return PairSubset(auc, n_with_pairs, int(chosen.sum()), _mean(scores[chosen]))


def pair_subsets(
    item_set: ItemSet, measures: np.ndarray, n_resamples: int, seed: int, subscales: np.ndarray | None = None
) -> dict[tuple[str, str], PairSubset]:
    """Keyed by (pairs, constructs): same-construct pairs against every different-construct
    pair — all of them, those of one measure, with ``subscales`` (a text's (measure, subscale)
    sources; subscale "" for a measure that is one scale) those of one subscale, and within the
    constructs that hold pairs of both kinds (``several_measures``) those of one measure and
    those of two — each with a construct-bootstrap 95 % interval; and the different-construct
    pairs themselves (no AUC). Two texts are of one measure when they share one (``text_sources``:
    a text may be listed by two). Only texts with a measure take part."""
    known = np.array([len(found) > 0 for found in measures], dtype=bool)
    similarity, same = similarity_and_labels(item_set)
    a, b = np.triu_indices(len(similarity), k=1)
    use = known[a] & known[b]
    a, b = a[use], b[use]
    scores, positive, one_measure = similarity[a, b], same[a, b], _share_a_source(measures, a, b)
    home_a, home_b = item_set.home[a], item_set.home[b]
    n_constructs = len(item_set.constructs)

    def constructs_of(chosen: np.ndarray) -> np.ndarray:
        return np.bincount(home_a[chosen], minlength=n_constructs) > 0

    mixed = constructs_of(positive & one_measure) & constructs_of(positive & ~one_measure)
    in_mixed = mixed[home_a]
    different = ~positive
    selections = {("same_construct", "all"): positive, ("same_measure", "all"): positive & one_measure}
    if subscales is not None:
        selections["same_subscale", "all"] = positive & _share_a_source(subscales, a, b)
    selections["same_measure", "several_measures"] = positive & one_measure & in_mixed
    selections["different_measure", "several_measures"] = positive & ~one_measure & in_mixed
    weights = bootstrap_weights(n_constructs, n_resamples, seed)
    subsets = {
        key: pair_subset(scores, chosen, different, home_a, home_b, weights)
        for key, chosen in selections.items()
    }
    subsets["different_construct", "all"] = PairSubset(
        MetricResult(np.nan), n_constructs, int(different.sum()), _mean(scores[different])
    )
    return subsets


def measure_table(subsets: dict[tuple[str, str], PairSubset]) -> pd.DataFrame:
    """One row per pair subset, and before the different-construct row the within-construct
    difference of one minus two measures (``several_measures``) with its paired interval and
    bootstrap p-value."""
    rows = {key: [*key, *subset.cells(), np.nan] for key, subset in subsets.items()}
    one, two = subsets["same_measure", "several_measures"], subsets["different_measure", "several_measures"]
    gap = one.auc.samples - two.auc.samples
    rows["gap"] = [
        "same_minus_different_measure",
        "several_measures",
        one.n_constructs,
        np.nan,
        one.mean_similarity - two.mean_similarity,
        one.auc.value - two.auc.value,
        *percentile_interval(gap),
        bootstrap_p_value(gap),
    ]
    rows["different"] = rows.pop(("different_construct", "all"))
    return pd.DataFrame(list(rows.values()), columns=COLUMNS).astype({"n_pairs": "Int64"})


LIKE_FOR_LIKE = {
    # compared metric: (pairs of the first item set, pairs of the second)
    "pair_auc_one_measure": ("same_measure", "same_measure"),
    "pair_auc_one_scale": ("same_measure", "same_subscale"),
}


def like_for_like(first: dict, second: dict) -> pd.DataFrame:
    """IPIP test (``first``, whose constructs are single scales within one inventory) against a
    target (``second``) on same-construct pairs within one measure, and — where the target
    names subscales — within one subscale, as rows of ``comparison.compare`` (bootstrap
    interval, and the bootstrap test that goes with it)."""
    metrics = {
        name: (first[ours, "all"].auc, second[theirs, "all"].auc)
        for name, (ours, theirs) in LIKE_FOR_LIKE.items()
        if (ours, "all") in first and (theirs, "all") in second
    }
    return compare(
        {name: pair[0] for name, pair in metrics.items()},
        {name: pair[1] for name, pair in metrics.items()},
        metrics=tuple(metrics),
    )


def measure_tables(scored, n_resamples: int, seed: int):
    """``measure_table`` of every (dataset, split, items, item set) of ``scored``
    (``evaluation.scored_sets``) whose items name their measure (IPIP: ``instrument``;
    targets: ``measure``, and optionally ``subscale``), and the pair subsets behind it by
    dataset."""
    tables, subsets = [], {}
    for dataset, split, items, item_set in scored:
        column = MEASURE_COLUMN.get(dataset, "measure")
        if column not in items:
            continue
        measures = text_sources(items, item_set, [column])
        subscales = text_sources(items, item_set, [column, "subscale"]) if "subscale" in items else None
        subsets[dataset] = pair_subsets(item_set, measures, n_resamples, seed, subscales)
        tables.append(measure_table(subsets[dataset]).assign(dataset=dataset, split=split))
    if not tables:
        return pd.DataFrame(columns=["dataset", "split", *COLUMNS]), subsets
    return pd.concat(tables, ignore_index=True)[["dataset", "split", *COLUMNS]], subsets


AGREEMENT_COLUMNS = [
    "construct",
    "measure_a",
    "measure_b",
    "items_a",
    "items_b",
    "subscales_a",
    "subscales_b",
    "separability",
    "ci_low",
    "ci_high",
    "nearest_construct",
    "nearest_separability",
    "apart_beyond_nearest",
]


def _measures_of_construct(
    item_set: ItemSet, sources: np.ndarray, c: int, min_items: int
) -> tuple[ItemSet, list[list[str]]]:
    """Construct ``c``'s single-construct texts of measures that contribute at least
    ``min_items`` of them, as an ``ItemSet`` whose "constructs" are those measures (a text
    listed by two measures belongs to both), and the subscales each measure covers in ``c``."""
    own = [i for i in np.flatnonzero((item_set.home == c) & item_set.single) if sources[i]]
    counts = pd.Series([m for i in own for m in {source[0] for source in sources[i]}]).value_counts()
    measures = sorted(counts.index[counts >= min_items])
    own = [i for i in own if any(source[0] in measures for source in sources[i])]
    membership = np.array(
        [[any(source[0] == m for source in sources[i]) for m in measures] for i in own], dtype=bool
    ).reshape(len(own), len(measures))
    named = [source[:2] for i in own for source in sources[i] if len(source) > 1 and source[1]]
    subscales = [sorted({subscale for measure, subscale in named if measure == m}) for m in measures]
    by_measure = ItemSet(item_set.embeddings[own], membership, measures, [item_set.texts[i] for i in own])
    return by_measure, subscales


def measure_agreement(
    items: pd.DataFrame,
    item_set: ItemSet,
    separabilities: pd.Series,
    n_resamples: int,
    seed: int,
    min_items: int = 5,
) -> pd.DataFrame:
    """Do the questionnaires that measure one construct word the same content? For every
    construct with at least two measures of ``min_items`` items or more (fewer give too few
    item pairs to compare), every pair of those measures: their
    ``pair_separability`` (each measure's own item pairs against the pairs across the two;
    0.5 = the two measures' items are interchangeable), with a 95 % stratified item-bootstrap
    interval (none for a measure of fewer than three items, as for constructs), beside the
    construct's separability from its nearest other construct (``separabilities``, from
    ``pair_separabilities``). ``apart_beyond_nearest``: the interval
    lies above that value — two measures under one name are told apart more clearly than the
    construct from another one (a jingle: one name, different content). Empty when ``items``
    name no ``measure``; ``subscale``, where present, lists what each measure covers."""
    rows = []
    if "measure" not in items:
        return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)
    sources = text_sources(items, item_set, [c for c in ("measure", "subscale") if c in items])
    for c, name in enumerate(item_set.constructs):
        by_measure, subscales = _measures_of_construct(item_set, sources, c, min_items)
        if len(by_measure.constructs) < 2:
            continue
        involving = separabilities[[name in pair for pair in separabilities.index]].dropna()
        nearest = involving.idxmin() if len(involving) else None
        nearest_value = involving.min() if len(involving) else np.nan
        weights = item_bootstrap_weights(by_measure, n_resamples, seed) if n_resamples else None
        for a, b in itertools.combinations(range(len(by_measure.constructs)), 2):
            separability = pair_separability(by_measure, a, b)
            low, high = (
                (np.nan, np.nan)
                if weights is None
                else bias_corrected_interval(separability, pair_separability(by_measure, a, b, weights))
            )
            rows.append(
                [
                    name,
                    by_measure.constructs[a],
                    by_measure.constructs[b],
                    int(by_measure.membership[:, a].sum()),
                    int(by_measure.membership[:, b].sum()),
                    "; ".join(subscales[a]),
                    "; ".join(subscales[b]),
                    round(separability, 6),
                    round(low, 6),
                    round(high, 6),
                    "" if nearest is None else next(other for other in nearest if other != name),
                    round(nearest_value, 6),
                    bool(low > nearest_value),
                ]
            )
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)
