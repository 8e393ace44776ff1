"""Snakemake adapter: download one pinned input file and verify its sha256."""

from constructlens.download import fetch_verified
from constructlens.step import step

with step(snakemake.log[0]) as log:
    params = snakemake.params
    fetch_verified(params.url, snakemake.output[0], params.sha256, config_key=params.config_key)
    log.info("downloaded %s (sha256 verified)", params.url)
