"""Snakemake adapter: for each construct of one target, the constructs of another target its
items resemble most (the same thing under another name, across two instruments), and through
which items."""

import pandas as pd

from constructlens import analysis, plots
from constructlens.embeddings import selected_embeddings
from constructlens.metrics import make_item_set
from constructlens.pages import write_table_page
from constructlens.step import step

with step(snakemake.log[0]) as log:
    out, settings = snakemake.output, snakemake.params.settings
    target, other = snakemake.wildcards.target, snakemake.wildcards.other
    best, embeddings = selected_embeddings(snakemake.input.choice, snakemake.input.embeddings)
    _, other_embeddings = selected_embeddings(snakemake.input.choice, snakemake.input.other_embeddings)
    # across two item sets, never centred: each set's own mean would move it differently
    items = pd.read_parquet(snakemake.input.item_table)
    other_items = pd.read_parquet(snakemake.input.other_table)
    item_set, other_set = make_item_set(items, embeddings), make_item_set(other_items, other_embeddings)
    nearest = analysis.nearest_constructs(
        item_set,
        other_set,
        settings["nearest_k"],
        settings["overlap_threshold"],
        reference_name=other,
        n_resamples=snakemake.params.resamples,
        seed=snakemake.params.seed,
    )
    nearest.to_csv(out.nearest, sep="\t", index=False)
    write_table_page(out.nearest, out.nearest_page)
    pairs = analysis.nearest_items(
        item_set, other_set, nearest, settings["closest_items"], reference_name=other
    )
    pairs = analysis.with_item_details(
        analysis.with_item_details(pairs, items, "{}"), other_items, f"{other}_{{}}"
    )
    pairs.to_csv(out.nearest_items, sep="\t", index=False)
    plots.nearest_plot(
        nearest,
        f"{target}: nearest {other} constructs ({best})",
        plots.figure_files(out, "figure", snakemake.params.dpi),
        other,
    )
    log.info(
        "%s vs %s: %d of %d nearest pairs overlapping",
        target,
        other,
        int(nearest["overlapping"].sum()),
        len(nearest),
    )
