"""Snakemake adapter: the selected model on one target: clusters, construct similarity and its
tree, the pair cosines behind its pair AUC beside the held-out IPIP items' (as distributions
and as matrices), and items that say nearly the same thing. How separable its constructs are:
separate_constructs.py."""

import pandas as pd

from constructlens import analysis, plots
from constructlens.distributions import SAME, construct_blocks, distribution_table, pair_similarities
from constructlens.embeddings import selected_embeddings
from constructlens.evaluation import selected_held_out_item_set
from constructlens.metrics import make_item_set
from constructlens.near_duplicates import near_duplicates, with_details
from constructlens.pages import write_table_page
from constructlens.step import step
from constructlens.tables import read_tsv

with step(snakemake.log[0]) as log:
    out, params, target = snakemake.output, snakemake.params, snakemake.wildcards.target
    best, embeddings = selected_embeddings(snakemake.input.choice, snakemake.input.embeddings)
    items = pd.read_parquet(snakemake.input.item_table)
    item_set = make_item_set(items, embeddings, center=params.center)

    assignments = analysis.cluster_items(item_set, params.seed, params.n_init)
    assignments.to_csv(out.clusters, sep="\t", index=False)
    analysis.cluster_composition(assignments).to_csv(out.composition, sep="\t", index=False)
    analysis.confusion_matrix(assignments).to_csv(out.confusion, sep="\t")

    similarity = analysis.construct_similarity(item_set)
    similarity.round(6).to_csv(out.similarity, sep="\t")
    plots.similarity_heatmap(
        similarity,
        f"{target}: mean cosine between constructs ({best})",
        plots.figure_files(out, "heatmap", params.dpi),
    )
    plots.dendrogram_plot(
        analysis.construct_linkage(similarity),
        list(similarity.index),
        f"{target}: constructs by similarity ({best})",
        plots.figure_files(out, "dendrogram", params.dpi),
    )

    held_out = selected_held_out_item_set(snakemake.input, params)
    sets = {"ipip_test": pair_similarities(held_out), target: pair_similarities(item_set)}
    distributions = distribution_table(sets)
    distributions.round(6).to_csv(out.distributions, sep="\t", index=False)
    aucs = distributions.groupby("item_set", sort=False)["pair_auc"].first().to_dict()
    labels = {"ipip_test": "held-out IPIP test items", target: f"{target} items"}
    plots.similarity_distributions_plot(
        {labels[name]: pairs for name, pairs in sets.items()},
        {labels[name]: auc for name, auc in aucs.items()},
        f"Cosine of item pairs under {best}",
        plots.figure_files(out, "distributions_figure", params.dpi),
    )
    plots.item_similarity_plot(
        {
            labels[name]: construct_blocks(scored)
            for name, scored in (("ipip_test", held_out), (target, item_set))
        },
        f"Cosine of every item pair under {best}, items in construct blocks",
        plots.figure_files(out, "item_similarity", params.dpi),
    )

    alike, alike_summary = near_duplicates(item_set, sets["ipip_test"][SAME], params.near_duplicate_share)
    with_details(alike, items).to_csv(out.near_duplicates, sep="\t", index=False)
    alike_summary.to_csv(out.near_duplicates_summary, sep="\t", index=False)
    write_table_page(out.near_duplicates, out.near_duplicates_page)

    metrics = read_tsv(snakemake.input.metrics)
    chosen = metrics[(metrics["model"] == best) & (metrics["dataset"] == target)]
    chosen.to_csv(out.metrics, sep="\t", index=False)
    log.info(
        "%s with %s: %d item pairs more alike than %.0f %% of held-out IPIP same-construct pairs",
        target,
        best,
        len(alike),
        100 * params.near_duplicate_share,
    )
