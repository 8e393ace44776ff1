rule describe_target:
    input:
        choice="results/selection/best_model.json",
        metrics="results/metrics/all.tsv",
        item_table="results/data/{target}_items.parquet",
        embeddings=target_embeddings,
        ipip_table="results/data/ipip_items.parquet",
        split=split_file(),
        ipip_embeddings=dataset_embeddings("ipip"),
        code=script_modules("describe_target.py"),
    output:
        clusters="results/targets/{target}/clusters.tsv",
        composition="results/targets/{target}/cluster_composition.tsv",
        confusion="results/targets/{target}/confusion_matrix.tsv",
        similarity="results/targets/{target}/construct_similarity.tsv",
        heatmap=target_report(
            "results/targets/{target}/construct_similarity.png", "similarity"
        ),
        near_duplicates="results/targets/{target}/near_duplicates.tsv",
        near_duplicates_summary="results/targets/{target}/near_duplicates_summary.tsv",
        near_duplicates_page=target_report(
            "results/targets/{target}/near_duplicates.html", "near_duplicates"
        ),
        dendrogram=target_report(
            "results/targets/{target}/dendrogram.png", "dendrogram"
        ),
        metrics="results/targets/{target}/metrics.tsv",
        distributions="results/targets/{target}/similarity_distributions.tsv",
        distributions_figure=target_report(
            "results/targets/{target}/similarity_distributions.png",
            "similarity_distributions",
        ),
        distributions_figure_vector=vector_copies(
            "results/targets/{target}/similarity_distributions.png"
        ),
        item_similarity=target_report(
            "results/targets/{target}/item_similarity.png", "item_similarity"
        ),
        item_similarity_vector=vector_copies(
            "results/targets/{target}/item_similarity.png"
        ),
        heatmap_vector=vector_copies(
            "results/targets/{target}/construct_similarity.png"
        ),
        dendrogram_vector=vector_copies("results/targets/{target}/dendrogram.png"),
    log:
        "logs/targets/{target}_describe.log",
    benchmark:
        "results/benchmarks/targets/{target}_describe.tsv"
    conda:
        "../envs/analysis.yaml"
    params:
        dpi=config["figures"]["dpi"],
        center=config["evaluation"]["center"],
        n_init=config["evaluation"]["kmeans_n_init"],
        near_duplicate_share=config["target_analysis"]["near_duplicate_share"],
        score_shared_texts=config["splits"]["shared_texts"] == "holdout",
        seed=config["seed"],
    script:
        "../workflow/scripts/describe_target.py"


rule separate_constructs:
    input:
        choice="results/selection/best_model.json",
        item_table="results/data/{target}_items.parquet",
        embeddings=target_embeddings,
        ipip_table="results/data/ipip_items.parquet",
        split=split_file(),
        ipip_embeddings=dataset_embeddings("ipip"),
        code=script_modules("separate_constructs.py"),
    output:
        **table_with_page("every_pair", "separability", "separability_table"),
        **table_with_page("overlaps", "overlapping_pairs"),
        **table_with_page("closest_items", "closest_items"),
        **table_with_page("groups", "groups"),
        **table_with_page("group_counts", "group_counts"),
        **table_with_page("measure_agreement", "measure_agreement"),
        separability=target_report(
            "results/targets/{target}/separability.png", "separability"
        ),
        separability_vector=vector_copies("results/targets/{target}/separability.png"),
        groups_figure=target_report(
            "results/targets/{target}/groups.png", "groups_figure"
        ),
        groups_figure_vector=vector_copies("results/targets/{target}/groups.png"),
    log:
        "logs/targets/{target}_separate.log",
    benchmark:
        "results/benchmarks/targets/{target}_separate.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 2
    params:
        dpi=config["figures"]["dpi"],
        center=config["evaluation"]["center"],
        settings=config["target_analysis"],
        score_shared_texts=config["splits"]["shared_texts"] == "holdout",
        resamples=config["evaluation"]["bootstrap_resamples"],
        seed=config["seed"],
    script:
        "../workflow/scripts/separate_constructs.py"


rule map_target:
    input:
        choice="results/selection/best_model.json",
        item_table="results/data/{target}_items.parquet",
        embeddings=target_embeddings,
        code=script_modules("map_target.py"),
    output:
        figure=target_report("results/targets/{target}/{method}.png", "map"),
        coordinates="results/targets/{target}/{method}.tsv",
        page=target_report("results/targets/{target}/{method}.html", "map_page"),
        figure_vector=vector_copies("results/targets/{target}/{method}.png"),
    log:
        "logs/targets/{target}_{method}.log",
    benchmark:
        "results/benchmarks/targets/{target}_{method}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        umap=umap_slots,
    params:
        dpi=config["figures"]["dpi"],
        seed=config["seed"],
    script:
        "../workflow/scripts/map_target.py"


rule relate_target:
    input:
        choice="results/selection/best_model.json",
        item_table="results/data/{target}_items.parquet",
        ipip_table="results/data/ipip_items.parquet",
        split=split_file(),
        embeddings=target_embeddings,
        ipip_embeddings=dataset_embeddings("ipip"),
        code=script_modules("relate_target.py"),
    output:
        **table_with_page("distinctiveness", "distinctiveness"),
        **table_with_page("redundancy", "redundancy"),
        **table_with_page("nearest", "nearest_ipip", "nearest_table"),
        **table_with_page("item_fit_summary", "item_fit_summary", "item_fit"),
        distinctiveness_figure=target_report(
            "results/targets/{target}/distinctiveness.png", "distinctiveness_figure"
        ),
        nearest_figure=target_report(
            "results/targets/{target}/nearest_ipip.png", "nearest"
        ),
        nearest_items="results/targets/{target}/nearest_ipip_items.tsv",
        item_fit="results/targets/{target}/item_fit.tsv",
        distinctiveness_figure_vector=vector_copies(
            "results/targets/{target}/distinctiveness.png"
        ),
        nearest_figure_vector=vector_copies("results/targets/{target}/nearest_ipip.png"),
    log:
        "logs/targets/{target}_relate.log",
    benchmark:
        "results/benchmarks/targets/{target}_relate.tsv"
    conda:
        "../envs/analysis.yaml"
    params:
        dpi=config["figures"]["dpi"],
        settings=config["target_analysis"],
        center=config["evaluation"]["center"],
        score_shared_texts=config["splits"]["shared_texts"] == "holdout",
        resamples=config["evaluation"]["bootstrap_resamples"],
        seed=config["seed"],
    script:
        "../workflow/scripts/relate_target.py"


rule relate_targets:
    input:
        choice="results/selection/best_model.json",
        item_table="results/data/{target}_items.parquet",
        other_table="results/data/{other}_items.parquet",
        embeddings=target_embeddings,
        other_embeddings=other_target_embeddings,
        code=script_modules("relate_targets.py"),
    output:
        nearest="results/targets/{target}/nearest_{other}.tsv",
        nearest_page=target_report(
            "results/targets/{target}/nearest_{other}.html", "nearest_target_table"
        ),
        figure=target_report(
            "results/targets/{target}/nearest_{other}.png", "nearest_target"
        ),
        nearest_items="results/targets/{target}/nearest_{other}_items.tsv",
        figure_vector=vector_copies("results/targets/{target}/nearest_{other}.png"),
    log:
        "logs/targets/{target}_nearest_{other}.log",
    conda:
        "../envs/analysis.yaml"
    params:
        dpi=config["figures"]["dpi"],
        settings=config["target_analysis"],
        resamples=config["evaluation"]["bootstrap_resamples"],
        seed=config["seed"],
    script:
        "../workflow/scripts/relate_targets.py"


rule compare_models_on_target:
    input:
        choice="results/selection/best_model.json",
        item_table="results/data/{target}_items.parquet",
        embeddings=target_embeddings,
        code=script_modules("model_agreement.py"),
    output:
        **table_with_page("summary", "model_agreement_summary", "model_agreement"),
        pairs="results/targets/{target}/model_agreement.tsv",
    log:
        "logs/targets/{target}_model_agreement.log",
    conda:
        "../envs/analysis.yaml"
    params:
        threshold=config["target_analysis"]["overlap_threshold"],
        center=config["evaluation"]["center"],
    script:
        "../workflow/scripts/model_agreement.py"


rule match_ipip_items:
    input:
        item_table="results/data/{target}_items.parquet",
        ipip_table="results/data/ipip_items.parquet",
        split=split_file(),
        code=script_modules("match_ipip_items.py"),
    output:
        table="results/targets/{target}/items_from_ipip.tsv",
        page=target_report(
            "results/targets/{target}/items_from_ipip.html", "items_from_ipip"
        ),
    log:
        "logs/targets/{target}_items_from_ipip.log",
    conda:
        "../envs/analysis.yaml"
    params:
        finetuned=FINETUNED,
    script:
        "../workflow/scripts/match_ipip_items.py"


rule summarise_target:
    input:
        choice="results/selection/best_model.json",
        item_table="results/data/{target}_items.parquet",
        comparison="results/comparison/ipip_vs_{target}.tsv",
        matched="results/comparison/ipip_vs_{target}_matched.tsv",
        between=target_pair_files,
        distinctiveness="results/targets/{target}/distinctiveness.tsv",
        overlaps="results/targets/{target}/overlapping_pairs.tsv",
        redundancy="results/targets/{target}/redundancy.tsv",
        closest_items="results/targets/{target}/closest_items.tsv",
        measure_agreement="results/targets/{target}/measure_agreement.tsv",
        fit_summary="results/targets/{target}/item_fit_summary.tsv",
        agreement="results/targets/{target}/model_agreement_summary.tsv",
        nearest="results/targets/{target}/nearest_ipip.tsv",
        from_ipip="results/targets/{target}/items_from_ipip.tsv",
        names="results/targets/{target}/names.tsv",
        names_summary="results/targets/{target}/names_summary.tsv",
        empirical=given_table("empirical.tsv", observed_correlations),
        empirical_summary=given_table("empirical_summary.tsv", observed_correlations),
        reliability=reliability_table,
        keying="results/metrics/keying.tsv",
        lengths="results/metrics/lengths.tsv",
        paired="results/comparison/selected_vs_baselines.tsv",
        distributions="results/targets/{target}/similarity_distributions.tsv",
        near_duplicates="results/targets/{target}/near_duplicates.tsv",
        near_duplicates_summary="results/targets/{target}/near_duplicates_summary.tsv",
        groups="results/targets/{target}/groups.tsv",
        group_counts="results/targets/{target}/group_counts.tsv",
        separability="results/targets/{target}/separability.tsv",
        definitions=given_table("definitions_summary.tsv", construct_definitions),
        definitions_models=given_table("definitions_models.tsv", construct_definitions),
        responses=given_table("responses.tsv", survey_responses),
        responses_scales=given_table("responses_scales.tsv", survey_responses),
        responses_constructs=given_table("responses_constructs.tsv", survey_responses),
        responses_items=given_table("responses_items.tsv", survey_responses),
        responses_factors=given_table("responses_factors.tsv", survey_responses),
        responses_measurement=given_table("responses_measurement.tsv", survey_responses),
        responses_residuals=given_table("responses_residuals.tsv", survey_responses),
        code=script_modules("summarise_target.py"),
    output:
        findings="results/targets/{target}/findings.md",
        page=target_report("results/targets/{target}/findings.html", "findings"),
    log:
        "logs/targets/{target}_findings.log",
    conda:
        "../envs/analysis.yaml"
    params:
        threshold=config["target_analysis"]["overlap_threshold"],
        measure_min_items=config["target_analysis"]["measure_min_items"],
        redundancy_alpha=config["target_analysis"]["redundancy_alpha"],
        near_duplicate_share=config["target_analysis"]["near_duplicate_share"],
        finetuned=FINETUNED,
        lexical=LEXICAL_BASELINES,
        name_template=wildcard_target_template,
        pairs=wildcard_target_pairs,
    script:
        "../workflow/scripts/summarise_target.py"


rule gather_pair_evidence:
    input:
        separability="results/targets/{target}/separability.tsv",
        redundancy="results/targets/{target}/redundancy.tsv",
        agreement="results/targets/{target}/model_agreement.tsv",
        names="results/targets/{target}/names.tsv",
        closest_items="results/targets/{target}/closest_items.tsv",
        near_duplicates="results/targets/{target}/near_duplicates.tsv",
        empirical=given_table("empirical.tsv", observed_correlations),
        responses=given_table("responses_constructs.tsv", survey_responses),
        code=script_modules("gather_pair_evidence.py"),
    output:
        table="results/targets/{target}/construct_pairs.tsv",
        page=target_report(
            "results/targets/{target}/construct_pairs.html", "construct_pairs"
        ),
    log:
        "logs/targets/{target}_construct_pairs.log",
    conda:
        "../envs/analysis.yaml"
    params:
        threshold=config["target_analysis"]["overlap_threshold"],
    script:
        "../workflow/scripts/gather_pair_evidence.py"


rule gather_construct_profiles:
    input:
        distinctiveness="results/targets/{target}/distinctiveness.tsv",
        separability="results/targets/{target}/separability.tsv",
        item_fit="results/targets/{target}/item_fit_summary.tsv",
        nearest_ipip="results/targets/{target}/nearest_ipip.tsv",
        near_duplicates="results/targets/{target}/near_duplicates.tsv",
        item_table="results/data/{target}_items.parquet",
        definitions=given_table("definitions_summary.tsv", construct_definitions),
        responses=given_table("responses_scales.tsv", survey_responses),
        code=script_modules("gather_construct_profiles.py"),
    output:
        table="results/targets/{target}/construct_profiles.tsv",
        page=target_report(
            "results/targets/{target}/construct_profiles.html", "construct_profiles"
        ),
    log:
        "logs/targets/{target}_construct_profiles.log",
    conda:
        "../envs/analysis.yaml"
    params:
        threshold=config["target_analysis"]["overlap_threshold"],
    script:
        "../workflow/scripts/gather_construct_profiles.py"


rule write_target_workbook:
    input:
        tables=workbook_tables,
        code=script_modules("write_workbook.py"),
    output:
        "results/targets/{target}/tables.xlsx",
    log:
        "logs/targets/{target}_workbook.log",
    conda:
        "../envs/analysis.yaml"
    params:
        sheets=workbook_sheets,
    script:
        "../workflow/scripts/write_workbook.py"


rule compare_names:
    input:
        choice="results/selection/best_model.json",
        names=target_name_embeddings,
        agreement="results/targets/{target}/model_agreement.tsv",
        code=script_modules("compare_names.py"),
    output:
        **table_with_page("pairs", "names", "names_table"),
        **table_with_page("summary", "names_summary"),
        figure=target_report("results/targets/{target}/names.png", "names"),
        figure_vector=vector_copies("results/targets/{target}/names.png"),
    log:
        "logs/targets/{target}_names.log",
    conda:
        "../envs/analysis.yaml"
    params:
        dpi=config["figures"]["dpi"],
        template=wildcard_target_template,
        permutations=config["evaluation"]["permutations"],
        seed=config["seed"],
    script:
        "../workflow/scripts/compare_names.py"


rule relate_definitions:
    input:
        choice="results/selection/best_model.json",
        item_table="results/data/{target}_items.parquet",
        embeddings=target_embeddings,
        definition_embeddings=target_definition_embeddings,
        code=script_modules("relate_definitions.py"),
    output:
        **table_with_page("summary", "definitions_summary"),
        **table_with_page("models", "definitions_models"),
        per_item="results/targets/{target}/definitions.tsv",
        figure=target_report("results/targets/{target}/definitions.png", "definitions"),
        figure_vector=vector_copies("results/targets/{target}/definitions.png"),
    log:
        "logs/targets/{target}_definitions.log",
    conda:
        "../envs/analysis.yaml"
    params:
        dpi=config["figures"]["dpi"],
        permutations=config["evaluation"]["permutations"],
        seed=config["seed"],
    script:
        "../workflow/scripts/relate_definitions.py"


rule compare_with_correlations:
    input:
        choice="results/selection/best_model.json",
        item_table="results/data/{target}_items.parquet",
        embeddings=target_embeddings,
        correlations=target_correlations,
        agreement="results/targets/{target}/model_agreement.tsv",
        code=script_modules("compare_with_correlations.py"),
    output:
        **table_with_page("pairs", "empirical", "empirical_table"),
        **table_with_page("summary", "empirical_summary"),
        figure=target_report("results/targets/{target}/empirical.png", "empirical"),
        figure_vector=vector_copies("results/targets/{target}/empirical.png"),
    log:
        "logs/targets/{target}_empirical.log",
    conda:
        "../envs/analysis.yaml"
    params:
        dpi=config["figures"]["dpi"],
        center=config["evaluation"]["center"],
        permutations=config["evaluation"]["permutations"],
        template=wildcard_target_template,
        seed=config["seed"],
    script:
        "../workflow/scripts/compare_with_correlations.py"


rule compare_with_responses:
    input:
        choice="results/selection/best_model.json",
        item_table="results/data/{target}_items.parquet",
        embeddings=target_embeddings,
        responses=target_responses,
        code=script_modules("compare_with_responses.py"),
    output:
        **table_with_page("agreement", "responses"),
        **table_with_page("scales", "responses_scales"),
        **table_with_page("item_fit", "responses_items"),
        **table_with_page("pairs", "responses_constructs"),
        **table_with_page("summary", "responses_constructs_summary"),
        **table_with_page("rows", "responses_rows"),
        **table_with_page("factors", "responses_factors"),
        **table_with_page("measurement", "responses_measurement"),
        **table_with_page("residuals", "responses_residuals"),
        figure=target_report(
            "results/targets/{target}/responses.png", "responses_figure"
        ),
        figure_vector=vector_copies("results/targets/{target}/responses.png"),
        constructs_figure=target_report(
            "results/targets/{target}/responses_constructs.png",
            "responses_constructs_figure",
        ),
        constructs_figure_vector=vector_copies(
            "results/targets/{target}/responses_constructs.png"
        ),
    log:
        "logs/targets/{target}_responses.log",
    benchmark:
        "results/benchmarks/targets/{target}_responses.tsv"
    conda:
        "../envs/analysis.yaml"
    params:
        dpi=config["figures"]["dpi"],
        center=config["evaluation"]["center"],
        settings={
            "bootstrap_resamples": config["evaluation"]["bootstrap_resamples"],
            "permutations": config["evaluation"]["permutations"],
            "htmt_resamples": config["target_analysis"]["htmt_resamples"],
        },
        reverse_scored=reverse_scored,
        reading=response_reading,
        correlation=answer_correlation,
        errors=answer_errors,
        seed=config["seed"],
    script:
        "../workflow/scripts/compare_with_responses.py"
