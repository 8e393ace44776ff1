"""Snakemake adapter: one target instrument → clean item table + construct statistics."""

from constructlens.items import construct_stats
from constructlens.leadership import LEADERSHIP_COLUMNS, clean_leadership
from constructlens.step import step
from constructlens.tables import read_table
from constructlens.targets import clean_table_target

with step(snakemake.log[0]) as log:
    source, settings = snakemake.input.table, snakemake.params.settings
    if snakemake.params.kind == "leadership":
        items = clean_leadership(read_table(source, LEADERSHIP_COLUMNS), source, settings)
    else:
        columns = [settings["text_column"], settings["construct_column"]]
        optional = ("key_column", "measure_column", "subscale_column")
        columns += [settings[c] for c in optional if settings[c]]
        items = clean_table_target(read_table(source, columns), source, settings)
    stats = construct_stats(items)
    items.to_parquet(snakemake.output.item_table, index=False)
    stats.to_csv(snakemake.output.stats, sep="\t", index=False)
    log.info("%s: %d items in %d constructs", snakemake.wildcards.target, len(items), len(stats))
