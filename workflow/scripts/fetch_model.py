"""Snakemake adapter: fetch one hub model to disk where the hub can be reached, for jobs that
load it on nodes without internet."""

from constructlens.hub import fetch_hub_model
from constructlens.step import step, write_json

with step(snakemake.log[0]) as log:
    record = fetch_hub_model(snakemake.params.spec, snakemake.output.model)
    write_json(snakemake.output.record, record)
    log.info("fetched %s at commit %s from %s", record["spec"], record["commit"], record["source"])
