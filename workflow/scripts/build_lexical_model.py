"""Snakemake adapter: the word-overlap baseline, over every text the run encodes, IDF from the
IPIP training texts."""

import pandas as pd

from constructlens.lexical import build_lexical_model
from constructlens.names import name_phrases
from constructlens.splits import split_items
from constructlens.step import step

with step(snakemake.log[0]) as log:
    tables = {path: pd.read_parquet(path) for path in snakemake.input.item_tables}
    ipip = tables[snakemake.input.ipip]
    reference = sorted(
        split_items(ipip, pd.read_parquet(snakemake.input.assignment), "train")["text"].unique()
    )
    texts = {text for table in tables.values() for text in table["text"]}
    for path, template in snakemake.params.name_templates.items():
        texts.update(name_phrases(sorted(tables[path]["construct"].unique()), template))
    size = build_lexical_model(snakemake.wildcards.lexical, sorted(texts), reference, snakemake.output.model)
    log.info(
        "%s: %d words from %d texts, IDF over %d training texts",
        snakemake.wildcards.lexical,
        size,
        len(texts),
        len(reference),
    )
