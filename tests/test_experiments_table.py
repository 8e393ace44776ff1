"""The re-scoring transforms of benchmarks/experiments_table.py on synthetic embeddings."""

import numpy as np
import pandas as pd
import pytest

from constructlens.metrics import item_set_pair_auc, make_item_set

from .conftest import benchmark_module

experiments_table = benchmark_module("experiments_table")


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


def paired_table(validation: tuple, test: tuple) -> pd.DataFrame:
    """A ``paired`` table of one run: (difference, ci_low, constructs up, down) per IPIP split."""
    rows = []
    for split, (difference, low, up, down) in (("validation", validation), ("test", test)):
        rows.append(
            ("ipip", split, "pair_auc", 0.8 + difference, 0.8, difference, low, low + 0.05, 0.1, up, down)
        )
    rows.append(("ipip", "test", "ari", 0.3, 0.3, 0.0, -0.01, 0.01, 0.9, np.nan, np.nan))
    rows.append(("leadership", "all", "pair_auc", 0.59, 0.6, -0.01, -0.03, 0.01, 0.4, 4, 7))
    columns = ["dataset", "split", "metric", "first", "second", "difference", "ci_low", "ci_high", "p_value"]
    return pd.DataFrame(rows, columns=[*columns, "constructs_higher", "constructs_lower"])


def test_paired_runs_are_summed_up_over_runs():
    tables = {
        ("split-1", 1): paired_table((0.02, 0.005, 10, 8), (-0.004, -0.02, 14, 23)),
        ("split-2", 2): paired_table((-0.01, -0.03, 5, 13), (0.010, -0.01, 20, 16)),
    }
    text = experiments_table.paired_runs_markdown(tables, "a", "b")
    assert "| split-1 | 1 | 0.820 / 0.800 | +0.020 [+0.005, +0.055], 0.100 | 10 / 8 |" in text
    assert text.endswith(
        "a − b in pair AUC, validation: ahead in 1 of 2 runs (mean difference +0.005), interval clear "
        "of 0 in 1, constructs up / down over all runs 15 / 21; test: ahead in 1 of 2 runs (mean "
        "difference +0.003), interval clear of 0 in 0, constructs up / down over all runs 34 / 39."
    )


def test_config_files_come_once_or_once_per_run(monkeypatch, capsys):
    runs = ["run-1", "run-2", "run-3"]
    configs = ["--configfile", "a.yaml", "--configfile", "b.yaml"]
    monkeypatch.setattr("sys.argv", ["experiments_table.py", *runs, *configs, "--paired", "x", "y"])
    with pytest.raises(SystemExit):
        experiments_table.main()
    assert "--configfile: given 2 times for 3 runs; once, or once per run" in capsys.readouterr().err
