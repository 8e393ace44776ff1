"""Snakemake adapter: the target's items that are IPIP items, and on which side of the held-out
split each lies (a fine-tuned model has been trained on the training side's)."""

import pandas as pd

from constructlens.ipip_match import items_from_ipip
from constructlens.pages import write_table_page
from constructlens.step import step

with step(snakemake.log[0]) as log:
    inputs, out, target = snakemake.input, snakemake.output, snakemake.wildcards.target
    found = items_from_ipip(
        pd.read_parquet(inputs.item_table), pd.read_parquet(inputs.ipip_table), pd.read_parquet(inputs.split)
    )
    found.to_csv(out.table, sep="\t", index=False)
    write_table_page(out.table, out.page)
    trained, finetuned = int(found["on_training_side"].sum()), snakemake.params.finetuned
    if trained and finetuned:  # a run of zero-shot models only learns from no text
        log.warning(
            "%s: %d item(s) are IPIP training texts, which the fine-tuned models (%s) learn from; "
            "their scores under such a model are partly in-sample (%s)",
            target,
            trained,
            ", ".join(finetuned),
            out.table,
        )
    log.info("%s: %d item(s) are IPIP items, %d of them training texts", target, len(found), trained)
