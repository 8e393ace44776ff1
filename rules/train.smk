rule fetch_model:
    output:
        model=directory("resources/models/{hub_model}"),
        record="resources/models/{hub_model}.json",
    log:
        "logs/fetch/{hub_model}.log",
    benchmark:
        "results/benchmarks/fetch/{hub_model}.tsv"
    wildcard_constraints:
        hub_model=hub_model_names(),
    conda:
        "../envs/train.yaml"
    params:
        spec=hub_spec,
    script:
        "../workflow/scripts/fetch_model.py"


rule pretrain_tsdae:
    input:
        item_table="results/data/ipip_items.parquet",
        assignment=split_file(),
        base=pretraining_base,
        code=script_modules("pretrain_tsdae.py"),
    output:
        model=directory("results/pretrained/{pretrained}"),
    log:
        "logs/pretrain/{pretrained}.log",
    benchmark:
        "results/benchmarks/pretrain/{pretrained}.tsv"
    conda:
        "../envs/train.yaml"
    threads: pretraining_resource("threads")
    resources:
        mem_mb=pretraining_resource("mem_mb"),
        runtime=pretraining_resource("runtime"),
        gpu=pretraining_resource("gpu"),
    params:
        settings=pretraining_settings,
    script:
        "../workflow/scripts/pretrain_tsdae.py"


rule build_lexical_model:
    input:
        item_tables=expand("results/data/{dataset}_items.parquet", dataset=DATASETS),
        ipip="results/data/ipip_items.parquet",
        assignment=split_file(),
        code=script_modules("build_lexical_model.py"),
    output:
        model=directory("results/lexical/{lexical}"),
    log:
        "logs/lexical/{lexical}.log",
    conda:
        "../envs/train.yaml"
    params:
        # construct names are encoded too (embed_names), so their words need dimensions
        name_templates={
            f"results/data/{target}_items.parquet": target_name_template(target)
            for target in TARGETS
        },
    script:
        "../workflow/scripts/build_lexical_model.py"


rule train_model:
    input:
        pairs=pairset_of,
        item_table="results/data/ipip_items.parquet",
        assignment=split_file(),
        base=training_base,
        guide=training_guide,
        code=script_modules("train_model.py"),
    output:
        model=directory("results/models/{model}"),
        curve="results/training/{model}/loss_curve.tsv",
        run="results/training/{model}/run.json",
    log:
        "logs/train/{model}.log",
    benchmark:
        "results/benchmarks/train/{model}.tsv"
    conda:
        "../envs/train.yaml"
    threads: train_threads
    resources:
        mem_mb=train_resource("mem_mb", grows=True),
        runtime=train_resource("runtime", grows=True),
        gpu=train_resource("gpu"),
    params:
        settings=model_settings_of,
        score_shared_texts=config["splits"]["shared_texts"] == "holdout",
    script:
        "../workflow/scripts/train_model.py"


rule plot_loss:
    input:
        curve="results/training/{model}/loss_curve.tsv",
        code=script_modules("plot_loss.py"),
    output:
        figure=report(
            "results/training/{model}/loss_curve.png",
            caption="../report/loss.rst",
            category="Training",
        ),
        figure_vector=vector_copies("results/training/{model}/loss_curve.png"),
    log:
        "logs/train/{model}_plot.log",
    conda:
        "../envs/analysis.yaml"
    params:
        dpi=config["figures"]["dpi"],
    script:
        "../workflow/scripts/plot_loss.py"
