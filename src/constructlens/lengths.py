"""Longer items, less distinct? Same-construct against different-construct pairs among items of
like length.

Item sets differ in how long their items are: IPIP's are short phrases ("Am the life of the
party", a median of 5 words), leadership items longer (a median of 8, "Provides me with frequent
opportunities to develop new skills"). A longer item says more, and more that items of other constructs also say (the
leader, the team, work), so length alone could make one set look less distinct than another.
Scoring both kinds of pair only among items of one length band compares like with like: where
the gap between two item sets holds within every band, length does not explain it.
"""

import numpy as np
import pandas as pd

from .comparison import compare
from .measures import SUBSET_COLUMNS, PairSubset, pair_subset
from .metrics import ItemSet, bootstrap_weights, similarity_and_labels

COLUMNS = ["band", "min_words", "max_words", "n_texts", "median_words", *SUBSET_COLUMNS]


def word_counts(texts: list[str]) -> np.ndarray:
    """Words (runs of non-space characters) in each text."""
    return np.array([len(text.split()) for text in texts], dtype=int)


def length_bands(bounds: tuple[int, ...] | list[int]) -> list[tuple[str, int, int | None]]:
    """(name, fewest words, most words or None) of the bands the upper ``bounds`` cut: (5, 8) →
    words_1_5, words_6_8, words_9_up."""
    lows = [1, *(bound + 1 for bound in bounds)]
    highs = [*bounds, None]
    return [
        (f"words_{low}_{high}" if high is not None else f"words_{low}_up", low, high)
        for low, high in zip(lows, highs, strict=True)
    ]


def band_words(low: int, high: int | None) -> str:
    """A band's word range as prose writes it: 1–5, 9 or more."""
    return f"{low}–{high}" if high is not None else f"{low} or more"


def length_subsets(
    item_set: ItemSet, bounds: tuple[int, ...] | list[int], n_resamples: int, seed: int
) -> dict[str, PairSubset]:
    """Per band of ``length_bands(bounds)``, and for ``all`` texts: same-construct pairs of two
    texts of the band against the different-construct pairs of two texts of the band, with a
    construct-bootstrap interval (the same resamples as the other metrics)."""
    band_of = np.searchsorted(np.asarray(bounds), word_counts(item_set.texts), side="left")
    similarity, same = similarity_and_labels(item_set)
    a, b = np.triu_indices(len(similarity), k=1)
    scores, positive = similarity[a, b], same[a, b]
    home_a, home_b = item_set.home[a], item_set.home[b]
    weights = bootstrap_weights(len(item_set.constructs), n_resamples, seed)
    within = {"all": np.ones(len(a), dtype=bool)}
    within |= {
        name: (band_of[a] == k) & (band_of[b] == k) for k, (name, _, _) in enumerate(length_bands(bounds))
    }
    return {
        name: pair_subset(scores, positive & kept, ~positive & kept, home_a, home_b, weights)
        for name, kept in within.items()
    }


def length_table(item_set: ItemSet, bounds, subsets: dict[str, PairSubset]) -> pd.DataFrame:
    """One row per band (and ``all``): its word range, texts and their median length,
    constructs with same-construct pairs in it, those pairs' count and mean cosine, and their
    pair AUC with its interval."""
    words = word_counts(item_set.texts)
    ranges = {"all": (int(words.min()), int(words.max()))} | {
        name: (low, high) for name, low, high in length_bands(bounds)
    }
    rows = []
    for name, subset in subsets.items():
        low, high = ranges[name]
        in_band = (words >= low) & (words <= (high if high is not None else words.max()))
        median = float(np.median(words[in_band])) if in_band.any() else np.nan
        rows.append([name, low, high, int(in_band.sum()), median, *subset.cells()])
    return pd.DataFrame(rows, columns=COLUMNS).astype({"max_words": "Int64"})


def length_tables(scored, bounds, n_resamples: int, seed: int):
    """``length_table`` of every (dataset, split, items, item set) of ``scored``
    (``evaluation.scored_sets``), and the subsets behind it by dataset."""
    tables, subsets = [], {}
    for dataset, split, _, item_set in scored:
        subsets[dataset] = length_subsets(item_set, bounds, n_resamples, seed)
        tables.append(length_table(item_set, bounds, subsets[dataset]).assign(dataset=dataset, split=split))
    return pd.concat(tables, ignore_index=True)[["dataset", "split", *COLUMNS]], subsets


def like_length(first: dict[str, PairSubset], second: dict[str, PairSubset]) -> pd.DataFrame:
    """IPIP test (``first``) against a target (``second``) within each length band where both
    have an AUC, as rows ``pair_auc_<band>`` of ``comparison.compare`` (bootstrap interval and
    test)."""
    metrics = {
        f"pair_auc_{name}": (first[name].auc, second[name].auc)
        for name in first
        if name != "all" and np.isfinite([first[name].auc.value, second[name].auc.value]).all()
    }
    return compare(
        {name: pair[0] for name, pair in metrics.items()},
        {name: pair[1] for name, pair in metrics.items()},
        metrics=tuple(metrics),
    )
