"""Snakemake adapter: training curve figure (loss, and validation AUC when measured)."""

from constructlens.plots import figure_files, loss_plot
from constructlens.step import step
from constructlens.tables import read_tsv

with step(snakemake.log[0]):
    curve = read_tsv(snakemake.input.curve)
    loss_plot(
        curve,
        f"Training: {snakemake.wildcards.model}",
        figure_files(snakemake.output, "figure", snakemake.params.dpi),
    )
