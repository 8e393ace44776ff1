"""Snakemake adapter: apply the selected model to the leadership items."""

import json

import pandas as pd

from constructlens import analysis, plots
from constructlens.embeddings import read_embeddings
from constructlens.metrics import make_item_set
from constructlens.step import step

with step(snakemake.log[0]) as log:
    out = snakemake.output
    best = json.loads(open(snakemake.input.choice).read())["best_model"]
    embeddings = read_embeddings(
        dict(zip(snakemake.params.models, snakemake.input.embeddings, strict=True))[best]
    )
    item_set = make_item_set(
        pd.read_parquet(snakemake.input.item_table), embeddings, center=snakemake.params.center
    )

    assignments = analysis.cluster_items(item_set, snakemake.params.seed, snakemake.params.n_init)
    assignments.to_csv(out.clusters, sep="\t", index=False)
    analysis.cluster_composition(assignments).to_csv(out.composition, sep="\t", index=False)
    analysis.confusion_matrix(assignments).to_csv(out.confusion, sep="\t")

    similarity = analysis.construct_similarity(item_set)
    similarity.round(6).to_csv(out.similarity, sep="\t")
    plots.similarity_heatmap(similarity, f"Leadership constructs: mean cosine ({best})", out.heatmap)
    overlaps = analysis.overlapping_pairs(similarity, snakemake.params.threshold)
    overlaps.to_csv(out.overlaps, sep="\t", index=False)

    coordinates = plots.tsne_coordinates(item_set, snakemake.params.seed)
    plots.item_map(coordinates, item_set, f"Leadership items, t-SNE ({best})", out.tsne)

    metrics = pd.read_csv(snakemake.input.metrics, sep="\t")
    metrics[(metrics["model"] == best) & (metrics["dataset"] == "leadership")].to_csv(
        out.metrics, sep="\t", index=False
    )
    log.info("%s: %d construct pairs at or above %.2f", best, len(overlaps), snakemake.params.threshold)
