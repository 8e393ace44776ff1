"""Snakemake adapter: for each construct of one target, the constructs of another target its
items resemble most (the same thing under another name, across two instruments)."""

import pandas as pd

from constructlens import analysis, plots
from constructlens.embeddings import selected_embeddings
from constructlens.metrics import make_item_set
from constructlens.step import step

with step(snakemake.log[0]) as log:
    out, settings = snakemake.output, snakemake.params.settings
    target, other = snakemake.wildcards.target, snakemake.wildcards.other
    best, embeddings = selected_embeddings(snakemake.input.choice, snakemake.input.embeddings)
    _, other_embeddings = selected_embeddings(snakemake.input.choice, snakemake.input.other_embeddings)
    # across two item sets, never centred: each set's own mean would move it differently
    nearest = analysis.nearest_constructs(
        make_item_set(pd.read_parquet(snakemake.input.item_table), embeddings),
        make_item_set(pd.read_parquet(snakemake.input.other_table), other_embeddings),
        settings["nearest_k"],
        settings["overlap_threshold"],
        reference_name=other,
    )
    nearest.to_csv(out.nearest, sep="\t", index=False)
    plots.nearest_plot(nearest, f"{target}: nearest {other} constructs ({best})", out.figure, other)
    log.info(
        "%s vs %s: %d of %d nearest pairs overlapping",
        target,
        other,
        int(nearest["overlapping"].sum()),
        len(nearest),
    )
