"""Snakemake adapter: training curve figure (loss, and validation AUC when measured)."""

import pandas as pd

from constructlens.plots import loss_plot
from constructlens.step import step

with step(snakemake.log[0]):
    curve = pd.read_csv(snakemake.input.curve, sep="\t")
    loss_plot(curve, f"Training: {snakemake.wildcards.model}", snakemake.output.figure)
