"""Snakemake adapter: download one pinned input file and verify its sha256."""

from constructlens.download import fetch_verified
from constructlens.step import step

with step(snakemake.log[0]) as log:
    fetch_verified(snakemake.params.url, snakemake.output[0], snakemake.params.sha256)
    log.info("downloaded %s (sha256 verified)", snakemake.params.url)
