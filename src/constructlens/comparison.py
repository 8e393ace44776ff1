"""Is one item set's construct structure as clear as another's? (IPIP test vs leadership.)"""

import numpy as np
import pandas as pd
from scipy import stats

from .metrics import (
    CI_LEVEL,
    CLUSTERING_METRICS,
    ItemSet,
    MetricResult,
    centroid_cosines,
    centroid_fit,
    contingency_scores,
    item_auc,
    item_set_pair_auc,
    jackknife_standard_error,
    kmeans_cells,
    percentile_interval,
    retrieval_scores,
    similarity_and_labels,
)
from .processes import in_processes
from .relabelling import relabelling_p_value

COMPARED = (
    "pair_auc",
    "item_auc",
    "mean_similarity_same",
    "mean_similarity_different",
    "nn_top1_same_construct",
    "map_same_construct",
    "seed_probability_correct",
    "centroid_fit",
    *CLUSTERING_METRICS,
)


def holm_adjusted(p_values: np.ndarray) -> np.ndarray:
    """Holm's step-down adjustment: a test whose adjusted p-value is below α rejects with the
    family-wise error rate of the whole set held at α. The k-th smallest p-value is multiplied
    by (m - k + 1), kept at least as large as the one before it and capped at 1."""
    p_values = np.asarray(p_values, dtype=np.float64)
    order = np.argsort(p_values, kind="stable")
    scaled = p_values[order] * (len(p_values) - np.arange(len(p_values)))
    adjusted = np.empty_like(p_values)
    adjusted[order] = np.minimum(np.maximum.accumulate(scaled), 1.0)
    return adjusted


def _jackknife_difference_error(first: MetricResult, second: MetricResult) -> float:
    """Standard error of the difference of two independent sets' metrics from their own
    jackknife standard errors (not from their intervals, which are cut at the metric's range);
    NaN without them."""
    if first.leave_one_out is None or second.leave_one_out is None:
        return float("nan")
    return float(
        np.hypot(
            jackknife_standard_error(first.leave_one_out), jackknife_standard_error(second.leave_one_out)
        )
    )


def sign_flip_p_value(differences: np.ndarray, n_permutations: int, seed: int) -> float:
    """Two-sided paired permutation test of a mean difference: each construct's difference keeps
    or flips its sign at random. Exact (all 2^n sign patterns) when there are no more patterns
    than ``n_permutations``; otherwise p = (random patterns at least as extreme + 1) /
    (``n_permutations`` + 1)."""
    differences = differences[np.isfinite(differences)]
    n = len(differences)
    if n == 0:
        return float("nan")
    observed = abs(differences.mean())
    if 2**n <= n_permutations:
        signs = 1 - 2 * ((np.arange(2**n)[:, None] >> np.arange(n)) & 1)
        return float(np.mean(np.abs(signs @ differences) / n >= observed - 1e-12))
    signs = np.random.default_rng(seed).choice([-1.0, 1.0], size=(n_permutations, n))
    extreme = np.abs(signs @ differences) / n >= observed - 1e-12
    return float((extreme.sum() + 1) / (n_permutations + 1))


def per_construct_difference(first: np.ndarray, second: np.ndarray) -> float:
    """The difference with every construct weighing the same: the mean of ``first``'s
    construct-level values minus the mean of ``second``'s (NaN when either has none)."""
    first, second = first[np.isfinite(first)], second[np.isfinite(second)]
    return float(first.mean() - second.mean()) if len(first) and len(second) else float("nan")


def _row(name: str, a: MetricResult, b: MetricResult, interval, p_value: float, method: str) -> dict:
    return {
        "metric": name,
        "first": a.value,
        "second": b.value,
        "difference": a.value - b.value,
        "ci_low": float(interval[0]),
        "ci_high": float(interval[1]),
        "p_value": p_value,
        "method": method,
    }


# the columns of a comparison of two item sets (``compare``)
COMPARISON_COLUMNS = [
    "metric",
    "first",
    "second",
    "difference",
    "ci_low",
    "ci_high",
    "per_construct_difference",
    "p_value",
    "relabelled_mean_difference",
    "method",
]


def _metric_pairs(first: dict[str, MetricResult], second: dict[str, MetricResult], metrics=COMPARED):
    """(name, first's result, second's result) of every metric of ``metrics`` both have."""
    return [(name, first[name], second[name]) for name in metrics if name in first and name in second]


def _has_replicates(a: MetricResult, b: MetricResult) -> bool:
    return a.by_construct is not None and a.samples is not None and len(a.samples) > 0 and len(b.samples) > 0


def _normal_test(difference: float, se: float) -> tuple[tuple[float, float], float]:
    """Normal 95 % interval and two-sided z-test p-value; p = 1 for no difference without spread."""
    z = stats.norm.ppf(1 - (1 - CI_LEVEL) / 2)
    if se > 0:
        p_value = float(2 * stats.norm.sf(abs(difference) / se))
    else:
        p_value = 1.0 if difference == 0 else float("nan")
    return (difference - z * se, difference + z * se), p_value


def compare(
    first: dict[str, MetricResult],
    second: dict[str, MetricResult],
    relabelled: dict[str, np.ndarray] | None = None,
    metrics: tuple[str, ...] = COMPARED,
):
    """Two item sets (e.g. IPIP test and a target) under one model: one row per metric of
    ``metrics``, both values, their difference (first − second) with a 95 % interval and a
    p-value.

    Metrics with construct-level values: percentile interval of the differences between the two
    sets' bootstrap replicates (none where a set has none: ``MIN_RESAMPLED_CONSTRUCTS``); the
    p-value of the relabelling test where ``relabelled`` holds the metric's differences after
    relabelling constructs between the sets (``relabelling.relabelled_differences``), else of
    the bootstrap test that goes with the interval; ``relabelled_mean_difference``, the mean of
    the relabelled differences, is what sets of these sizes differ by when their constructs are
    one pool. ``per_construct_difference``: the difference with every construct weighing the
    same, where the pooled metric weighs a construct by its pairs. Clustering metrics: normal
    interval and z-test from the two jackknife standard errors.
    """
    relabelled = relabelled or {}
    rows = []
    for name, a, b in _metric_pairs(first, second, metrics):
        if a.by_construct is not None and b.by_construct is not None:
            has_interval = _has_replicates(a, b)
            interval = percentile_interval(a.samples - b.samples) if has_interval else (np.nan, np.nan)
            chance = np.nan
            if name in relabelled:
                p_value = relabelling_p_value(a.value - b.value, relabelled[name])
                finite = relabelled[name][np.isfinite(relabelled[name])]
                chance = float(finite.mean()) if len(finite) else np.nan
                method = (
                    "bootstrap interval; relabelling test"
                    if has_interval
                    else "relabelling test; no interval"
                )
            elif has_interval:
                p_value, method = bootstrap_p_value(a.samples - b.samples), "bootstrap interval and test"
            else:
                p_value, method = np.nan, "no interval"
            tested = per_construct_difference(a.by_construct, b.by_construct)
            extra = {"per_construct_difference": tested, "relabelled_mean_difference": chance}
            rows.append(_row(name, a, b, interval, p_value, method) | extra)
        elif np.isfinite(se := _jackknife_difference_error(a, b)):
            rows.append(_row(name, a, b, *_normal_test(a.value - b.value, se), "jackknife interval; z-test"))
        else:  # nothing to cluster, or a jackknife of two constructs
            rows.append(_row(name, a, b, (np.nan, np.nan), np.nan, "no interval"))
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def bootstrap_p_value(differences: np.ndarray) -> float:
    """Two-sided p-value from bootstrap replicates of a difference: twice the share on the
    smaller side of zero, as (count + 1) / (replicates + 1); below 0.05 exactly when the 95 %
    percentile interval excludes zero (up to that +1)."""
    differences = differences[np.isfinite(differences)]
    if len(differences) == 0:
        return float("nan")
    smaller = min(np.sum(differences <= 0), np.sum(differences >= 0))
    return float(min(1.0, 2 * (smaller + 1) / (len(differences) + 1)))


def compare_models(
    first: dict[str, MetricResult], second: dict[str, MetricResult], n_permutations: int, seed: int
) -> pd.DataFrame:
    """Two models on the *same* item set (e.g. fine-tuned vs zero-shot on IPIP test): one row per
    metric, both values, the paired difference (first − second) with a 95 % interval and a
    p-value that goes with it.

    Both models' bootstrap replicates resample the same constructs (same set, same seed), so the
    interval is that of the replicate-wise differences and ``p_value`` is ``bootstrap_p_value``.
    Pairing removes what the two models share (how hard these constructs are), so two models
    whose own intervals overlap can still differ clearly. A pooled pair metric weighs each
    construct by its pairs; ``per_construct_difference``, ``constructs_higher`` and
    ``constructs_lower`` (how many constructs the first model scores higher, lower; the rest
    tie) and ``per_construct_p_value`` (``sign_flip_p_value``) weigh every construct the same.
    Clustering metrics: jackknife standard error of the leave-one-construct-out differences,
    z-test.
    """
    for count in ("n_texts", "n_constructs"):
        if first[count].value != second[count].value:
            raise ValueError(
                f"compare_models: the two results differ in {count}; they must score one item set"
            )
    rows = []
    for name, a, b in _metric_pairs(first, second):
        if _has_replicates(a, b):
            replicates = a.samples - b.samples
            row = _row(
                name, a, b, percentile_interval(replicates), bootstrap_p_value(replicates), "paired bootstrap"
            )
            by_construct = a.by_construct - b.by_construct
            scored = by_construct[np.isfinite(by_construct)]
            row |= {
                "per_construct_difference": float(scored.mean()) if len(scored) else np.nan,
                "constructs_higher": int(np.sum(scored > 0)),
                "constructs_lower": int(np.sum(scored < 0)),
                "per_construct_p_value": sign_flip_p_value(by_construct, n_permutations, seed),
            }
            rows.append(row)
        elif a.leave_one_out is not None and b.leave_one_out is not None:
            se = jackknife_standard_error(a.leave_one_out - b.leave_one_out)
            rows.append(_row(name, a, b, *_normal_test(a.value - b.value, se), "paired jackknife; z-test"))
        else:  # no resamples (bootstrap_resamples: 0) or nothing to cluster
            rows.append(_row(name, a, b, (np.nan, np.nan), np.nan, "no interval"))
    return pd.DataFrame(rows)


# the columns of a paired comparison of two models (``compare_models``) after the two values
PAIRED_COLUMNS = [
    "difference",
    "ci_low",
    "ci_high",
    "p_value",
    "per_construct_difference",
    "constructs_higher",
    "constructs_lower",
    "per_construct_p_value",
    "method",
]
SELECTED_VS_BASELINES = [
    "selected_model",
    "baseline_model",
    "dataset",
    "split",
    "metric",
    "selected",
    "baseline",
    *PAIRED_COLUMNS,
]


def selected_vs_baselines(
    evaluated: dict[str, dict], selected: str, n_permutations: int, seed: int
) -> pd.DataFrame:
    """``compare_models`` of the selected model with every other model, on every (dataset, split)
    both were scored on. ``evaluated``: {model: {(dataset, split): (metric results, …)}}."""
    tables = []
    for baseline, sets in evaluated.items():
        if baseline == selected:
            continue
        for (dataset, split), (results, *_) in sets.items():
            table = compare_models(evaluated[selected][(dataset, split)][0], results, n_permutations, seed)
            tables.append(
                table.rename(columns={"first": "selected", "second": "baseline"}).assign(
                    selected_model=selected, baseline_model=baseline, dataset=dataset, split=split
                )
            )
    if not tables:
        return pd.DataFrame(columns=SELECTED_VS_BASELINES)
    table = pd.concat(tables, ignore_index=True).reindex(columns=SELECTED_VS_BASELINES)
    return table.astype({"constructs_higher": "Int64", "constructs_lower": "Int64"})


MATCHED = (
    "pair_auc",
    "item_auc",
    "nn_top1_same_construct",
    "map_same_construct",
    "centroid_fit",
    *CLUSTERING_METRICS,
)


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
        "item_auc": float(np.nanmean(item_auc(similarity, same))),
        "nn_top1_same_construct": float(np.nanmean(top1)),
        "map_same_construct": float(np.nanmean(average_precision)),
        "centroid_fit": float(np.nanmean(centroid_fit(centroid_cosines(item_set), item_set.membership))),
        **{name: float(partition[name][0]) for name in CLUSTERING_METRICS},
    }


MATCHED_SIDES = ("target", "target_low", "target_high", "reference_mean", "reference_low", "reference_high")


def _eligible(item_set: ItemSet) -> np.ndarray:
    """The constructs of ``item_set`` with at least two texts: those a draw can take."""
    return np.flatnonzero(item_set.membership.sum(axis=0) >= 2)


def _score_draws(item_set: ItemSet, plan: list[tuple[np.ndarray, int]], n_init: int) -> list[dict]:
    """``structure_scores`` of each (constructs, seed) draw of ``plan``."""
    return [structure_scores(construct_subset(item_set, chosen), seed, n_init) for chosen, seed in plan]


def scores_of_draws(
    item_set: ItemSet, plan: list[tuple[np.ndarray, int]], n_init: int, workers: int
) -> list[dict]:
    """``_score_draws`` of ``plan``, split into one consecutive share per worker process; in
    ``plan``'s order, and the same for any number of workers (each draw has its own seed)."""
    shares = np.array_split(np.arange(len(plan)), max(1, min(workers, len(plan))))
    tasks = [(item_set, [plan[i] for i in share], n_init) for share in shares]
    return [scores for share in in_processes(_score_draws, tasks, workers) for scores in share]


def _range(values: np.ndarray) -> tuple[float, float, float]:
    """Mean and 95 % range of ``values``; NaN for none."""
    if not len(values):
        return np.nan, np.nan, np.nan
    return float(values.mean()), *percentile_interval(values)


def matched_comparison(
    reference_set: ItemSet,
    target_set: ItemSet,
    target: dict[str, MetricResult],
    n_draws: int,
    n_init: int,
    seed: int,
    workers: int = 1,
) -> pd.DataFrame:
    """Is the target's structure weaker than that of *as many* reference constructs? ARI, NMI,
    AMI, purity and retrieval depend on the number of constructs, so sets of equal size are
    compared: the larger side is drawn down to the smaller one's size, ``n_draws`` times, its
    constructs of at least two texts taken at random and scored like the smaller side. Usually
    the target is the smaller, and the draws are sets of reference constructs set against the
    target's values as reported elsewhere (``target``: clustering averaged over KMeans seeds); a
    target of more constructs than the reference has eligible is drawn instead, against the
    eligible reference constructs scored once like a draw. Per metric the two sides' values: the
    whole side's (``target``, ``reference_mean``), or the draws' mean with their 95 % range
    (``target_low``, ``target_high`` or ``reference_low``, ``reference_high``), and
    ``share_at_most_target``, the share of draws in which the reference scores no higher than
    the target (near 0: the target is less clearly structured than almost
    any such set of reference constructs). Each draw runs KMeans once, so its range includes
    KMeans' own spread. With fewer than two eligible constructs on the side drawn there is no
    draw, and the reference columns are empty. ``workers`` processes share the draws; the table
    is the same for any number of them."""
    n_target = int(target["n_constructs"].value)
    eligible = _eligible(reference_set)
    drawn = "reference" if n_target <= len(eligible) else "target"
    drawn_set, pool = (
        (reference_set, eligible) if drawn == "reference" else (target_set, _eligible(target_set))
    )
    size = min(n_target, len(eligible))
    rng = np.random.default_rng(seed)
    plan = [
        (np.sort(rng.choice(pool, size=size, replace=False)), seed + draw)
        for draw in range(n_draws if 2 <= size <= len(pool) else 0)
    ]
    scores = pd.DataFrame(scores_of_draws(drawn_set, plan, n_init, workers), columns=list(MATCHED))
    whole = (
        structure_scores(construct_subset(reference_set, eligible), seed, n_init)
        if drawn == "target" and plan
        else {}
    )
    rows = []
    for name in MATCHED:
        values, whole_target, whole_reference = scores[name].to_numpy(), target[name].value, whole.get(name)
        if not len(values):
            sides, share = (whole_target, *[np.nan] * 5), np.nan
        elif drawn == "reference":
            sides, share = (whole_target, np.nan, np.nan, *_range(values)), np.mean(values <= whole_target)
        else:
            sides, share = (
                (*_range(values), whole_reference, np.nan, np.nan),
                np.mean(whole_reference <= values),
            )
        rows.append(
            {
                "metric": name,
                **dict(zip(MATCHED_SIDES, sides, strict=True)),
                "share_at_most_target": float(share),
                "n_draws": len(values),
                "drawn": drawn,
                "n_constructs": size if len(values) else n_target,
                "n_target_constructs": n_target,
                "n_reference_constructs": len(eligible),
            }
        )
    return pd.DataFrame(rows)
