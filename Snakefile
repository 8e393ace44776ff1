import time
from pathlib import Path

from snakemake.utils import min_version

from constructlens.closing import closing_message

min_version("9.0")
RUN_STARTED = time.time()  # what the run's jobs write is newer


configfile: "config/config.yaml"


report: "report/workflow.rst"


# cheap steps stay on the submitting node under a cluster executor; downloads too, since
# compute nodes often have no internet
localrules:
    download_input,
    fetch_model,
    plot_loss,
    plot_comparison,
    page_between_targets,
    plot_selected_vs_baselines,
    plot_metric,
    select_model,
    record_provenance,
    draft_methods,
    summarise_target,
    gather_pair_evidence,
    gather_construct_profiles,
    write_target_workbook,
    write_run_workbook,
    match_ipip_items,
    compare_draws,


include: "rules/common.smk"
include: "rules/data.smk"
include: "rules/pairs.smk"
include: "rules/train.smk"
include: "rules/evaluate.smk"
include: "rules/select.smk"
include: "rules/targets.smk"
include: "rules/report.smk"
include: "rules/draws.smk"


rule all:
    default_target: True
    input:
        get_final_output(),


# a run ends with its answer, and the warnings its jobs logged (they scroll past among the jobs)
onsuccess:
    print(closing_message(TARGETS, RUN_STARTED, Path("results"), Path("logs")))
