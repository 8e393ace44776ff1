"""Snakemake adapter: a 2-D map (t-SNE or UMAP) of a target's items under the selected model,
as a figure, as a table of coordinates and as a page to explore item by item."""

from pathlib import Path

import pandas as pd

from constructlens import plots
from constructlens.embeddings import selected_embeddings
from constructlens.metrics import make_item_set
from constructlens.pages import item_notes, map_page
from constructlens.step import step

PROJECTIONS = {"tsne": ("t-SNE", plots.tsne_coordinates), "umap": ("UMAP", plots.umap_coordinates)}

with step(snakemake.log[0]):
    target, method = snakemake.wildcards.target, snakemake.wildcards.method
    best, embeddings = selected_embeddings(snakemake.input.choice, snakemake.input.embeddings)
    items = pd.read_parquet(snakemake.input.item_table)
    item_set = make_item_set(items, embeddings)
    name, project = PROJECTIONS[method]
    title = f"{target}: {name} ({best})"
    coordinates = project(item_set, snakemake.params.seed)
    plots.item_map(
        coordinates, item_set, title, plots.figure_files(snakemake.output, "figure", snakemake.params.dpi)
    )
    table = plots.map_table(coordinates, item_set)
    table.to_csv(snakemake.output.coordinates, sep="\t", index=False)
    colours = plots.construct_colours(item_set.constructs)
    page = map_page(table, colours, title, snakemake.output.coordinates, item_notes(items))
    Path(snakemake.output.page).write_text(page)
