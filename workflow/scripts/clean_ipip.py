"""Snakemake adapter: raw IPIP CSV → clean item table + construct statistics."""

from constructlens.ipip import IPIP_COLUMNS, clean_ipip
from constructlens.items import construct_stats
from constructlens.step import step
from constructlens.tables import read_table

with step(snakemake.log[0]) as log:
    source = snakemake.input.table
    items = clean_ipip(read_table(source, IPIP_COLUMNS), source)
    stats = construct_stats(items)
    items.to_parquet(snakemake.output.item_table, index=False)
    stats.to_csv(snakemake.output.stats, sep="\t", index=False)
    log.info(
        "%d rows, %d distinct texts, %d constructs, %d texts in more than one construct",
        len(items),
        items["text"].nunique(),
        len(stats),
        items.loc[items["multi_construct"], "text"].nunique(),
    )
