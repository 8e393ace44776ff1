"""Snakemake adapter: one metric across models, datasets and splits, with intervals, the
selected model's rows marked."""

from constructlens.embeddings import selected_model
from constructlens.plots import figure_files, metric_forest
from constructlens.step import step
from constructlens.tables import read_tsv

with step(snakemake.log[0]):
    metric_forest(
        read_tsv(snakemake.input.metrics),
        snakemake.wildcards.metric,
        figure_files(snakemake.output, "figure", snakemake.params.dpi),
        selected_model(snakemake.input.choice),
    )
