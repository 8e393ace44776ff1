"""Snakemake adapter: the selected model against each baseline on the same items."""

from constructlens.plots import figure_files, selected_vs_baselines_plot
from constructlens.step import step
from constructlens.tables import read_tsv

with step(snakemake.log[0]):
    selected_vs_baselines_plot(
        read_tsv(snakemake.input.table), figure_files(snakemake.output, "figure", snakemake.params.dpi)
    )
