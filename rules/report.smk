rule plot_metric:
    input:
        metrics="results/metrics/all.tsv",
        choice="results/selection/best_model.json",
        code=script_modules("plot_metric.py"),
    output:
        figure=comparison_report("results/figures/metric_{metric}.png", "metric"),
        figure_vector=vector_copies("results/figures/metric_{metric}.png"),
    log:
        "logs/figures/metric_{metric}.log",
    conda:
        "../envs/analysis.yaml"
    params:
        dpi=config["figures"]["dpi"],
    script:
        "../workflow/scripts/plot_metric.py"


rule plot_comparison:
    input:
        comparison="results/comparison/ipip_vs_{target}.tsv",
        matched="results/comparison/ipip_vs_{target}_matched.tsv",
        code=script_modules("plot_comparison.py"),
    output:
        figure=report(
            "results/figures/ipip_vs_{target}.png",
            caption="../report/comparison.rst",
            category="IPIP vs targets",
        ),
        matched=report(
            "results/figures/ipip_vs_{target}_matched.png",
            caption="../report/matched.rst",
            category="IPIP vs targets",
        ),
        table_page=report(
            "results/comparison/ipip_vs_{target}.html",
            caption="../report/comparison_table.rst",
            category="IPIP vs targets",
        ),
        figure_vector=vector_copies("results/figures/ipip_vs_{target}.png"),
        matched_vector=vector_copies("results/figures/ipip_vs_{target}_matched.png"),
    log:
        "logs/figures/ipip_vs_{target}.log",
    conda:
        "../envs/analysis.yaml"
    params:
        dpi=config["figures"]["dpi"],
    script:
        "../workflow/scripts/plot_comparison.py"


rule summarise_all_targets:
    input:
        choice="results/selection/best_model.json",
        metrics="results/metrics/all.tsv",
        comparisons=comparison_files(),
        matched=comparison_files("_matched"),
        distinctiveness=per_target_files("distinctiveness.tsv"),
        separability=per_target_files("separability.tsv"),
        overlaps=per_target_files("overlapping_pairs.tsv"),
        group_counts=per_target_files("group_counts.tsv"),
        code=script_modules("summarise_all_targets.py"),
    output:
        table="results/comparison/all_targets.tsv",
        page=report(
            "results/comparison/all_targets.html",
            caption="../report/all_targets.rst",
            category="IPIP vs targets",
        ),
    log:
        "logs/comparison/all_targets.log",
    conda:
        "../envs/analysis.yaml"
    params:
        targets=TARGETS,
        threshold=config["target_analysis"]["overlap_threshold"],
    script:
        "../workflow/scripts/summarise_all_targets.py"


rule page_between_targets:
    input:
        table="results/comparison/targets/{first}_vs_{second}.tsv",
        code=script_modules("page_between_targets.py"),
    output:
        page=report(
            "results/comparison/targets/{first}_vs_{second}.html",
            caption="../report/between_targets.rst",
            category="IPIP vs targets",
        ),
    log:
        "logs/figures/{first}_vs_{second}.log",
    conda:
        "../envs/analysis.yaml"
    script:
        "../workflow/scripts/page_between_targets.py"


rule plot_selected_vs_baselines:
    input:
        table="results/comparison/selected_vs_baselines.tsv",
        code=script_modules("plot_selected_vs_baselines.py"),
    output:
        figure=comparison_report(
            "results/figures/selected_vs_baselines.png", "selected_vs_baselines"
        ),
        figure_vector=vector_copies("results/figures/selected_vs_baselines.png"),
    log:
        "logs/figures/selected_vs_baselines.log",
    conda:
        "../envs/analysis.yaml"
    params:
        dpi=config["figures"]["dpi"],
    script:
        "../workflow/scripts/plot_selected_vs_baselines.py"


rule record_provenance:
    input:
        tables=list(provenance_inputs().values()),
        choice="results/selection/best_model.json",
        training=expand("results/training/{model}/run.json", model=FINETUNED),
        encoding=expand("results/embeddings/{model}/encoding.json", model=ALL_MODELS),
        code=script_modules("record_provenance.py"),
        results=run_results(),
    output:
        record=report(
            "results/provenance.json",
            caption="../report/provenance.rst",
            category="Provenance",
        ),
    log:
        "logs/provenance.log",
    conda:
        "../envs/analysis.yaml"
    params:
        inputs=provenance_inputs(),
        config=config,
    script:
        "../workflow/scripts/record_provenance.py"


rule draft_methods:
    input:
        record="results/provenance.json",
        item_tables=expand("results/data/{dataset}_items.parquet", dataset=DATASETS),
        source_rows=expand("results/data/{dataset}_source_rows.tsv", dataset=DATASETS),
        split_summary=split_summary_file(),
        metrics="results/metrics/all.tsv",
        comparisons=comparison_files(),
        matched=comparison_files("_matched"),
        between=between_target_files(),
        reliability="results/metrics/reliability.tsv",
        response_rows=response_rows_files(),
        code=script_modules("draft_methods.py"),
    output:
        methods="results/methods.md",
        page=report(
            "results/methods.html",
            caption="../report/methods.rst",
            category="Provenance",
        ),
    log:
        "logs/methods.log",
    conda:
        "../envs/analysis.yaml"
    params:
        pairs=TARGET_PAIRS,
    script:
        "../workflow/scripts/draft_methods.py"


rule write_run_workbook:
    input:
        tables=[f"results/{file}" for _, file, _ in run_workbook_sheets()],
        code=script_modules("write_workbook.py"),
    output:
        "results/tables.xlsx",
    log:
        "logs/workbook.log",
    conda:
        "../envs/analysis.yaml"
    params:
        sheets=run_workbook_sheets(),
    script:
        "../workflow/scripts/write_workbook.py"
