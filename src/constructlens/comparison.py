"""Is one item set's construct structure as clear as another's? (IPIP test vs leadership.)"""

import numpy as np
import pandas as pd
from scipy import stats

from .metrics import CI_LEVEL, MetricResult

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
