"""Snakemake adapter: the selected model on one target: clusters, construct similarity, the
separability of every construct pair with its interval (the overlapping ones listed apart, all
set against the held-out IPIP construct pairs), the pair cosines behind its pair AUC beside the
held-out IPIP items' (as distributions and as matrices), tree, the most alike items of every
construct pair, items that say nearly the same thing, groups of constructs every two of which
overlap (beside the held-out IPIP constructs'), and how alike the measures of one construct are."""

import numpy as np
import pandas as pd

from constructlens import analysis, grouping, plots
from constructlens.distributions import SAME, construct_blocks, distribution_table, pair_similarities
from constructlens.embeddings import selected_embeddings
from constructlens.evaluation import held_out_item_set
from constructlens.measures import measure_agreement
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
    separabilities = analysis.pair_separabilities(item_set)
    title = f"{target}: how separable two constructs are ({best})"
    plots.separability_heatmap(
        separabilities,
        item_set.constructs,
        params.threshold,
        title,
        plots.figure_files(out, "separability", params.dpi),
    )
    draws = analysis.separability_draws(item_set, separabilities, params.resamples, params.seed)
    every_pair = analysis.overlapping_pairs(item_set, similarity, separabilities, np.inf, draws)
    _, ipip_embeddings = selected_embeddings(snakemake.input.choice, snakemake.input.ipip_embeddings)
    held_out = held_out_item_set(
        pd.read_parquet(snakemake.input.ipip_table),
        pd.read_parquet(snakemake.input.split),
        ipip_embeddings,
        params.center,
        params.score_shared_texts,
    )
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
    reference = analysis.reference_pairs(held_out, params.reference_min_items)
    every_pair = analysis.pairs_against_reference(every_pair, reference)
    every_pair = analysis.with_resampling_columns(every_pair, separabilities, draws, params.threshold)
    n_items = pd.Series(item_set.membership.sum(axis=0), index=item_set.constructs)
    grouping.groups_table(separabilities, n_items, params.threshold).to_csv(out.groups, sep="\t", index=False)
    write_table_page(out.groups, out.groups_page)
    thresholds = sorted({*params.group_thresholds, params.threshold})
    reference_constructs = sorted({name for pair in reference.index for name in pair})
    counts = [
        grouping.group_counts(separabilities, draws, item_set.constructs, thresholds).assign(item_set=target),
        grouping.group_counts(
            reference,
            analysis.separability_draws(held_out, reference, params.resamples, params.seed),
            reference_constructs,
            thresholds,
        ).assign(item_set="ipip_test"),
    ]
    counts = pd.concat(counts, ignore_index=True)
    counts[["item_set", *counts.columns[:-1]]].to_csv(out.group_counts, sep="\t", index=False)
    write_table_page(out.group_counts, out.group_counts_page)
    plots.dendrogram_plot(
        grouping.separability_tree(separabilities, item_set.constructs),
        item_set.constructs,
        f"{target}: groups of constructs ({best})",
        plots.figure_files(out, "groups_figure", params.dpi),
        xlabel="separability of the most separable pair of constructs across two branches (dashed: overlap threshold)",
        threshold=params.threshold,
    )
    every_pair.to_csv(out.separability_table, sep="\t", index=False)
    write_table_page(out.separability_table, out.separability_page)
    overlaps = every_pair[every_pair["separability"] <= params.threshold]
    overlaps.to_csv(out.overlaps, sep="\t", index=False)
    write_table_page(out.overlaps, out.overlaps_page)
    closest = analysis.closest_items(item_set, separabilities, params.closest_k, params.threshold)
    for side in ("{}_a", "{}_b"):
        closest = analysis.with_item_details(closest, items, side)
    closest.to_csv(out.closest_items, sep="\t", index=False)
    write_table_page(out.closest_items, out.closest_items_page)
    alike, alike_summary = near_duplicates(item_set, sets["ipip_test"][SAME], params.near_duplicate_share)
    with_details(alike, items).to_csv(out.near_duplicates, sep="\t", index=False)
    alike_summary.to_csv(out.near_duplicates_summary, sep="\t", index=False)
    write_table_page(out.near_duplicates, out.near_duplicates_page)
    agreement = measure_agreement(
        items, item_set, separabilities, params.resamples, params.seed, params.measure_min_items
    )
    agreement.to_csv(out.measure_agreement, sep="\t", index=False)
    write_table_page(out.measure_agreement, out.measure_agreement_page)
    tree = analysis.construct_linkage(similarity)
    plots.dendrogram_plot(
        tree,
        list(similarity.index),
        f"{target}: constructs by similarity ({best})",
        plots.figure_files(out, "dendrogram", params.dpi),
    )

    metrics = read_tsv(snakemake.input.metrics)
    chosen = metrics[(metrics["model"] == best) & (metrics["dataset"] == target)]
    chosen.to_csv(out.metrics, sep="\t", index=False)
    log.info(
        "%s with %s: %d construct pairs separable at most %.2f; %d item pairs more alike than "
        "%.0f %% of held-out IPIP same-construct pairs; %d of %d pairs of measures of one "
        "construct told apart beyond its nearest other construct",
        target,
        best,
        len(overlaps),
        params.threshold,
        len(alike),
        100 * params.near_duplicate_share,
        int(agreement["apart_beyond_nearest"].sum()),
        len(agreement),
    )
