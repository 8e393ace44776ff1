"""Snakemake adapter: on held-out IPIP test scales, does the selected model (and each baseline)
find the items of a scale more alike where their answers correlate more strongly (implied by
the scale's reported alpha and length)? ``constructlens.reliability``."""

from pathlib import Path

import pandas as pd

from constructlens import plots
from constructlens.embeddings import read_embeddings, selected_model
from constructlens.evaluation import evaluation_sets
from constructlens.final import model_roles
from constructlens.metrics import make_item_set
from constructlens.pages import write_table_page
from constructlens.reliability import reliability_tables, scales
from constructlens.step import step

with step(snakemake.log[0]) as log:
    out, params = snakemake.output, snakemake.params
    roles = model_roles(selected_model(snakemake.input.choice), params.baselines)
    paths = {Path(path).parent.name: path for path in snakemake.input.embeddings}  # <model>/ipip.parquet
    items = pd.read_parquet(snakemake.input.item_table)
    assignment = pd.read_parquet(snakemake.input.assignment)
    ((_, _, test),) = evaluation_sets(
        {"ipip": items}, assignment, {"ipip": ["test"]}, params.score_shared_texts
    )
    item_sets = {
        model: make_item_set(test, read_embeddings(paths[model]), center=params.center) for model in roles
    }
    summary, per_scale = reliability_tables(scales(items), item_sets, roles, params.resamples, params.seed)
    summary.to_csv(out.summary, sep="\t", index=False)
    per_scale.to_csv(out.scales, sep="\t", index=False)
    write_table_page(out.summary, out.summary_page)
    write_table_page(out.scales, out.scales_page)
    plots.reliability_plot(per_scale, summary, out.figure)
    log.info(
        "IPIP test scales, implied inter-item correlation vs mean cosine:\n%s", summary.to_string(index=False)
    )
