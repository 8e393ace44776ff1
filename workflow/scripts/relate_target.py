"""Snakemake adapter: how distinct each target construct is (and where it would rank among the
held-out IPIP constructs), which pairs are redundant, which items sit closer to another
construct, and which personality (IPIP) constructs each resembles most, through which items."""

import pandas as pd

from constructlens import analysis, plots
from constructlens.embeddings import selected_embeddings
from constructlens.evaluation import held_out_construct_aucs
from constructlens.metrics import make_item_set
from constructlens.pages import write_table_page
from constructlens.splits import training_share
from constructlens.step import step

with step(snakemake.log[0]) as log:
    out, params, target = snakemake.output, snakemake.params, snakemake.wildcards.target
    settings = params.settings
    best, embeddings = selected_embeddings(snakemake.input.choice, snakemake.input.embeddings)
    _, ipip_embeddings = selected_embeddings(snakemake.input.choice, snakemake.input.ipip_embeddings)
    items = pd.read_parquet(snakemake.input.item_table)
    plain = make_item_set(items, embeddings)
    item_set = make_item_set(items, embeddings, center=True) if params.center else plain

    ipip_items = pd.read_parquet(snakemake.input.ipip_table)
    assignment = pd.read_parquet(snakemake.input.split)
    distinct = analysis.distinctiveness(item_set, params.resamples, params.seed)
    reference = held_out_construct_aucs(
        ipip_items, assignment, ipip_embeddings, params.center, params.score_shared_texts
    )
    analysis.against_reference(distinct, reference).to_csv(out.distinctiveness, sep="\t", index=False)
    title = f"{target}: how distinct each construct is ({best})"
    plots.distinctiveness_plot(
        distinct, reference, title, plots.figure_files(out, "distinctiveness_figure", params.dpi)
    )
    redundancy = analysis.redundancy(
        item_set, settings["redundancy_permutations"], params.seed, settings["redundancy_alpha"]
    )
    redundancy.to_csv(out.redundancy, sep="\t", index=False)
    fit = analysis.item_fit(item_set)
    details = items.drop(columns=["n_constructs", "multi_construct"])  # source wording, measure, …
    fit.merge(details, on=["construct", "text"], how="left").to_csv(out.item_fit, sep="\t", index=False)
    analysis.item_fit_summary(fit).to_csv(out.item_fit_summary, sep="\t", index=False)
    # across two item sets, never centred: each set's own mean would move it differently
    ipip = make_item_set(ipip_items, ipip_embeddings)
    nearest = analysis.nearest_constructs(
        plain,
        ipip,
        settings["nearest_k"],
        settings["overlap_threshold"],
        n_resamples=params.resamples,
        seed=params.seed,
    )
    trained = training_share(assignment).round(4)
    nearest = nearest.assign(ipip_training_share=nearest["ipip_construct"].map(trained))
    nearest.to_csv(out.nearest, sep="\t", index=False)
    pairs = analysis.nearest_items(plain, ipip, nearest, settings["closest_items"])
    pairs = analysis.with_item_details(analysis.with_item_details(pairs, items, "{}"), ipip_items, "ipip_{}")
    pairs.to_csv(out.nearest_items, sep="\t", index=False)
    plots.nearest_plot(
        nearest,
        f"{target}: nearest IPIP constructs ({best})",
        plots.figure_files(out, "nearest_figure", params.dpi),
    )
    for table in ("distinctiveness", "redundancy", "nearest", "item_fit_summary"):
        write_table_page(out[table], out[f"{table}_page"])
    log.info(
        "%s: %d of %d construct pairs redundant (%d too small to test); %d of %d items closer to "
        "another construct",
        target,
        int(redundancy["redundant"].sum()),
        len(redundancy),
        int(redundancy["redundant"].isna().sum()),
        int((~fit["fits"]).sum()),
        len(fit),
    )
