"""How much IPIP's overlapping constructs hold down the held-out pair AUC (docs/experiments.md).

IPIP scores some texts on two or more constructs, often of different inventories that measure
one trait under two names (Calmness and Cool-headedness, Sympathy and Tenderness). Held out side
by side, the other items of two such constructs count as different-construct pairs, although
the pool itself scores them together. This script scores every model of a finished run on its
held-out IPIP splits twice: over every pair of distinct texts, as the workflow does, and leaving
out the different-construct pairs of constructs that share a text anywhere in IPIP. The
difference bounds what those overlapping constructs cost the pair AUC.

    python benchmarks/linked_constructs.py [RUN_DIR]

RUN_DIR (default: the current directory) is a finished run, scored with the config it recorded
(``results/provenance.json``): its split, its policy for shared texts, its centering.
"""

import argparse
import json
from itertools import combinations
from pathlib import Path

import pandas as pd

from constructlens.embeddings import read_embeddings
from constructlens.evaluation import evaluation_sets, scored_sets
from constructlens.metrics import item_set_pair_auc, pair_auc_leaving_out
from constructlens.prose import markdown_table
from constructlens.splits import constructs_sharing_texts


def held_out_items(run: Path):
    """(config, IPIP items, [("ipip", split, items)]) of the finished run ``run``: the config it
    recorded, and the items of its held-out IPIP splits as that config scores them."""
    results = run / "results"
    recorded = results / "provenance.json"
    if not recorded.exists():
        raise SystemExit(f"{recorded}: not found (not a finished run?)")
    config = json.loads(recorded.read_text())["config"]
    items = pd.read_parquet(results / "data" / "ipip_items.parquet")
    assignment = pd.read_parquet(results / "splits" / f"ipip_{config['splits']['scheme']}.parquet")
    holdout = config["splits"]["shared_texts"] == "holdout"
    return (
        config,
        items,
        evaluation_sets({"ipip": items}, assignment, {"ipip": ["validation", "test"]}, holdout),
    )


def held_out_item_sets(run: Path):
    """(IPIP items, [(model, split, item set)]) of every model of the finished run ``run`` on
    its held-out IPIP splits, scored as the config it recorded says."""
    results = run / "results"
    config, items, sets = held_out_items(run)
    scored = []
    for folder in sorted((results / "embeddings").iterdir()):
        embeddings = {"ipip": read_embeddings(folder / "ipip.parquet")}
        for _, split, _, item_set in scored_sets(sets, embeddings, config["evaluation"]["center"]):
            scored.append((folder.name, split, item_set))
    return items, scored


def linked_table(run: Path) -> pd.DataFrame:
    """One row per model × held-out split: its pair AUC with and without the linked pairs."""
    items, scored = held_out_item_sets(run)
    linked = constructs_sharing_texts(items)
    rows = []
    for model, split, item_set in scored:
        auc, left_out = pair_auc_leaving_out(item_set, linked)
        n = len(item_set.texts)
        rows.append(
            {
                "model": model,
                "split": split,
                "linked construct pairs": sum(
                    pair in linked for pair in combinations(item_set.constructs, 2)
                ),
                "construct pairs": len(item_set.constructs) * (len(item_set.constructs) - 1) // 2,
                "item pairs left out": left_out,
                "item pairs": n * (n - 1) // 2,
                "pair AUC": item_set_pair_auc(item_set),
                "pair AUC without linked pairs": auc,
            }
        )
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("run", nargs="?", type=Path, default=Path("."), metavar="RUN_DIR")
    table = linked_table(parser.parse_args().run)
    cells = [
        [f"{v:.3f}" if isinstance(v, float) else f"{v:,}" if isinstance(v, int) else v for v in row]
        for row in table.itertuples(index=False)
    ]
    print(markdown_table(list(table.columns), cells))


if __name__ == "__main__":
    main()
