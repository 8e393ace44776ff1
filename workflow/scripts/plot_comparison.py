"""Snakemake adapter: IPIP test vs one target, every metric's difference with its interval."""

import pandas as pd

from constructlens.plots import comparison_plot
from constructlens.step import step

with step(snakemake.log[0]):
    comparison = pd.read_csv(snakemake.input.comparison, sep="\t")
    comparison_plot(comparison, snakemake.wildcards.target, snakemake.output.figure)
