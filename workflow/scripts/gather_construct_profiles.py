"""Snakemake adapter: everything the run has on each construct of a target, in one table."""

import pandas as pd

from constructlens.construct_profiles import construct_profiles
from constructlens.pages import write_table_page
from constructlens.step import step
from constructlens.tables import optional_tsv, read_tsv

with step(snakemake.log[0]) as log:
    inputs, out = snakemake.input, snakemake.output
    profiles = construct_profiles(
        read_tsv(inputs.distinctiveness),
        read_tsv(inputs.separability),
        snakemake.params.threshold,
        read_tsv(inputs.item_fit),
        read_tsv(inputs.nearest_ipip),
        read_tsv(inputs.near_duplicates),
        pd.read_parquet(inputs.item_table),
        definitions_summary=optional_tsv(inputs.definitions),  # a target given definitions
        responses_scales=optional_tsv(inputs.responses),  # a target given answers
    )
    profiles.to_csv(out.table, sep="\t", index=False)
    write_table_page(out.table, out.page)
    log.info(
        "%s: %d constructs, %d overlapping at least one other, %d alone in their group",
        snakemake.wildcards.target,
        len(profiles),
        int((profiles["n_overlapping"] > 0).sum()),
        int((profiles["group_with"] == "").sum()),
    )
