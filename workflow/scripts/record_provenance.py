"""Snakemake adapter: one provenance record of the run, for a methods section."""

import json
from pathlib import Path

from constructlens.run_record import run_provenance, workflow_record
from constructlens.step import step, write_json


def read_json(path: str) -> dict:
    return json.loads(Path(path).read_text())


with step(snakemake.log[0]) as log:
    inputs = snakemake.input
    record = run_provenance(
        workflow_record(Path(snakemake.scriptdir).resolve().parents[1]),  # workflow/scripts/ → the workflow
        snakemake.params.config,
        snakemake.params.inputs,
        {Path(path).parent.name: read_json(path) for path in inputs.training},
        {Path(path).parent.name: read_json(path) for path in inputs.encoding},
        read_json(inputs.choice),
    )
    write_json(snakemake.output.record, record)
    log.info("provenance of %d input(s), %d model(s)", len(record["inputs"]), len(record["encoding"]))
    changed = record["workflow"]["uncommitted_changes"]
    if changed:
        log.warning("the workflow's checkout has uncommitted changes, recorded: %s", ", ".join(changed))
