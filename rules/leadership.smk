rule analyse_leadership:
    input:
        choice="results/selection/best_model.json",
        metrics="results/metrics/all.tsv",
        item_table="results/data/leadership_items.parquet",
        embeddings=expand(
            "results/embeddings/{model}/leadership.parquet", model=ALL_MODELS
        ),
        code=package_modules("analysis", "metrics", "plots"),
    output:
        clusters="results/leadership/clusters.tsv",
        composition="results/leadership/cluster_composition.tsv",
        confusion="results/leadership/confusion_matrix.tsv",
        similarity="results/leadership/construct_similarity.tsv",
        heatmap="results/leadership/construct_similarity.png",
        overlaps="results/leadership/overlapping_pairs.tsv",
        tsne="results/leadership/tsne.png",
        metrics="results/leadership/metrics.tsv",
    log:
        "logs/leadership/analyse.log",
    conda:
        "../envs/analysis.yaml"
    params:
        models=ALL_MODELS,
        center=config["evaluation"]["center"],
        n_init=config["evaluation"]["kmeans_n_init"],
        threshold=config["target_analysis"]["overlap_threshold"],
        seed=config["seed"],
    script:
        "../workflow/scripts/analyse_leadership.py"
