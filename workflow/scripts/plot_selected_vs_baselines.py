"""Snakemake adapter: the selected model against each baseline on the same items."""

import pandas as pd

from constructlens.plots import selected_vs_baselines_plot
from constructlens.step import step

with step(snakemake.log[0]):
    selected_vs_baselines_plot(pd.read_csv(snakemake.input.table, sep="\t"), snakemake.output.figure)
