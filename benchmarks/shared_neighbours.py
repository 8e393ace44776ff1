"""Do the held-out items' own neighbourhoods separate constructs better than cosine does?
(docs/experiments.md, "Why the 0.90 target is out of reach here")

Scores every pair of held-out IPIP texts by how many of their k nearest neighbours (by cosine,
among the texts of the same scored set) the two share, ties broken by cosine, and prints its
pair AUC beside the workflow's cosine pair AUC, for every model of each finished run and both
held-out splits; given several runs (e.g. one per draw of held-out constructs), also the mean
over them. Items of one construct tend to share neighbours even where their own cosine is
middling, so this re-ranking uses the held-out set's cluster structure, without its labels.
It is transductive, far more than centering: a pair's score depends on every other item of
the set and on k, so it is a bound on what the embeddings hold, not a workflow option.

    python benchmarks/shared_neighbours.py RUN_DIR [RUN_DIR ...] [--k K [K ...]]

Each RUN_DIR is scored with the config it recorded (``results/provenance.json``).
"""

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from linked_constructs import held_out_item_sets

from constructlens.metrics import pair_auc, similarity_and_labels
from constructlens.prose import frame_table


def shared_neighbour_scores(similarity: np.ndarray, k: int) -> np.ndarray:
    """Pair scores: the number of the two texts' k nearest other texts (by ``similarity``) they
    share, plus a third of their cosine, which only breaks ties (it spans less than 1)."""
    n = len(similarity)
    others = similarity.copy()
    np.fill_diagonal(others, -np.inf)
    nearest = np.argsort(-others, axis=1, kind="stable")[:, : min(k, n - 1)]
    neighbours = np.zeros((n, n))
    np.put_along_axis(neighbours, nearest, 1.0, axis=1)
    return neighbours @ neighbours.T + similarity / 3


def neighbour_table(runs: list[Path], ks: list[int]) -> pd.DataFrame:
    """One row per run × model × held-out split: cosine pair AUC and shared-neighbour pair
    AUC for every k."""
    rows = []
    for run in runs:
        _, scored = held_out_item_sets(run)
        for model, split, item_set in scored:
            similarity, same = similarity_and_labels(item_set)
            a, b = np.triu_indices(len(similarity), k=1)
            row = {
                "run": str(run),
                "model": model,
                "split": split,
                "cosine": pair_auc(similarity[a, b], same[a, b]),
            }
            for k in ks:
                row[f"k = {k}"] = pair_auc(shared_neighbour_scores(similarity, k)[a, b], same[a, b])
            rows.append(row)
    return pd.DataFrame(rows)


def with_means(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with, when it holds several runs, one more row per model × split: the mean."""
    n_runs = table["run"].nunique()
    if n_runs < 2:
        return table
    means = table.drop(columns="run").groupby(["model", "split"], sort=False).mean().reset_index()
    return pd.concat([table, means.assign(run=f"mean of {n_runs}")[table.columns]], ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("runs", nargs="+", type=Path, metavar="RUN_DIR")
    parser.add_argument("--k", nargs="+", type=int, default=[5, 10, 20], help="neighbourhood sizes")
    args = parser.parse_args()
    table = with_means(neighbour_table(args.runs, args.k))
    print(frame_table(table))


if __name__ == "__main__":
    main()
