"""Snakemake adapter: assign IPIP items to train / validation / test without leaks."""

import pandas as pd

from constructlens.splits import make_split, split_summary, thin_parts
from constructlens.step import step

with step(snakemake.log[0]) as log:
    items = pd.read_parquet(snakemake.input.item_table)
    assignment = make_split(
        items,
        snakemake.wildcards.scheme,
        snakemake.params.validation,
        snakemake.params.test,
        snakemake.params.seed,
        snakemake.params.shared_texts,
    )
    summary = split_summary(assignment, snakemake.params.shared_texts == "holdout")
    assignment.to_parquet(snakemake.output.assignment, index=False)
    summary.to_csv(snakemake.output.summary, sep="\t", index=False)
    log.info("split by %s:\n%s", snakemake.wildcards.scheme, summary.to_string(index=False))
    for warning in thin_parts(summary):
        log.warning(warning)
