"""Snakemake adapter: what one target's tables say, in sentences (findings.md, and as a page of the report)."""

import json
from pathlib import Path

import pandas as pd

from constructlens.findings import target_findings
from constructlens.items import nested_constructs
from constructlens.language import english_word_share
from constructlens.pages import markdown_page
from constructlens.step import step
from constructlens.tables import optional_tsv, read_tsv

with step(snakemake.log[0]) as log:
    inputs, target = snakemake.input, snakemake.wildcards.target
    tables = {  # named as target_findings names them
        name: read_tsv(getattr(inputs, name))
        for name in (
            "comparison",
            "matched",
            "distinctiveness",
            "overlaps",
            "redundancy",
            "closest_items",
            "measure_agreement",
            "fit_summary",
            "agreement",
            "nearest",
            "from_ipip",
            "names",
            "names_summary",
            "paired",
            "distributions",
            "near_duplicates",
            "near_duplicates_summary",
            "groups",
            "group_counts",
            "separability",
        )
    }
    # only a target with observed correlations has the first two, one given definitions the next
    # two, one given responses the last seven
    optional = ("empirical", "empirical_summary", "definitions", "definitions_models")
    optional += (
        "responses",
        "responses_scales",
        "responses_constructs",
        "responses_items",
        "responses_factors",
        "responses_measurement",
        "responses_residuals",
    )
    for name in optional:
        tables[name] = optional_tsv(getattr(inputs, name))
    tables["keying"] = read_tsv(inputs.keying).query("dataset == @target")  # none for unscored items
    tables["lengths"] = read_tsv(inputs.lengths).query("dataset in ('ipip', @target)")
    reliability = optional_tsv(inputs.reliability)  # only a target with an alpha_column is checked
    tables["reliability"] = None if reliability is None else reliability.query("dataset == @target")
    params, items = snakemake.params, pd.read_parquet(inputs.item_table)
    between = [(a, b, read_tsv(path)) for (a, b), path in zip(params.pairs, inputs.between, strict=True)]
    text = target_findings(
        target,
        json.loads(Path(inputs.choice).read_text()),
        params.threshold,
        params.measure_min_items,
        **tables,
        name_template=params.name_template,
        redundancy_alpha=params.redundancy_alpha,
        near_duplicate_share=params.near_duplicate_share,
        finetuned=tuple(params.finetuned),
        lexical=tuple(params.lexical),
        english_share=english_word_share(items["text"]),
        nested=nested_constructs(items),
        between=between,
    )
    Path(snakemake.output.findings).write_text(text)
    Path(snakemake.output.page).write_text(markdown_page(text))  # what the HTML report shows
    log.info("%s: findings drafted, %d words", target, len(text.split()))
