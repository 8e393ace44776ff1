"""How well do embeddings group items by construct? Vectorised metrics with construct bootstrap CIs.

Units. The unit of evaluation is a distinct text. Two texts are a *same-construct* pair when they
share at least one construct in the evaluated set, a *different-construct* pair when they share
none. Clustering metrics use the texts that belong to exactly one construct of the set (a text
with two labels has no single right cluster). For the bootstrap every text has a *home*
construct (the first of its constructs, sorted); resampling constructs with replacement gives
each construct a weight (how often it was drawn), each text its home's weight and each pair the
product of its two texts' weights.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse, special, stats
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

CI_LEVEL = 0.95
CI_Z = float(stats.norm.ppf(1 - (1 - CI_LEVEL) / 2))  # 1.96
# Resampling two constructs gives no interval: every bootstrap resample that holds both is the
# set itself (one drawn twice has no pair of two constructs), and leaving one out leaves one.
MIN_RESAMPLED_CONSTRUCTS = 3
# Likewise a construct of two texts has one own pair: resampling its items cannot vary it, so an
# interval from them would be as narrow as if the construct's wording were known.
MIN_RESAMPLED_ITEMS = 3
EPSILON = np.finfo(np.float64).eps
# KMeans clusters vectors with fewer non-zero entries than this share (word counts: 0.3 %) as a
# sparse matrix: the same algorithm, 10 to 25 times faster for them.
SPARSE_SHARE = 0.1
# KMeans of at most this many vector entries runs on one thread: for item sets of a
# questionnaire's size its threads cost more than they save (a size-matched draw of 11
# constructs: 14 ms on one thread, 30 to 47 ms on two), and one thread gives the same
# partition on any number of cores.
ONE_THREAD_ENTRIES = 500_000


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


def item_set_pair_auc(item_set: ItemSet) -> float:
    """Pair AUC over every pair of distinct texts of ``item_set`` (no interval)."""
    similarity, same = similarity_and_labels(item_set)
    a, b = np.triu_indices(len(similarity), k=1)
    return pair_auc(similarity[a, b], same[a, b])


def pair_auc_leaving_out(item_set: ItemSet, construct_pairs: set[tuple[str, str]]) -> tuple[float, int]:
    """Pair AUC without the different-construct pairs of texts whose constructs form one of
    ``construct_pairs`` (names in either order), and how many pairs that leaves out."""
    index = {c: i for i, c in enumerate(item_set.constructs)}
    linked = np.zeros((len(index), len(index)))
    for a, b in construct_pairs:
        if a in index and b in index:
            linked[index[a], index[b]] = linked[index[b], index[a]] = 1
    member = item_set.membership.astype(np.float64)
    similarity, same = similarity_and_labels(item_set)
    left_out = (member @ linked @ member.T > 0) & ~same
    a, b = np.triu_indices(len(similarity), k=1)
    kept = ~left_out[a, b]
    return pair_auc(similarity[a, b][kept], same[a, b][kept]), int((~kept).sum())


def _comb2(x: np.ndarray) -> np.ndarray:
    return x * (x - 1) / 2


def _xlogx_ratio(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """p · log(p / q), with 0 where p is 0."""
    safe_p = np.where(p > 0, p, 1.0)
    safe_q = np.where(q > 0, q, 1.0)
    return np.where(p > 0, p * np.log(safe_p / safe_q), 0.0)


def expected_mutual_information(row_sums: np.ndarray, col_sums: np.ndarray) -> float:
    """Mutual information (nats) of two labelings with these class and cluster sizes, expected
    when items fall into clusters at random (hypergeometric model; Vinh, Epps & Bailey, 2010).
    A term depends on a class and a cluster only through their sizes, so each pair of distinct
    sizes is computed once and counted as often as it occurs."""
    n = row_sums.sum()
    a, a_times = np.unique(row_sums[row_sums > 0], return_counts=True)
    b, b_times = np.unique(col_sums[col_sums > 0], return_counts=True)
    times = (a_times[:, None] * b_times[None, :])[:, :, None]
    a, b = a[:, None, None], b[None, :, None]
    cell = np.arange(1, int(min(a.max(), b.max())) + 1, dtype=np.float64)[None, None, :]
    possible = (cell >= np.maximum(1, a + b - n)) & (cell <= np.minimum(a, b))
    with np.errstate(all="ignore"):  # impossible cells are computed, then masked
        log_probability = (
            special.gammaln(a + 1)
            + special.gammaln(b + 1)
            + special.gammaln(n - a + 1)
            + special.gammaln(n - b + 1)
            - special.gammaln(n + 1)
            - special.gammaln(cell + 1)
            - special.gammaln(a - cell + 1)
            - special.gammaln(b - cell + 1)
            - special.gammaln(n - a - b + cell + 1)
        )
        terms = cell / n * np.log(n * cell / (a * b)) * np.exp(log_probability)
    return float((np.where(possible, terms, 0.0) * times).sum())


def _adjusted_mutual_information(
    mutual: np.ndarray, entropy: np.ndarray, row_sums: np.ndarray, col_sums: np.ndarray
) -> np.ndarray:
    """AMI = (MI − E[MI]) / (mean entropy − E[MI]) of each table (as sklearn's
    ``adjusted_mutual_info_score``); 1 when both sides hold a single class or none."""
    ami = np.empty(len(mutual))
    for t in range(len(mutual)):
        classes, clusters = np.count_nonzero(row_sums[t]), np.count_nonzero(col_sums[t])
        if classes == clusters == 1 or classes == clusters == 0:
            ami[t] = 1.0
            continue
        expected = expected_mutual_information(row_sums[t], col_sums[t])
        denominator = entropy[t] - expected
        denominator = min(denominator, -EPSILON) if denominator < 0 else max(denominator, EPSILON)
        ami[t] = (mutual[t] - expected) / denominator
    return ami


def contingency_scores(rows: np.ndarray, cols: np.ndarray, counts: np.ndarray) -> dict[str, np.ndarray]:
    """ARI, NMI and AMI (arithmetic mean of entropies, as sklearn) and purity from the non-empty
    cells of (construct × cluster) tables: ``rows``/``cols`` index each cell, ``counts`` is
    (B, cells), one table per row of whole numbers (the bootstrap's and the jackknife's
    weighted counts are)."""
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
    ami = _adjusted_mutual_information(mutual, entropy, np.rint(row_sums), np.rint(col_sums))
    order = np.argsort(cols, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(cols[order]) != 0])
    cluster_max = np.maximum.reduceat(counts[:, order], starts, axis=1)
    return {"ari": ari, "nmi": np.clip(nmi, 0.0, 1.0), "ami": ami, "purity": cluster_max.sum(axis=1) / n}


def contingency_cells(truth: np.ndarray, clusters: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Non-empty cells (row = true class, column = cluster, count) of a contingency table."""
    cells, counts = np.unique(np.stack([truth, clusters]), axis=1, return_counts=True)
    return cells[0], cells[1], counts.astype(np.float64)


CLUSTERING_METRICS = ("ari", "nmi", "ami", "purity")
# the values each can take, at which a normal-approximation interval is cut: ARI and AMI fall
# below 0 for a clustering worse than chance, NMI and purity cannot
CLUSTERING_RANGES = {"ari": (-np.inf, 1.0), "nmi": (0.0, 1.0), "ami": (-np.inf, 1.0), "purity": (0.0, 1.0)}


def kmeans_labels(vectors: np.ndarray, k: int, n_init: int, seed: int) -> np.ndarray:
    """KMeans cluster of every row (best of ``n_init`` starts); mostly-zero vectors are
    clustered as a sparse matrix (``SPARSE_SHARE``), small sets on one thread
    (``ONE_THREAD_ENTRIES``)."""
    threads = 1 if vectors.size <= ONE_THREAD_ENTRIES else None
    if np.count_nonzero(vectors) < SPARSE_SHARE * vectors.size:
        vectors = sparse.csr_matrix(vectors)
    with threadpool_limits(threads, user_api="openmp"):
        return KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit_predict(vectors)


def kmeans_cells(
    item_set: ItemSet, seeds: list[int], n_init: int
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """KMeans on single-construct texts, once per seed, k = the number of constructs among them
    (a construct whose texts all belong to other constructs too has none); each run as the
    non-empty cells (construct, cluster, count) of its contingency table."""
    single = item_set.single
    vectors = item_set.embeddings[single]
    truth = item_set.home[single]
    k = len(np.unique(truth))
    return [contingency_cells(truth, kmeans_labels(vectors, k, n_init, seed)) for seed in seeds]


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


def item_auc(similarity: np.ndarray, same: np.ndarray) -> np.ndarray:
    """Per text: the probability that a random same-construct partner is more similar to it than
    a random different-construct partner, ties counting one half — what one draw of
    ``seed_protocol`` estimates for that text, which counts a tie as wrong. NaN where a text
    lacks either kind of partner."""
    other = ~np.eye(len(similarity), dtype=bool)
    ranks = stats.rankdata(np.where(other, similarity, -np.inf), axis=1) - 1.0  # itself: rank 0
    positive = same & other
    n_positive, n_negative = positive.sum(axis=1), (~same).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        values = ((ranks * positive).sum(axis=1) - n_positive * (n_positive + 1) / 2) / (
            n_positive * n_negative
        )
    return np.where((n_positive > 0) & (n_negative > 0), values, np.nan)


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


def centroid_cosines(item_set: ItemSet) -> np.ndarray:
    """(texts, constructs): each text's cosine to each construct's centroid, the centroid of a
    construct it belongs to computed without it (leave-one-out; NaN where it is that
    construct's only text). Centroids are normalised mean embeddings, so a tight construct does
    not draw texts away from a broad one merely by being tight."""
    member = item_set.membership.astype(np.float64)
    sums = member.T @ item_set.embeddings  # (C, d)
    to_sums = item_set.embeddings @ sums.T  # (n, C): dot product of each text with each sum
    norms_sq = np.einsum("cd,cd->c", sums, sums)
    # without text i, construct c's sum loses e_i: |s − e|² = |s|² − 2 e·s + 1
    own_norm = np.sqrt(np.clip(norms_sq[None, :] - 2 * to_sums + 1, 0, None))
    with np.errstate(invalid="ignore", divide="ignore"):
        own = (to_sums - member) / np.where(own_norm > 1e-6, own_norm, np.nan)
    return np.where(item_set.membership, own, to_sums / np.sqrt(norms_sq)[None, :])


def centroid_fit(cosines: np.ndarray, membership: np.ndarray) -> np.ndarray:
    """Per text: the share of its constructs whose centroid (``centroid_cosines``, without the
    text) is closer to it than every centroid of a construct it is not in — for a text of one
    construct, 1 or 0: the leave-one-out nearest-centroid assignment an item-sorting task asks
    of judges. NaN where a text has no other construct to be told from, or is the only text of
    each of its constructs."""
    others = np.where(membership, -np.inf, cosines).max(axis=1, initial=-np.inf)
    own = np.where(membership, cosines, np.nan)
    judged = membership & np.isfinite(own) & np.isfinite(others)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        return (judged & (own > others[:, None])).sum(axis=1) / judged.sum(axis=1)


def per_construct_auc(similarity: np.ndarray, same: np.ndarray, item_set: ItemSet) -> pd.DataFrame:
    """For each construct: AUC of its within-construct pairs against the pairs linking its
    texts to texts that share no construct with them (how distinct it is from all others).
    Pairs whose ``similarity`` is missing (NaN) are left out."""
    rows = []
    for c, name in enumerate(item_set.constructs):
        members = np.flatnonzero(item_set.membership[:, c])
        block = similarity[np.ix_(members, members)]
        within = block[np.triu_indices(len(members), k=1)]
        between = similarity[members][~same[members]]
        within, between = within[~np.isnan(within)], between[~np.isnan(between)]
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
    """(B, C): how often each construct is drawn in each of B resamples with replacement; no
    resamples (B = 0, so no interval) for fewer than ``MIN_RESAMPLED_CONSTRUCTS`` constructs."""
    if n_constructs < MIN_RESAMPLED_CONSTRUCTS:
        n_resamples = 0
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n_constructs, size=(n_resamples, n_constructs))
    weights = np.zeros((n_resamples, n_constructs))
    np.add.at(weights, (np.repeat(np.arange(n_resamples), n_constructs), draws.ravel()), 1)
    return weights


def _credit_entries(levels: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each negative's score in ``values`` takes its credit among the sorted distinct
    positive scores ``levels``, as entries (negative, level, share): the negative earns
    ``share`` × the positives at or above ``level``. That is 1 × those strictly above it; a
    negative tied with a level earns half of those at or above it and half of those above it."""
    below = np.searchsorted(levels, values)  # distinct positive scores below each negative
    tied = np.zeros(len(values), dtype=bool)
    inside = below < len(levels)
    tied[inside] = levels[below[inside]] == values[inside]
    negative = np.arange(len(values))
    return (
        np.r_[negative, negative[tied]],
        np.r_[below + tied, below[tied]],
        np.r_[np.where(tied, 0.5, 1.0), np.full(tied.sum(), 0.5)],
    )


def weighted_auc(scores, positive, first, second, weights, chunk: int = 64) -> np.ndarray:
    """Pair AUC in each resample, pair (``first``, ``second``) weighing ``weights[b, first] ·
    weights[b, second]`` (``weights``: B resamples × items, e.g. an item bootstrap); ties count
    one half. NaN without a positive or a negative pair.

    A negative earns the weight of the positives scored above it (half of those tied with it),
    so only where it falls among the distinct positive scores matters. Negatives are grouped by
    that place and their ``first`` item (pass the side with few distinct items there), and one
    sparse product per chunk of resamples sums each group's ``second``-item weights: O(B ·
    negatives) multiply-adds, no sort per resample. Only the weights of the items the pairs
    name are taken, so the cost does not grow with the items of the whole set.
    """
    used, local = np.unique(np.r_[first, second], return_inverse=True)
    first, second, weights = local[: len(first)], local[len(first) :], weights[:, used]
    levels, level = np.unique(scores[positive], return_inverse=True)
    n_columns = len(levels) + 1
    negative = ~positive
    entry, column, share = _credit_entries(levels, scores[negative])
    anchors, anchor = np.unique(first[negative], return_inverse=True)
    cells, cell = np.unique(anchor[entry] * n_columns + column, return_inverse=True)
    partners = sparse.csr_matrix(
        (share, (cell, second[negative][entry])), shape=(len(cells), weights.shape[1])
    )
    cell_anchor, cell_column = anchors[cells // n_columns], cells % n_columns
    at_level = sparse.csr_matrix(
        (np.ones(len(level)), (level, np.arange(len(level)))), shape=(n_columns, len(level))
    )
    first_positive, second_positive = first[positive], second[positive]
    results = []
    for start in range(0, len(weights), chunk):
        w = weights[start : start + chunk]
        positive_weights = w[:, first_positive] * w[:, second_positive]
        per_level = np.asarray(at_level @ positive_weights.T).T
        above = np.cumsum(per_level[:, ::-1], axis=1)[:, ::-1]  # weight of positives at or above a level
        negative_weights = w[:, cell_anchor] * np.asarray(partners @ w.T).T  # per cell
        with np.errstate(invalid="ignore", divide="ignore"):
            results.append(
                (negative_weights * above[:, cell_column]).sum(axis=1)
                / (positive_weights.sum(axis=1) * negative_weights.sum(axis=1))
            )
    return np.concatenate(results) if results else np.empty(0)


def _pair_groups(group_a: np.ndarray, group_b: np.ndarray, n_groups: int) -> np.ndarray:
    """Index of the unordered (home construct, home construct) pair of every item pair."""
    low, high = np.minimum(group_a, group_b), np.maximum(group_a, group_b)
    return low * n_groups + high


def _group_weights(weights: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """(B, len(groups)) weight of each construct-pair group in each resample."""
    n = weights.shape[1]
    return weights[:, groups // n] * weights[:, groups % n]


def weighted_pair_auc(scores, positive, group_a, group_b, weights, chunk: int = 256) -> np.ndarray:
    """Pair AUC in each resample, a pair weighing ``weights[b, group_a] · weights[b, group_b]``.

    ``weights`` is (B, groups): how often each construct is drawn. The pairs are grouped by
    their pair of home constructs, and U[g, h] counts the (positive in g, negative in h) pairs
    ranked correctly (ties 1/2): each negative earns, per positive group, the positives scored
    above it, read from a running count over the distinct positive scores, so U is one sparse
    product of O(pairs · positive groups). Each resample's AUC is then a weighted sum of U,
    instead of a sort of all pairs per resample. ``chunk`` positive groups at a time bound the
    memory.
    """
    if len(weights) == 0:
        return np.empty(0)
    group = _pair_groups(group_a, group_b, weights.shape[1])
    positive_groups, positive_index = np.unique(group[positive], return_inverse=True)
    negative_groups, negative_index = np.unique(group[~positive], return_inverse=True)
    levels, level = np.unique(scores[positive], return_inverse=True)
    entry, column, share = _credit_entries(levels, scores[~positive])
    # credit @ at_or_above[:, g]: per negative group, its negatives' credit from positives of g
    credit = sparse.csr_matrix(
        (share, (negative_index[entry], column)), shape=(len(negative_groups), len(levels) + 1)
    )
    w_positive = _group_weights(weights, positive_groups)
    w_negative = _group_weights(weights, negative_groups)
    correctly_ranked = np.zeros(len(weights))
    for start in range(0, len(positive_groups), chunk):
        stop = min(start + chunk, len(positive_groups))
        in_chunk = (positive_index >= start) & (positive_index < stop)
        at_level = np.zeros((len(levels) + 1, stop - start))
        np.add.at(at_level, (level[in_chunk], positive_index[in_chunk] - start), 1)
        at_or_above = np.cumsum(at_level[::-1], axis=0)[::-1]
        ranked = np.asarray(credit @ at_or_above).T  # U[start:stop, :]
        correctly_ranked += ((w_positive[:, start:stop] @ ranked) * w_negative).sum(axis=1)
    n_positive = np.bincount(positive_index, minlength=len(positive_groups))
    n_negative = np.bincount(negative_index, minlength=len(negative_groups))
    with np.errstate(invalid="ignore", divide="ignore"):
        return correctly_ranked / ((w_positive @ n_positive) * (w_negative @ n_negative))


def subset_pair_auc(
    scores: np.ndarray, chosen: np.ndarray, different: np.ndarray, group_a, group_b, weights
) -> tuple[float, np.ndarray]:
    """Pair AUC of the ``chosen`` same-construct pairs against the ``different``-construct
    pairs (NaN without pairs of either kind), and its replicates under the construct-bootstrap
    ``weights`` (pairs grouped by their home constructs ``group_a``, ``group_b``). No
    replicates where fewer than ``MIN_RESAMPLED_CONSTRUCTS`` constructs hold a chosen pair:
    they hold every positive, so resampling all constructs would vary only the negatives, and
    one construct's pairs could come out significantly different from another subset's."""
    if len(np.unique(group_a[chosen])) < MIN_RESAMPLED_CONSTRUCTS:
        weights = weights[:0]
    scored = chosen | different
    replicates = weighted_pair_auc(scores[scored], chosen[scored], group_a[scored], group_b[scored], weights)
    has_pairs = chosen.any() and different.any()
    return (pair_auc(scores[scored], chosen[scored]) if has_pairs else np.nan), replicates


def _weighted_group_mean(scores, group_a, group_b, weights) -> np.ndarray:
    """Mean of pair ``scores`` in each resample, a pair weighing w[group_a] · w[group_b]."""
    groups, index = np.unique(_pair_groups(group_a, group_b, weights.shape[1]), return_inverse=True)
    totals, counts = np.bincount(index, weights=scores), np.bincount(index)
    group_weights = _group_weights(weights, groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (group_weights @ totals) / (group_weights @ counts)


def percentile_interval(samples: np.ndarray) -> tuple[float, float]:
    samples = samples[np.isfinite(samples)]
    if len(samples) == 0:
        return float("nan"), float("nan")
    alpha = (1 - CI_LEVEL) / 2
    low, high = np.quantile(samples, [alpha, 1 - alpha])
    return float(low), float(high)


def bias_corrected_bounds(
    values: np.ndarray, draws: np.ndarray
) -> Callable[[float], tuple[np.ndarray, np.ndarray]]:
    """For each row of ``draws`` (the bootstrap resamples of the matching one of ``values``;
    non-finite ones left out), Efron's bias-corrected percentiles: a function of z giving the
    rows' percentiles at the levels Φ(2·z0 ∓ z), z0 = Φ⁻¹(share of the row's resamples below
    its value, ties counting one half) — the percentiles shifted by how far the value sits from
    the resamples' median (z = 1.96 and z0 = 0 give the plain 95 % percentile interval). NaN
    for a row without value or resamples."""
    if draws.shape[-1] == 0:
        return lambda z: (np.full(len(values), np.nan), np.full(len(values), np.nan))
    known = np.isfinite(draws)
    n = known.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        ties = (known & (draws == values[:, None])).sum(axis=1)
        below = ((known & (draws < values[:, None])).sum(axis=1) + 0.5 * ties) / n
        edge = 1 / (n + 1)  # a value beyond every resample: as far as the resamples can tell
        z0 = stats.norm.ppf(np.clip(below, edge, 1 - edge))
    ordered = np.sort(np.where(known, draws, np.nan), axis=1)  # NaN last
    usable = (n > 0) & np.isfinite(values)

    def percentile(level: np.ndarray) -> np.ndarray:
        position = np.where(usable, level * (n - 1), 0)  # numpy's default (linear) quantile
        lower = np.floor(position).astype(int)
        upper = np.minimum(lower + 1, np.maximum(n - 1, 0))
        at = np.take_along_axis(ordered, lower[:, None], axis=1)[:, 0]
        above = np.take_along_axis(ordered, upper[:, None], axis=1)[:, 0]
        return np.where(usable, at + (above - at) * (position - lower), np.nan)

    return lambda z: (percentile(stats.norm.cdf(2 * z0 - z)), percentile(stats.norm.cdf(2 * z0 + z)))


def bias_corrected_interval(value: float, samples: np.ndarray) -> tuple[float, float]:
    """95 % bias-corrected percentile interval (Efron's BC; ``bias_corrected_bounds``) of
    ``value`` from its bootstrap ``samples``. An AUC near 1 from few items has a lopsided
    bootstrap distribution that plain percentiles follow the wrong way; see
    ``benchmarks/interval_coverage.py``. NaN without samples or value."""
    if len(samples) == 0:
        return float("nan"), float("nan")
    low, high = bias_corrected_bounds(np.array([value], dtype=float), samples[None, :])(CI_Z)
    return float(low[0]), float(high[0])


def jackknife_standard_error(leave_one_out: np.ndarray) -> float:
    """Jackknife standard error from the values with each construct left out in turn; NaN for
    fewer than ``MIN_RESAMPLED_CONSTRUCTS`` constructs (one left is no set of constructs)."""
    n = len(leave_one_out)
    if n < MIN_RESAMPLED_CONSTRUCTS:
        return float("nan")
    return float(np.sqrt((n - 1) / n * ((leave_one_out - leave_one_out.mean()) ** 2).sum()))


def _jackknife_interval(
    value: float, leave_one_out: np.ndarray, bounds: tuple[float, float] = (-np.inf, np.inf)
) -> tuple[float, float]:
    """value ± z · jackknife standard error over the leave-one-construct-out values, cut at the
    ``bounds`` of the values the metric can take (a few constructs give a wide interval, which
    would otherwise claim an ARI above 1)."""
    se = jackknife_standard_error(leave_one_out)
    z = stats.norm.ppf(1 - (1 - CI_LEVEL) / 2)
    low, high = bounds
    return float(max(value - z * se, low)), float(min(value + z * se, high))


def _weighted_mean(weights: np.ndarray, values: np.ndarray) -> np.ndarray:
    valid = np.isfinite(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (weights[:, valid] @ values[valid]) / weights[:, valid].sum(axis=1)


def _by_construct(values: np.ndarray, home: np.ndarray, n_constructs: int) -> np.ndarray:
    """Mean of per-text ``values`` over the texts of each (home) construct."""
    valid = np.isfinite(values)
    totals = np.bincount(home[valid], weights=values[valid], minlength=n_constructs)
    counts = np.bincount(home[valid], minlength=n_constructs)
    with np.errstate(invalid="ignore", divide="ignore"):
        return totals / counts


@dataclass
class MetricResult:
    """A metric's value, its interval, and what a comparison between datasets needs."""

    value: float
    ci_low: float = float("nan")
    ci_high: float = float("nan")
    samples: np.ndarray | None = None  # bootstrap replicates (construct resampling)
    by_construct: np.ndarray | None = None  # the metric per construct (for permutation tests)
    leave_one_out: np.ndarray | None = None  # jackknife values, one per left-out construct


def sampled(value, samples=None, by_construct=None) -> MetricResult:
    """A metric with its percentile interval from bootstrap ``samples`` (NaN without them)."""
    has_samples = samples is not None and len(samples)
    low, high = percentile_interval(samples) if has_samples else (np.nan, np.nan)
    return MetricResult(float(value), low, high, samples, by_construct)


def compute_metrics(
    item_set: ItemSet, settings: dict, seed: int, bootstrap: bool = True
) -> tuple[dict[str, MetricResult], pd.DataFrame]:
    """Every metric of one item set, and the per-construct AUC table.

    ``settings``: kmeans_seeds (number of KMeans seeds), kmeans_n_init, bootstrap_resamples.
    Intervals (95 %): a percentile bootstrap over constructs for pair, retrieval and centroid-fit
    metrics; a leave-one-construct-out jackknife for ARI, NMI, AMI and purity, whose fixed
    clusters look purer whenever a bootstrap draws a construct twice. ``bootstrap=False`` leaves them NaN.
    """
    similarity, same = similarity_and_labels(item_set)
    n_constructs, home = len(item_set.constructs), item_set.home
    weights = bootstrap_weights(n_constructs, settings["bootstrap_resamples"] if bootstrap else 0, seed)
    per_construct = per_construct_auc(similarity, same, item_set)
    per_text_auc = item_auc(similarity, same)
    results = {
        **_pair_metrics(similarity, same, home, weights, per_construct),
        **_clustering_metrics(item_set, settings, seed, bootstrap),
        **_item_metrics(similarity, same, home, weights, per_text_auc, item_set),
        **_seed_protocol_metrics(similarity, same, home, weights, per_text_auc, seed),
        "n_texts": sampled(len(item_set.texts)),
        "n_constructs": sampled(n_constructs),
        "n_texts_clustered": sampled(int(item_set.single.sum())),
    }
    return results, per_construct


def _pair_metrics(similarity, same, home, weights, per_construct) -> dict[str, MetricResult]:
    """Pair AUC and mean same / different-construct similarity, over every pair of texts."""
    a, b = np.triu_indices(len(similarity), k=1)
    scores, positive = similarity[a, b], same[a, b]
    return {
        "pair_auc": sampled(
            pair_auc(scores, positive),
            weighted_pair_auc(scores, positive, home[a], home[b], weights),
            per_construct["auc"].to_numpy(),
        ),
        "mean_similarity_same": sampled(
            scores[positive].mean(),
            _weighted_group_mean(scores[positive], home[a][positive], home[b][positive], weights),
            per_construct["mean_within"].to_numpy(),
        ),
        "mean_similarity_different": sampled(
            scores[~positive].mean(),
            _weighted_group_mean(scores[~positive], home[a][~positive], home[b][~positive], weights),
            per_construct["mean_between"].to_numpy(),
        ),
    }


def _clustering_metrics(
    item_set: ItemSet, settings: dict, seed: int, bootstrap: bool
) -> dict[str, MetricResult]:
    """ARI, NMI, AMI and purity of KMeans over several seeds (mean, with a leave-one-construct-out
    jackknife interval), and their spread over the seeds."""
    n_constructs, home = len(item_set.constructs), item_set.home
    clustered = np.unique(home[item_set.single])  # the constructs KMeans sorts texts of
    runs = (
        kmeans_cells(item_set, [seed + i for i in range(settings["kmeans_seeds"])], settings["kmeans_n_init"])
        if len(clustered) >= 2
        else []
    )
    leave_one_out = 1.0 - np.eye(n_constructs)[clustered]  # one row per clustered construct
    whole = [contingency_scores(r, c, n) for r, c, n in runs]
    left_out = [contingency_scores(r, c, leave_one_out[:, r] * n) for r, c, n in runs] if bootstrap else []
    results = {}
    for name in CLUSTERING_METRICS:
        values = np.array([scores_of_run[name][0] for scores_of_run in whole])
        results[name] = MetricResult(float(values.mean()) if len(values) else np.nan)
        if bootstrap and len(values):
            jackknife = np.mean([scores_of_run[name] for scores_of_run in left_out], axis=0)
            interval = _jackknife_interval(values.mean(), jackknife, CLUSTERING_RANGES[name])
            results[name].ci_low, results[name].ci_high = interval
            results[name].leave_one_out = jackknife
        spread = values.std(ddof=1) if len(values) > 1 else (0.0 if len(values) else np.nan)
        results[f"{name}_sd_over_seeds"] = sampled(spread)
    return results


def _item_metrics(similarity, same, home, weights, per_text_auc, item_set) -> dict[str, MetricResult]:
    """Item-level AUC, same-construct retrieval (nearest neighbour, MAP) and nearest-centroid
    assignment, averaged over texts."""
    n_constructs = weights.shape[1]
    top1, average_precision = retrieval_scores(similarity, same)
    fit = centroid_fit(centroid_cosines(item_set), item_set.membership)
    return {
        name: sampled(
            np.nanmean(values),
            _weighted_mean(weights[:, home], values),
            _by_construct(values, home, n_constructs),
        )
        for name, values in (
            ("item_auc", per_text_auc),
            ("nn_top1_same_construct", top1),
            ("map_same_construct", average_precision),
            ("centroid_fit", fit),
        )
    }


def _seed_protocol_metrics(similarity, same, home, weights, per_text_auc, seed) -> dict[str, MetricResult]:
    """The prior art's sampled accuracy (one random same- and different-construct partner per
    text), its paired t-test and Cohen's d, and how far one draw moves around ``item_auc``."""
    protocol = seed_protocol(similarity, same, seed)
    if len(protocol) <= 1:
        return {}
    n_constructs = weights.shape[1]
    difference = (protocol["same_similarity"] - protocol["different_similarity"]).to_numpy()
    correct = (difference > 0).astype(float)
    texts = protocol["index"].to_numpy()
    correct_by_text = np.full(len(home), np.nan)
    correct_by_text[texts] = correct
    test = stats.ttest_rel(protocol["same_similarity"], protocol["different_similarity"])
    spread = difference.std(ddof=1)
    # one draw's spread around its expectation item_auc (ties aside): sqrt(sum p(1 - p)) / n
    chance = per_text_auc[np.isfinite(per_text_auc)]
    return {
        "seed_probability_correct": sampled(
            correct.mean(),
            _weighted_mean(weights[:, home][:, texts], correct),
            _by_construct(correct_by_text, home, n_constructs),
        ),
        "seed_probability_correct_sd_over_draws": sampled(
            np.sqrt(np.sum(chance * (1 - chance))) / len(chance)
        ),
        "seed_cohens_d": sampled(difference.mean() / spread if spread > 0 else np.nan),
        "seed_t_statistic": sampled(test.statistic),
        "seed_p_value": sampled(test.pvalue),
    }


def metrics_table(results: dict[str, MetricResult]) -> pd.DataFrame:
    """Long table: metric, value, ci_low, ci_high."""
    return pd.DataFrame(
        [
            {"metric": k, "value": r.value, "ci_low": r.ci_low, "ci_high": r.ci_high}
            for k, r in results.items()
        ]
    )
