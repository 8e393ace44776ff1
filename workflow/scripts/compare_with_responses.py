"""Snakemake adapter: a target's item responses beside the models' reading of its items — item
pairs (table, figure), the scales scored from the responses and each item's fit (tables), and
the scales' correlations, HTMT and two-factor correlations beside every model's construct
similarity (tables, figure), how many dimensions the answers hold (parallel analysis, table) —
and what became of every row of the responses file (table)."""

from pathlib import Path

import pandas as pd

from constructlens import answer_files, cfa, plots, responses
from constructlens.embeddings import read_embeddings, selected_model
from constructlens.metrics import make_item_set
from constructlens.pages import write_table_page
from constructlens.step import step

with step(snakemake.log[0]) as log:
    out, params, target = snakemake.output, snakemake.params, snakemake.wildcards.target
    items = pd.read_parquet(snakemake.input.item_table)
    answers, rows = answer_files.screened_responses(snakemake.input.responses, items, **params.reading)
    answered = responses.as_scored(items[items["text"].isin(answers.columns)], params.reverse_scored)
    item_sets = {  # results/embeddings/<model>/<target>.parquet
        Path(path).parent.name: make_item_set(answered, read_embeddings(path), center=params.center)
        for path in snakemake.input.embeddings
    }
    best = selected_model(snakemake.input.choice)
    correlate = responses.correlation(params.correlation, answers, snakemake.input.responses)
    r, pair_counts = correlate(answers[item_sets[best].texts].to_numpy())
    agreement = responses.item_agreement(item_sets, best, r, params.settings, params.seed)
    agreement.insert(1, "correlation", params.correlation)
    scales, scores = responses.scales(answered, answers, correlate)
    distinct = responses.construct_distinctiveness(item_sets[best], r)
    scales = distinct.merge(scales, on="construct", how="left")  # a construct without a scale: no α
    scales = scales.astype({"n_items": "Int64", "n_respondents": "Int64"})
    htmts = responses.htmt_table(answered, answers, params.settings["htmt_resamples"], params.seed, correlate)
    texts = item_sets[best].texts
    named = [pd.DataFrame(matrix, index=texts, columns=texts) for matrix in (r, pair_counts)]
    factor_pairs = cfa.discriminant_table(answered, answers, *named)
    observed = (  # the α of the scores as observed, which disattenuate their correlations
        None
        if params.correlation == "pearson"
        else responses.scales(answered, answers)[0].set_index("construct")["alpha"]
    )
    pairs, summary = responses.construct_agreement(
        item_sets,
        best,
        r,
        scales,
        scores,
        htmts.merge(factor_pairs, on=["construct_a", "construct_b"], how="left"),
        params.settings,
        params.seed,
        observed,
    )
    fit = responses.item_fit(answered, answers, item_sets[best], r)
    tables = {
        "agreement": agreement,
        "scales": scales,
        "item_fit": fit,
        "pairs": pairs,
        "summary": summary,
        "rows": rows,
        "factors": responses.parallel_analysis(r, pair_counts, params.seed),
    }
    for name, table in tables.items():
        table.to_csv(getattr(out, name), sep="\t", index=False)
        write_table_page(getattr(out, name), getattr(out, f"{name}_page"))
    plots.responses_plot(
        responses.item_pair_frame(item_sets[best], r),
        agreement,
        f"{target}: item responses vs model ({best}), {len(answers)} respondents",
        plots.figure_files(out, "figure", params.dpi),
    )
    plots.empirical_plot(
        pairs,
        summary,
        f"{target}: scale correlations in the responses vs model ({best})",
        plots.figure_files(out, "constructs_figure", params.dpi),
    )
    log.info(
        "%s: %d respondents, %d items, %d scales\n%s\n%s",
        target,
        len(answers),
        len(answered["text"].unique()),
        len(scales),
        agreement.to_string(index=False),
        summary.to_string(index=False),
    )
