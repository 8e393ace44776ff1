rule embed:
    input:
        item_tables=expand("results/data/{dataset}_items.parquet", dataset=DATASETS),
        model=model_checkpoint,
        code=script_modules("embed.py"),
    output:
        embeddings=expand(
            "results/embeddings/{{model}}/{dataset}.parquet", dataset=DATASETS
        ),
        record="results/embeddings/{model}/encoding.json",
    log:
        "logs/embed/{model}.log",
    benchmark:
        "results/benchmarks/embed/{model}.tsv"
    conda:
        "../envs/train.yaml"
    threads: 2
    resources:
        mem_mb=encoding_setting("mem_mb"),
        runtime=encoding_setting("runtime"),
        gpu=encoding_setting("gpu"),
    params:
        base=model_base,
        prompt=encoding_setting("prompt"),
        trust_remote_code=encoding_setting("trust_remote_code"),
        batch_size=config["evaluation"]["encode_batch_size"],
        precision=config["evaluation"]["encode_precision"],
    script:
        "../workflow/scripts/embed.py"


rule embed_names:
    input:
        item_table="results/data/{target}_items.parquet",
        model=model_checkpoint,
        code=script_modules("embed_names.py"),
    output:
        "results/embeddings/{model}/{target}_names.parquet",
    log:
        "logs/embed/{model}_{target}_names.log",
    benchmark:
        "results/benchmarks/embed/{model}_{target}_names.tsv"
    conda:
        "../envs/train.yaml"
    # as embed's: where a SLURM group's cores are limited, Snakemake then stacks a model's name
    # jobs one after the other instead of asking for the sum of their memory
    threads: 2
    resources:
        mem_mb=encoding_setting("mem_mb"),
        runtime=encoding_setting("runtime"),
        gpu=encoding_setting("gpu"),
    params:
        base=model_base,
        prompt=encoding_setting("prompt"),
        trust_remote_code=encoding_setting("trust_remote_code"),
        precision=config["evaluation"]["encode_precision"],
        template=wildcard_target_template,
    script:
        "../workflow/scripts/embed_names.py"


rule embed_definitions:
    input:
        item_table="results/data/{target}_items.parquet",
        definitions=target_definitions,
        model=model_checkpoint,
        code=script_modules("embed_definitions.py"),
    output:
        "results/embeddings/{model}/{target}_definitions.parquet",
    log:
        "logs/embed/{model}_{target}_definitions.log",
    benchmark:
        "results/benchmarks/embed/{model}_{target}_definitions.tsv"
    conda:
        "../envs/train.yaml"
    threads: 2
    resources:
        mem_mb=encoding_setting("mem_mb"),
        runtime=encoding_setting("runtime"),
        gpu=encoding_setting("gpu"),
    params:
        base=model_base,
        prompt=encoding_setting("prompt"),
        trust_remote_code=encoding_setting("trust_remote_code"),
        precision=config["evaluation"]["encode_precision"],
    script:
        "../workflow/scripts/embed_definitions.py"


rule evaluate_model:
    input:
        item_tables=expand("results/data/{dataset}_items.parquet", dataset=DATASETS),
        embeddings=model_embeddings,
        assignment=split_file(),
        code=script_modules("evaluate_model.py"),
    output:
        metrics="results/metrics/models/{model}.tsv",
        per_construct="results/metrics/models/{model}_per_construct.tsv",
    log:
        "logs/evaluate/{model}.log",
    benchmark:
        "results/benchmarks/evaluate/{model}.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 2
    params:
        datasets=DATASETS,
        parts=DEVELOPMENT_PARTS,
        settings=config["evaluation"],
        score_shared_texts=config["splits"]["shared_texts"] == "holdout",
        seed=config["seed"],
    script:
        "../workflow/scripts/evaluate_model.py"


rule evaluate_final:
    input:
        choice="results/selection/best_model.json",
        development="results/metrics/development.tsv",
        item_tables=expand("results/data/{dataset}_items.parquet", dataset=DATASETS),
        embeddings=expand(
            "results/embeddings/{model}/{dataset}.parquet",
            model=ALL_MODELS,
            dataset=DATASETS,
        ),
        assignment=split_file(),
        code=script_modules("evaluate_final.py"),
    output:
        metrics="results/metrics/all.tsv",
        metrics_page=comparison_report("results/metrics/all.html", "metrics_table"),
        per_construct="results/metrics/test_per_construct.tsv",
        comparisons=comparison_files(),
        matched=comparison_files("_matched"),
        between_targets=between_target_files(),
        keying="results/metrics/keying.tsv",
        keying_page=comparison_report("results/metrics/keying.html", "keying"),
        measures="results/metrics/measures.tsv",
        measures_page=comparison_report("results/metrics/measures.html", "measures"),
        lengths="results/metrics/lengths.tsv",
        lengths_page=comparison_report("results/metrics/lengths.html", "lengths"),
        selected_vs_baselines="results/comparison/selected_vs_baselines.tsv",
        selected_vs_baselines_page=comparison_report(
            "results/comparison/selected_vs_baselines.html",
            "selected_vs_baselines_table",
        ),
    log:
        "logs/evaluate/final.log",
    benchmark:
        "results/benchmarks/evaluate/final.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 2
    params:
        datasets=DATASETS,
        baselines=BASELINES,
        settings=config["evaluation"],
        score_shared_texts=config["splits"]["shared_texts"] == "holdout",
        seed=config["seed"],
    script:
        "../workflow/scripts/evaluate_final.py"


rule relate_reliability:
    input:
        choice="results/selection/best_model.json",
        item_tables=expand(
            "results/data/{dataset}_items.parquet", dataset=RELIABILITY_DATASETS
        ),
        embeddings=expand(
            "results/embeddings/{model}/{dataset}.parquet",
            model=ALL_MODELS,
            dataset=RELIABILITY_DATASETS,
        ),
        assignment=split_file(),
        code=script_modules("relate_reliability.py"),
    output:
        summary="results/metrics/reliability.tsv",
        summary_page=comparison_report(
            "results/metrics/reliability.html", "reliability_table"
        ),
        scales="results/metrics/reliability_scales.tsv",
        scales_page=comparison_report(
            "results/metrics/reliability_scales.html", "reliability_scales"
        ),
        figure=comparison_report("results/figures/reliability.png", "reliability"),
        figure_vector=vector_copies("results/figures/reliability.png"),
    log:
        "logs/evaluate/reliability.log",
    conda:
        "../envs/analysis.yaml"
    params:
        dpi=config["figures"]["dpi"],
        datasets=RELIABILITY_DATASETS,
        baselines=BASELINES,
        settings=config["evaluation"],
        score_shared_texts=config["splits"]["shared_texts"] == "holdout",
        seed=config["seed"],
    script:
        "../workflow/scripts/relate_reliability.py"
