"""Snakemake adapter: one target instrument → clean item table + construct statistics."""

from constructlens.items import construct_stats
from constructlens.language import language_warning
from constructlens.step import step
from constructlens.targets import load_target

with step(snakemake.log[0]) as log:
    params = snakemake.params
    items = load_target(snakemake.input.table, params.kind, params.settings, params.sheet)
    stats = construct_stats(items)
    items.to_parquet(snakemake.output.item_table, index=False)
    stats.to_csv(snakemake.output.stats, sep="\t", index=False)
    log.info("%s: %d items in %d constructs", snakemake.wildcards.target, len(items), len(stats))
    if warning := language_warning(items["text"], snakemake.input.table):
        log.warning("%s", warning)
