"""How well do embeddings group items by construct? Vectorised metrics with construct bootstrap CIs.

Units. The unit of evaluation is a distinct text. Two texts are a *same-construct* pair when they
share at least one construct in the evaluated set, a *different-construct* pair when they share
none. Clustering metrics use the texts that belong to exactly one construct of the set (a text
with two labels has no single right cluster). For the bootstrap every text has a *home*
construct (the first of its constructs, sorted); resampling constructs with replacement gives
each construct a weight (how often it was drawn), each text its home's weight and each pair the
product of its two texts' weights.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.cluster import KMeans

CI_LEVEL = 0.95


@dataclass(frozen=True)
class ItemSet:
    """Embeddings of distinct texts with their construct memberships."""

    embeddings: np.ndarray  # (n, d), rows L2-normalised
    membership: np.ndarray  # (n, C) bool: text i belongs to construct c
    constructs: list[str]
    texts: list[str]

    @property
    def home(self) -> np.ndarray:
        return self.membership.argmax(axis=1)

    @property
    def single(self) -> np.ndarray:
        return self.membership.sum(axis=1) == 1


def make_item_set(items: pd.DataFrame, embedding_of: dict[str, np.ndarray], center: bool = False) -> ItemSet:
    """Build an ``ItemSet`` from (construct, text) rows and a text → embedding lookup.

    ``center`` subtracts the set's mean embedding before normalising (transductive: it
    uses the evaluated items themselves, so apply it to every dataset you compare).
    """
    texts = sorted(items["text"].unique())
    constructs = sorted(items["construct"].unique())
    row = {t: i for i, t in enumerate(texts)}
    col = {c: j for j, c in enumerate(constructs)}
    membership = np.zeros((len(texts), len(constructs)), dtype=bool)
    membership[items["text"].map(row).to_numpy(), items["construct"].map(col).to_numpy()] = True
    vectors = np.stack([embedding_of[t] for t in texts]).astype(np.float64)
    if center:
        vectors = vectors - vectors.mean(axis=0)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return ItemSet(vectors, membership, constructs, texts)


def similarity_and_labels(item_set: ItemSet) -> tuple[np.ndarray, np.ndarray]:
    """Cosine similarity matrix and the boolean same-construct matrix."""
    member = item_set.membership.astype(np.float64)
    return item_set.embeddings @ item_set.embeddings.T, (member @ member.T) > 0


def pair_auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """Exact ROC AUC: P(score of a positive > score of a negative), ties count one half."""
    ranks = stats.rankdata(scores)
    n_pos = int(positive.sum())
    n_neg = len(scores) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _comb2(x: np.ndarray) -> np.ndarray:
    return x * (x - 1) / 2


def _xlogx_ratio(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """p · log(p / q), with 0 where p is 0."""
    safe_p = np.where(p > 0, p, 1.0)
    safe_q = np.where(q > 0, q, 1.0)
    return np.where(p > 0, p * np.log(safe_p / safe_q), 0.0)


def contingency_scores(rows: np.ndarray, cols: np.ndarray, counts: np.ndarray) -> dict[str, np.ndarray]:
    """ARI, NMI (arithmetic mean of entropies, as sklearn) and purity from the non-empty cells
    of (construct × cluster) tables: ``rows``/``cols`` index each cell, ``counts`` is
    (B, cells), one table per row; the bootstrap's weighted counts are allowed."""
    counts = np.atleast_2d(np.asarray(counts, dtype=np.float64))
    n = counts.sum(axis=1)
    row_onehot = np.eye(rows.max() + 1)[rows]
    col_onehot = np.eye(cols.max() + 1)[cols]
    row_sums, col_sums = counts @ row_onehot, counts @ col_onehot
    index = _comb2(counts).sum(axis=1)
    sum_rows, sum_cols = _comb2(row_sums).sum(axis=1), _comb2(col_sums).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = sum_rows * sum_cols / _comb2(n)
        maximum = (sum_rows + sum_cols) / 2
        ari = np.where(maximum == expected, 1.0, (index - expected) / (maximum - expected))
        p = counts / n[:, None]
        p_rows, p_cols = row_sums / n[:, None], col_sums / n[:, None]
        mutual = _xlogx_ratio(p, p_rows[:, rows] * p_cols[:, cols]).sum(axis=1)
        entropy = (-_xlogx_ratio(p_rows, 1.0).sum(axis=1) - _xlogx_ratio(p_cols, 1.0).sum(axis=1)) / 2
        nmi = np.where(entropy <= 0, 1.0, mutual / entropy)
    order = np.argsort(cols, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(cols[order]) != 0])
    cluster_max = np.maximum.reduceat(counts[:, order], starts, axis=1)
    return {"ari": ari, "nmi": np.clip(nmi, 0.0, 1.0), "purity": cluster_max.sum(axis=1) / n}


def contingency_cells(truth: np.ndarray, clusters: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Non-empty cells (row = true class, column = cluster, count) of a contingency table."""
    cells, counts = np.unique(np.stack([truth, clusters]), axis=1, return_counts=True)
    return cells[0], cells[1], counts.astype(np.float64)


def partition_scores(truth: np.ndarray, clusters: np.ndarray) -> dict[str, float]:
    """ARI, NMI and purity of one clustering against the true classes (integer labels)."""
    return {k: float(v[0]) for k, v in contingency_scores(*contingency_cells(truth, clusters)).items()}


def kmeans_cells(
    item_set: ItemSet, seeds: list[int], n_init: int
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """KMeans (k = number of constructs) on single-construct texts, once per seed; each run as
    the non-empty cells (construct, cluster, count) of its contingency table."""
    single = item_set.single
    vectors = item_set.embeddings[single]
    truth = item_set.home[single]
    k = item_set.membership.shape[1]
    return [
        contingency_cells(truth, KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit_predict(vectors))
        for seed in seeds
    ]


def seed_protocol(similarity: np.ndarray, same: np.ndarray, seed: int) -> pd.DataFrame:
    """The prior art's sampled metric: per text, one random same- and one random
    different-construct partner; correct when the same-construct partner is more similar.

    Returns one row per text that has both kinds of partner: index, same/different similarity.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(len(similarity)):
        same_partners = np.flatnonzero(same[i] & (np.arange(len(similarity)) != i))
        other_partners = np.flatnonzero(~same[i])
        if len(same_partners) == 0 or len(other_partners) == 0:
            continue
        j, k = rng.choice(same_partners), rng.choice(other_partners)
        rows.append((i, similarity[i, j], similarity[i, k]))
    return pd.DataFrame(rows, columns=["index", "same_similarity", "different_similarity"])


def retrieval_scores(similarity: np.ndarray, same: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per text: is its nearest neighbour same-construct (top-1), and the average precision of
    ranking all other texts with same-construct texts as relevant. NaN where no relevant text."""
    n = len(similarity)
    masked = similarity.copy()
    np.fill_diagonal(masked, -np.inf)
    relevant = same.copy()
    np.fill_diagonal(relevant, False)
    order = np.argsort(-masked, axis=1, kind="stable")[:, : n - 1]
    hits = np.take_along_axis(relevant, order, axis=1)
    n_relevant = hits.sum(axis=1)
    precision = np.cumsum(hits, axis=1) / np.arange(1, n)
    with np.errstate(invalid="ignore"):
        average_precision = (precision * hits).sum(axis=1) / n_relevant
    top1 = hits[:, 0].astype(float)
    top1[n_relevant == 0] = np.nan
    return top1, np.where(n_relevant > 0, average_precision, np.nan)


def per_construct_auc(similarity: np.ndarray, same: np.ndarray, item_set: ItemSet) -> pd.DataFrame:
    """For each construct: AUC of its within-construct pairs against the pairs linking its
    texts to texts that share no construct with them (how distinct it is from all others)."""
    rows = []
    for c, name in enumerate(item_set.constructs):
        members = np.flatnonzero(item_set.membership[:, c])
        block = similarity[np.ix_(members, members)]
        within = block[np.triu_indices(len(members), k=1)]
        between = similarity[members][~same[members]]
        scores = np.concatenate([within, between])
        labels = np.r_[np.ones(len(within), bool), np.zeros(len(between), bool)]
        rows.append(
            {
                "construct": name,
                "n_texts": len(members),
                "auc": pair_auc(scores, labels),
                "mean_within": float(within.mean()) if len(within) else np.nan,
                "mean_between": float(between.mean()) if len(between) else np.nan,
            }
        )
    return pd.DataFrame(rows)


def bootstrap_weights(n_constructs: int, n_resamples: int, seed: int) -> np.ndarray:
    """(B, C): how often each construct is drawn in each of B resamples with replacement."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n_constructs, size=(n_resamples, n_constructs))
    weights = np.zeros((n_resamples, n_constructs))
    np.add.at(weights, (np.repeat(np.arange(n_resamples), n_constructs), draws.ravel()), 1)
    return weights


def weighted_pair_auc(scores, positive, weight_a, weight_b, chunk: int = 64) -> np.ndarray:
    """Pair AUC for each resample, a pair weighing ``weight_a · weight_b`` (each (B, pairs)).

    Pairs are sorted by score once; per resample, the negative weight strictly below each tie
    group plus half the tied negative weight gives each positive its share (ties count 1/2).
    """
    order = np.argsort(scores, kind="stable")
    sorted_scores, is_positive = scores[order], positive[order]
    tie_starts = np.flatnonzero(np.r_[True, np.diff(sorted_scores) != 0])
    tie_of = np.cumsum(np.r_[True, np.diff(sorted_scores) != 0]) - 1
    results = []
    for start in range(0, len(weight_a), chunk):
        w = weight_a[start : start + chunk, order] * weight_b[start : start + chunk, order]
        w_neg = np.where(is_positive, 0.0, w)
        tied_neg = np.add.reduceat(w_neg, tie_starts, axis=1)
        below = np.cumsum(tied_neg, axis=1) - tied_neg
        credit = (below + tied_neg / 2)[:, tie_of]
        w_pos = np.where(is_positive, w, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            results.append((w_pos * credit).sum(axis=1) / (w_pos.sum(axis=1) * w_neg.sum(axis=1)))
    return np.concatenate(results) if results else np.empty(0)


def _interval(samples: np.ndarray) -> tuple[float, float]:
    samples = samples[np.isfinite(samples)]
    if len(samples) == 0:
        return float("nan"), float("nan")
    alpha = (1 - CI_LEVEL) / 2
    low, high = np.quantile(samples, [alpha, 1 - alpha])
    return float(low), float(high)


def _weighted_mean(weights: np.ndarray, values: np.ndarray) -> np.ndarray:
    valid = np.isfinite(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (weights[:, valid] @ values[valid]) / weights[:, valid].sum(axis=1)


def evaluate_item_set(
    item_set: ItemSet, settings: dict, seed: int, bootstrap: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All metrics for one item set: (long table metric/value/ci_low/ci_high, per-construct AUC).

    ``settings``: kmeans_seeds (number of KMeans seeds), kmeans_n_init, bootstrap_resamples.
    ``bootstrap=False`` skips the confidence intervals (NaN).
    """
    similarity, same = similarity_and_labels(item_set)
    a, b = np.triu_indices(len(similarity), k=1)
    scores, positive = similarity[a, b], same[a, b]
    n_resamples = settings["bootstrap_resamples"] if bootstrap else 0
    weights = bootstrap_weights(len(item_set.constructs), n_resamples, seed)
    text_weights = weights[:, item_set.home]
    rows = []

    def add(metric, value, samples=None):
        low, high = _interval(samples) if samples is not None and len(samples) else (np.nan, np.nan)
        rows.append({"metric": metric, "value": float(value), "ci_low": low, "ci_high": high})

    add(
        "pair_auc",
        pair_auc(scores, positive),
        weighted_pair_auc(scores, positive, text_weights[:, a], text_weights[:, b]),
    )
    pair_weights = text_weights[:, a] * text_weights[:, b]
    add(
        "mean_similarity_same",
        scores[positive].mean(),
        _weighted_mean(pair_weights[:, positive], scores[positive]),
    )
    add(
        "mean_similarity_different",
        scores[~positive].mean(),
        _weighted_mean(pair_weights[:, ~positive], scores[~positive]),
    )

    seeds = [seed + i for i in range(settings["kmeans_seeds"])]
    runs = kmeans_cells(item_set, seeds, settings["kmeans_n_init"])
    point = [contingency_scores(r, c, n[None, :]) for r, c, n in runs]
    boot = [contingency_scores(r, c, weights[:, r] * n[None, :]) for r, c, n in runs] if n_resamples else None
    for name in ("ari", "nmi", "purity"):
        values = np.array([p[name][0] for p in point])
        samples = np.mean([bt[name] for bt in boot], axis=0) if boot else None
        add(name, values.mean(), samples)
        add(f"{name}_sd_over_seeds", values.std(ddof=1) if len(values) > 1 else 0.0)

    top1, average_precision = retrieval_scores(similarity, same)
    add("nn_top1_same_construct", np.nanmean(top1), _weighted_mean(text_weights, top1))
    add("map_same_construct", np.nanmean(average_precision), _weighted_mean(text_weights, average_precision))

    protocol = seed_protocol(similarity, same, seed)
    if len(protocol) > 1:
        difference = (protocol["same_similarity"] - protocol["different_similarity"]).to_numpy()
        correct = (difference > 0).astype(float)
        add(
            "seed_probability_correct",
            correct.mean(),
            _weighted_mean(text_weights[:, protocol["index"].to_numpy()], correct),
        )
        test = stats.ttest_rel(protocol["same_similarity"], protocol["different_similarity"])
        add("seed_cohens_d", difference.mean() / difference.std(ddof=1))
        add("seed_t_statistic", test.statistic)
        add("seed_p_value", test.pvalue)
    add("n_texts", len(item_set.texts))
    add("n_constructs", len(item_set.constructs))
    add("n_texts_clustered", int(item_set.single.sum()))
    return pd.DataFrame(rows), per_construct_auc(similarity, same, item_set)
