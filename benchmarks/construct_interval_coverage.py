"""How often does a construct-bootstrap interval cover the pair AUC it estimates?

The held-out IPIP pair AUC and a target's are reported with a 95 % interval from resampling
constructs: it stands for the pair AUC that other constructs like these would have. This script
checks that on real items, from a finished run's embeddings (nothing is encoded). Under each
baseline of the run, a model that never trained on IPIP, so that every construct is new to it,
the truth is the pair AUC over every IPIP construct's single-construct texts (those the held-out
splits score), and many random sets of k of those constructs (k as many as the leadership styles,
11, or the test split's 44) are scored with the workflow's interval. The sets are drawn without
replacement from a finite pool, where the interval is for new constructs, so as k nears the
whole pool it covers more often than 95 %. (README, Honest evaluation.)

    python benchmarks/construct_interval_coverage.py [RUN_DIR] [--constructs 11 20 44]
        [--draws 200] [--resamples 1000]

RUN_DIR (default: the current directory) is a finished run (``results/provenance.json``).
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from constructlens.embeddings import read_embeddings
from constructlens.metrics import (
    ItemSet,
    bias_corrected_interval,
    bootstrap_weights,
    item_set_pair_auc,
    make_item_set,
    pair_auc,
    percentile_interval,
    similarity_and_labels,
    weighted_pair_auc,
)
from constructlens.prose import frame_table


def pair_auc_draws(item_set: ItemSet, resamples: int, seed: int) -> tuple[float, np.ndarray]:
    """(pair AUC, its ``resamples`` construct-bootstrap values seeded ``seed``), as the
    workflow's metrics draw them; its interval is their ``percentile_interval``."""
    similarity, same = similarity_and_labels(item_set)
    a, b = np.triu_indices(len(similarity), k=1)
    scores, positive, home = similarity[a, b], same[a, b], item_set.home
    weights = bootstrap_weights(len(item_set.constructs), resamples, seed)
    return pair_auc(scores, positive), weighted_pair_auc(scores, positive, home[a], home[b], weights)


def coverage(items: pd.DataFrame, embedding_of: dict, center: bool, k: int, args) -> dict:
    """Over ``args.draws`` random sets of ``k`` constructs of ``items``: how often the interval
    covers the pair AUC of all of them, on which side it misses, the estimates' spread, and how
    often a bias-corrected interval from the same resamples (as item resampling uses) covers it."""
    truth = item_set_pair_auc(make_item_set(items, embedding_of, center))
    constructs = np.array(sorted(items["construct"].unique()))
    rng = np.random.default_rng(k)
    rows = []
    for draw in range(args.draws):
        chosen = items[items["construct"].isin(rng.choice(constructs, k, replace=False))]
        value, draws = pair_auc_draws(make_item_set(chosen, embedding_of, center), args.resamples, draw)
        rows.append([value, *percentile_interval(draws), *bias_corrected_interval(value, draws)])
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", nargs="?", default=".", type=Path, help="a finished run")
    parser.add_argument("--constructs", type=int, nargs="+", default=[11, 20, 44], help="k per set")
    parser.add_argument("--draws", type=int, default=200, help="sets of k constructs")
    parser.add_argument("--resamples", type=int, default=1000, help="as evaluation.bootstrap_resamples")
    args = parser.parse_args()

    results = args.run / "results"
    recorded = results / "provenance.json"
    if not recorded.exists():
        raise SystemExit(f"{recorded}: not found (not a finished run?)")
    config = json.loads(recorded.read_text())["config"]
    items = pd.read_parquet(results / "data" / "ipip_items.parquet")
    items = items[items["n_constructs"] == 1]  # what the held-out splits score by default
    rows = []
    for model in config["baselines"]:
        start = time.perf_counter()
        embedding_of = read_embeddings(results / "embeddings" / model / "ipip.parquet")
        for k in args.constructs:
            rows.append(
                {"model": model, **coverage(items, embedding_of, config["evaluation"]["center"], k, args)}
            )
        print(f"{model}: {time.perf_counter() - start:.0f} s")
    print(
        f"\nCoverage of the 95 % construct-bootstrap interval of the pair AUC, {args.draws} sets "
        f"of k IPIP constructs per row ({args.resamples} resamples each); truth: the pair AUC over "
        "every construct's single-construct texts; covered_bc: a bias-corrected interval instead\n"
    )
    print(frame_table(pd.DataFrame(rows)))


if __name__ == "__main__":
    main()
