"""Snakemake adapter: does every model tell the same story about a target's constructs?"""

from pathlib import Path

import pandas as pd

from constructlens import analysis
from constructlens.embeddings import read_embeddings, selected_model
from constructlens.metrics import make_item_set
from constructlens.pages import write_table_page
from constructlens.step import step

with step(snakemake.log[0]) as log:
    out, params = snakemake.output, snakemake.params
    items = pd.read_parquet(snakemake.input.item_table)
    item_sets = {  # results/embeddings/<model>/<target>.parquet
        Path(path).parent.name: make_item_set(items, read_embeddings(path), center=params.center)
        for path in snakemake.input.embeddings
    }
    best = selected_model(snakemake.input.choice)
    pairs, summary = analysis.model_agreement(item_sets, best, params.threshold)
    pairs.to_csv(out.pairs, sep="\t", index=False)
    summary.to_csv(out.summary, sep="\t", index=False)
    write_table_page(out.summary, out.summary_page)
    for row in summary[~summary["selected"]].itertuples():
        log.info(
            "%s: %s flags %d overlapping pairs, %d of them also under %s; separability rho %.2f",
            snakemake.wildcards.target,
            row.model,
            row.n_pairs_overlapping,
            row.n_shared_with_selected,
            best,
            row.separability_rho,
        )
