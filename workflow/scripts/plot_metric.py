"""Snakemake adapter: one metric across models, datasets and splits, with intervals."""

import pandas as pd

from constructlens.plots import metric_forest
from constructlens.step import step

with step(snakemake.log[0]):
    metric_forest(
        pd.read_csv(snakemake.input.metrics, sep="\t"), snakemake.wildcards.metric, snakemake.output.figure
    )
