"""Snakemake adapter: the one look at held-out IPIP test data (selected model and baselines),
the research comparison of IPIP test with every target, the selected model against the
baselines on the same items, how each model treats reverse-keyed items, and how alike it finds
a construct's items within one questionnaire and across questionnaires."""

from pathlib import Path

import pandas as pd

from constructlens.comparison import compare, matched_comparison, selected_vs_baselines
from constructlens.embeddings import read_embeddings, selected_model
from constructlens.evaluation import evaluate_item_sets, evaluation_sets, result_tables, scored_sets
from constructlens.keying import keying_tables
from constructlens.measures import like_for_like, measure_tables
from constructlens.step import step


def models_first(tables: list[pd.DataFrame]) -> pd.DataFrame:
    table = pd.concat(tables, ignore_index=True)
    return table[["model", "role"] + [c for c in table.columns if c not in ("model", "role")]]


with step(snakemake.log[0]) as log:
    params = snakemake.params
    best = selected_model(snakemake.input.choice)
    roles = {best: "selected", **{m: "baseline" for m in params.baselines if m != best}}
    paths = {(Path(p).parent.name, Path(p).stem): p for p in snakemake.input.embeddings}  # <model>/<dataset>
    items = {d: pd.read_parquet(p) for d, p in zip(params.datasets, snakemake.input.item_tables, strict=True)}
    targets = [d for d in params.datasets if d != "ipip"]
    parts = {"ipip": ["test"], **{t: ["all"] for t in targets}}
    sets = evaluation_sets(
        items, pd.read_parquet(snakemake.input.assignment), parts, params.score_shared_texts
    )

    metric_tables, construct_tables, keying, measures, evaluated_by_model = [], [], [], [], {}
    comparisons, matched = {t: [] for t in targets}, {t: [] for t in targets}
    resamples = params.settings["bootstrap_resamples"]
    for model, role in roles.items():
        embeddings = {d: read_embeddings(paths[(model, d)]) for d in params.datasets}
        scored = scored_sets(sets, embeddings, params.settings["center"])
        reference = next(
            item_set for dataset, part, _, item_set in scored if (dataset, part) == ("ipip", "test")
        )
        evaluated = evaluated_by_model[model] = evaluate_item_sets(scored, params.settings, params.seed)
        metrics, per_construct = result_tables(model, {("ipip", "test"): evaluated[("ipip", "test")]})
        metric_tables.append(metrics)
        construct_tables.append(per_construct)
        keying.append(keying_tables(scored, resamples, params.seed).assign(model=model, role=role))
        measure_table, pair_subsets = measure_tables(scored, resamples, params.seed)
        measures.append(measure_table.assign(model=model, role=role))
        for target in targets:
            table = compare(
                evaluated[("ipip", "test")][0],
                evaluated[(target, "all")][0],
                params.permutations,
                params.seed,
            )
            if "ipip" in pair_subsets and target in pair_subsets:
                like = like_for_like(
                    pair_subsets["ipip"], pair_subsets[target], params.permutations, params.seed
                )
                table = pd.concat([table, like], ignore_index=True)
            table = table.rename(columns={"first": "ipip_test", "second": target})
            comparisons[target].append(table.assign(model=model, role=role))
            results = evaluated[(target, "all")][0]
            table = matched_comparison(
                reference,
                results,
                int(results["n_constructs"].value),
                params.settings["matched_draws"],
                params.settings["kmeans_n_init"],
                params.seed,
            )
            matched[target].append(table.rename(columns={"target": target}).assign(model=model, role=role))

    paired = selected_vs_baselines(evaluated_by_model, best, params.permutations, params.seed)
    paired.to_csv(snakemake.output.selected_vs_baselines, sep="\t", index=False)
    log.info("selected vs baselines:\n%s", paired[paired["metric"] == "pair_auc"].to_string(index=False))

    models_first(keying).to_csv(snakemake.output.keying, sep="\t", index=False)
    models_first(measures).to_csv(snakemake.output.measures, sep="\t", index=False)

    development = pd.read_csv(snakemake.input.development, sep="\t")
    pd.concat([development, *metric_tables], ignore_index=True).to_csv(
        snakemake.output.metrics, sep="\t", index=False
    )
    pd.concat(construct_tables, ignore_index=True).to_csv(
        snakemake.output.per_construct, sep="\t", index=False
    )
    for target, path, matched_path in zip(
        targets, snakemake.output.comparisons, snakemake.output.matched, strict=True
    ):
        for tables, where in ((comparisons[target], path), (matched[target], matched_path)):
            table = models_first(tables)
            table.to_csv(where, sep="\t", index=False)
            log.info("%s:\n%s", where, table[table["metric"] == "pair_auc"].to_string(index=False))
