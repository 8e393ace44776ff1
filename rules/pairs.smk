rule build_pairs:
    input:
        item_table="results/data/ipip_items.parquet",
        assignment=split_file(),
        code=script_modules("build_pairs.py"),
    output:
        pairs="results/pairs/{pairset}.parquet",
        stats="results/pairs/{pairset}_stats.tsv",
    log:
        "logs/pairs/{pairset}.log",
    conda:
        "../envs/data.yaml"
    params:
        settings=pairset_settings,
        seed=config["seed"],
    script:
        "../workflow/scripts/build_pairs.py"
