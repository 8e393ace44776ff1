"""Snakemake adapter: choose the best model on validation data by the configured rule."""

import pandas as pd

from constructlens.selection import select_best
from constructlens.step import step, write_json

with step(snakemake.log[0]) as log:
    metrics = pd.concat([pd.read_csv(path, sep="\t") for path in snakemake.input.metrics], ignore_index=True)
    rule = snakemake.params.rule
    choice = select_best(
        metrics,
        snakemake.params.candidates,
        rule["metric"],
        rule["dataset"],
        rule["split"],
        rule["higher_is_better"],
    )
    metrics.to_csv(snakemake.output.development, sep="\t", index=False)
    write_json(snakemake.output.choice, choice)
    log.info("best model: %s", choice["best_model"])
