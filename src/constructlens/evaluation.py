"""Evaluate one model's cached embeddings on every (dataset, split) it is scored on, and read
what the one look at held-out data scores."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .embeddings import read_embeddings, selected_embeddings, selected_model
from .metrics import (
    ItemSet,
    compute_metrics,
    make_item_set,
    metrics_table,
    per_construct_auc,
    similarity_and_labels,
)
from .splits import split_items

IN_SAMPLE = {("ipip", "train"), ("ipip", "all")}


def evaluation_sets(
    items: dict[str, pd.DataFrame],
    assignment: pd.DataFrame,
    parts: dict[str, list[str]],
    score_shared_texts: bool = False,
) -> list[tuple[str, str, pd.DataFrame]]:
    """(dataset, split, items) triples for the requested parts of each dataset. Only IPIP is
    split (other datasets have the one part ``all``); its texts of several constructs are
    scored only when ``score_shared_texts`` (split policy ``holdout``)."""
    sets = []
    for name, names in parts.items():
        for part in names:
            table = items[name]
            if name == "ipip":
                table = split_items(table, assignment, part)
                table = table if score_shared_texts else table[~table["multi_construct"]]
            sets.append((name, part, table))
    return sets


def scored_sets(
    sets, embeddings: dict[str, dict], center: bool
) -> list[tuple[str, str, pd.DataFrame, ItemSet]]:
    """(dataset, split, items, item set) of every (dataset, split, items) in ``sets`` under one
    model's ``embeddings``: what every analysis of that model scores."""
    return [
        (dataset, split, items, make_item_set(items, embeddings[dataset], center=center))
        for dataset, split, items in sets
    ]


def evaluate_item_sets(scored, settings: dict, seed: int) -> dict:
    """{(dataset, split): (metric results, per-construct table)} of ``scored_sets``.

    ``settings``: the config's ``evaluation`` section.
    """
    evaluated = {}
    for dataset, split, _, item_set in scored:
        bootstrap = settings["bootstrap_in_sample"] or (dataset, split) not in IN_SAMPLE
        evaluated[(dataset, split)] = compute_metrics(item_set, settings, seed, bootstrap=bootstrap)
    return evaluated


def evaluate_sets(sets, embeddings: dict[str, dict], settings: dict, seed: int) -> dict:
    """``evaluate_item_sets`` of one model's embeddings of ``sets``."""
    return evaluate_item_sets(scored_sets(sets, embeddings, settings["center"]), settings, seed)


def held_out_item_set(
    items: pd.DataFrame, assignment: pd.DataFrame, embedding_of: dict, center: bool, score_shared_texts: bool
) -> ItemSet:
    """The IPIP test texts under one model's IPIP embeddings, as the final evaluation scores them."""
    [(_, _, test)] = evaluation_sets({"ipip": items}, assignment, {"ipip": ["test"]}, score_shared_texts)
    return make_item_set(test, embedding_of, center=center)


def selected_held_out_item_set(inputs, params) -> ItemSet:
    """``held_out_item_set`` under the selected model, read from what a target rule declares
    (Snakemake's named ``inputs`` and ``params``): its choice (``inputs.choice``), the IPIP
    embeddings of every model (``inputs.ipip_embeddings``), the IPIP item table
    (``inputs.ipip_table``) and the split (``inputs.split``), centred where ``params.center``,
    scoring shared texts where ``params.score_shared_texts``."""
    _, embedding_of = selected_embeddings(inputs.choice, inputs.ipip_embeddings)
    items, assignment = pd.read_parquet(inputs.ipip_table), pd.read_parquet(inputs.split)
    return held_out_item_set(items, assignment, embedding_of, params.center, params.score_shared_texts)


def held_out_construct_aucs(
    items: pd.DataFrame, assignment: pd.DataFrame, embedding_of: dict, center: bool, score_shared_texts: bool
) -> np.ndarray:
    """Each IPIP test construct's AUC against the other test constructs (``per_construct_auc``,
    NaN for a construct of one text) under one model's IPIP embeddings, scored as the final
    evaluation scores them (``results/metrics/test_per_construct.tsv``)."""
    item_set = held_out_item_set(items, assignment, embedding_of, center, score_shared_texts)
    similarity, same = similarity_and_labels(item_set)
    return per_construct_auc(similarity, same, item_set)["auc"].to_numpy(dtype=float)


def result_tables(model: str, evaluated: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Long metric table and per-construct AUC table, keyed by model, dataset and split."""
    keys = ["model", "dataset", "split"]
    metrics, constructs = [], []
    for (dataset, split), (results, per_construct) in evaluated.items():
        labels = {"model": model, "dataset": dataset, "split": split}
        metrics.append(metrics_table(results).assign(**labels))
        constructs.append(per_construct.assign(**labels))
    metrics = pd.concat(metrics, ignore_index=True)
    constructs = pd.concat(constructs, ignore_index=True)
    return metrics[keys + ["metric", "value", "ci_low", "ci_high"]], constructs[
        keys + [c for c in constructs.columns if c not in keys]
    ]


def model_roles(best: str, baselines: list[str]) -> dict[str, str]:
    """{model: role}: the selected model first, then every other baseline."""
    return {best: "selected", **{model: "baseline" for model in baselines if model != best}}


@dataclass(frozen=True)
class HeldOut:
    """What the one look at held-out data reads."""

    roles: dict[str, str]  # model → selected or baseline
    items: dict[str, pd.DataFrame]  # dataset → its whole item table
    embeddings: dict[str, dict]  # model → dataset → text → vector
    sets: list  # ``evaluation_sets``: IPIP test, every other dataset whole


def read_held_out(inputs, params) -> HeldOut:
    """Read what the rules of the one look at held-out data declare (Snakemake's named
    ``inputs`` and ``params``): the selected model (``inputs.choice``, its
    ``best_model.json``), the item tables of ``params.datasets`` (``inputs.item_tables``, in
    that order), the embeddings of the selected model and ``params.baselines`` (the
    ``results/embeddings/<model>/<dataset>.parquet`` among ``inputs.embeddings``) and the split
    (``inputs.assignment``), scoring shared texts where ``params.score_shared_texts``."""
    datasets = params.datasets
    roles = model_roles(selected_model(inputs.choice), params.baselines)
    paths = {(Path(path).parent.name, Path(path).stem): path for path in inputs.embeddings}
    vectors = {model: {d: read_embeddings(paths[(model, d)]) for d in datasets} for model in roles}
    items = {d: pd.read_parquet(path) for d, path in zip(datasets, inputs.item_tables, strict=True)}
    parts = {d: ["test"] if d == "ipip" else ["all"] for d in datasets}
    assignment = pd.read_parquet(inputs.assignment)
    sets = evaluation_sets(items, assignment, parts, params.score_shared_texts)
    return HeldOut(roles, items, vectors, sets)
