"""Snakemake adapter: on the held-out IPIP test scales and on every target that reports its
scales' alpha, does each model (selected and baselines) find the items of a scale more alike
where their answers correlate more strongly? ``constructlens.reliability``."""

from constructlens import plots
from constructlens.evaluation import read_held_out
from constructlens.pages import write_table_page
from constructlens.reliability import reliability_checks
from constructlens.step import step

with step(snakemake.log[0]) as log:
    out, params = snakemake.output, snakemake.params
    held_out = read_held_out(snakemake.input, params)
    summary, per_scale = reliability_checks(
        held_out.items, held_out.sets, held_out.embeddings, held_out.roles, params.settings, params.seed
    )
    summary.to_csv(out.summary, sep="\t", index=False)
    per_scale.to_csv(out.scales, sep="\t", index=False)
    write_table_page(out.summary, out.summary_page)
    write_table_page(out.scales, out.scales_page)
    plots.reliability_plot(per_scale, summary, plots.figure_files(out, "figure", params.dpi))
    log.info("scales' implied inter-item correlation vs mean cosine:\n%s", summary.to_string(index=False))
