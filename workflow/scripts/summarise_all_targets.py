"""Snakemake adapter: every target in one table (results/comparison/all_targets.tsv and its page)."""

from constructlens.embeddings import selected_model
from constructlens.overview import target_row, targets_overview
from constructlens.pages import write_table_page
from constructlens.step import step
from constructlens.tables import read_tsv

with step(snakemake.log[0]) as log:
    inputs, out = snakemake.input, snakemake.output
    model, metrics = selected_model(inputs.choice), read_tsv(inputs.metrics)
    per_target = zip(  # each input list in the order of params.targets
        snakemake.params.targets,
        inputs.comparisons,
        inputs.matched,
        inputs.distinctiveness,
        inputs.separability,
        inputs.overlaps,
        inputs.group_counts,
        strict=True,
    )
    rows = [
        target_row(target, model, metrics, *map(read_tsv, paths), snakemake.params.threshold)
        for target, *paths in per_target
    ]
    table = targets_overview(rows)
    table.round(6).to_csv(out.table, sep="\t", index=False)
    write_table_page(out.table, out.page)
    log.info(
        "%d target(s) under %s, most distinct first\n%s", len(table), model, table.to_string(index=False)
    )
