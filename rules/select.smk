rule select_model:
    input:
        metrics=development_metrics(),
        code=script_modules("select_model.py"),
    output:
        choice="results/selection/best_model.json",
        development="results/metrics/development.tsv",
    log:
        "logs/select/select_model.log",
    conda:
        "../envs/analysis.yaml"
    params:
        rule=config["selection"],
        candidates=ALL_MODELS,
    script:
        "../workflow/scripts/select_model.py"
