"""Is one item set's construct structure as clear as another's? (IPIP test vs leadership.)"""

import logging

import numpy as np
import pandas as pd
from scipy import stats

from .metrics import (
    CI_LEVEL,
    ItemSet,
    MetricResult,
    contingency_scores,
    item_set_pair_auc,
    kmeans_cells,
    retrieval_scores,
    similarity_and_labels,
)

COMPARED = (
    "pair_auc",
    "mean_similarity_same",
    "mean_similarity_different",
    "nn_top1_same_construct",
    "map_same_construct",
    "seed_probability_correct",
    "ari",
    "nmi",
    "purity",
)


def permutation_p_value(first: np.ndarray, second: np.ndarray, n_permutations: int, seed: int) -> float:
    """Two-sided permutation test of the difference in means, permuting which set each
    construct belongs to; p = (permutations at least as extreme + 1) / (permutations + 1)."""
    first, second = first[np.isfinite(first)], second[np.isfinite(second)]
    pooled = np.concatenate([first, second])
    observed = abs(first.mean() - second.mean())
    rng = np.random.default_rng(seed)
    order = np.argsort(rng.random((n_permutations, len(pooled))), axis=1)
    shuffled = pooled[order]
    differences = np.abs(shuffled[:, : len(first)].mean(axis=1) - shuffled[:, len(first) :].mean(axis=1))
    return float((np.sum(differences >= observed - 1e-12) + 1) / (n_permutations + 1))


def _standard_error(result: MetricResult) -> float:
    return (result.ci_high - result.ci_low) / (2 * stats.norm.ppf(1 - (1 - CI_LEVEL) / 2))


def compare(first: dict[str, MetricResult], second: dict[str, MetricResult], n_permutations: int, seed: int):
    """One row per metric: both values, their difference (first − second) with a 95 % interval
    and a p-value.

    Metrics with construct-level values: percentile interval of the paired bootstrap
    differences and a permutation test on the construct-level values. Clustering metrics:
    normal interval and z-test from the two jackknife standard errors.
    """
    alpha = (1 - CI_LEVEL) / 2
    rows = []
    for name in COMPARED:
        a, b = first.get(name), second.get(name)
        if a is None or b is None:
            continue
        difference = a.value - b.value
        if a.by_construct is not None and a.samples is not None and len(a.samples) and len(b.samples):
            low, high = np.nanquantile(a.samples - b.samples, [alpha, 1 - alpha])
            p_value = permutation_p_value(a.by_construct, b.by_construct, n_permutations, seed)
            method = "bootstrap interval; construct permutation test"
        else:
            se = np.hypot(_standard_error(a), _standard_error(b))
            z = stats.norm.ppf(1 - alpha)
            low, high = difference - z * se, difference + z * se
            p_value = float(2 * stats.norm.sf(abs(difference) / se)) if se > 0 else float("nan")
            method = "jackknife interval; z-test"
        rows.append(
            {
                "metric": name,
                "first": a.value,
                "second": b.value,
                "difference": difference,
                "ci_low": float(low),
                "ci_high": float(high),
                "p_value": p_value,
                "method": method,
            }
        )
    return pd.DataFrame(rows)


log = logging.getLogger(__name__)

MATCHED = ("pair_auc", "nn_top1_same_construct", "map_same_construct", "ari", "nmi", "purity")


def construct_subset(item_set: ItemSet, chosen: np.ndarray) -> ItemSet:
    """The texts of the ``chosen`` constructs only, with their memberships among them."""
    membership = item_set.membership[:, chosen]
    keep = membership.any(axis=1)
    return ItemSet(
        item_set.embeddings[keep],
        membership[keep],
        [item_set.constructs[c] for c in chosen],
        [text for text, kept in zip(item_set.texts, keep, strict=True) if kept],
    )


def structure_scores(item_set: ItemSet, seed: int, n_init: int) -> dict[str, float]:
    """The ``MATCHED`` metrics of one item set, without intervals; one KMeans run."""
    similarity, same = similarity_and_labels(item_set)
    top1, average_precision = retrieval_scores(similarity, same)
    partition = contingency_scores(*kmeans_cells(item_set, [seed], n_init)[0])
    return {
        "pair_auc": item_set_pair_auc(item_set),
        "nn_top1_same_construct": float(np.nanmean(top1)),
        "map_same_construct": float(np.nanmean(average_precision)),
        **{name: float(partition[name][0]) for name in ("ari", "nmi", "purity")},
    }


def matched_comparison(
    reference: ItemSet,
    target: dict[str, MetricResult],
    n_constructs: int,
    n_draws: int,
    n_init: int,
    seed: int,
) -> pd.DataFrame:
    """Is the target's structure weaker than that of *as many* reference constructs? Draws
    ``n_constructs`` reference constructs (of at least two texts) at random, ``n_draws`` times,
    and scores each draw like the target: ARI, NMI, purity and retrieval depend on the number
    of constructs, so a target of 11 styles is set against 11 personality constructs at a
    time. Per metric: the draws' mean and 95 % range, and ``share_at_most_target``, the share
    of draws scoring no higher than the target (near 0: the target is less clearly structured
    than almost any such set of personality constructs). ``target`` holds the target's values
    as reported elsewhere (clustering averaged over KMeans seeds); each draw runs KMeans once,
    so the draws' spread includes KMeans' own."""
    eligible = np.flatnonzero(reference.membership.sum(axis=0) >= 2)
    rng = np.random.default_rng(seed)
    draws = []
    if len(eligible) < n_constructs:
        log.warning(
            "only %d reference constructs with two or more texts for a target of %d: no matched draws",
            len(eligible),
            n_constructs,
        )
    else:
        for draw in range(n_draws):
            chosen = np.sort(rng.choice(eligible, size=n_constructs, replace=False))
            draws.append(structure_scores(construct_subset(reference, chosen), seed + draw, n_init))
    scores = pd.DataFrame(draws, columns=list(MATCHED))
    alpha = (1 - CI_LEVEL) / 2
    rows = []
    for name in MATCHED:
        values = scores[name].to_numpy()
        observed = target[name].value
        rows.append(
            {
                "metric": name,
                "target": observed,
                "reference_mean": float(values.mean()) if len(values) else np.nan,
                "reference_low": float(np.quantile(values, alpha)) if len(values) else np.nan,
                "reference_high": float(np.quantile(values, 1 - alpha)) if len(values) else np.nan,
                "share_at_most_target": float(np.mean(values <= observed)) if len(values) else np.nan,
                "n_draws": len(values),
                "n_constructs": n_constructs,
                "n_reference_constructs": len(eligible),
            }
        )
    return pd.DataFrame(rows)
