"""An exact permutation test of the difference between two item sets (IPIP test and a target):
their constructs relabelled between the two sets at random, as many to each as before, and
every metric scored anew on each relabelled pair of sets.

Permuting the constructs' own values instead (each construct's AUC against the others of its
set) is not exact: a construct's value depends on the other constructs of its set, so the
values of one set move together, and that test rejected a true null twice as often as its level
on real IPIP constructs (docs/evaluation.md, *Do the construct-resampling intervals hold?*).

The pooled pairs and each text's neighbours are sorted once; a relabelling only masks them.
"""

from dataclasses import dataclass

import numpy as np

from .metrics import ItemSet, centroid_cosines, centroid_fit
from .processes import in_processes

RELABELLED = (
    "pair_auc",
    "mean_similarity_same",
    "mean_similarity_different",
    "item_auc",
    "nn_top1_same_construct",
    "map_same_construct",
    "seed_probability_correct",
    "centroid_fit",
)
RELABELLINGS_PER_PROCESS = 100  # relabellings of one chunk, each chunk with a seed of its own


def _tie_bounds(sorted_scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each position along the last axis of ``sorted_scores``: the first and the last
    position of its run of equal scores."""
    n = sorted_scores.shape[-1]
    positions = np.broadcast_to(np.arange(n), sorted_scores.shape)
    starts = np.ones(sorted_scores.shape, dtype=bool)
    starts[..., 1:] = sorted_scores[..., 1:] != sorted_scores[..., :-1]
    first = np.maximum.accumulate(np.where(starts, positions, 0), axis=-1)
    ends = np.ones(sorted_scores.shape, dtype=bool)
    ends[..., :-1] = starts[..., 1:]
    last = np.flip(np.minimum.accumulate(np.flip(np.where(ends, positions, n), axis=-1), axis=-1), axis=-1)
    return first.astype(np.int32), last.astype(np.int32)


@dataclass(frozen=True)
class Pool:
    """The texts of two item sets side by side, with their pairs and neighbours sorted."""

    membership: np.ndarray  # (N, C) float: text i belongs to construct c (first set's first)
    n_first: int  # constructs of the first set
    pair_a: np.ndarray  # the pairs of distinct texts, ascending by cosine
    pair_b: np.ndarray
    pair_scores: np.ndarray
    pair_first: np.ndarray  # first and last position of each pair's run of tied cosines
    pair_last: np.ndarray
    neighbours: np.ndarray  # (N, N - 1): every other text, descending by cosine (stable)
    neighbour_scores: np.ndarray
    neighbour_first: np.ndarray
    neighbour_last: np.ndarray
    centroid_cosines: np.ndarray  # (N, C): each text to each construct's centroid (without it)


def pool(first: ItemSet, second: ItemSet) -> Pool:
    """``first``'s and ``second``'s texts as one pool (a text of both counts twice), each
    keeping its vector as its set scored it: with ``evaluation.center`` centred on its own
    set's mean, not on its relabelled set's, so that the test is then close to exact."""
    vectors = np.vstack([first.embeddings, second.embeddings])
    n1, c1 = first.membership.shape
    membership = np.zeros((len(vectors), c1 + second.membership.shape[1]))
    membership[:n1, :c1] = first.membership
    membership[n1:, c1:] = second.membership
    similarity = vectors @ vectors.T
    a, b = np.triu_indices(len(vectors), k=1)
    order = np.argsort(similarity[a, b], kind="stable")
    a, b = a[order], b[order]
    pair_scores = similarity[a, b]
    masked = similarity.copy()
    np.fill_diagonal(masked, -np.inf)
    neighbours = np.argsort(-masked, axis=1, kind="stable")[:, :-1].astype(np.int32)  # itself last, left out
    neighbour_scores = np.take_along_axis(similarity, neighbours, axis=1)
    return Pool(
        membership,
        c1,
        a,
        b,
        pair_scores,
        *_tie_bounds(pair_scores),
        neighbours,
        neighbour_scores,
        *_tie_bounds(neighbour_scores),
        centroid_cosines(ItemSet(vectors, membership > 0, [], [])),
    )


def side_scores(data: Pool, constructs: np.ndarray, rng: np.random.Generator) -> dict[str, float]:
    """The ``RELABELLED`` metrics of the set of the pooled texts of ``constructs`` (a boolean
    mask over the pool's constructs), as ``metrics.compute_metrics`` scores them; the sampled
    accuracy from partners drawn with ``rng``. Only positives are credited: each with the
    negatives below its run of tied scores, and half those within it."""
    member = data.membership[:, constructs]
    inside = member.any(axis=1)
    same = (member @ member.T) > 0
    # pairs: the pooled AUC and mean cosines
    positive = same[data.pair_a, data.pair_b]
    negative = inside[data.pair_a] & inside[data.pair_b] & ~positive
    negatives_so_far = np.cumsum(negative)
    at = np.flatnonzero(positive)
    first, last = data.pair_first[at], data.pair_last[at]
    below = np.where(first > 0, negatives_so_far[np.maximum(first - 1, 0)], 0)
    credit = below + (negatives_so_far[last] - below) / 2
    n_pos, n_neg = len(at), int(negatives_so_far[-1]) if len(negatives_so_far) else 0
    scores = {
        "pair_auc": credit.sum() / (n_pos * n_neg) if n_pos and n_neg else np.nan,
        "mean_similarity_same": data.pair_scores[at].mean() if n_pos else np.nan,
        "mean_similarity_different": data.pair_scores[negative].mean() if n_neg else np.nan,
    }
    # each text's neighbours in its set (descending): item AUC, retrieval, the sampled accuracy
    rows = np.flatnonzero(inside)
    order = data.neighbours[rows]
    listed = inside[order]
    relevant = same[rows[:, None], order]
    other = listed & ~relevant
    others_so_far = np.cumsum(other, axis=1, dtype=np.int32)
    n_other = others_so_far[:, -1]
    row, column = np.nonzero(relevant)  # row by row, each row's in order
    n_rel = np.bincount(row, minlength=len(rows))
    offsets = np.cumsum(n_rel) - n_rel
    first, last = data.neighbour_first[rows[row], column], data.neighbour_last[rows[row], column]
    before = np.where(first > 0, others_so_far[row, np.maximum(first - 1, 0)], 0)
    through = others_so_far[row, last]
    credit = np.bincount(row, weights=n_other[row] - through + (through - before) / 2, minlength=len(rows))
    rank = np.arange(len(row)) - offsets[row] + 1  # its place among the row's relevant texts
    precision = rank / (others_so_far[row, column] + rank)  # relevant among the texts listed so far
    has_any, both = n_rel > 0, (n_rel > 0) & (n_other > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        item_auc = credit / (n_rel * n_other)
        average_precision = np.bincount(row, weights=precision, minlength=len(rows)) / n_rel
    top1 = relevant[np.arange(len(rows)), listed.argmax(axis=1)].astype(float)
    # the sampled accuracy: one random partner of the text's construct and one of another
    drawn = offsets + (rng.random(len(rows)) * n_rel).astype(int)
    partner = column[np.minimum(drawn, len(column) - 1)] if len(column) else np.zeros(len(rows), int)
    nth_other = (rng.random(len(rows)) * n_other).astype(int)
    stranger = np.minimum((others_so_far <= nth_other[:, None]).sum(axis=1), order.shape[1] - 1)
    correct = data.neighbour_scores[rows, partner] > data.neighbour_scores[rows, stranger]
    fit = centroid_fit(data.centroid_cosines[np.ix_(rows, constructs)], member[rows] > 0)
    return scores | {
        "item_auc": item_auc[both].mean() if both.any() else np.nan,
        "nn_top1_same_construct": top1[has_any].mean() if has_any.any() else np.nan,
        "map_same_construct": average_precision[has_any].mean() if has_any.any() else np.nan,
        "seed_probability_correct": correct[both].mean() if both.any() else np.nan,
        "centroid_fit": np.nanmean(fit) if np.isfinite(fit).any() else np.nan,
    }


def _differences(data: Pool, n_relabellings: int, seed: np.random.SeedSequence) -> np.ndarray:
    """(relabellings, metrics): first − second on ``RELABELLED`` after each of
    ``n_relabellings`` random relabellings of the pool's constructs."""
    rng = np.random.default_rng(seed)
    n_constructs = data.membership.shape[1]
    rows = []
    for _ in range(n_relabellings):
        to_first = np.zeros(n_constructs, dtype=bool)
        to_first[rng.permutation(n_constructs)[: data.n_first]] = True
        one, two = side_scores(data, to_first, rng), side_scores(data, ~to_first, rng)
        rows.append([one[name] - two[name] for name in RELABELLED])
    return np.array(rows).reshape(n_relabellings, len(RELABELLED))


def relabelled_differences(
    first: ItemSet, second: ItemSet, n_relabellings: int, seed: int, workers: int = 1
) -> np.ndarray:
    """(``n_relabellings``, ``RELABELLED``): the differences first − second after each random
    relabelling of the two sets' constructs, in chunks of ``RELABELLINGS_PER_PROCESS`` shared
    among ``workers`` processes (the same for any number)."""
    data = pool(first, second)
    sizes = [RELABELLINGS_PER_PROCESS] * (n_relabellings // RELABELLINGS_PER_PROCESS)
    sizes += [n_relabellings % RELABELLINGS_PER_PROCESS] if n_relabellings % RELABELLINGS_PER_PROCESS else []
    seeds = np.random.SeedSequence(seed).spawn(len(sizes))
    chunks = in_processes(_differences, [(data, *chunk) for chunk in zip(sizes, seeds, strict=True)], workers)
    return np.vstack(chunks) if chunks else np.empty((0, len(RELABELLED)))


def relabelling_p_value(observed: float, relabelled: np.ndarray) -> float:
    """Two-sided p of an ``observed`` difference among its ``relabelled`` ones (the finite
    ones): twice the smaller tail, each (at least as extreme + 1) / (relabellings + 1), at
    most 1. Doubling the smaller tail, not comparing magnitudes, since the relabelled
    differences of sets of unequal size need not centre on 0."""
    relabelled = relabelled[np.isfinite(relabelled)]
    if not np.isfinite(observed) or len(relabelled) == 0:
        return float("nan")
    upper = (np.sum(relabelled >= observed - 1e-12) + 1) / (len(relabelled) + 1)
    lower = (np.sum(relabelled <= observed + 1e-12) + 1) / (len(relabelled) + 1)
    return float(min(1.0, 2 * min(upper, lower)))
