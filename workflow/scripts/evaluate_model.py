"""Snakemake adapter: metrics of one model on every dataset × split it is scored on."""

import pandas as pd

from constructlens.embeddings import read_embeddings
from constructlens.evaluation import evaluate_model, evaluation_sets
from constructlens.step import step

with step(snakemake.log[0]) as log:
    datasets = snakemake.params.datasets
    items = {
        name: pd.read_parquet(path) for name, path in zip(datasets, snakemake.input.item_tables, strict=True)
    }
    embeddings = {
        name: read_embeddings(path) for name, path in zip(datasets, snakemake.input.embeddings, strict=True)
    }
    sets = evaluation_sets(
        items,
        pd.read_parquet(snakemake.input.assignment),
        snakemake.params.parts,
        snakemake.params.score_shared_texts,
    )
    metrics, per_construct = evaluate_model(
        snakemake.wildcards.model, sets, embeddings, snakemake.params.settings, snakemake.params.seed
    )
    metrics.to_csv(snakemake.output.metrics, sep="\t", index=False)
    per_construct.to_csv(snakemake.output.per_construct, sep="\t", index=False)
    log.info("\n%s", metrics[metrics["metric"] == "pair_auc"].to_string(index=False))
