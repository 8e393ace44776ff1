"""Apply one model to a target item set: clusters, overlap, distinctiveness, nearest IPIP constructs."""

import itertools
import math

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import squareform

from .comparison import holm_adjusted
from .metrics import (
    CI_LEVEL,
    CI_Z,
    MIN_RESAMPLED_ITEMS,
    ItemSet,
    bias_corrected_bounds,
    bias_corrected_interval,
    centroid_cosines,
    kmeans_labels,
    pair_auc,
    per_construct_auc,
    similarity_and_labels,
    weighted_auc,
)
from .processes import in_processes


def cluster_items(item_set: ItemSet, seed: int, n_init: int) -> pd.DataFrame:
    """KMeans with k = number of constructs; one row per (text, construct) with its cluster."""
    k = len(item_set.constructs)
    clusters = kmeans_labels(item_set.embeddings, k, n_init, seed)
    rows = [
        {"text": text, "construct": item_set.constructs[c], "cluster": int(clusters[i])}
        for i, text in enumerate(item_set.texts)
        for c in np.flatnonzero(item_set.membership[i])
    ]
    return pd.DataFrame(rows)


def confusion_matrix(assignments: pd.DataFrame) -> pd.DataFrame:
    """Construct × cluster item counts."""
    return pd.crosstab(assignments["construct"], assignments["cluster"]).rename_axis(
        index="construct", columns="cluster"
    )


def cluster_composition(assignments: pd.DataFrame) -> pd.DataFrame:
    """Per cluster: size, dominant construct and its share, and every construct's count."""
    rows = []
    for cluster, group in assignments.groupby("cluster", sort=True):
        counts = group["construct"].value_counts()
        counts = counts.sort_index().sort_values(ascending=False, kind="stable")
        rows.append(
            {
                "cluster": cluster,
                "n_items": len(group),
                "dominant_construct": counts.index[0],
                "dominant_share": round(counts.iloc[0] / len(group), 4),
                "composition": "; ".join(f"{c} ({n})" for c, n in counts.items()),
            }
        )
    return pd.DataFrame(rows)


def construct_similarity(item_set: ItemSet) -> pd.DataFrame:
    """Mean cosine between the items of construct a and those of construct b, never pairing a
    text with itself (so the diagonal is the mean within-construct similarity)."""
    similarity = item_set.embeddings @ item_set.embeddings.T
    member = item_set.membership.astype(np.float64)
    sizes = member.sum(axis=0)
    sums = member.T @ similarity @ member - member.T @ (np.diag(similarity)[:, None] * member)
    counts = np.outer(sizes, sizes) - member.T @ member
    means = sums / np.where(counts > 0, counts, np.nan)
    return pd.DataFrame(means, index=item_set.constructs, columns=item_set.constructs).rename_axis(
        "construct"
    )


def item_fit(item_set: ItemSet) -> pd.DataFrame:
    """Per item and construct it belongs to: cosine to that construct's centroid computed
    without the item (``own``) and to the centroid of every construct it is not in, the
    closest such construct, ``margin`` = own − closest other and ``fits`` (own > closest other):
    leave-one-out nearest-centroid assignment (``centroid_cosines``; the run's ``centroid_fit``
    metric is the share of items that fit). Items with the lowest margin first within each
    construct: the ones worded more like another."""
    cosines = centroid_cosines(item_set)
    rows = []
    for i, text in enumerate(item_set.texts):
        others = np.where(item_set.membership[i], np.nan, cosines[i])
        closest = int(np.nanargmax(others)) if np.isfinite(others).any() else None
        best = others[closest] if closest is not None else np.nan
        for c in np.flatnonzero(item_set.membership[i]):
            own = cosines[i, c]
            rows.append(
                {
                    "construct": item_set.constructs[c],
                    "text": text,
                    "own_similarity": round(float(own), 6),
                    "closest_other_construct": item_set.constructs[closest] if closest is not None else "",
                    "closest_other_similarity": round(float(best), 6),
                    "margin": round(float(own - best), 6),
                    "fits": bool(own > best),
                }
            )
    table = pd.DataFrame(rows)
    return table.sort_values(["construct", "margin", "text"], kind="stable").reset_index(drop=True)


def item_fit_summary(fit: pd.DataFrame) -> pd.DataFrame:
    """Per construct: items, how many sit closer to their own construct than to any other, that
    share, and the construct their misfitting items most often sit closer to."""
    rows = []
    for name, group in fit.groupby("construct", sort=True):
        misfits = group.loc[~group["fits"], "closest_other_construct"].value_counts()
        misfits = misfits.sort_index().sort_values(ascending=False, kind="stable")
        rows.append(
            {
                "construct": name,
                "n_items": len(group),
                "n_fit": int(group["fits"].sum()),
                "share_fit": round(float(group["fits"].mean()), 4),
                "misfits_closest_to": "; ".join(f"{c} ({n})" for c, n in misfits.items()),
            }
        )
    return pd.DataFrame(rows).sort_values("share_fit", ascending=False, kind="stable")


def _separability_blocks(
    item_set: ItemSet, a: int, b: int, similarity: np.ndarray | None = None
) -> list[tuple[np.ndarray, ...]]:
    """For each of constructs ``a`` and ``b``, its within-pairs followed by the a × b pairs
    (texts of both constructs left out): scores (cosines, or ``similarity``'s entries where
    given, its missing ones left out), which are within-pairs, and the two texts of every pair."""
    only_a = np.flatnonzero(item_set.membership[:, a] & ~item_set.membership[:, b])
    only_b = np.flatnonzero(item_set.membership[:, b] & ~item_set.membership[:, a])

    def scores(rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        if similarity is None:
            return item_set.embeddings[rows] @ item_set.embeddings[columns].T
        return similarity[np.ix_(rows, columns)]

    between = scores(only_a, only_b).ravel()
    between_first, between_second = np.repeat(only_a, len(only_b)), np.tile(only_b, len(only_a))
    blocks = []
    for own in (only_a, only_b):
        i, j = np.triu_indices(len(own), k=1)
        within = scores(own, own)[i, j]
        is_within = np.r_[np.ones(len(within), bool), np.zeros(len(between), bool)]
        first, second = np.r_[own[i], between_first], np.r_[own[j], between_second]
        block = np.concatenate([within, between])
        known = ~np.isnan(block)
        blocks.append((block[known], is_within[known], first[known], second[known]))
    return blocks


def pair_separability(
    item_set: ItemSet, a: int, b: int, weights: np.ndarray | None = None, similarity: np.ndarray | None = None
) -> float | np.ndarray:
    """How well cosines tell constructs ``a`` and ``b`` apart: the AUC of each construct's
    within-pairs against the a × b pairs, averaged over the two constructs (each weighted
    equally). 0.5 = indistinguishable, 1 = fully separated. Rank-based, so a model that lifts
    every cosine at once (as fine-tuning does) does not look more overlapping. Texts of both
    constructs are left out; a construct with one own text has no within-pair and drops out.
    With ``weights`` (B, texts), e.g. ``item_bootstrap_weights``, the B resampled values (NaN
    where either construct has fewer than ``MIN_RESAMPLED_ITEMS`` own texts: resampling them
    would hold their wording fixed); with ``similarity`` (texts × texts, NaN where unknown), its
    scores in place of the cosines."""
    if weights is not None:
        pair = item_set.membership[:, [a, b]]
        own_texts = (pair & ~pair[:, ::-1]).sum(axis=0)
        if own_texts.min() < MIN_RESAMPLED_ITEMS:
            return np.full(len(weights), np.nan)
    aucs = []
    for scores, is_within, first, second in _separability_blocks(item_set, a, b, similarity):
        if not is_within.any():
            continue
        if weights is None:
            aucs.append(pair_auc(scores, is_within))
        else:
            aucs.append(weighted_auc(scores, is_within, first, second, weights))
    if weights is None:
        return float(np.mean(aucs)) if aucs else float("nan")
    if not aucs:
        return np.full(len(weights), np.nan)
    stacked = np.vstack(aucs)
    known = np.isfinite(stacked)  # a resample drawing one text of a construct has no within-pair
    with np.errstate(invalid="ignore"):
        return np.where(known, stacked, 0).sum(axis=0) / known.sum(axis=0)


def item_bootstrap_weights(item_set: ItemSet, n_resamples: int, seed: int) -> np.ndarray:
    """(B, texts) weights of a stratified item bootstrap: each construct's texts (by home
    construct) drawn with replacement, a text's weight the number of times it was drawn."""
    rng = np.random.default_rng(seed)
    home = item_set.home
    weights = np.zeros((n_resamples, len(home)))
    for c in range(len(item_set.constructs)):
        members = np.flatnonzero(home == c)
        draws = rng.integers(0, len(members), size=(n_resamples, len(members)))
        offsets = np.arange(n_resamples)[:, None] * len(members)
        counts = np.bincount((offsets + draws).ravel(), minlength=n_resamples * len(members))
        weights[:, members] = counts.reshape(n_resamples, len(members))
    return weights


PAIRS_PER_PROCESS = 500  # fewer pairs than this to a worker process do not repay starting it


def _pair_draws(item_set: ItemSet, pairs: list[tuple[int, int]], weights: np.ndarray) -> np.ndarray:
    """(pairs, resamples): ``pair_separability`` of each (a, b) of ``pairs`` under ``weights``."""
    return np.vstack([pair_separability(item_set, a, b, weights) for a, b in pairs])


def separability_draws(
    item_set: ItemSet, separabilities: pd.Series, n_resamples: int, seed: int, workers: int = 1
) -> np.ndarray:
    """(pairs, resamples): the separability of every pair of ``separabilities`` (in its order)
    under each of ``n_resamples`` stratified item bootstraps (``item_bootstrap_weights``). With
    ``workers`` > 1 and at least ``PAIRS_PER_PROCESS`` pairs per process (an item bank's
    thousands), consecutive shares of the pairs go to worker processes: the same values."""
    weights = item_bootstrap_weights(item_set, n_resamples, seed)
    index = {name: c for c, name in enumerate(item_set.constructs)}
    pairs = [(index[a], index[b]) for a, b in separabilities.index]
    if not pairs:
        return np.empty((0, n_resamples))
    processes = max(1, min(workers, len(pairs) // PAIRS_PER_PROCESS))
    shares = np.array_split(np.arange(len(pairs)), processes)
    tasks = [(item_set, [pairs[i] for i in share], weights) for share in shares]
    return np.vstack(in_processes(_pair_draws, tasks, processes))


def share_at_most(draws: np.ndarray, threshold: float) -> np.ndarray:
    """Along the last axis of ``draws``, the share of the finite values at most ``threshold``
    (NaN where there is none)."""
    known = np.isfinite(draws)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (known & (draws <= threshold)).sum(axis=-1) / known.sum(axis=-1)


def joint_intervals(
    values: np.ndarray, draws: np.ndarray, level: float = CI_LEVEL
) -> tuple[np.ndarray, np.ndarray]:
    """Intervals around ``values`` (one per row of ``draws``, its resampled values; the rows
    resampled together) that cover all of them at once with probability ``level``: every row's
    bias-corrected percentile interval (``bias_corrected_bounds``) widened to one common
    nominal level, the narrowest at which all rows lie inside their intervals in a share
    ``level`` of the resamples (simultaneous bootstrap intervals). Where one interval per value
    would let one pair in twenty miss by chance, these hold for the family; each contains its
    row's own 95 % interval; a row that does not vary keeps its value; NaN without resamples."""
    if draws.shape[-1] == 0:
        return np.full(len(values), np.nan), np.full(len(values), np.nan)
    unknown = ~np.isfinite(draws)  # a resample without a value constrains nothing
    bounds = bias_corrected_bounds(values, draws)

    def share_inside(z: float) -> float:
        low, high = bounds(z)
        with np.errstate(invalid="ignore"):
            inside = unknown | ((draws >= low[:, None]) & (draws <= high[:, None]))
        return float(inside[np.isfinite(low)].all(axis=0).mean())

    narrow, wide = CI_Z, CI_Z + 20.0  # at the wide end every interval spans its resamples
    if share_inside(narrow) < level:
        for _ in range(30):  # bisection on z: the share inside grows with it
            middle = (narrow + wide) / 2
            narrow, wide = (narrow, middle) if share_inside(middle) >= level else (middle, wide)
        narrow = wide
    return bounds(narrow)


def with_resampling_columns(
    table: pd.DataFrame, separabilities: pd.Series, draws: np.ndarray, threshold: float
) -> pd.DataFrame:
    """``table`` (pairs by construct_a, construct_b; e.g. ``overlapping_pairs``) with, after
    ``ci_high``, what the item resamples ``draws`` (``separability_draws``, in the order of
    ``separabilities``) say beyond each pair's own interval: ``joint_ci_low`` and
    ``joint_ci_high``, intervals that hold for every pair at once (``joint_intervals``), and
    ``overlap_support``, the share of resamples in which the pair is separable at most
    ``threshold`` (1 or 0: the items, not the sample of them, put the pair on its side of the
    threshold; a pair near it overlaps in about half). Resamples without a value (a construct
    drawn with one text) are left out; NaN without resamples."""
    low, high = joint_intervals(separabilities.to_numpy(dtype=float), draws)
    columns = pd.DataFrame(
        {
            "joint_ci_low": np.round(low, 6),
            "joint_ci_high": np.round(high, 6),
            "overlap_support": np.round(share_at_most(draws, threshold), 6),
        },
        index=separabilities.index,
    ).reindex(pd.MultiIndex.from_frame(table[["construct_a", "construct_b"]]))
    table = table.copy()
    at = table.columns.get_loc("ci_high") + 1
    for offset, name in enumerate(columns.columns):
        table.insert(at + offset, name, columns[name].to_numpy())
    return table


def overlapping_pairs(
    item_set: ItemSet,
    similarity: pd.DataFrame,
    separabilities: pd.Series,
    threshold: float,
    draws: np.ndarray | None = None,
) -> pd.DataFrame:
    """Construct pairs whose separability (``pair_separabilities``) is at most ``threshold``,
    most overlapping first, with a 95 % interval from their resampled values ``draws``
    (``separability_draws``; NaN without; an interval reaching 0.5 means the items do not tell
    the two apart beyond chance), and their mean between- and within-construct cosines and the
    ratio of the two. ``threshold=np.inf`` lists every pair (``separability.tsv``)."""
    rows = []
    values = separabilities.to_numpy(dtype=float)
    lows, highs = (values * np.nan,) * 2 if draws is None else bias_corrected_bounds(values, draws)(CI_Z)
    for k, ((a, b), separability) in enumerate(separabilities.items()):
        if not separability <= threshold:  # also skips a pair without any within-pair
            continue
        low, high = lows[k], highs[k]
        between = similarity.loc[a, b]
        within = (similarity.loc[a, a] + similarity.loc[b, b]) / 2
        rows.append(
            {
                "construct_a": a,
                "construct_b": b,
                "separability": round(separability, 6),
                "ci_low": round(low, 6),
                "ci_high": round(high, 6),
                "mean_similarity_between": round(between, 6),
                "mean_similarity_within": round(within, 6),
                "between_to_within": round(between / within, 6),
            }
        )
    columns = [
        "construct_a",
        "construct_b",
        "separability",
        "ci_low",
        "ci_high",
        "mean_similarity_between",
        "mean_similarity_within",
        "between_to_within",
    ]
    return pd.DataFrame(rows, columns=columns).sort_values("separability", kind="stable")


def _pooled(target: ItemSet, t: int, reference: ItemSet, r: int) -> ItemSet:
    """Target construct ``t`` and reference construct ``r`` as two constructs of one set (an
    item worded identically in both counts as one item of each, alike as can be)."""
    own = target.embeddings[target.membership[:, t]]
    other = reference.embeddings[reference.membership[:, r]]
    membership = np.zeros((len(own) + len(other), 2), dtype=bool)
    membership[: len(own), 0] = membership[len(own) :, 1] = True
    texts = [f"target:{i}" for i in range(len(own))] + [f"reference:{i}" for i in range(len(other))]
    return ItemSet(np.vstack([own, other]), membership, ["target", "reference"], texts)


def cross_separability(
    target: ItemSet, t: int, reference: ItemSet, r: int, n_resamples: int = 0, seed: int = 0
) -> tuple[float, float, float, np.ndarray]:
    """``pair_separability`` of target construct ``t`` and reference construct ``r``, their
    items pooled as two constructs of one set, with a 95 % interval from ``n_resamples`` item
    bootstraps (NaN without): (separability, ci_low, ci_high, the resampled values)."""
    pooled = _pooled(target, t, reference, r)
    if not n_resamples:
        return pair_separability(pooled, 0, 1), np.nan, np.nan, np.empty(0)
    resampled = pair_separability(pooled, 0, 1, item_bootstrap_weights(pooled, n_resamples, seed))
    separability = pair_separability(pooled, 0, 1)
    return separability, *bias_corrected_interval(separability, resampled), resampled


def nearest_constructs(
    target: ItemSet,
    reference: ItemSet,
    k: int,
    threshold: float,
    reference_name: str = "ipip",
    n_resamples: int = 0,
    seed: int = 0,
) -> pd.DataFrame:
    """For each target construct, the ``k`` reference constructs (IPIP, or another target,
    named in the column ``<reference_name>_construct``) its items resemble most: mean cosine
    of the construct's items to each reference construct's centroid (the normalised mean of
    its item embeddings); and whether the two are told apart at all: ``cross_separability``
    with a 95 % interval from ``n_resamples`` item bootstraps (NaN without) and the share of
    them at most ``threshold`` (``overlap_support``), ``overlapping`` when it is at most
    ``threshold`` (the bar of ``overlapping_pairs``). Mean cosines rank
    the candidates; separability, being rank-based, also compares across models, which lift
    all cosines by different amounts."""
    member = reference.membership.astype(np.float64)
    centroids = (member.T @ reference.embeddings) / member.sum(axis=0)[:, None]
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    target_member = target.membership.astype(np.float64)
    target_means = (target_member.T @ target.embeddings) / target_member.sum(axis=0)[:, None]
    scores = target_means @ centroids.T
    rows = []
    for t, name in enumerate(target.constructs):
        for rank, r in enumerate(np.argsort(-scores[t], kind="stable")[:k]):
            separability, low, high, draws = cross_separability(target, t, reference, r, n_resamples, seed)
            rows.append(
                {
                    "construct": name,
                    "rank": rank + 1,
                    f"{reference_name}_construct": reference.constructs[r],
                    "mean_cosine": round(float(scores[t, r]), 6),
                    "separability": round(separability, 6),
                    "ci_low": round(low, 6),
                    "ci_high": round(high, 6),
                    "overlap_support": round(float(share_at_most(draws, threshold)), 6),
                    "overlapping": bool(separability <= threshold),
                }
            )
    return pd.DataFrame(rows)


def _closest_pairs(
    first: np.ndarray, second: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row and column of the ``k`` most similar (row of ``first``, row of ``second``) pairs of
    embeddings and their cosines, most similar first (ties in index order)."""
    block = first @ second.T
    order = np.argsort(-block.ravel(), kind="stable")[:k]
    rows, columns = np.unravel_index(order, block.shape)
    return rows, columns, block[rows, columns]


def closest_items(item_set: ItemSet, separabilities: pd.Series, k: int, threshold: float) -> pd.DataFrame:
    """The wording behind an overlap: for every construct pair, the ``k`` most similar pairs of
    one item of each (texts of both constructs left out, as in ``pair_separability``), with the
    pair's separability (``pair_separabilities``) and ``overlapping`` (at most ``threshold``);
    the least separable construct pair first."""
    index = {name: c for c, name in enumerate(item_set.constructs)}
    rows = []
    for (name_a, name_b), separability in separabilities.sort_values(kind="stable").items():
        in_a, in_b = item_set.membership[:, index[name_a]], item_set.membership[:, index[name_b]]
        only_a, only_b = np.flatnonzero(in_a & ~in_b), np.flatnonzero(in_b & ~in_a)
        found = _closest_pairs(item_set.embeddings[only_a], item_set.embeddings[only_b], k)
        for rank, (i, j, cosine) in enumerate(zip(*found, strict=True), start=1):
            rows.append(
                {
                    "construct_a": name_a,
                    "construct_b": name_b,
                    "separability": round(separability, 6),
                    "overlapping": bool(separability <= threshold),
                    "rank": rank,
                    "similarity": round(float(cosine), 6),
                    "text_a": item_set.texts[only_a[i]],
                    "text_b": item_set.texts[only_b[j]],
                }
            )
    columns = [
        "construct_a",
        "construct_b",
        "separability",
        "overlapping",
        "rank",
        "similarity",
        "text_a",
        "text_b",
    ]
    return pd.DataFrame(rows, columns=columns)


def nearest_items(
    target: ItemSet, reference: ItemSet, nearest: pd.DataFrame, k: int, reference_name: str = "ipip"
) -> pd.DataFrame:
    """For every row of ``nearest_constructs``'s table (a target construct and one of its nearest
    reference constructs), the ``k`` most similar pairs of one item of each: the wording behind
    the resemblance. An item worded identically in both scores 1."""
    column = f"{reference_name}_construct"
    target_index = {name: c for c, name in enumerate(target.constructs)}
    reference_index = {name: c for c, name in enumerate(reference.constructs)}
    rows = []
    for row in nearest.to_dict("records"):
        own = np.flatnonzero(target.membership[:, target_index[row["construct"]]])
        other = np.flatnonzero(reference.membership[:, reference_index[row[column]]])
        found = _closest_pairs(target.embeddings[own], reference.embeddings[other], k)
        for rank, (i, j, cosine) in enumerate(zip(*found, strict=True), start=1):
            rows.append(
                {
                    "construct": row["construct"],
                    column: row[column],
                    "nearest_rank": row["rank"],
                    "separability": row["separability"],
                    "overlapping": row["overlapping"],
                    "rank": rank,
                    "similarity": round(float(cosine), 6),
                    "text": target.texts[own[i]],
                    f"{reference_name}_text": reference.texts[other[j]],
                }
            )
    columns = ["construct", column, "nearest_rank", "separability", "overlapping", "rank", "similarity"]
    return pd.DataFrame(rows, columns=[*columns, "text", f"{reference_name}_text"])


ITEM_DETAIL_COLUMNS = ("text_original", "measure", "subscale", "instrument", "key")


def with_item_details(pairs: pd.DataFrame, items: pd.DataFrame, names: str) -> pd.DataFrame:
    """``pairs`` with where one of its items comes from: the ``ITEM_DETAIL_COLUMNS`` that
    ``items`` has (source wording, measure, subscale, IPIP instrument, scoring key) of the item
    in the columns ``names.format("construct")`` and ``names.format("text")``, each named
    ``names.format(column)`` (e.g. ``"{}_a"`` → ``measure_a``)."""
    columns = [c for c in ITEM_DETAIL_COLUMNS if c in items]
    details = items[["construct", "text", *columns]].drop_duplicates(["construct", "text"])
    details = details.rename(columns={c: names.format(c) for c in ["construct", "text", *columns]})
    return pairs.merge(details, on=[names.format("construct"), names.format("text")], how="left")


def distinctiveness(item_set: ItemSet, n_resamples: int, seed: int) -> pd.DataFrame:
    """Per construct, ranked: pair AUC of its within-construct pairs against the pairs linking
    its items to items of no shared construct, with a 95 % interval from resampling items
    within every construct (a stratified item bootstrap), and intervals from the same resamples
    that hold for all constructs at once (``joint_ci_low``, ``joint_ci_high``; ``joint_intervals``).
    A construct of fewer than ``MIN_RESAMPLED_ITEMS`` texts gets neither: its one own pair is in
    every resample that has it, so only its pairs with other constructs would vary."""
    similarity, same = similarity_and_labels(item_set)
    weights = item_bootstrap_weights(item_set, n_resamples, seed)
    rows, draws = [], []
    for c, name in enumerate(item_set.constructs):
        members = np.flatnonzero(item_set.membership[:, c])
        within_a, within_b = np.triu_indices(len(members), k=1)
        member_index, stranger = np.nonzero(~same[members])  # pairs with no shared construct
        first = np.r_[members[within_a], members[member_index]]
        second = np.r_[members[within_b], stranger]
        scores = similarity[first, second]
        positive = np.r_[np.ones(len(within_a), bool), np.zeros(len(stranger), bool)]
        samples = (
            weighted_auc(scores, positive, first, second, weights)
            if len(members) >= MIN_RESAMPLED_ITEMS
            else np.full(len(weights), np.nan)
        )
        draws.append(samples)
        auc = pair_auc(scores, positive)
        low, high = bias_corrected_interval(auc, samples)  # NaN without resamples
        rows.append(
            {
                "construct": name,
                "n_items": len(members),
                "auc": auc,
                "ci_low": float(low),
                "ci_high": float(high),
            }
        )
    table = pd.DataFrame(rows)
    joint = joint_intervals(table["auc"].to_numpy(dtype=float), np.vstack(draws))
    table.insert(table.columns.get_loc("ci_high") + 1, "joint_ci_low", joint[0])
    table.insert(table.columns.get_loc("joint_ci_low") + 1, "joint_ci_high", joint[1])
    table = table.sort_values("auc", ascending=False, kind="stable")
    return table.assign(rank=np.arange(1, len(table) + 1)).reset_index(drop=True)


def share_below(reference: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per value, the share of the finite ``reference`` values below it, ties counting one half
    (NaN for a missing value or an empty reference)."""
    reference = np.sort(reference[np.isfinite(reference)])
    below = np.searchsorted(reference, values, side="left") + np.searchsorted(reference, values, side="right")
    return np.where(np.isfinite(values) & (len(reference) > 0), below / max(2 * len(reference), 1), np.nan)


def against_reference(distinct: pd.DataFrame, reference_aucs: np.ndarray) -> pd.DataFrame:
    """``distinctiveness`` with where each construct would rank among reference constructs
    (the held-out IPIP test constructs under the same model): ``ipip_share_below``, the share of
    ``reference_aucs`` below its AUC (ties count one half), and ``ipip_constructs``, how many
    reference AUCs there are (constructs without one, of a single text, are left out)."""
    share = share_below(reference_aucs, distinct["auc"].to_numpy(dtype=float))
    return distinct.assign(ipip_share_below=share, ipip_constructs=int(np.isfinite(reference_aucs).sum()))


def reference_pairs(item_set: ItemSet, min_items: int) -> pd.Series:
    """``pair_separabilities`` of the pairs of constructs with at least ``min_items`` texts each
    (fewer give erratic values: two texts have one within-pair), least separable first."""
    large = np.flatnonzero(item_set.membership.sum(axis=0) >= min_items)
    return pair_separabilities(item_set, among=large).dropna().sort_values(kind="stable")


def pairs_against_reference(overlaps: pd.DataFrame, reference: pd.Series) -> pd.DataFrame:
    """``overlapping_pairs`` with where each pair would rank among ``reference_pairs`` (those of
    the held-out IPIP test constructs under the same model): ``ipip_share_below``, the share of
    them less separable (ties count one half; 0: less separable than every one), ``ipip_pairs``,
    how many there are, and the one nearest in separability (``ipip_like_pair``, the least
    separable of ties, and its ``ipip_like_separability``), a personality pair as hard to tell apart."""
    values = reference.to_numpy(dtype=float)
    separability = overlaps["separability"].to_numpy(dtype=float)
    nearest = np.abs(values[None, :] - separability[:, None]).argmin(axis=1) if len(values) else None
    return overlaps.assign(
        ipip_share_below=share_below(values, separability).round(6),
        ipip_pairs=len(values),
        ipip_like_pair=[" – ".join(reference.index[i]) for i in nearest] if len(values) else None,
        ipip_like_separability=values[nearest].round(6) if len(values) else np.nan,
    )


def separability_table(
    item_set: ItemSet, separabilities: pd.Series, draws: np.ndarray, reference: pd.Series, threshold: float
) -> pd.DataFrame:
    """Every construct pair of ``item_set``, least separable first (``separability.tsv``): its
    separability with its interval and mean cosines (``overlapping_pairs``), where it ranks among
    the ``reference`` pairs (``pairs_against_reference``) and what the item resamples ``draws``
    say of it (``with_resampling_columns``, at the overlap ``threshold``)."""
    similarity = construct_similarity(item_set)
    every_pair = overlapping_pairs(item_set, similarity, separabilities, np.inf, draws)
    every_pair = pairs_against_reference(every_pair, reference)
    return with_resampling_columns(every_pair, separabilities, draws, threshold)


def redundancy(item_set: ItemSet, n_permutations: int, seed: int, alpha: float = 0.05) -> pd.DataFrame:
    """Every pair of constructs: is between-construct similarity lower than within-construct
    similarity? Within is the mean of the two constructs' own within means, each construct
    weighted equally (as in HTMT), so a small coherent construct is not drowned by a large
    loose one. Permutation test relabelling the two constructs' items (sizes kept): exact, over
    every relabelling, when there are at most ``n_permutations`` of them, else
    ``n_permutations`` random ones. A pair whose difference is not significant at ``alpha`` is
    flagged ``redundant``; when the items are too few for any relabelling to reach ``alpha``
    (``smallest_p``, the smallest p-value the test as run can give: 0.1 for two constructs of
    three items) ``redundant`` is left empty, since the test could not have found a difference.
    ``ratio`` = between / within (HTMT's form; 1 = as alike across as within): with many items
    even a small difference is significant, so read the two together. ``p_holm`` adjusts the
    p-values over every pair in the table (Holm), for the claim that the pairs below ``alpha`` all
    differ at once; ``redundant`` stays uncorrected, so that a pair is only called redundant
    when even a test of it alone finds no difference. Texts that belong to both constructs are
    left out of that pair's test."""
    similarity = item_set.embeddings @ item_set.embeddings.T
    np.fill_diagonal(similarity, 0.0)
    rng = np.random.default_rng(seed)
    rows = []
    names = item_set.constructs
    for a in range(len(names)):
        for b in range(a + 1, len(names)):
            in_a, in_b = item_set.membership[:, a], item_set.membership[:, b]
            chosen = np.flatnonzero(in_a ^ in_b)
            labels = in_a[chosen].astype(np.float64)
            n_a, n_b = int(labels.sum()), int(len(labels) - labels.sum())
            if n_a < 2 or n_b < 2:
                continue
            block = similarity[np.ix_(chosen, chosen)]
            relabellings = math.comb(n_a + n_b, n_a)
            if relabellings <= n_permutations:
                # swapping the two labels when the sizes are equal leaves the statistic unchanged
                smallest_p = (2 if n_a == n_b else 1) / relabellings
                null = _within_minus_between(block, _every_labelling(n_a, n_b), n_a, n_b)
                observed = _within_minus_between(block, labels[None, :], n_a, n_b)[0]
                p_value = float(np.mean(null >= observed - 1e-12))
            else:
                smallest_p = 1 / (n_permutations + 1)
                shuffled = rng.permuted(np.broadcast_to(labels, (n_permutations, len(labels))), axis=1)
                differences = _within_minus_between(block, np.vstack([labels, shuffled]), n_a, n_b)
                observed, null = differences[0], differences[1:]
                p_value = float((np.sum(null >= observed - 1e-12) + 1) / (n_permutations + 1))
            within, between = _within_between_means(block, labels, n_a, n_b)
            rows.append(
                {
                    "construct_a": names[a],
                    "construct_b": names[b],
                    "mean_similarity_within": round(within, 6),
                    "mean_similarity_between": round(between, 6),
                    "difference": round(within - between, 6),
                    "ratio": round(between / within, 6),
                    "p_value": p_value,
                    "smallest_p": smallest_p,
                    "redundant": p_value >= alpha if smallest_p < alpha else None,
                }
            )
    columns = [
        "construct_a",
        "construct_b",
        "mean_similarity_within",
        "mean_similarity_between",
        "difference",
        "ratio",
        "p_value",
        "p_holm",
        "smallest_p",
        "redundant",
    ]
    table = pd.DataFrame(rows, columns=columns).astype({"redundant": "boolean"})
    # rounded, so that 55 × 0.0001 is written 0.0055, not 0.0055000000000000005
    table["p_holm"] = holm_adjusted(table["p_value"].to_numpy()).round(12)
    return table.sort_values(["redundant", "ratio"], ascending=[False, False], na_position="last")


def _every_labelling(n_a: int, n_b: int) -> np.ndarray:
    """Every 0/1 labelling of ``n_a + n_b`` items with ``n_a`` ones, one per row."""
    combos = np.array(list(itertools.combinations(range(n_a + n_b), n_a)))
    labels = np.zeros((len(combos), n_a + n_b))
    labels[np.arange(len(combos))[:, None], combos] = 1.0
    return labels


def _within_between_means(block: np.ndarray, labels: np.ndarray, n_a: int, n_b: int) -> tuple[float, float]:
    other = 1.0 - labels
    within_a = labels @ block @ labels / (n_a * (n_a - 1))
    within_b = other @ block @ other / (n_b * (n_b - 1))
    return float((within_a + within_b) / 2), float(labels @ block @ other / (n_a * n_b))


def _within_minus_between(block: np.ndarray, labels: np.ndarray, n_a: int, n_b: int) -> np.ndarray:
    """Mean within- minus mean between-construct similarity for each row of 0/1 ``labels``."""
    total = block.sum()
    projected = labels @ block
    sum_aa = (projected * labels).sum(axis=1)
    sum_ab = (projected * (1.0 - labels)).sum(axis=1)
    sum_bb = total - 2 * sum_ab - sum_aa
    within = (sum_aa / (n_a * (n_a - 1)) + sum_bb / (n_b * (n_b - 1))) / 2
    return within - sum_ab / (n_a * n_b)


def construct_linkage(similarity: pd.DataFrame) -> np.ndarray:
    """Average-linkage tree of constructs, distance = 1 − mean between-construct cosine."""
    distance = 1.0 - similarity.to_numpy()
    distance = (distance + distance.T) / 2
    np.fill_diagonal(distance, 0.0)
    return linkage(squareform(np.clip(distance, 0, None), checks=False), method="average")


def pair_separabilities(
    item_set: ItemSet, among: np.ndarray | None = None, similarity: np.ndarray | None = None
) -> pd.Series:
    """``pair_separability`` of every construct pair (of the constructs ``among``, all by
    default; scored by ``similarity`` in place of the cosines where given), indexed by
    (construct_a, construct_b)."""
    names = item_set.constructs
    among = np.arange(len(names)) if among is None else among
    pairs = list(itertools.combinations(among, 2))
    return pd.Series(
        [pair_separability(item_set, i, j, similarity=similarity) for i, j in pairs],
        index=pd.MultiIndex.from_tuples(
            [(names[i], names[j]) for i, j in pairs], names=["construct_a", "construct_b"]
        ),
        dtype=float,
    )


def _distinctiveness_aucs(item_set: ItemSet) -> pd.Series:
    similarity, same = similarity_and_labels(item_set)
    return per_construct_auc(similarity, same, item_set).set_index("construct")["auc"]


def model_agreement(
    item_sets: dict[str, ItemSet], selected: str, threshold: float
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Would another model have told the same story about a target's constructs?

    Returns (pairs, summary). ``pairs``: every construct pair's separability under each
    model (one column per model, the selected one first) and in how many models it is
    overlapping (separability at most ``threshold``), most overlapping under the selected
    model first. ``summary``: per model, its overlapping pairs, how many of them the selected
    model flags too, and the Spearman correlation of its pair separabilities and of its
    per-construct distinctiveness AUCs with the selected model's (1 = same order).
    """
    models = [selected, *sorted(set(item_sets) - {selected})]
    separability = pd.DataFrame({model: pair_separabilities(item_sets[model]) for model in models})
    overlapping = separability <= threshold
    pairs = separability.round(6).assign(n_models_overlapping=overlapping.sum(axis=1))
    pairs = pairs.sort_values(selected, kind="stable").reset_index()
    distinct = pd.DataFrame({model: _distinctiveness_aucs(item_sets[model]) for model in models})
    summary = pd.DataFrame(
        {
            "model": models,
            "selected": [model == selected for model in models],
            "n_pairs_overlapping": [int(overlapping[model].sum()) for model in models],
            "n_shared_with_selected": [
                int((overlapping[model] & overlapping[selected]).sum()) for model in models
            ],
            "separability_rho": [
                separability[model].corr(separability[selected], method="spearman") for model in models
            ],
            "distinctiveness_rho": [
                distinct[model].corr(distinct[selected], method="spearman") for model in models
            ],
        }
    )
    return pairs, summary.round({"separability_rho": 4, "distinctiveness_rho": 4})
