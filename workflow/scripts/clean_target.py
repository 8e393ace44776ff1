"""Snakemake adapter: one target instrument → clean item table, construct statistics, and what
became of every row read."""

from constructlens.items import construct_stats, row_outcome_counts
from constructlens.language import language_warning
from constructlens.pages import write_table_page
from constructlens.step import step
from constructlens.targets import clean_target, read_target, target_row_record

with step(snakemake.log[0]) as log:
    params, source = snakemake.params, snakemake.input.table
    frame = read_target(source, params.kind, params.settings, params.sheet)
    items = clean_target(frame, source, params.kind, params.settings)
    stats = construct_stats(items)
    record = target_row_record(frame, params.kind, params.settings, items)
    items.to_parquet(snakemake.output.item_table, index=False)
    stats.to_csv(snakemake.output.stats, sep="\t", index=False)
    record.to_csv(snakemake.output.source_rows, sep="\t", index=False)
    write_table_page(snakemake.output.source_rows, snakemake.output.source_rows_page)
    log.info("%s: %d items in %d constructs", snakemake.wildcards.target, len(items), len(stats))
    log.info("%s: %s", source, row_outcome_counts(record))
    if warning := language_warning(items["text"], source):
        log.warning("%s", warning)
