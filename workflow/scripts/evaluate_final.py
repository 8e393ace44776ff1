"""Snakemake adapter: the one look at held-out IPIP test data (selected model and baselines),
and the research comparison IPIP test vs leadership."""

import json

import pandas as pd

from constructlens.comparison import compare
from constructlens.embeddings import read_embeddings
from constructlens.evaluation import evaluate_sets, evaluation_sets, result_tables
from constructlens.step import step

with step(snakemake.log[0]) as log:
    params = snakemake.params
    best = json.loads(open(snakemake.input.choice).read())["best_model"]
    roles = {best: "selected", **{m: "baseline" for m in params.baselines if m != best}}
    ipip_paths = dict(zip(params.models, snakemake.input.ipip_embeddings, strict=True))
    target_paths = dict(zip(params.models, snakemake.input.leadership_embeddings, strict=True))
    items = {
        "ipip": pd.read_parquet(snakemake.input.ipip),
        "leadership": pd.read_parquet(snakemake.input.leadership),
    }
    assignment = pd.read_parquet(snakemake.input.assignment)
    sets = evaluation_sets(
        items, assignment, {"ipip": ["test"], "leadership": ["all"]}, params.score_shared_texts
    )

    metric_tables, construct_tables, comparisons = [], [], []
    for model, role in roles.items():
        embeddings = {
            "ipip": read_embeddings(ipip_paths[model]),
            "leadership": read_embeddings(target_paths[model]),
        }
        evaluated = evaluate_sets(sets, embeddings, params.settings, params.seed)
        test_only = {("ipip", "test"): evaluated[("ipip", "test")]}
        metrics, per_construct = result_tables(model, test_only)
        metric_tables.append(metrics)
        construct_tables.append(per_construct)
        table = compare(
            evaluated[("ipip", "test")][0],
            evaluated[("leadership", "all")][0],
            params.permutations,
            params.seed,
        )
        comparisons.append(
            table.rename(columns={"first": "ipip_test", "second": "leadership"}).assign(
                model=model, role=role
            )
        )

    development = pd.read_csv(snakemake.input.development, sep="\t")
    pd.concat([development, *metric_tables], ignore_index=True).to_csv(
        snakemake.output.metrics, sep="\t", index=False
    )
    pd.concat(construct_tables, ignore_index=True).to_csv(
        snakemake.output.per_construct, sep="\t", index=False
    )
    comparison = pd.concat(comparisons, ignore_index=True)
    comparison = comparison[["model", "role"] + [c for c in comparison.columns if c not in ("model", "role")]]
    comparison.to_csv(snakemake.output.comparison, sep="\t", index=False)
    log.info("\n%s", comparison[comparison["metric"] == "pair_auc"].to_string(index=False))
