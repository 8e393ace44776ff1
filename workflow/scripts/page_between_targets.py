"""Snakemake adapter: the report's page of one target set against another."""

from constructlens.pages import write_table_page
from constructlens.step import step

with step(snakemake.log[0]):
    write_table_page(snakemake.input.table, snakemake.output.page)
