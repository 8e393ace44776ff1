"""Snakemake adapter: a target's item responses beside the models' reading of its items — item
pairs (table, figure), the scales scored from the responses and each item's fit (tables), and
the scales' correlations, HTMT and two-factor correlations beside every model's construct
similarity (tables, figure), how many dimensions the answers hold (parallel analysis, table),
the fit of one factor model of all scales and the item pairs it misses (tables) — and what became of every row of the
responses file (table)."""

from pathlib import Path

import pandas as pd

from constructlens import answer_files, plots, responses
from constructlens.answer_analysis import answer_evidence, answer_tables
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
    evidence = answer_evidence(
        answered,
        answers,
        params.correlation,
        snakemake.input.responses,
        params.settings["htmt_resamples"],
        params.seed,
        params.errors,
    )
    tables = answer_tables(evidence, answered, answers, item_sets, best, params.settings, params.seed)
    tables["rows"] = rows
    for name, table in tables.items():
        table.to_csv(getattr(out, name), sep="\t", index=False)
        write_table_page(getattr(out, name), getattr(out, f"{name}_page"))
    plots.responses_plot(
        responses.item_pair_frame(item_sets[best], evidence.r),
        tables["agreement"],
        f"{target}: item responses vs model ({best}), {len(answers)} respondents",
        plots.figure_files(out, "figure", params.dpi),
    )
    plots.empirical_plot(
        tables["pairs"],
        tables["summary"],
        f"{target}: scale correlations in the responses vs model ({best})",
        plots.figure_files(out, "constructs_figure", params.dpi),
    )
    log.info(
        "%s: %d respondents, %d items, %d scales\n%s\n%s",
        target,
        len(answers),
        len(answered["text"].unique()),
        len(tables["scales"]),
        tables["agreement"].to_string(index=False),
        tables["summary"].to_string(index=False),
    )
