"""Snakemake adapter: the cosines of same- and different-construct item pairs under the selected
model, for the held-out IPIP test items and one target, as a table and a figure."""

import pandas as pd

from constructlens import plots
from constructlens.distributions import distribution_table, pair_similarities
from constructlens.embeddings import selected_embeddings
from constructlens.evaluation import held_out_item_set
from constructlens.metrics import make_item_set
from constructlens.step import step

with step(snakemake.log[0]) as log:
    out, params, target = snakemake.output, snakemake.params, snakemake.wildcards.target
    best, embeddings = selected_embeddings(snakemake.input.choice, snakemake.input.embeddings)
    _, ipip_embeddings = selected_embeddings(snakemake.input.choice, snakemake.input.ipip_embeddings)
    held_out = held_out_item_set(
        pd.read_parquet(snakemake.input.ipip_table),
        pd.read_parquet(snakemake.input.split),
        ipip_embeddings,
        params.center,
        params.score_shared_texts,
    )
    target_set = make_item_set(pd.read_parquet(snakemake.input.item_table), embeddings, center=params.center)
    sets = {"ipip_test": pair_similarities(held_out), target: pair_similarities(target_set)}
    table = distribution_table(sets)
    table.round(6).to_csv(out.table, sep="\t", index=False)
    aucs = table.groupby("item_set", sort=False)["pair_auc"].first().to_dict()
    labels = {"ipip_test": "held-out IPIP test items", target: f"{target} items"}
    plots.similarity_distributions_plot(
        {labels[name]: pairs for name, pairs in sets.items()},
        {labels[name]: auc for name, auc in aucs.items()},
        f"Cosine of item pairs under {best}",
        plots.figure_files(out, "figure", params.dpi),
    )
    log.info(
        "%s with %s: pair AUC %.3f, held-out IPIP test %.3f", target, best, aucs[target], aucs["ipip_test"]
    )
