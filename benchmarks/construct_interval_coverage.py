"""How often does a construct-bootstrap interval cover the pair AUC it estimates?

The held-out IPIP pair AUC and a target's are reported with a 95 % interval from resampling
constructs: it stands for the pair AUC that other constructs like these would have. This script
checks that on real items, from a finished run's embeddings (nothing is encoded). Under each
baseline of the run, a model that never trained on IPIP, so that every construct is new to it,
the truth is the pair AUC over every IPIP construct's single-construct texts (those the held-out
splits score), and many random sets of k of those constructs (k as many as the leadership styles,
11, or the test split's 44) are scored with the workflow's interval. The sets are drawn without
replacement from a finite pool, where the interval is for new constructs, so as k nears the
whole pool it covers more often than 95 %.

The comparison of two sets (IPIP test against a target) is checked where the truth is no
difference: two disjoint random sets of constructs, as large as the test split and the
leadership styles (44 and 11), compared as the workflow compares them: how often the interval
of the difference covers 0, and how often the relabelling test (``--relabellings``, as the
run's ``evaluation.relabellings``) gives p below 0.05 and 0.01. (docs/evaluation.md)

    python benchmarks/construct_interval_coverage.py [RUN_DIR] [--constructs 11 20 44]
        [--draws 500] [--resamples 1000] [--compare 44 11] [--pairs-of-sets 200]

RUN_DIR (default: the current directory) is a finished run (``results/provenance.json``).
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from constructlens.comparison import compare
from constructlens.embeddings import read_embeddings
from constructlens.metrics import bias_corrected_interval, compute_metrics, item_set_pair_auc, make_item_set
from constructlens.prose import frame_table
from constructlens.relabelling import RELABELLED, relabelled_differences


def scored_pair_auc(
    items: pd.DataFrame, chosen: np.ndarray, embedding_of: dict, center: bool, args, seed: int
):
    """The item set of the constructs ``chosen`` of ``items`` and its pair AUC (a
    ``MetricResult``: value, interval, resamples), scored by the workflow's metrics with
    ``args.resamples`` construct resamples."""
    item_set = make_item_set(items[items["construct"].isin(chosen)], embedding_of, center)
    settings = {"kmeans_seeds": 1, "kmeans_n_init": 1, "bootstrap_resamples": args.resamples}
    return item_set, compute_metrics(item_set, settings, seed)[0]["pair_auc"]


def coverage(items: pd.DataFrame, embedding_of: dict, center: bool, k: int, args) -> dict:
    """Over ``args.draws`` random sets of ``k`` constructs of ``items``: how often the interval
    covers the pair AUC of all of them, on which side it misses, the estimates' spread, and how
    often a bias-corrected interval from the same resamples (as item resampling uses) covers it."""
    truth = item_set_pair_auc(make_item_set(items, embedding_of, center))
    constructs = np.array(sorted(items["construct"].unique()))
    rng = np.random.default_rng(k)
    rows = []
    for draw in range(args.draws):
        chosen = rng.choice(constructs, k, replace=False)
        auc = scored_pair_auc(items, chosen, embedding_of, center, args, draw)[1]
        rows.append([auc.value, auc.ci_low, auc.ci_high, *bias_corrected_interval(auc.value, auc.samples)])
    value, low, high, corrected_low, corrected_high = np.array(rows).T
    return {
        "constructs": f"{k} of {len(constructs)}",
        "truth": truth,
        "mean_estimate": value.mean(),
        "sd_estimate": value.std(ddof=1),
        "covered": np.mean((low <= truth) & (truth <= high)),
        "truth_below": np.mean(truth < low),
        "truth_above": np.mean(truth > high),
        "width": np.mean(high - low),
        "covered_bc": np.mean((corrected_low <= truth) & (truth <= corrected_high)),
    }


def null_comparison(items: pd.DataFrame, embedding_of: dict, center: bool, args) -> dict:
    """Over ``args.pairs_of_sets`` pairs of disjoint random sets of ``args.compare``
    constructs of ``items``, compared on the pair AUC as the workflow compares IPIP test with a
    target: the mean difference, how often its interval covers 0, and how often the relabelling
    test gives p < 0.05 and < 0.01."""
    constructs = np.array(sorted(items["construct"].unique()))
    first_size, second_size = args.compare
    rng = np.random.default_rng(first_size * 1000 + second_size)
    rows = []
    for draw in range(args.pairs_of_sets):
        chosen = rng.permutation(constructs)
        parts = chosen[:first_size], chosen[first_size : first_size + second_size]
        (first_set, first), (second_set, second) = (
            scored_pair_auc(items, part, embedding_of, center, args, draw) for part in parts
        )
        differences = relabelled_differences(first_set, second_set, args.relabellings, draw, workers=2)
        relabelled = {"pair_auc": differences[:, RELABELLED.index("pair_auc")]}
        rows.append(
            compare({"pair_auc": first}, {"pair_auc": second}, relabelled, metrics=("pair_auc",)).iloc[0]
        )
    table = pd.DataFrame(rows)
    return {
        "sets": f"{first_size} and {second_size} of {len(constructs)}",
        "mean_difference": table["difference"].mean(),
        "interval_covers_0": np.mean((table["ci_low"] <= 0) & (0 <= table["ci_high"])),
        "p_below_0.05": np.mean(table["p_value"] < 0.05),
        "p_below_0.01": np.mean(table["p_value"] < 0.01),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", nargs="?", default=".", type=Path, help="a finished run")
    parser.add_argument("--constructs", type=int, nargs="+", default=[11, 20, 44], help="k per set")
    parser.add_argument("--draws", type=int, default=500, help="sets of k constructs")
    parser.add_argument("--resamples", type=int, default=1000, help="as evaluation.bootstrap_resamples")
    parser.add_argument("--compare", type=int, nargs=2, default=[44, 11], help="sizes of the two sets")
    parser.add_argument("--pairs-of-sets", type=int, default=200, help="pairs of sets compared")
    parser.add_argument("--relabellings", type=int, help="of each pair (default: the run's)")
    args = parser.parse_args()

    results = args.run / "results"
    recorded = results / "provenance.json"
    if not recorded.exists():
        raise SystemExit(f"{recorded}: not found (not a finished run?)")
    config = json.loads(recorded.read_text())["config"]
    items = pd.read_parquet(results / "data" / "ipip_items.parquet")
    items = items[items["n_constructs"] == 1]  # what the held-out splits score by default
    center = config["evaluation"]["center"]
    args.relabellings = args.relabellings or config["evaluation"].get("relabellings", 999)
    rows, null_rows = [], []
    for model in config["baselines"]:
        start = time.perf_counter()
        embedding_of = read_embeddings(results / "embeddings" / model / "ipip.parquet")
        for k in args.constructs:
            rows.append({"model": model, **coverage(items, embedding_of, center, k, args)})
        null_rows.append({"model": model, **null_comparison(items, embedding_of, center, args)})
        print(f"{model}: {time.perf_counter() - start:.0f} s")
    print(
        f"\nCoverage of the 95 % construct-bootstrap interval of the pair AUC, {args.draws} sets "
        f"of k IPIP constructs per row ({args.resamples} resamples each); truth: the pair AUC over "
        "every construct's single-construct texts; covered_bc: a bias-corrected interval instead\n"
    )
    print(frame_table(pd.DataFrame(rows)))
    print(
        f"\nThe comparison of two disjoint sets of IPIP constructs (no difference to find), "
        f"{args.pairs_of_sets} pairs of sets per row: interval of the pair-AUC difference and "
        f"relabelling test ({args.relabellings:,} relabellings)\n"
    )
    print(frame_table(pd.DataFrame(null_rows)))


if __name__ == "__main__":
    main()
