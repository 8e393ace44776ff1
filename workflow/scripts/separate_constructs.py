"""Snakemake adapter: how separable every pair of a target's constructs is under the selected
model, with its interval, set against the held-out IPIP construct pairs; the overlapping pairs
and their most alike items, groups of constructs every two of which overlap (beside the
held-out IPIP constructs'), and how alike the measures of one construct are."""

import pandas as pd

from constructlens import analysis, grouping, plots
from constructlens.embeddings import selected_embeddings
from constructlens.evaluation import selected_held_out_item_set
from constructlens.items import nested_constructs
from constructlens.measures import measure_agreement
from constructlens.metrics import make_item_set
from constructlens.pages import write_table_page
from constructlens.step import step

with step(snakemake.log[0]) as log:
    out, params, target = snakemake.output, snakemake.params, snakemake.wildcards.target
    settings, resamples, seed = params.settings, params.resamples, params.seed
    threshold = settings["overlap_threshold"]
    best, embeddings = selected_embeddings(snakemake.input.choice, snakemake.input.embeddings)
    items = pd.read_parquet(snakemake.input.item_table)
    item_set = make_item_set(items, embeddings, center=params.center)
    held_out = selected_held_out_item_set(snakemake.input, params)

    separabilities = analysis.pair_separabilities(item_set)
    draws = analysis.separability_draws(item_set, separabilities, resamples, seed, snakemake.threads)
    reference = analysis.reference_pairs(held_out, settings["reference_min_items"])
    every_pair = analysis.separability_table(item_set, separabilities, draws, reference, threshold)
    overlaps = every_pair[every_pair["separability"] <= threshold]
    closest = analysis.closest_items(item_set, separabilities, settings["closest_items"], threshold)
    for side in ("{}_a", "{}_b"):
        closest = analysis.with_item_details(closest, items, side)
    n_items = pd.Series(item_set.membership.sum(axis=0), index=item_set.constructs)
    grouped, grouped_draws = grouping.with_nested_as_one(separabilities, draws, nested_constructs(items))
    reference_draws = analysis.separability_draws(held_out, reference, resamples, seed, snakemake.threads)
    reference_constructs = sorted({name for pair in reference.index for name in pair})
    counts = grouping.group_count_table(
        {
            target: (grouped, grouped_draws, item_set.constructs),
            "ipip_test": (reference, reference_draws, reference_constructs),
        },
        sorted({*settings["group_thresholds"], threshold}),
    )
    agreement = measure_agreement(
        items, item_set, separabilities, resamples, seed, settings["measure_min_items"]
    )
    tables = {
        "every_pair": every_pair,
        "overlaps": overlaps,
        "closest_items": closest,
        "groups": grouping.groups_table(grouped, n_items, threshold),
        "group_counts": counts,
        "measure_agreement": agreement,
    }
    for name, table in tables.items():
        table.to_csv(out[name], sep="\t", index=False)
        write_table_page(out[name], out[f"{name}_page"])

    plots.separability_heatmap(
        separabilities,
        item_set.constructs,
        threshold,
        f"{target}: how separable two constructs are ({best})",
        plots.figure_files(out, "separability", params.dpi),
    )
    plots.dendrogram_plot(
        grouping.separability_tree(grouped, item_set.constructs),
        item_set.constructs,
        f"{target}: groups of constructs ({best})",
        plots.figure_files(out, "groups_figure", params.dpi),
        xlabel="separability of the most separable pair of constructs across two branches (dashed: overlap threshold)",
        threshold=threshold,
    )
    log.info(
        "%s with %s: %d construct pairs separable at most %.2f; %d of %d pairs of measures of one "
        "construct told apart beyond its nearest other construct",
        target,
        best,
        len(overlaps),
        threshold,
        int(agreement["apart_beyond_nearest"].sum()),
        len(agreement),
    )
