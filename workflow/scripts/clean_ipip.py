"""Snakemake adapter: raw IPIP CSV → clean item table, construct statistics, and what became of
every row read."""

from constructlens.ipip import IPIP_COLUMNS, clean_ipip, ipip_row_record
from constructlens.items import construct_stats, row_outcome_counts
from constructlens.pages import write_table_page
from constructlens.step import step
from constructlens.tables import read_table

with step(snakemake.log[0]) as log:
    source = snakemake.input.table
    frame = read_table(source, IPIP_COLUMNS)
    items = clean_ipip(frame, source)
    stats = construct_stats(items)
    record = ipip_row_record(frame, items)
    items.to_parquet(snakemake.output.item_table, index=False)
    stats.to_csv(snakemake.output.stats, sep="\t", index=False)
    record.to_csv(snakemake.output.source_rows, sep="\t", index=False)
    write_table_page(snakemake.output.source_rows, snakemake.output.source_rows_page)
    log.info(
        "%d rows, %d distinct texts, %d constructs, %d texts in more than one construct",
        len(items),
        items["text"].nunique(),
        len(stats),
        items.loc[items["multi_construct"], "text"].nunique(),
    )
    log.info("%s: %s", source, row_outcome_counts(record))
