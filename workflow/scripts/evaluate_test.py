"""Snakemake adapter: the one look at held-out test data, for the selected model and baselines."""

import json

import pandas as pd

from constructlens.embeddings import read_embeddings
from constructlens.evaluation import evaluate_model, evaluation_sets
from constructlens.step import step

with step(snakemake.log[0]) as log:
    best = json.loads(open(snakemake.input.choice).read())["best_model"]
    models = [best] + [m for m in snakemake.params.baselines if m != best]
    paths = dict(zip(snakemake.params.models, snakemake.input.embeddings, strict=True))
    items = {"ipip": pd.read_parquet(snakemake.input.item_table)}
    sets = evaluation_sets(
        items,
        pd.read_parquet(snakemake.input.assignment),
        {"ipip": ["test"]},
        snakemake.params.score_shared_texts,
    )
    tables = [
        evaluate_model(
            m, sets, {"ipip": read_embeddings(paths[m])}, snakemake.params.settings, snakemake.params.seed
        )
        for m in models
    ]
    development = pd.read_csv(snakemake.input.development, sep="\t")
    test = pd.concat([t[0] for t in tables], ignore_index=True)
    pd.concat([development, test], ignore_index=True).to_csv(snakemake.output.metrics, sep="\t", index=False)
    pd.concat([t[1] for t in tables], ignore_index=True).to_csv(
        snakemake.output.per_construct, sep="\t", index=False
    )
    log.info("test split evaluated for %s", ", ".join(models))
