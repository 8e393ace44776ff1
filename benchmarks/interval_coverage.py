"""How often do a target's item-resampling intervals cover the value they estimate?

A construct pair's separability and a construct's distinctiveness are estimated from the items
a questionnaire happens to hold; their 95 % intervals resample those items within constructs,
and the joint bands (``joint_intervals``) widen every interval so that all hold at once. What
they estimate is the value over every item that could have been written for the constructs.
This simulates that: six constructs whose items scatter around a centre each (two of them with
one centre: one construct under two names, separability 0.5; the other pairs separable 0.55 to
0.96, as the leadership styles are), the true values from a large population of items, then
many questionnaires of a few items per construct, and counts how often the intervals and the
joint bands cover the truth (the figures in docs/evaluation.md: the defaults, about 8.5 minutes and 4.7 GB
on 2 cores, more than half of it the true values).

    python benchmarks/interval_coverage.py [--items 3 5 10 20 40] [--replications 200] [--resamples 1000]
"""

import argparse
import time

import numpy as np
import pandas as pd

from constructlens import analysis
from constructlens.metrics import ItemSet, make_item_set

DIMENSIONS = 384
# the six constructs' centres, as distances along their own directions from one shared point:
# constructs 0 and 1 share a centre (one construct under two names)
OFFSETS = (0.0, 0.0, 0.15, 0.25, 0.35, 0.5)
NOISE = 1.0 / np.sqrt(DIMENSIONS)  # per dimension, so an item lies about 1 from its centre


def centres(seed: int) -> np.ndarray:
    """One centre per construct: a shared point plus ``OFFSETS`` along orthogonal directions."""
    rng = np.random.default_rng(seed)
    directions, _ = np.linalg.qr(rng.normal(size=(DIMENSIONS, len(OFFSETS))))
    shared = rng.normal(size=DIMENSIONS) * 0.5 / np.sqrt(DIMENSIONS)
    return shared + directions.T * np.asarray(OFFSETS)[:, None]


def questionnaire(points: np.ndarray, n_items: int, rng: np.random.Generator) -> ItemSet:
    """``n_items`` items per construct, each its centre plus noise, as the workflow's item sets."""
    home = np.repeat(np.arange(len(points)), n_items)
    vectors = points[home] + rng.normal(scale=NOISE, size=(len(home), DIMENSIONS))
    items = pd.DataFrame(
        {"construct": [f"c{c}" for c in home], "text": [f"item {i}" for i in range(len(home))]}
    )
    return make_item_set(items, dict(zip(items["text"], vectors, strict=True)))


INTERVALS = ["value", "ci_low", "ci_high", "joint_ci_low", "joint_ci_high"]


def separability_intervals(item_set: ItemSet, resamples: int, seed: int) -> pd.DataFrame:
    """Every construct pair's separability with its interval and joint band, as
    ``separability.tsv`` gives them, indexed "a–b"."""
    values = analysis.pair_separabilities(item_set)
    draws = analysis.separability_draws(item_set, values, resamples, seed)
    similarity = analysis.construct_similarity(item_set)
    table = analysis.overlapping_pairs(item_set, similarity, values, np.inf, draws)
    # the threshold only sets overlap_support, which is not measured here
    table = analysis.with_resampling_columns(table, values, draws, threshold=0.6)
    index = table["construct_a"] + "–" + table["construct_b"]
    return table.set_index(index).rename(columns={"separability": "value"})[INTERVALS].sort_index()


def distinctiveness_intervals(item_set: ItemSet, resamples: int, seed: int) -> pd.DataFrame:
    """Every construct's distinctiveness with its interval and joint band (``distinctiveness.tsv``)."""
    table = analysis.distinctiveness(item_set, resamples, seed).rename(columns={"auc": "value"})
    return table.set_index("construct")[INTERVALS].sort_index()


def coverage(intervals_of, points: np.ndarray, truth: pd.Series, n_items: int, args) -> pd.Series:
    """How often the intervals ``intervals_of`` gives (``separability_intervals``,
    ``distinctiveness_intervals``) cover ``truth``, over ``args.replications`` questionnaires
    of ``n_items`` items per construct: over all of them, for the one covered least often
    (``its_truth``: its true value), for the first (``c0–c1``, ``c0``), and all at once by the
    joint band; and the mean widths."""
    rng = np.random.default_rng(n_items)
    covered, all_covered, widths, joint_widths = [], [], [], []
    for replication in range(args.replications):
        item_set = questionnaire(points, n_items, rng)
        table = intervals_of(item_set, args.resamples, replication).loc[truth.index]
        covered.append((table["ci_low"] <= truth) & (truth <= table["ci_high"]))
        all_covered.append(np.all((table["joint_ci_low"] <= truth) & (truth <= table["joint_ci_high"])))
        widths.append(table["ci_high"] - table["ci_low"])
        joint_widths.append(table["joint_ci_high"] - table["joint_ci_low"])
    by_entry = pd.concat(covered, axis=1).mean(axis=1)
    return pd.Series(
        {
            "items": n_items,
            "covered": by_entry.mean(),
            "worst": by_entry.min(),
            "its_truth": truth[by_entry.idxmin()],
            "first": by_entry.iloc[0],
            "joint_all": np.mean(all_covered),
            "width": np.mean(widths),
            "joint_width": np.mean(joint_widths),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="unused; every benchmark takes it")
    parser.add_argument(
        "--items", type=int, nargs="+", default=[3, 5, 10, 20, 40], help="items per construct"
    )
    parser.add_argument("--replications", type=int, default=200)
    parser.add_argument("--resamples", type=int, default=1000, help="as target_analysis' default")
    parser.add_argument("--population", type=int, default=2000, help="items per construct for the truth")
    args = parser.parse_args()

    points = centres(seed=0)
    population = questionnaire(points, args.population, np.random.default_rng(1))
    analyses = {
        f"separability of the {len(OFFSETS) * (len(OFFSETS) - 1) // 2} construct pairs": (
            separability_intervals,
            separability_intervals(population, 0, 0)["value"],
        ),
        f"distinctiveness of the {len(OFFSETS)} constructs": (
            distinctiveness_intervals,
            distinctiveness_intervals(population, 0, 0)["value"],
        ),
    }
    for title, (intervals_of, truth) in analyses.items():
        print(f"\n{title}, true values ({args.population} items per construct):")
        print("  " + ", ".join(f"{name} {value:.3f}" for name, value in truth.items()))
        start = time.perf_counter()
        table = pd.DataFrame([coverage(intervals_of, points, truth, n, args) for n in args.items])
        print(
            f"coverage of 95 % intervals over {args.replications} questionnaires "
            f"({args.resamples} item resamples each; {time.perf_counter() - start:.0f} s):"
        )
        print(table.astype({"items": int}).to_string(index=False, float_format=lambda value: f"{value:.3f}"))
    print(
        "\ncovered: share of the intervals that cover their truth; worst: the one covered least "
        "often, its_truth its true value;\nfirst: c0–c1, one construct under two names (0.5), and "
        "c0; joint_all: share of questionnaires whose joint band covers every one;\nwidth, "
        "joint_width: mean width of an interval and of its joint band"
    )


if __name__ == "__main__":
    main()
