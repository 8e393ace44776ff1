"""Snakemake adapter: a methods section drafted from the run's provenance and result tables."""

import json
from pathlib import Path

import pandas as pd

from constructlens.methods import methods_text
from constructlens.pages import markdown_page
from constructlens.step import step
from constructlens.tables import read_tsv

with step(snakemake.log[0]) as log:
    inputs = snakemake.input
    items = {
        Path(path).name.removesuffix("_items.parquet"): pd.read_parquet(path) for path in inputs.item_tables
    }
    source_rows = {
        Path(path).name.removesuffix("_source_rows.tsv"): read_tsv(path) for path in inputs.source_rows
    }
    comparisons = {Path(path).stem.removeprefix("ipip_vs_"): read_tsv(path) for path in inputs.comparisons}
    matched = {  # results/comparison/ipip_vs_<target>_matched.tsv
        Path(path).stem.removeprefix("ipip_vs_").removesuffix("_matched"): read_tsv(path)
        for path in inputs.matched
    }
    between = {
        tuple(pair): read_tsv(path) for pair, path in zip(snakemake.params.pairs, inputs.between, strict=True)
    }
    response_rows = {Path(path).parent.name: read_tsv(path) for path in inputs.response_rows}
    text = methods_text(
        json.loads(Path(inputs.record).read_text()),
        items,
        read_tsv(inputs.split_summary),
        read_tsv(inputs.metrics),
        comparisons,
        read_tsv(inputs.reliability),
        between,
        source_rows,
        response_rows,
        matched,
    )
    Path(snakemake.output.methods).write_text(text)
    Path(snakemake.output.page).write_text(markdown_page(text))  # what the HTML report shows
    log.info("methods drafted: %d words", len(text.split()))
