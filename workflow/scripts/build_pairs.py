"""Snakemake adapter: within-construct training pairs from the training side of the split."""

import pandas as pd

from constructlens.pairs import build_pairs, pair_stats
from constructlens.splits import split_items
from constructlens.step import step

with step(snakemake.log[0]) as log:
    items = pd.read_parquet(snakemake.input.item_table)
    train = split_items(items, pd.read_parquet(snakemake.input.assignment), "train")
    settings = snakemake.params.settings
    pairs = build_pairs(
        train,
        method=settings["method"],
        min_pairs=settings["min_pairs"],
        max_pairs=settings["max_pairs"],
        cap=settings["cap"],
        oversample=settings["oversample"],
        seed=snakemake.params.seed,
        positives=settings["positives"],
    )
    pairs.to_parquet(snakemake.output.pairs, index=False)
    pair_stats(train, pairs).to_csv(snakemake.output.stats, sep="\t", index=False)
    log.info("%d pairs from %d training constructs", len(pairs), train["construct"].nunique())
