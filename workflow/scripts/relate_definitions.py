"""Snakemake adapter: does each item of a target read most like its own construct's definition?
Per item and per construct under the selected model (tables, figure), and every model's share
with a permutation test (models table)."""

from pathlib import Path

import pandas as pd

from constructlens import definitions, plots
from constructlens.embeddings import read_embeddings, selected_model
from constructlens.pages import write_table_page
from constructlens.step import step

with step(snakemake.log[0]) as log:
    out, params, target = snakemake.output, snakemake.params, snakemake.wildcards.target
    best = selected_model(snakemake.input.choice)
    items = pd.read_parquet(snakemake.input.item_table)
    by_model = {  # results/embeddings/<model>/<target>[_definitions].parquet
        "items": {Path(p).parent.name: read_embeddings(p) for p in snakemake.input.embeddings},
        "definitions": {
            Path(p).parent.name: read_embeddings(p) for p in snakemake.input.definition_embeddings
        },
    }
    defined = list(by_model["definitions"][best])  # the target's constructs the table defines, in order
    judged = definitions.single_construct_items(items, defined)
    correspondences = {  # every model's, each computed once
        model: definitions.item_correspondence(
            judged, definitions.cosines(judged, vectors, by_model["definitions"][model], defined), defined
        )
        for model, vectors in by_model["items"].items()
    }
    correspondence = correspondences[best]
    correspondence.round(6).to_csv(out.per_item, sep="\t", index=False)
    summary = definitions.correspondence_summary(correspondence, defined)
    summary.round(6).to_csv(out.summary, sep="\t", index=False)
    write_table_page(out.summary, out.summary_page)
    models = definitions.models_against_definitions(
        correspondences, defined, best, params.permutations, params.seed
    )
    models.round(6).to_csv(out.models, sep="\t", index=False)
    write_table_page(out.models, out.models_page)
    plots.definitions_heatmap(
        definitions.nearest_definition_shares(correspondence, defined),
        f"{target}: nearest definition of each construct's items ({best})",
        plots.figure_files(out, "figure", params.dpi),
    )
    log.info("%s: items against %d definitions\n%s", target, len(defined), models.to_string(index=False))
