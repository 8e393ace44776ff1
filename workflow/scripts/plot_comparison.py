"""Snakemake adapter: IPIP test vs one target, every metric's difference with its interval (as a
figure and a page), and the target against random sets of as many IPIP test constructs."""

from constructlens.pages import write_table_page
from constructlens.plots import comparison_plot, figure_files, matched_plot
from constructlens.step import step
from constructlens.tables import read_tsv

with step(snakemake.log[0]):
    target, out = snakemake.wildcards.target, snakemake.output
    comparison_plot(
        read_tsv(snakemake.input.comparison), target, figure_files(out, "figure", snakemake.params.dpi)
    )
    write_table_page(snakemake.input.comparison, out.table_page)
    matched_plot(
        read_tsv(snakemake.input.matched), target, figure_files(out, "matched", snakemake.params.dpi)
    )
