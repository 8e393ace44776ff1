"""Snakemake adapter: metrics of one model on every development dataset × split."""

import pandas as pd

from constructlens.embeddings import read_embeddings
from constructlens.evaluation import evaluate_sets, evaluation_sets, result_tables
from constructlens.step import step

with step(snakemake.log[0]) as log:
    datasets = snakemake.params.datasets
    items = {
        name: pd.read_parquet(path) for name, path in zip(datasets, snakemake.input.item_tables, strict=True)
    }
    embeddings = {
        name: read_embeddings(p) for name, p in zip(datasets, snakemake.input.embeddings, strict=True)
    }
    assignment = pd.read_parquet(snakemake.input.assignment)
    sets = evaluation_sets(items, assignment, snakemake.params.parts, snakemake.params.score_shared_texts)
    evaluated = evaluate_sets(sets, embeddings, snakemake.params.settings, snakemake.params.seed)
    metrics, per_construct = result_tables(snakemake.wildcards.model, evaluated)
    metrics.to_csv(snakemake.output.metrics, sep="\t", index=False)
    per_construct.to_csv(snakemake.output.per_construct, sep="\t", index=False)
    log.info("\n%s", metrics[metrics["metric"] == "pair_auc"].to_string(index=False))
