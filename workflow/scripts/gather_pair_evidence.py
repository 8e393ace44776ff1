"""Snakemake adapter: everything the run has on each construct pair of a target, in one table."""

from constructlens.pages import write_table_page
from constructlens.pair_evidence import pair_evidence
from constructlens.step import step
from constructlens.tables import optional_tsv, read_tsv

with step(snakemake.log[0]) as log:
    inputs, out = snakemake.input, snakemake.output
    pairs = pair_evidence(
        read_tsv(inputs.separability),
        snakemake.params.threshold,
        read_tsv(inputs.redundancy),
        read_tsv(inputs.agreement),
        read_tsv(inputs.names),
        read_tsv(inputs.closest_items),
        read_tsv(inputs.near_duplicates),
        empirical=optional_tsv(inputs.empirical),  # a target given observed correlations
        responses=optional_tsv(inputs.responses),  # a target given answers
    )
    pairs.to_csv(out.table, sep="\t", index=False)
    write_table_page(out.table, out.page)
    log.info(
        "%s: %d construct pairs, %d overlapping, %d overlapping under every model",
        snakemake.wildcards.target,
        len(pairs),
        pairs["overlapping"].sum(),
        (pairs["models_overlapping"] == pairs["n_models"]).sum(),
    )
