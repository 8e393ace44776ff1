"""Snakemake adapter: the run and its other draws of held-out constructs side by side."""

from pathlib import Path

from constructlens.draws import compare, write_tables
from constructlens.pages import write_table_page
from constructlens.plots import draws_plot, figure_files
from constructlens.step import step

with step(snakemake.log[0]):
    compared = compare(
        [Path(record).parent.parent for record in snakemake.input.records], snakemake.params.metric
    )
    write_tables(
        compared,
        runs=snakemake.output.runs,
        summary=snakemake.output.scores,
        pairs=snakemake.output.pairs,
        constructs=snakemake.output.constructs,
    )
    write_table_page(snakemake.output.scores, snakemake.output.page)
    draws_plot(compared.rows, figure_files(snakemake.output, "figure", snakemake.params.dpi))
    Path(snakemake.output.summary).write_text(compared.text() + "\n")
