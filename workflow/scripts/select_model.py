"""Snakemake adapter: choose the best model on validation data by the configured rule, and
compare it, paired on the same items, with every other candidate.

The per-model evaluation jobs keep each metric's value and interval, not the bootstrap
replicates a paired comparison needs, so the selection split is scored again here from the
cached embeddings (under a second per model)."""

from pathlib import Path

import pandas as pd

from constructlens.embeddings import read_embeddings
from constructlens.evaluation import evaluate_sets, evaluation_sets
from constructlens.pages import write_table_page
from constructlens.selection import (
    runner_up_margin,
    select_best,
    selection_margin,
    unclear_choice_message,
)
from constructlens.step import step, write_json
from constructlens.tables import read_tsv

with step(snakemake.log[0]) as log:
    params = snakemake.params
    rule = params.rule
    metrics = pd.concat([read_tsv(path) for path in snakemake.input.metrics], ignore_index=True)
    choice = select_best(metrics, params.candidates, rule["metric"], rule["dataset"], rule["split"])
    part = (rule["dataset"], rule["split"])
    sets = evaluation_sets(
        {rule["dataset"]: pd.read_parquet(snakemake.input.item_table)},
        pd.read_parquet(snakemake.input.assignment),
        {rule["dataset"]: [rule["split"]]},
        params.score_shared_texts,
    )
    results_of = {  # results/embeddings/<model>/<dataset>.parquet
        Path(path).parent.name: evaluate_sets(
            sets, {rule["dataset"]: read_embeddings(path)}, params.settings, params.seed
        )
        for path in snakemake.input.embeddings
    }
    evaluated = {model: results[part][0] for model, results in results_of.items()}
    margin = selection_margin(evaluated, choice, params.permutations, params.seed)
    choice["margin"] = runner_up_margin(margin)
    metrics.to_csv(snakemake.output.development, sep="\t", index=False)
    margin.to_csv(snakemake.output.margin, sep="\t", index=False)
    write_table_page(snakemake.output.margin, snakemake.output.margin_page)
    write_json(snakemake.output.choice, choice)
    log.info("best model: %s\n%s", choice["best_model"], margin.to_string(index=False))
    unclear = unclear_choice_message(choice)
    if unclear:
        log.warning("%s; see %s", unclear, snakemake.output.margin)
