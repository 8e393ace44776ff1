"""Snakemake adapter: a target's result tables as one Excel workbook, a sheet per table."""

from pathlib import Path

from constructlens.step import step
from constructlens.tables import read_tsv
from constructlens.workbook import write_workbook

with step(snakemake.log[0]) as log:
    tables = {Path(path).stem: read_tsv(path) for path in snakemake.input.tables}
    write_workbook(tables, snakemake.output[0])
    log.info(
        "%s: %d tables, %d rows in all", snakemake.output[0], len(tables), sum(map(len, tables.values()))
    )
