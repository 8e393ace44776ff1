"""Snakemake adapter: on the held-out IPIP test scales and on every target that reports its
scales' alpha, does each model (selected and baselines) find the items of a scale more alike
where their answers correlate more strongly? ``constructlens.reliability``."""

from pathlib import Path

import pandas as pd

from constructlens import plots
from constructlens.embeddings import read_embeddings, selected_model
from constructlens.evaluation import evaluation_sets
from constructlens.final import model_roles
from constructlens.pages import write_table_page
from constructlens.reliability import reliability_checks
from constructlens.step import step

with step(snakemake.log[0]) as log:
    out, params = snakemake.output, snakemake.params
    roles = model_roles(selected_model(snakemake.input.choice), params.baselines)
    paths = {(Path(p).parent.name, Path(p).stem): p for p in snakemake.input.embeddings}  # <model>/<dataset>
    embeddings = {model: {d: read_embeddings(paths[(model, d)]) for d in params.datasets} for model in roles}
    items = {d: pd.read_parquet(p) for d, p in zip(params.datasets, snakemake.input.item_tables, strict=True)}
    parts = {d: ["test"] if d == "ipip" else ["all"] for d in params.datasets}
    sets = evaluation_sets(
        items, pd.read_parquet(snakemake.input.assignment), parts, params.score_shared_texts
    )
    summary, per_scale = reliability_checks(items, sets, embeddings, roles, params.settings, params.seed)
    summary.to_csv(out.summary, sep="\t", index=False)
    per_scale.to_csv(out.scales, sep="\t", index=False)
    write_table_page(out.summary, out.summary_page)
    write_table_page(out.scales, out.scales_page)
    plots.reliability_plot(per_scale, summary, out.figure)
    log.info("scales' implied inter-item correlation vs mean cosine:\n%s", summary.to_string(index=False))
