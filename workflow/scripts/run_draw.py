"""Snakemake adapter: the workflow again with another seed, in a folder of its own."""

from pathlib import Path

from constructlens.draw_runs import run_draw
from constructlens.step import step

with step(snakemake.log.step):
    run_draw(
        snakemake.params.config,
        Path(snakemake.output.record).parent.parent,
        snakemake.params.snakefile,
        snakemake.threads,
        snakemake.log.workflow,
        snakemake.params.deployment,
    )
