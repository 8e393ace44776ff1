# Other draws of held-out constructs (config `draws.seeds`): the workflow again with each other
# seed in runs/seed-<seed>/, one job each (on a cluster, one node each), set beside the run.


rule run_draw:
    input:
        unpack(draw_inputs),
    output:
        record="runs/seed-{seed}/results/provenance.json",
    log:
        step="logs/draws/seed-{seed}.log",
        workflow="logs/draws/seed-{seed}_workflow.log",
    benchmark:
        "results/benchmarks/draws/seed-{seed}.tsv"
    conda:
        "../envs/workflow.yaml"
    threads: DRAW_RESOURCES["threads"]
    resources:
        mem_mb=DRAW_RESOURCES["mem_mb"],
        runtime=DRAW_RESOURCES["runtime"],
        gpu=DRAW_RESOURCES["gpu"],
    params:
        config=wildcard_draw_config,
        snakefile=WORKFLOW_DIR / "Snakefile",
        deployment=draw_deployment(),
    script:
        "../workflow/scripts/run_draw.py"


rule compare_draws:
    input:
        records=draw_records(),
        code=script_modules("compare_draws.py"),
    output:
        summary="results/draws/summary.md",
        runs="results/draws/runs.tsv",
        scores="results/draws/summary.tsv",
        page=report(
            "results/draws/summary.html",
            caption="../report/draws_table.rst",
            category="Draws of held-out constructs",
        ),
        pairs="results/draws/pairs.tsv",
        constructs="results/draws/constructs.tsv",
        figure=report(
            DRAWS_FIGURE,
            caption="../report/draws.rst",
            category="Draws of held-out constructs",
        ),
        figure_vector=vector_copies(DRAWS_FIGURE),
    log:
        "logs/draws/compare.log",
    conda:
        "../envs/analysis.yaml"
    params:
        metric=config["draws"]["metric"],
        dpi=config["figures"]["dpi"],
    script:
        "../workflow/scripts/compare_draws.py"
