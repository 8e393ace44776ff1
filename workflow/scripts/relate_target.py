"""Snakemake adapter: how distinct each target construct is, which pairs are redundant, and
which personality (IPIP) constructs each resembles most."""

import pandas as pd

from constructlens import analysis, plots
from constructlens.embeddings import selected_embeddings
from constructlens.metrics import make_item_set
from constructlens.step import step

with step(snakemake.log[0]) as log:
    out, params, target = snakemake.output, snakemake.params, snakemake.wildcards.target
    settings = params.settings
    best, embeddings = selected_embeddings(snakemake.input.choice, snakemake.input.embeddings)
    _, ipip_embeddings = selected_embeddings(snakemake.input.choice, snakemake.input.ipip_embeddings)
    item_set = make_item_set(pd.read_parquet(snakemake.input.item_table), embeddings)
    ipip_set = make_item_set(pd.read_parquet(snakemake.input.ipip_table), ipip_embeddings)

    analysis.distinctiveness(item_set, params.resamples, params.seed).to_csv(
        out.distinctiveness, sep="\t", index=False
    )
    redundancy = analysis.redundancy(
        item_set, settings["redundancy_permutations"], params.seed, settings["redundancy_alpha"]
    )
    redundancy.to_csv(out.redundancy, sep="\t", index=False)
    nearest = analysis.nearest_constructs(item_set, ipip_set, settings["nearest_k"])
    nearest.to_csv(out.nearest, sep="\t", index=False)
    plots.nearest_plot(nearest, f"{target}: nearest IPIP constructs ({best})", out.nearest_figure)
    log.info(
        "%s: %d of %d construct pairs redundant", target, int(redundancy["redundant"].sum()), len(redundancy)
    )
