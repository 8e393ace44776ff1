"""How many distinct constructs does an instrument hold? Groups of constructs every two of which
a model can hardly tell apart: complete linkage on pair separability, cut at a threshold."""

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from .metrics import percentile_interval


def with_nested_as_one(
    separabilities: pd.Series, draws: np.ndarray, nested: pd.DataFrame
) -> tuple[pd.Series, np.ndarray]:
    """``separabilities`` and their ``draws`` (pairs × resamples) with every nested pair
    (``items.nested_constructs``: every item of one is an item of the other, so the pair has no
    separability of its own) at 0.5, indistinguishable: no item tells the two apart, so groups
    join them instead of keeping them apart as pairs without a value."""
    pairs = {frozenset((row.construct, row.within)) for row in nested.itertuples()}
    hit = np.array([frozenset(pair) in pairs for pair in separabilities.index], dtype=bool)
    if not hit.any():
        return separabilities, draws
    separabilities, draws = separabilities.copy(), draws.copy()
    separabilities[hit], draws[hit] = 0.5, 0.5
    return separabilities, draws


def _condensed_positions(separabilities: pd.Series, constructs: list[str]) -> np.ndarray:
    """Where each pair of ``separabilities`` sits in a condensed distance vector of ``constructs``."""
    index = {name: i for i, name in enumerate(constructs)}
    first = np.array([index[a] for a, _ in separabilities.index], dtype=int)
    second = np.array([index[b] for _, b in separabilities.index], dtype=int)
    i, j = np.minimum(first, second), np.maximum(first, second)
    n = len(constructs)
    return n * i - i * (i + 1) // 2 + (j - i - 1)


def _condensed(values: np.ndarray, positions: np.ndarray, n: int) -> np.ndarray:
    """Condensed distances: ``values`` at ``positions``; a pair without a value (a construct
    without a within-pair) counts as fully separable (1), so it never joins a group."""
    distance = np.ones(n * (n - 1) // 2)
    distance[positions] = np.where(np.isfinite(values), np.clip(values, 0, None), 1.0)
    return distance


def _labels(distance: np.ndarray, n: int, thresholds: list[float]) -> list[np.ndarray]:
    """Complete linkage of the condensed ``distance``, cut at each threshold: two branches join
    at the separability of their most separable pair of constructs, so every two constructs of a
    group have a separability of at most the threshold."""
    if n < 2:
        return [np.ones(n, dtype=int) for _ in thresholds]
    tree = linkage(distance, method="complete")
    return [fcluster(tree, threshold, criterion="distance") for threshold in thresholds]


def _distances(separabilities: pd.Series, constructs: list[str]) -> np.ndarray:
    """The condensed distances of ``separabilities`` among ``constructs``."""
    positions = _condensed_positions(separabilities, constructs)
    return _condensed(separabilities.to_numpy(dtype=float), positions, len(constructs))


def separability_matrix(separabilities: pd.Series, constructs: list[str]) -> np.ndarray:
    """Square matrix of ``pair_separabilities`` (1 where a pair has none, 0 on the diagonal)."""
    return squareform(_distances(separabilities, constructs))


def separability_tree(separabilities: pd.Series, constructs: list[str]) -> np.ndarray:
    """The complete-linkage tree ``group_labels`` cuts (at least two constructs), for a dendrogram."""
    return linkage(_distances(separabilities, constructs), method="complete")


def group_labels(separabilities: pd.Series, constructs: list[str], threshold: float) -> np.ndarray:
    """Group number of every construct: every two constructs of a group have a separability of at
    most ``threshold``; two groups would join only if every pair across them did."""
    return _labels(_distances(separabilities, constructs), len(constructs), [threshold])[0]


def group_of(separability: pd.DataFrame, threshold: float) -> dict[str, int]:
    """The group number (``group_labels``) of every construct of a table of construct pairs
    (construct_a, construct_b, separability; e.g. ``separability.tsv``)."""
    constructs = sorted(set(separability["construct_a"]) | set(separability["construct_b"]))
    values = separability.set_index(["construct_a", "construct_b"])["separability"]
    return dict(zip(constructs, group_labels(values, constructs, threshold), strict=True))


def groups_table(separabilities: pd.Series, n_items: pd.Series, threshold: float) -> pd.DataFrame:
    """One row per group at ``threshold``, largest first: its constructs, how many items they
    hold, the highest separability within it (every pair is at most this), and, since overlaps
    can chain (A with B, B with C, but not A with C), the constructs outside it that overlap one
    of its members (``also_overlaps``) and its least separable construct outside
    (``nearest_outside``, ``nearest_outside_separability``)."""
    constructs = list(n_items.index)
    matrix = separability_matrix(separabilities, constructs)
    labels = group_labels(separabilities, constructs, threshold)
    members = [np.flatnonzero(labels == label) for label in np.unique(labels)]
    members.sort(key=lambda group: (-len(group), constructs[group[0]]))
    rows = []
    for number, group in enumerate(members, start=1):
        outside = np.setdiff1d(np.arange(len(constructs)), group)
        inside = matrix[np.ix_(group, group)][np.triu_indices(len(group), k=1)]
        across = matrix[np.ix_(group, outside)]
        nearest = outside[across.min(axis=0).argmin()] if len(outside) else None
        rows.append(
            {
                "group": number,
                "n_constructs": len(group),
                "constructs": "; ".join(constructs[c] for c in group),
                "n_items": int(n_items.iloc[group].sum()),
                "max_separability_within": round(inside.max(), 6) if len(inside) else np.nan,
                "also_overlaps": "; ".join(constructs[c] for c in outside[(across <= threshold).any(axis=0)]),
                "nearest_outside": constructs[nearest] if nearest is not None else "",
                "nearest_outside_separability": round(across.min(), 6) if len(outside) else np.nan,
            }
        )
    return pd.DataFrame(rows)


def group_counts(
    separabilities: pd.Series, draws: np.ndarray, constructs: list[str], thresholds: list[float]
) -> pd.DataFrame:
    """Per threshold, how many groups the constructs form, with a 95 % interval over the
    resampled separabilities ``draws`` (pairs × resamples, rows in the order of
    ``separabilities``), and the groups per construct (1 = every construct told apart from
    every other at that threshold). A pair without a resampled value (one of its constructs too
    small to resample, ``metrics.MIN_RESAMPLED_ITEMS``) keeps its own separability in every
    resample, rather than counting as fully separable there; where no pair has one, the count
    has no interval."""
    n, positions = len(constructs), _condensed_positions(separabilities, constructs)

    def count(values: np.ndarray) -> list[int]:
        return [len(np.unique(labels)) for labels in _labels(_condensed(values, positions, n), n, thresholds)]

    values = separabilities.to_numpy(dtype=float)
    observed = count(values)
    if not np.isfinite(draws).any():  # nothing resampled: every pair's constructs too small
        draws = np.empty((len(values), 0))
    draws = np.where(np.isfinite(draws), draws, values[:, None]) if len(values) else draws
    resampled = np.array([count(column) for column in draws.T], dtype=float).reshape(-1, len(thresholds))
    rows = []
    for k, threshold in enumerate(thresholds):
        low, high = percentile_interval(resampled[:, k])
        rows.append(
            {
                "threshold": threshold,
                "n_constructs": n,
                "n_groups": observed[k],
                "ci_low": low,
                "ci_high": high,
                "groups_per_construct": round(observed[k] / n, 6) if n else np.nan,
            }
        )
    return pd.DataFrame(rows)


def group_count_table(
    item_sets: dict[str, tuple[pd.Series, np.ndarray, list[str]]], thresholds: list[float]
) -> pd.DataFrame:
    """``group_counts`` of several item sets, each given by name as (separabilities, draws,
    constructs), one after another with the set's name first (``group_counts.tsv``)."""
    counts = [
        group_counts(separabilities, draws, constructs, thresholds).assign(item_set=name)
        for name, (separabilities, draws, constructs) in item_sets.items()
    ]
    counts = pd.concat(counts, ignore_index=True)
    return counts[["item_set", *counts.columns[:-1]]]
