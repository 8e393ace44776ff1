rule download_input:
    output:
        "resources/{file}",
    log:
        "logs/download/{file}.log",
    wildcard_constraints:
        file="IPIP.csv|Measures_text_long.csv",
    conda:
        "../envs/data.yaml"
    params:
        url=download_url,
        sha256=download_sha256,
        config_key=download_config_key,
    script:
        "../workflow/scripts/download_input.py"


rule clean_ipip:
    input:
        table=input_table("ipip"),
        code=script_modules("clean_ipip.py"),
    output:
        item_table="results/data/ipip_items.parquet",
        stats="results/data/ipip_constructs.tsv",
        source_rows="results/data/ipip_source_rows.tsv",
        source_rows_page=source_rows_report("results/data/ipip_source_rows.html"),
    log:
        "logs/data/clean_ipip.log",
    conda:
        "../envs/data.yaml"
    script:
        "../workflow/scripts/clean_ipip.py"


rule clean_target:
    input:
        table=target_table,
        code=script_modules("clean_target.py"),
    output:
        item_table="results/data/{target}_items.parquet",
        stats="results/data/{target}_constructs.tsv",
        source_rows="results/data/{target}_source_rows.tsv",
        source_rows_page=source_rows_report("results/data/{target}_source_rows.html"),
    log:
        "logs/data/clean_{target}.log",
    conda:
        "../envs/data.yaml"
    params:
        kind=target_kind,
        settings=target_settings,
        sheet=target_sheet,
    script:
        "../workflow/scripts/clean_target.py"


rule split_ipip:
    input:
        item_table="results/data/ipip_items.parquet",
        code=script_modules("split_ipip.py"),
    output:
        assignment="results/splits/ipip_{scheme}.parquet",
        summary="results/splits/ipip_{scheme}_summary.tsv",
    log:
        "logs/splits/ipip_{scheme}.log",
    conda:
        "../envs/data.yaml"
    params:
        validation=config["splits"]["validation_fraction"],
        test=config["splits"]["test_fraction"],
        shared_texts=config["splits"]["shared_texts"],
        seed=config["seed"],
    script:
        "../workflow/scripts/split_ipip.py"
