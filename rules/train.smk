rule train_model:
    input:
        pairs=pairset_of,
        code=package_modules("training", "models"),
    output:
        model=directory("results/models/{model}"),
        curve="results/training/{model}/loss_curve.tsv",
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
    script:
        "../workflow/scripts/train_model.py"


rule plot_loss:
    input:
        curve="results/training/{model}/loss_curve.tsv",
        code=package_modules("plots"),
    output:
        figure=report(
            "results/training/{model}/loss_curve.png",
            caption="../report/loss.rst",
            category="Training",
        ),
    log:
        "logs/train/{model}_plot.log",
    conda:
        "../envs/analysis.yaml"
    script:
        "../workflow/scripts/plot_loss.py"
