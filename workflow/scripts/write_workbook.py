"""Snakemake adapter: result tables as one Excel workbook, a sheet per table."""

from constructlens.step import step
from constructlens.tables import read_tsv
from constructlens.workbook import write_workbook

with step(snakemake.log[0]) as log:
    tables = [read_tsv(path) for path in snakemake.input.tables]
    write_workbook([tuple(sheet) for sheet in snakemake.params.sheets], tables, snakemake.output[0])
    log.info("%s: %d tables, %d rows in all", snakemake.output[0], len(tables), sum(map(len, tables)))
