"""Snakemake adapter: raw leadership measures → focused construct set, cleaned text."""

from constructlens.items import construct_stats
from constructlens.leadership import LEADERSHIP_COLUMNS, clean_leadership
from constructlens.step import step
from constructlens.tables import read_table

with step(snakemake.log[0]) as log:
    source = snakemake.input.table
    items = clean_leadership(read_table(source, LEADERSHIP_COLUMNS), source, snakemake.params.settings)
    stats = construct_stats(items)
    items.to_parquet(snakemake.output.item_table, index=False)
    stats.to_csv(snakemake.output.stats, sep="\t", index=False)
    log.info("%d items in %d constructs", len(items), len(stats))
