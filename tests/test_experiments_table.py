"""The re-scoring transforms of benchmarks/experiments_table.py on synthetic embeddings."""

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd

from constructlens.metrics import item_set_pair_auc, make_item_set

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "experiments_table.py"
spec = importlib.util.spec_from_file_location("experiments_table", SCRIPT)
experiments_table = importlib.util.module_from_spec(spec)
spec.loader.exec_module(experiments_table)


def noisy_constructs(n_constructs: int, per_construct: int, seed: int) -> tuple[pd.DataFrame, dict]:
    """Items whose construct lives in dimensions 0–3 and whose within-construct noise is
    largest along dimension 4: a direction that only blurs constructs."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n_constructs, 4))
    rows, vectors = [], {}
    for c in range(n_constructs):
        for i in range(per_construct):
            text = f"s{seed} c{c} item {i}"
            signal = centres[c] + 0.3 * rng.normal(size=4)
            nuisance = 3.0 * rng.normal(size=1)
            vectors[text] = np.concatenate([signal, nuisance, 0.1 * rng.normal(size=3)])
            rows.append((f"c{c}", text))
    return pd.DataFrame(rows, columns=["construct", "text"]), vectors


def auc(items: pd.DataFrame, vectors: dict) -> float:
    return item_set_pair_auc(make_item_set(items, vectors))


def test_whitening_on_training_constructs_discounts_their_within_construct_noise():
    training, train_vectors = noisy_constructs(30, 6, seed=1)
    held_out, held_out_vectors = noisy_constructs(10, 6, seed=2)
    embeddings = {"ipip": {**train_vectors, **held_out_vectors}}
    centred = experiments_table.centered_on_training(embeddings, sorted(training["text"]))
    whitened = experiments_table.whitened_on_training(embeddings, training, shrinkage=0.01)
    assert auc(held_out, whitened["ipip"]) > auc(held_out, centred["ipip"]) + 0.05


def test_whitening_with_large_shrinkage_is_centering_on_training():
    training, vectors = noisy_constructs(8, 4, seed=3)
    embeddings = {"ipip": vectors, "other": {"x": np.ones(8), "y": np.arange(8.0)}}
    centred = experiments_table.centered_on_training(embeddings, sorted(training["text"]))
    whitened = experiments_table.whitened_on_training(embeddings, training, shrinkage=1e9)
    for dataset, vectors_of in centred.items():
        for text, vector in vectors_of.items():
            other = whitened[dataset][text]
            cosine = vector @ other / np.linalg.norm(vector) / np.linalg.norm(other)
            assert cosine > 1 - 1e-9
