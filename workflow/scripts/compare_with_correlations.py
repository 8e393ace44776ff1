"""Snakemake adapter: the selected model's similarity of a target's construct pairs beside their
observed correlations (table, figure), and every model's rank correlation with them, each with
a Mantel test (summary)."""

from pathlib import Path

import pandas as pd

from constructlens import plots
from constructlens.embeddings import read_embeddings, selected_model
from constructlens.empirical import empirical_agreement, read_correlations
from constructlens.metrics import make_item_set
from constructlens.pages import write_table_page
from constructlens.step import step
from constructlens.tables import read_tsv

with step(snakemake.log[0]) as log:
    out, params, target = snakemake.output, snakemake.params, snakemake.wildcards.target
    items = pd.read_parquet(snakemake.input.item_table)
    item_sets = {  # results/embeddings/<model>/<target>.parquet
        Path(path).parent.name: make_item_set(items, read_embeddings(path), center=params.center)
        for path in snakemake.input.embeddings
    }
    best = selected_model(snakemake.input.choice)
    correlations = read_correlations(
        snakemake.input.correlations, item_sets[best].constructs, params.template
    )
    agreement = read_tsv(snakemake.input.agreement)  # every model's pair separabilities
    separability = agreement.set_index(["construct_a", "construct_b"])[best]
    pairs, summary = empirical_agreement(
        item_sets, best, separability, correlations, params.permutations, params.seed
    )
    pairs.to_csv(out.pairs, sep="\t", index=False)
    summary.to_csv(out.summary, sep="\t", index=False)
    write_table_page(out.pairs, out.pairs_page)
    write_table_page(out.summary, out.summary_page)
    plots.empirical_plot(
        pairs,
        summary,
        f"{target}: model vs observed correlations ({best})",
        plots.figure_files(out, "figure", params.dpi),
    )
    log.info(
        "%s: %d construct pairs with a correlation\n%s", target, len(pairs), summary.to_string(index=False)
    )
