"""How often do the separability intervals cover the value they estimate?

A construct pair's separability is estimated from the items a questionnaire happens to hold;
its 95 % interval resamples those items within constructs (``separability_draws``), and the
joint band (``joint_intervals``) widens every interval so that all pairs hold at once. What
they estimate is the separability over every item that could have been written for the two
constructs. This simulates that: six constructs whose items scatter around a centre each (two
of them with one centre: one construct under two names, separability 0.5; the other pairs
separable 0.55 to 0.96, as the leadership styles are), the "true" separabilities from a large
population of items, then many questionnaires of a few items per construct, and counts how
often each pair's interval and the joint band cover the truth (the README's figures: the
defaults, about 3 minutes on 2 cores).

    python benchmarks/interval_coverage.py [--items 3 5 10 20 40] [--replications 200] [--resamples 1000]
"""

import argparse
import time

import numpy as np
import pandas as pd

from constructlens.analysis import joint_intervals, pair_separabilities, separability_draws
from constructlens.metrics import ItemSet, percentile_interval

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
    """``n_items`` items per construct, each its centre plus noise, L2-normalised."""
    home = np.repeat(np.arange(len(points)), n_items)
    vectors = points[home] + rng.normal(scale=NOISE, size=(len(home), DIMENSIONS))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    membership = np.zeros((len(home), len(points)), bool)
    membership[np.arange(len(home)), home] = True
    names = [f"c{c}" for c in range(len(points))]
    return ItemSet(vectors.astype(np.float32), membership, names, [f"item {i}" for i in range(len(home))])


def coverage(points: np.ndarray, truth: pd.Series, n_items: int, replications: int, resamples: int) -> dict:
    """Per-pair and joint coverage of the truth over ``replications`` questionnaires."""
    rng = np.random.default_rng(n_items)
    covered, all_covered, widths, joint_widths = [], [], [], []
    for replication in range(replications):
        item_set = questionnaire(points, n_items, rng)
        values = pair_separabilities(item_set)
        draws = separability_draws(item_set, values, resamples, seed=replication)
        low, high = np.array([percentile_interval(row) for row in draws]).T
        joint_low, joint_high = joint_intervals(values.to_numpy(), draws)
        true = truth.to_numpy()
        covered.append((low <= true) & (true <= high))
        all_covered.append(np.all((joint_low <= true) & (true <= joint_high)))
        widths.append(high - low)
        joint_widths.append(joint_high - joint_low)
    covered = np.array(covered)
    by_pair = covered.mean(axis=0)
    return {
        "items": n_items,
        "per_pair": covered.mean(),
        "worst_pair": by_pair.min(),
        "its_truth": truth.to_numpy()[by_pair.argmin()],
        "one_name_pair": covered[:, 0].mean(),
        "all_pairs_joint": np.mean(all_covered),
        "width": np.mean(widths),
        "joint_width": np.mean(joint_widths),
    }


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
    truth = pair_separabilities(questionnaire(points, args.population, np.random.default_rng(1)))
    print(f"true separabilities of the {len(truth)} pairs ({args.population} items per construct):")
    print("  " + ", ".join(f"{a}–{b} {value:.3f}" for (a, b), value in truth.items()))
    rows = []
    for n_items in args.items:
        start = time.perf_counter()
        rows.append(coverage(points, truth, n_items, args.replications, args.resamples))
        print(f"{n_items} items per construct: {time.perf_counter() - start:.0f} s")
    table = pd.DataFrame(rows)
    print(
        f"\ncoverage of 95 % intervals over {args.replications} questionnaires "
        f"({args.resamples} item resamples each):"
    )
    print(table.to_string(index=False, float_format=lambda value: f"{value:.3f}"))
    print(
        "per_pair: share of all pairs' intervals that cover their truth; worst_pair: the pair "
        "covered least often, its_truth its separability;\none_name_pair: c0–c1, one construct "
        "under two names (0.5); all_pairs_joint: share of questionnaires whose joint band covers "
        "every pair;\nwidth, joint_width: mean width of a pair's interval and of its joint band"
    )


if __name__ == "__main__":
    main()
