"""Snakemake adapter: a target's construct names beside its items, pair by pair (table, figure),
and every model's rank correlation of the two views with a Mantel test (summary)."""

from pathlib import Path

from constructlens import plots
from constructlens.embeddings import read_embeddings, selected_model
from constructlens.names import names_against_items
from constructlens.pages import write_table_page
from constructlens.step import step
from constructlens.tables import read_tsv

with step(snakemake.log[0]) as log:
    out, params, target = snakemake.output, snakemake.params, snakemake.wildcards.target
    name_vectors = {  # results/embeddings/<model>/<target>_names.parquet: construct → its name's embedding
        Path(path).parent.name: read_embeddings(path) for path in snakemake.input.names
    }
    best = selected_model(snakemake.input.choice)
    agreement = read_tsv(snakemake.input.agreement)  # every model's pair separabilities
    separability = agreement.set_index(["construct_a", "construct_b"])[list(name_vectors)]
    pairs, summary = names_against_items(name_vectors, separability, best, params.permutations, params.seed)
    pairs.to_csv(out.pairs, sep="\t", index=False)
    summary.to_csv(out.summary, sep="\t", index=False)
    write_table_page(out.pairs, out.pairs_page)
    write_table_page(out.summary, out.summary_page)
    read_as = "" if params.template == "{}" else f' (read as "{params.template.replace("{}", "…")}")'
    title = f"{target}: construct names{read_as} vs items ({best})"
    plots.names_plot(pairs, summary, title, plots.figure_files(out, "figure", params.dpi))
    log.info("%s: %d construct pairs\n%s", target, len(pairs), summary.to_string(index=False))
