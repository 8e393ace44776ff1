rule select_model:
    input:
        metrics=development_metrics(),
        item_table=f"results/data/{config['selection']['dataset']}_items.parquet",
        embeddings=expand(
            "results/embeddings/{model}/{dataset}.parquet",
            model=ALL_MODELS,
            dataset=config["selection"]["dataset"],
        ),
        assignment=split_file(),
        code=script_modules("select_model.py"),
    output:
        choice="results/selection/best_model.json",
        development="results/metrics/development.tsv",
        margin="results/selection/margin.tsv",
        margin_page=comparison_report(
            "results/selection/margin.html", "selection_margin"
        ),
    log:
        "logs/select/select_model.log",
    conda:
        "../envs/analysis.yaml"
    params:
        rule=config["selection"],
        candidates=ALL_MODELS,
        settings=config["evaluation"],
        score_shared_texts=config["splits"]["shared_texts"] == "holdout",
        permutations=config["evaluation"]["permutations"],
        seed=config["seed"],
    script:
        "../workflow/scripts/select_model.py"
