"""Snakemake adapter: the selected model's similarity of a target's construct pairs beside their
observed correlations, with a Mantel test (table, summary, figure)."""

import pandas as pd

from constructlens import plots
from constructlens.embeddings import selected_embeddings
from constructlens.empirical import empirical_agreement, read_correlations
from constructlens.metrics import make_item_set
from constructlens.pages import write_table_page
from constructlens.step import step

with step(snakemake.log[0]) as log:
    out, params, target = snakemake.output, snakemake.params, snakemake.wildcards.target
    best, embeddings = selected_embeddings(snakemake.input.choice, snakemake.input.embeddings)
    item_set = make_item_set(pd.read_parquet(snakemake.input.item_table), embeddings, center=params.center)
    correlations = read_correlations(snakemake.input.correlations, item_set.constructs)
    pairs, summary = empirical_agreement(item_set, correlations, params.permutations, params.seed)
    pairs.to_csv(out.pairs, sep="\t", index=False)
    summary.to_csv(out.summary, sep="\t", index=False)
    write_table_page(out.pairs, out.pairs_page)
    write_table_page(out.summary, out.summary_page)
    plots.empirical_plot(pairs, summary, f"{target}: model vs observed correlations ({best})", out.figure)
    log.info(
        "%s: %d construct pairs with a correlation\n%s", target, len(pairs), summary.to_string(index=False)
    )
