from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


include: "rules/common.smk"
include: "rules/data.smk"
include: "rules/pairs.smk"
include: "rules/train.smk"
include: "rules/evaluate.smk"
include: "rules/select.smk"
include: "rules/leadership.smk"


rule all:
    default_target: True
    input:
        get_final_output(),
