import copy
import re
from itertools import combinations
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake_interface_executor_plugins.settings import DeploymentMethod
from snakemake.utils import update_config

from constructlens import code_inputs
from constructlens.config import (
    GUIDED_LOSSES,
    RESPONSE_READING,
    RESPONSE_SETTINGS,
    model_settings as merged_settings,
    name_template,
    typed_overrides,
    without_switched_off,
)
from constructlens.config_checks import ConfigProblem, checked_config
from constructlens.draw_runs import draw_config, draw_folder, draw_resources
from constructlens.lexical import LEXICAL_WEIGHTINGS
from constructlens.models import (
    FINETUNED_PREFIX,
    LEXICAL_PREFIX,
    PRETRAINED_PREFIX,
    fetched_folder,
    is_hub_id,
    resolve_model_source,
)
from constructlens.workbook import run_sheets, target_sheets

# the repository, found from this file (the main Snakefile's folder is another workflow's
# where this one is used as a module)
WORKFLOW_DIR = Path(workflow.current_basedir.get_path_or_uri(secret_free=True)).parent
SCHEMA = WORKFLOW_DIR / "config" / "config.schema.yaml"
# --config 'evaluation={center: true}' gives the string 'true': type it as a config file would
update_config(config, typed_overrides(dict(workflow.config_settings.config)))
config.update(without_switched_off(config))  # `name: null` switches a default entry off
# as given: each other draw checks it and fills in the defaults anew
GIVEN_CONFIG = copy.deepcopy(config)


def unread_defaults_hint() -> str:
    """Why a config may lack the defaults: Snakemake looks for config/config.yaml in the
    working directory, and passes over it without a word when --configfile names others.
    """
    defaults = WORKFLOW_DIR / "config" / "config.yaml"
    given = [Path(f).resolve() for f in workflow.overwrite_configfiles]
    if Path("config/config.yaml").exists() or defaults.resolve() in given:
        return ""
    return (
        f"; the workflow's defaults ({defaults}) were not read, since Snakemake looks for"
        f" config/config.yaml in the working directory ({Path.cwd()}): name them first,"
        f" --configfile {defaults} YOUR.yaml"
    )


try:
    config.update(
        checked_config(config, SCHEMA, unread_defaults_hint())
    )  # defaults filled in, sweep cells added to the models
except ConfigProblem as problem:
    raise WorkflowError(str(problem)) from None

PACKAGE = WORKFLOW_DIR / "src" / "constructlens"
INPUT_FILES = {"ipip": "IPIP.csv", "leadership": "Measures_text_long.csv"}
TARGETS = sorted(config["targets"])
DATASETS = ["ipip", *TARGETS]
TARGET_PAIRS = list(combinations(TARGETS, 2))  # each pair of targets once
# IPIP reports every scale's alpha; a table target where its config names an alpha_column
RELIABILITY_DATASETS = [
    "ipip",
    *(
        t
        for t, target in config["targets"].items()
        if target["kind"] == "table" and target.get("alpha_column")
    ),
]
DEVELOPMENT_PARTS = {
    "ipip": ["all", "train", "validation"],
    **{t: ["all"] for t in TARGETS},
}
FIGURE_METRICS = ["pair_auc", "nn_top1_same_construct", "map_same_construct", "ari"]
FINETUNED = sorted(config["models"])
BASELINES = sorted(config["baselines"])
ALL_MODELS = FINETUNED + BASELINES
LEXICAL_BASELINES = [
    name
    for name in BASELINES
    if config["baselines"][name]["base"].startswith(LEXICAL_PREFIX)
]


def model_settings(name):
    """training_defaults overridden by the model's own keys."""
    return merged_settings(config["training_defaults"], config["models"][name])


wildcard_constraints:
    model="|".join(map(re.escape, ALL_MODELS)),
    dataset="|".join(DATASETS),
    target="|".join(TARGETS),
    other="|".join(TARGETS),
    first="|".join(TARGETS),
    second="|".join(TARGETS),
    metric="|".join(FIGURE_METRICS),
    method="tsne|umap",
    pairset="|".join(map(re.escape, config["pairsets"])),
    scheme="construct|item",
    seed=r"\d+",
    pretrained="|".join(map(re.escape, config["pretraining"])) or "^$",
    lexical="|".join(LEXICAL_WEIGHTINGS),


def script_modules(script):
    """The package modules a workflow script runs (read from its imports), listed as the job's
    inputs so that editing one re-runs exactly the jobs that run it."""
    return code_inputs.script_modules(
        WORKFLOW_DIR / "workflow" / "scripts" / script, PACKAGE
    )


def input_table(name):
    """A local file given in config, or the verified download in resources/."""
    return config[f"{name}_csv"] or f"resources/{INPUT_FILES[name]}"


def target_path(target):
    """A target's table; a leadership target without a path reads the leadership input."""
    return config["targets"][target]["path"] or input_table("leadership")


def target_table(wildcards):
    return target_path(wildcards.target)


def target_settings(wildcards):
    """How a target's items are cleaned: the leadership settings, or the target's own but its
    correlations, definitions and responses tables, how responses are read, reverse_scored
    and name_template, which later rules read (changing them re-cleans nothing)."""
    target = config["targets"][wildcards.target]
    if target["kind"] == "leadership":
        return config["leadership"]
    later = (
        "correlations",
        "definitions",
        "responses",
        *RESPONSE_SETTINGS,
        "name_template",
    )
    return {key: value for key, value in target.items() if key not in later}


def target_kind(wildcards):
    return config["targets"][wildcards.target]["kind"]


def target_sheet(wildcards):
    return config["targets"][wildcards.target]["sheet"]


def dataset_embeddings(dataset):
    """Every model's embeddings of one dataset, in ALL_MODELS order."""
    return expand(
        "results/embeddings/{model}/{dataset}.parquet",
        model=ALL_MODELS,
        dataset=dataset,
    )


def comparison_report(path, caption):
    """``path`` in the report under Model comparison, captioned by report/<caption>.rst."""
    return report(path, caption=f"../report/{caption}.rst", category="Model comparison")


def source_rows_report(path):
    """``path``, what became of every row of an input file, in the report under Provenance."""
    return report(path, caption="../report/source_rows.rst", category="Provenance")


def target_report(path, caption):
    """``path`` in the report under Targets, then its target, captioned by report/<caption>.rst."""
    return report(
        path,
        caption=f"../report/{caption}.rst",
        category="Targets",
        subcategory="{target}",
    )


def table_with_page(name, stem, caption=None):
    """Named outputs ``name`` and ``name``_page: results/targets/{target}/<stem>.tsv and its
    page in the report, captioned by report/<caption>.rst (by default <stem>.rst)."""
    folder = "results/targets/{target}/"
    return {
        name: f"{folder}{stem}.tsv",
        f"{name}_page": target_report(f"{folder}{stem}.html", caption or stem),
    }


def vector_copies(png):
    """The figure ``png`` as vector graphics beside it, one file per format of ``figures.vector``
    (none by default)."""
    return [png.removesuffix(".png") + f".{fmt}" for fmt in config["figures"]["vector"]]


def observed_correlations():
    """Each target's table of observed construct correlations, where the config gives one."""
    return {
        t: config["targets"][t]["correlations"]
        for t in TARGETS
        if config["targets"][t]["correlations"]
    }


def target_correlations(wildcards):
    return observed_correlations()[wildcards.target]


def survey_responses():
    """Each target's table of item responses, where the config gives one."""
    return {
        t: config["targets"][t]["responses"]
        for t in TARGETS
        if config["targets"][t]["responses"]
    }


def response_rows_files():
    """results/targets/<target>/responses_rows.tsv of every target given responses."""
    return [
        f"results/targets/{target}/responses_rows.tsv" for target in survey_responses()
    ]


def target_responses(wildcards):
    return survey_responses()[wildcards.target]


def response_reading(wildcards):
    """How a target's responses are read: the numbers of answers written as words
    (answer_labels), those that mean no answer (missing_answers), the respondents left out
    (leave_out)."""
    target = config["targets"][wildcards.target]
    return {key: target.get(key) for key in RESPONSE_READING}


def answer_correlation(wildcards):
    """How a target's answers are correlated: pearson or polychoric."""
    return config["targets"][wildcards.target].get("answer_correlation", "pearson")


def answer_errors(wildcards):
    """Where a target's factor models' errors and χ² come from: robust or normal."""
    return config["targets"][wildcards.target].get("answer_errors", "robust")


def reverse_scored(wildcards):
    """Whether a target's responses of reverse-keyed items are already reverse-scored."""
    return config["targets"][wildcards.target].get("reverse_scored", False)


def workbook_sheets(wildcards):
    """(sheet, file, description) of every table a target's workbook holds, in order."""
    target = wildcards.target
    return target_sheets(
        target,
        TARGETS,
        correlations=target in observed_correlations(),
        definitions=target in construct_definitions(),
        responses=target in survey_responses(),
    )


def workbook_tables(wildcards):
    """The tables of a target's workbook, in order of its sheets."""
    return [
        f"results/targets/{wildcards.target}/{file}"
        for _, file, _ in workbook_sheets(wildcards)
    ]


def run_workbook_sheets():
    """(sheet, file under results/, description) of every table of the run's workbook."""
    return run_sheets(TARGETS, config["splits"]["scheme"])


def construct_definitions():
    """Each target's table of construct definitions, where the config gives one."""
    return {
        t: config["targets"][t]["definitions"]
        for t in TARGETS
        if config["targets"][t]["definitions"]
    }


def target_definitions(wildcards):
    return construct_definitions()[wildcards.target]


def target_definition_embeddings(wildcards):
    """Every model's embeddings of one target's construct definitions, in ALL_MODELS order."""
    return expand(
        "results/embeddings/{model}/{target}_definitions.parquet",
        model=ALL_MODELS,
        target=wildcards.target,
    )


def given_table(name, given):
    """An input function: results/targets/<target>/<name> for a target among ``given()`` (those
    the config gives observed correlations, definitions or responses), nothing for others.
    """

    def table(wildcards):
        if wildcards.target not in given():
            return []
        return f"results/targets/{wildcards.target}/{name}"

    return table


def reliability_table(wildcards):
    """results/metrics/reliability.tsv for a target with an alpha_column, nothing for others."""
    return (
        "results/metrics/reliability.tsv"
        if wildcards.target in RELIABILITY_DATASETS
        else []
    )


def target_embeddings(wildcards):
    return dataset_embeddings(wildcards.target)


def target_name_template(target):
    return name_template(config["targets"][target])


def wildcard_target_template(wildcards):
    """The name template of the target a job's wildcards name."""
    return target_name_template(wildcards.target)


def target_name_embeddings(wildcards):
    """Every model's embeddings of one target's construct names, in ALL_MODELS order."""
    return expand(
        "results/embeddings/{model}/{target}_names.parquet",
        model=ALL_MODELS,
        target=wildcards.target,
    )


def other_target_embeddings(wildcards):
    return dataset_embeddings(wildcards.other)


def download_url(wildcards):
    return f"{config['download']['base_url'].rstrip('/')}/{wildcards.file}"


def download_sha256(wildcards):
    return config["download"]["sha256"][wildcards.file]


def download_config_key(wildcards):
    """The config key that names a local copy of the file instead (ipip_csv, leadership_csv)."""
    return next(
        f"{name}_csv" for name, file in INPUT_FILES.items() if file == wildcards.file
    )


def split_file():
    return f"results/splits/ipip_{config['splits']['scheme']}.parquet"


def split_summary_file():
    return f"results/splits/ipip_{config['splits']['scheme']}_summary.tsv"


def pairset_settings(wildcards):
    return config["pairsets"][wildcards.pairset]


def model_settings_of(wildcards):
    return model_settings(wildcards.model)


def pairset_of(wildcards):
    return f"results/pairs/{model_settings(wildcards.model)['pairset']}.parquet"


def train_threads(wildcards):
    return model_settings(wildcards.model)["threads"]


def train_resource(key, grows=False):
    """Resource ``key`` (mem_mb, runtime, gpu) of the model's training job; with ``grows``,
    a retried job (see the SLURM profile's retries) asks for ``attempt`` times as much.
    """

    def resource(wildcards, attempt):
        return model_settings(wildcards.model)[key] * (attempt if grows else 1)

    return resource


def model_input(spec):
    """What loading ``spec`` needs from the run: the checkpoint of a ``pretrained:NAME``,
    ``model:NAME`` or ``lexical:NAME`` spec, the copy of a hub model that ``fetch_model`` makes;
    nothing otherwise.
    """
    if spec.startswith((PRETRAINED_PREFIX, FINETUNED_PREFIX, LEXICAL_PREFIX)):
        return [resolve_model_source(spec)]
    if is_hub_id(spec):
        return [str(fetched_folder(spec))]
    return []


def guide_spec(settings):
    """The guide model of a guided (GIST) loss; None for other losses."""
    return settings["guide"] if settings["loss"] in GUIDED_LOSSES else None


def training_base(wildcards):
    return model_input(model_settings(wildcards.model)["base"])


def training_guide(wildcards):
    guide = guide_spec(model_settings(wildcards.model))
    return model_input(guide) if guide else []


def pretraining_base(wildcards):
    return model_input(config["pretraining"][wildcards.pretrained]["base"])


def hub_models():
    """{fetched folder name: hub spec} of every hub model the run loads: bases of models,
    baselines and pre-training, and guides of GIST losses."""
    specs = [
        entry["base"]
        for section in ("models", "baselines", "pretraining")
        for entry in config[section].values()
    ]
    specs += [guide_spec(model_settings(name)) for name in FINETUNED]
    return {
        fetched_folder(spec).name: spec for spec in specs if spec and is_hub_id(spec)
    }


HUB_MODELS = hub_models()


def hub_spec(wildcards):
    return HUB_MODELS[wildcards.hub_model]


def hub_model_names():
    """The wildcard constraint of ``fetch_model``: the hub models the run loads, nothing else."""
    return "|".join(map(re.escape, HUB_MODELS)) or "^$"


def model_checkpoint(wildcards):
    """What encoding needs: the trained folder of a fine-tuned model, the pre-trained
    checkpoint of a baseline that starts from one, else nothing."""
    if wildcards.model in FINETUNED:
        return [f"results/models/{wildcards.model}"]
    return model_input(config["baselines"][wildcards.model]["base"])


def encoding_setting(key):
    """Setting ``key`` of encoding with the model (gpu, mem_mb, runtime, prompt,
    trust_remote_code): a fine-tuned model's training settings, or the baseline's own.
    """

    def setting(wildcards):
        if wildcards.model in FINETUNED:
            return model_settings(wildcards.model)[key]
        return config["baselines"][wildcards.model][key]

    return setting


def pretraining_settings(wildcards):
    return config["pretraining"][wildcards.pretrained]


def pretraining_resource(key):
    def resource(wildcards):
        return config["pretraining"][wildcards.pretrained][key]

    return resource


def model_base(wildcards):
    if wildcards.model in FINETUNED:
        return f"results/models/{wildcards.model}"
    return config["baselines"][wildcards.model]["base"]


def model_embeddings(wildcards):
    return expand(
        "results/embeddings/{model}/{dataset}.parquet",
        model=wildcards.model,
        dataset=DATASETS,
    )


def development_metrics():
    return expand("results/metrics/models/{model}.tsv", model=ALL_MODELS)


def comparison_files(kind=""):
    """IPIP test against every target (``kind`` "_matched": against random sets of as many
    IPIP test constructs), in TARGETS order."""
    return expand(
        "results/comparison/ipip_vs_{target}{kind}.tsv", target=TARGETS, kind=kind
    )


def per_target_files(name):
    """results/targets/<target>/<name> of every target, in TARGETS order."""
    return expand("results/targets/{target}/{name}", target=TARGETS, name=name)


def between_target_files(suffix=".tsv"):
    """Every target against every other one, in the order of TARGET_PAIRS."""
    return [f"results/comparison/targets/{a}_vs_{b}{suffix}" for a, b in TARGET_PAIRS]


def target_pairs(target):
    """The pairs of targets ``target`` is one of, as ``between_target_files`` orders them."""
    return [(a, b) for a, b in TARGET_PAIRS if target in (a, b)]


def wildcard_target_pairs(wildcards):
    """The pairs of targets the target a job's wildcards name is one of."""
    return target_pairs(wildcards.target)


def target_pair_files(wildcards):
    """The comparisons of ``wildcards.target`` with every other target."""
    files = dict(zip(TARGET_PAIRS, between_target_files()))
    return [files[pair] for pair in target_pairs(wildcards.target)]


def provenance_inputs():
    """The input tables a run read, by name: IPIP and each target's table."""
    return {
        "ipip": input_table("ipip"),
        **{t: target_path(t) for t in TARGETS},
        **{f"{t} correlations": path for t, path in observed_correlations().items()},
        **{f"{t} definitions": path for t, path in construct_definitions().items()},
        **{f"{t} responses": path for t, path in survey_responses().items()},
    }


def run_results():
    """Every result of the run but its record, the methods draft read from it and the other
    draws set beside it: the record is written after them and again whenever one is remade,
    so the commit it names is the code that made the latest of them."""
    record = {"results/provenance.json", "results/methods.md", *draws_output()}
    return [path for path in get_final_output() if path not in record]


def get_final_output():
    figures = every_figure()
    return [
        "results/provenance.json",
        "results/methods.md",
        "results/data/ipip_constructs.tsv",
        *expand("results/data/{target}_constructs.tsv", target=TARGETS),
        split_summary_file(),
        "results/metrics/all.tsv",
        "results/selection/best_model.json",
        *expand(
            "results/targets/{target}/{name}",
            target=TARGETS,
            name=[
                "clusters.tsv",
                "findings.md",
                "construct_pairs.tsv",
                "construct_profiles.tsv",
                "tables.xlsx",
            ],
        ),
        "results/tables.xlsx",
        "results/comparison/all_targets.html",
        *between_target_files(".html"),
        *(
            f"results/targets/{target}/nearest_{other}.tsv"
            for target in TARGETS
            for other in TARGETS
            if other != target
        ),
        *figures,
        *draws_output(),
        # asked for by name: Snakemake re-runs a job for a missing output only if it is wanted
        *(copy for figure in figures for copy in vector_copies(figure)),
    ]


def every_figure():
    """The PNG of every figure the run draws."""
    per_target = [
        "construct_similarity",
        "separability",
        "similarity_distributions",
        "item_similarity",
        "dendrogram",
        "groups",
        "distinctiveness",
        "nearest_ipip",
        "names",
        *config["target_analysis"]["maps"],
        *(f"nearest_{other}" for other in TARGETS),
    ]
    return [
        *expand("results/training/{model}/loss_curve.png", model=FINETUNED),
        *expand(
            "results/figures/ipip_vs_{target}{kind}.png",
            target=TARGETS,
            kind=["", "_matched"],
        ),
        *expand("results/figures/metric_{metric}.png", metric=FIGURE_METRICS),
        "results/figures/selected_vs_baselines.png",
        "results/figures/reliability.png",
        *(
            f"results/targets/{target}/{name}.png"
            for target in TARGETS
            for name in per_target
            if name != f"nearest_{target}"
        ),
        *(
            f"results/targets/{target}/empirical.png"
            for target in observed_correlations()
        ),
        *(
            f"results/targets/{target}/definitions.png"
            for target in construct_definitions()
        ),
        *(
            f"results/targets/{target}/responses{kind}.png"
            for target in survey_responses()
            for kind in ("", "_constructs")
        ),
    ]


DRAW_SEEDS = config["draws"]["seeds"]
DRAWS_FIGURE = "results/draws/draws.png"


def draws_output():
    """The other draws of held-out constructs set beside the run, where config asks for any."""
    if not DRAW_SEEDS:
        return []
    return ["results/draws/summary.md", DRAWS_FIGURE, *vector_copies(DRAWS_FIGURE)]


def draw_records():
    """The run records of the run and of each other draw, the run's first."""
    return [
        "results/provenance.json",
        *(
            str(draw_folder(seed) / "results" / "provenance.json")
            for seed in DRAW_SEEDS
        ),
    ]


def draw_inputs(wildcards):
    """What a draw reads from the run: its input tables and fetched hub models (so that the
    draw fetches nothing), and the workflow's code, so that a draw re-runs where the code
    changed (its own run then re-runs only what the change touches)."""
    return {
        "tables": list(provenance_inputs().values()),
        "hub_models": [str(fetched_folder(spec)) for spec in HUB_MODELS.values()],
        "code": workflow_code(),
    }


def workflow_code():
    """Every file of the workflow's code: the Snakefile, rules, scripts, config schema and package."""
    files = [WORKFLOW_DIR / "Snakefile", SCHEMA]
    for folder, pattern in (
        ("rules", "*.smk"),
        ("workflow/scripts", "*.py"),
        ("src/constructlens", "*.py"),
    ):
        files += sorted((WORKFLOW_DIR / folder).glob(pattern))
    return [str(path) for path in files]


def wildcard_draw_config(wildcards):
    """The config of the draw a job's wildcards name: the given one with its seed, run from here."""
    return draw_config(GIVEN_CONFIG, int(wildcards.seed), Path.cwd())


def umap_slots(wildcards):
    """One unit of the ``umap`` resource for a UMAP map (``profiles/default`` holds one, so maps
    run one at a time: the first compiles UMAP's numba code and keeps it, the next loads it).
    """
    return int(wildcards.method == "umap")


def draw_deployment():
    """How a draw deploys software: as the run does (``--sdm conda`` and the run's conda
    environments), or as it is."""
    settings = workflow.deployment_settings
    if DeploymentMethod.CONDA not in settings.deployment_method:
        return []
    prefix = Path(settings.conda_prefix or ".snakemake/conda").resolve()
    return ["--sdm", "conda", "--conda-prefix", str(prefix)]


DRAW_RESOURCES = draw_resources(config)
