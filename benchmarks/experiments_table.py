"""Markdown table of every model of a finished run, for docs/experiments.md.

The workflow looks at held-out IPIP test data only for the selected model and the baselines;
this script scores *every* model on it, after the fact, so a report can show what each recipe
would have reached. Choose recipes by the validation column, never by the test columns.

    python benchmarks/experiments_table.py RUN_DIR [RUN_DIR ...] [--configfile CONFIG ...]
        [--center | --center-on-training | --whiten-on-training SHRINKAGE] [--paired FIRST SECOND]

RUN_DIR is the working directory of a finished run (it holds ``results/``), scored with the
config it recorded (``results/provenance.json``) unless ``--configfile`` names another: once for
every run, or once per run in the order of the runs (runs that stopped short of the record, each
with its own seed). ``--center``
subtracts each scored item set's own mean embedding (the workflow's ``evaluation.center``,
transductive); ``--center-on-training`` subtracts one fixed vector from every dataset instead,
the mean of the IPIP training texts' normalised embeddings (inductive: nothing scored shapes it).
``--whiten-on-training`` goes one step further and learns a linear metric from the training
constructs' labels: after centring on the training mean, it scales away the directions in
which items of one training construct differ from each other (see ``whitened_on_training``).
``--paired FIRST SECOND`` prints, instead of the table, FIRST minus SECOND on every scored set,
paired on the same items and construct resamples: two recipes whose own intervals overlap can
still differ clearly. Given several runs (e.g. one per draw of held-out constructs), it prints
one line per run and how often FIRST came out ahead.
"""

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from snakemake.utils import validate

from constructlens.comparison import compare_models
from constructlens.embeddings import read_embeddings
from constructlens.evaluation import evaluate_sets, evaluation_sets, result_tables
from constructlens.prose import interval_text, markdown_table

REPO = Path(__file__).resolve().parents[1]
COLUMNS = {
    ("ipip", "validation", "pair_auc"): "validation AUC",
    ("ipip", "test", "pair_auc"): "test AUC",
    ("ipip", "test", "ari"): "test ARI",
    ("ipip", "test", "seed_probability_correct"): "test sampled accuracy",
    ("ipip", "test", "item_auc"): "test item-level AUC",
    ("leadership", "all", "pair_auc"): "leadership AUC",
    ("leadership", "all", "ari"): "leadership ARI",
}
PAIRED_METRICS = ["pair_auc", "item_auc", "ari"]


def run_config(run: Path, configfile: Path | None, center: bool) -> dict:
    """The config ``run`` recorded, or ``configfile``, with the schema's defaults filled in."""
    if configfile is None:
        recorded = run / "results" / "provenance.json"
        if not recorded.exists():
            raise SystemExit(
                f"{recorded}: not found (not a finished run?); name its config with --configfile"
            )
        config = json.loads(recorded.read_text())["config"]
    else:
        config = yaml.safe_load(configfile.read_text())
    validate(config, str(REPO / "config" / "config.schema.yaml"), set_default=True)
    config["evaluation"]["center"] = center or config["evaluation"]["center"]
    return config


def centered_on_training(embeddings: dict[str, dict], training_texts: list[str]) -> dict[str, dict]:
    """Every embedding minus the mean normalised embedding of the training texts."""
    unit = {text: vector / np.linalg.norm(vector) for text, vector in embeddings["ipip"].items()}
    mean = np.mean([unit[text] for text in training_texts], axis=0)
    return {
        dataset: {text: vector / np.linalg.norm(vector) - mean for text, vector in vectors.items()}
        for dataset, vectors in embeddings.items()
    }


def whitened_on_training(
    embeddings: dict[str, dict], training_rows: pd.DataFrame, shrinkage: float
) -> dict[str, dict]:
    """Every embedding centred on the training texts' mean, then multiplied by
    (W + shrinkage · trace(W)/d · I)^(-1/2), where W is the within-construct covariance of the
    normalised embeddings of the (construct, text) training rows. Directions along which items
    of one construct vary count less in every cosine. The larger ``shrinkage``, the closer to
    ``centered_on_training``."""
    centred = centered_on_training(embeddings, sorted(set(training_rows["text"])))
    vectors = np.stack([centred["ipip"][text] for text in training_rows["text"]])
    within = vectors - pd.DataFrame(vectors).groupby(training_rows["construct"].to_numpy()).transform("mean")
    scatter = within.to_numpy().T @ within.to_numpy() / len(vectors)
    dims = len(scatter)
    values, axes = np.linalg.eigh(scatter + shrinkage * np.trace(scatter) / dims * np.eye(dims))
    transform = axes @ np.diag(values**-0.5) @ axes.T
    return {
        dataset: {text: vector @ transform for text, vector in vectors_of.items()}
        for dataset, vectors_of in centred.items()
    }


def evaluated_models(
    run: Path, config: dict, center_on_training: bool = False, whiten_shrinkage: float | None = None
) -> dict[str, dict]:
    """{model: ``evaluate_sets`` of its embeddings} for every model under ``run/results``."""
    results = run / "results"
    items = {d: pd.read_parquet(results / "data" / f"{d}_items.parquet") for d in ("ipip", "leadership")}
    assignment = pd.read_parquet(results / "splits" / "ipip_construct.parquet")
    parts = {"ipip": ["validation", "test"], "leadership": ["all"]}
    holdout = config["splits"]["shared_texts"] == "holdout"
    sets = evaluation_sets(items, assignment, parts, holdout)
    training_rows = assignment.loc[assignment["split"] == "train", ["construct", "text"]]
    evaluated = {}
    for folder in sorted((results / "embeddings").iterdir()):
        embeddings = {d: read_embeddings(folder / f"{d}.parquet") for d in items}
        if center_on_training:
            embeddings = centered_on_training(embeddings, sorted(set(training_rows["text"])))
        if whiten_shrinkage is not None:
            embeddings = whitened_on_training(embeddings, training_rows, whiten_shrinkage)
        evaluated[folder.name] = evaluate_sets(sets, embeddings, config["evaluation"], config["seed"])
    return evaluated


def score_models(evaluated: dict[str, dict]) -> pd.DataFrame:
    """Long metric table of ``evaluated_models``."""
    return pd.concat([result_tables(model, sets)[0] for model, sets in evaluated.items()], ignore_index=True)


def paired(evaluated: dict[str, dict], first: str, second: str, config: dict) -> pd.DataFrame:
    """``first`` minus ``second`` on every scored set (``compare_models``: same items, same
    construct resamples), for ``PAIRED_METRICS``."""
    tables = []
    for (dataset, split), (results, _) in evaluated[first].items():
        other = evaluated[second][(dataset, split)][0]
        table = compare_models(results, other, config["evaluation"]["permutations"], config["seed"])
        tables.append(table[table["metric"].isin(PAIRED_METRICS)].assign(dataset=dataset, split=split))
    return pd.concat(tables, ignore_index=True)


def paired_markdown(table: pd.DataFrame, first: str, second: str) -> str:
    """One row per scored set and metric: both values, the difference [95 % CI], its p-value and
    how many constructs go each way."""
    header = ["dataset", "split", "metric", first, second]
    header += ["difference [95 % CI]", "p", "constructs up / down"]
    rows = []
    for r in table.itertuples():
        counts = (
            "—" if pd.isna(r.constructs_higher) else f"{r.constructs_higher:.0f} / {r.constructs_lower:.0f}"
        )
        difference = f"{r.difference:+.3f} [{r.ci_low:+.3f}, {r.ci_high:+.3f}]"
        values = [f"{r.first:.3f}", f"{r.second:.3f}", difference, f"{r.p_value:.3f}", counts]
        rows.append([r.dataset, r.split, r.metric, *values])
    return markdown_table(header, rows)


def markdown(metrics: pd.DataFrame) -> str:
    """One row per model, sorted by validation AUC; cells are value [95 % CI]."""
    cell = metrics.apply(lambda r: interval_text(r.value, r.ci_low, r.ci_high), axis=1)
    keyed = metrics.assign(
        cell=cell, column=list(zip(metrics.dataset, metrics.split, metrics.metric, strict=True))
    )
    keyed = keyed[keyed["column"].isin(COLUMNS)]
    wide = keyed.pivot(index="model", columns="column", values="cell")[list(COLUMNS)]
    wide.columns = list(COLUMNS.values())
    wide = wide.sort_values("validation AUC", ascending=False)
    return markdown_table(["model", *wide.columns], [[model, *row] for model, row in wide.iterrows()])


def _difference(row: pd.Series) -> str:
    return f"{row.difference:+.3f} [{row.ci_low:+.3f}, {row.ci_high:+.3f}], {row.p_value:.3f}"


def paired_runs_markdown(tables: dict[tuple[str, int], pd.DataFrame], first: str, second: str) -> str:
    """One line per run of ``paired`` tables, keyed by (run, seed): pair AUC of both models and
    their difference on validation and test, test ARI, the leadership difference; then how
    often ``first`` came out ahead."""
    header = [
        "run",
        "seed",
        f"validation AUC {first} / {second}",
        "difference [95 % CI], p",
        "constructs up / down",
        "test AUC",
        "difference [95 % CI], p",
        "constructs up / down",
        "test ARI",
        "leadership AUC difference [95 % CI], p",
    ]
    rows = []
    by_split = {"validation": [], "test": []}
    for (run, seed), table in tables.items():
        row = table.set_index(["dataset", "split", "metric"]).loc
        cells = [run, str(seed)]
        for split in ("validation", "test"):
            auc = row[("ipip", split, "pair_auc")]
            by_split[split].append(auc)
            counts = f"{auc.constructs_higher:.0f} / {auc.constructs_lower:.0f}"
            cells += [f"{auc.first:.3f} / {auc.second:.3f}", _difference(auc), counts]
        ari = row[("ipip", "test", "ari")]
        cells += [f"{ari.first:.3f} / {ari.second:.3f}", _difference(row[("leadership", "all", "pair_auc")])]
        rows.append(cells)
    summary = [
        f"{split}: ahead in {sum(auc.difference > 0 for auc in runs)} of {len(runs)} runs "
        f"(mean difference {np.mean([auc.difference for auc in runs]):+.3f}), interval clear of 0 in "
        f"{sum(auc.ci_low > 0 for auc in runs)}, constructs up / down over all runs "
        f"{sum(auc.constructs_higher for auc in runs):.0f} / {sum(auc.constructs_lower for auc in runs):.0f}"
        for split, runs in by_split.items()
    ]
    return markdown_table(header, rows) + f"\n\n{first} − {second} in pair AUC, " + "; ".join(summary) + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", type=Path, metavar="RUN_DIR")
    parser.add_argument(
        "--configfile",
        type=Path,
        action="append",
        help="score with this config, not the one each run recorded; once, or once per run",
    )
    centering = parser.add_mutually_exclusive_group()
    centering.add_argument("--center", action="store_true", help="subtract each item set's mean embedding")
    centering.add_argument(
        "--center-on-training",
        action="store_true",
        help="subtract the IPIP training texts' mean embedding from every dataset",
    )
    centering.add_argument(
        "--whiten-on-training",
        type=float,
        metavar="SHRINKAGE",
        help="centre on the training mean and whiten by the training constructs' within-construct covariance",
    )
    parser.add_argument("--paired", nargs=2, metavar=("FIRST", "SECOND"), help="FIRST minus SECOND, paired")
    args = parser.parse_args()
    if len(args.runs) > 1 and not args.paired:
        parser.error("several runs go side by side only with --paired")
    configfiles = args.configfile or [None]
    if len(configfiles) not in (1, len(args.runs)):
        parser.error(
            f"--configfile: given {len(configfiles)} times for {len(args.runs)} runs; once, or once per run"
        )
    tables = {}
    for run, configfile in zip(args.runs, configfiles * (len(args.runs) // len(configfiles)), strict=True):
        config = run_config(run, configfile, args.center)
        evaluated = evaluated_models(run, config, args.center_on_training, args.whiten_on_training)
        if not args.paired:
            print(markdown(score_models(evaluated)))
            return
        unknown = sorted(set(args.paired) - set(evaluated))
        if unknown:
            parser.error(f"--paired: no embeddings of {', '.join(unknown)} under {run / 'results'}")
        tables[(run.name, config["seed"])] = paired(evaluated, *args.paired, config)
    if len(tables) == 1:
        print(paired_markdown(*tables.values(), *args.paired))
    else:
        print(paired_runs_markdown(tables, *args.paired))


if __name__ == "__main__":
    main()
