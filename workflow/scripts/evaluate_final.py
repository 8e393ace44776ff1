"""Snakemake adapter: the one look at held-out IPIP test data (selected model and baselines),
the research comparison of IPIP test with every target, and the other final tables
(``constructlens.final``)."""

import pandas as pd

from constructlens.evaluation import read_held_out
from constructlens.final import final_evaluation
from constructlens.pages import write_table_page
from constructlens.step import step
from constructlens.tables import read_tsv

with step(snakemake.log[0]) as log:
    params, out = snakemake.params, snakemake.output
    held_out = read_held_out(snakemake.input, params)
    tables = final_evaluation(
        held_out.sets, held_out.embeddings, held_out.roles, params.settings, params.seed, snakemake.threads
    )

    paired = tables.selected_vs_baselines
    paired.to_csv(out.selected_vs_baselines, sep="\t", index=False)
    log.info("selected vs baselines:\n%s", paired[paired["metric"] == "pair_auc"].to_string(index=False))
    tables.keying.to_csv(out.keying, sep="\t", index=False)
    tables.measures.to_csv(out.measures, sep="\t", index=False)
    tables.lengths.to_csv(out.lengths, sep="\t", index=False)
    development = read_tsv(snakemake.input.development)
    pd.concat([development, tables.metrics], ignore_index=True).to_csv(out.metrics, sep="\t", index=False)
    for table in ("metrics", "selected_vs_baselines", "keying", "measures", "lengths"):
        write_table_page(out[table], out[f"{table}_page"])
    tables.per_construct.to_csv(out.per_construct, sep="\t", index=False)
    targets = [d for d in params.datasets if d != "ipip"]
    for target, path, matched_path in zip(targets, out.comparisons, out.matched, strict=True):
        for table, where in ((tables.comparisons[target], path), (tables.matched[target], matched_path)):
            table.to_csv(where, sep="\t", index=False)
            log.info("%s:\n%s", where, table[table["metric"] == "pair_auc"].to_string(index=False))
    for ((first, second), table), path in zip(
        tables.between_targets.items(), out.between_targets, strict=True
    ):
        table.to_csv(path, sep="\t", index=False)
        log.info(
            "%s against %s:\n%s", first, second, table[table["metric"] == "pair_auc"].to_string(index=False)
        )
