import itertools

import numpy as np
import pandas as pd
import pytest

from constructlens.metrics import compute_metrics, make_item_set
from constructlens.relabelling import (
    RELABELLED,
    pool,
    relabelled_differences,
    relabelling_p_value,
    side_scores,
)

from .test_metrics import SETTINGS, synthetic_items

DRAWN = "seed_probability_correct"  # drawn partners: the same only in distribution


def tied_items(n_constructs: int, per_construct: int, seed: int) -> tuple[pd.DataFrame, dict]:
    """Texts whose vectors mark two of eight words, as word counts do: their cosines are 0,
    0.5 or 1, so most pairs tie; the first text also belongs to the second construct."""
    rng = np.random.default_rng(seed)
    rows, vectors = [], {}
    for c in range(n_constructs):
        for i in range(per_construct):
            text = f"c{c}-t{i}"
            rows.append({"construct": f"c{c}", "text": text})
            vectors[text] = np.zeros(8)
            vectors[text][rng.choice(8, 2, replace=False)] = 1.0
    rows.append({"construct": "c1", "text": "c0-t0"})
    return pd.DataFrame(rows), vectors


def named(items: pd.DataFrame, vectors: dict, prefix: str) -> tuple[pd.DataFrame, dict]:
    """Texts and constructs renamed with ``prefix``, so that two sets share none."""
    return items.assign(text=prefix + items["text"], construct=prefix + items["construct"]), {
        prefix + text: vector for text, vector in vectors.items()
    }


def scored(items: pd.DataFrame, vectors: dict) -> dict:
    return compute_metrics(make_item_set(items, vectors), {**SETTINGS, "bootstrap_resamples": 0}, seed=1)[0]


@pytest.mark.parametrize("make", [tied_items, lambda n, k, seed: synthetic_items(n, k, 2.0, seed)])
def test_a_relabelled_set_is_scored_as_the_metrics_score_it(make):
    first_items, first_vectors = named(*make(4, 5, 1), "a:")
    second_items, second_vectors = named(*make(3, 6, 2), "b:")
    data = pool(make_item_set(first_items, first_vectors), make_item_set(second_items, second_vectors))
    constructs = sorted(first_items["construct"].unique()) + sorted(second_items["construct"].unique())
    vectors = first_vectors | second_vectors
    both = pd.concat([first_items, second_items])
    relabellings = [np.arange(7) < 4, np.isin(np.arange(7), [0, 4, 5, 6]), np.isin(np.arange(7), [1, 3])]
    for chosen in relabellings:
        expected = scored(both[both["construct"].isin(np.array(constructs)[chosen])], vectors)
        got = side_scores(data, chosen, np.random.default_rng(0))
        for name in RELABELLED:
            if name != DRAWN:
                assert got[name] == pytest.approx(expected[name].value, abs=1e-12), name
        # one random partner of each kind per text: on average the item AUC (ties aside)
        draws = [side_scores(data, chosen, np.random.default_rng(seed))[DRAWN] for seed in range(300)]
        if make is not tied_items:
            assert np.mean(draws) == pytest.approx(expected["item_auc"].value, abs=0.01)


def test_relabelled_differences_are_those_of_the_possible_relabellings_equally_often():
    # two constructs against two: six ways to relabel them, each as likely
    first_items, first_vectors = synthetic_items(2, 5, 1.5, 3)
    second_items, second_vectors = named(*synthetic_items(2, 6, 1.5, 4), "b:")
    first, second = make_item_set(first_items, first_vectors), make_item_set(second_items, second_vectors)
    differences = relabelled_differences(first, second, 600, seed=2)[:, RELABELLED.index("pair_auc")]
    both, vectors = pd.concat([first_items, second_items]), first_vectors | second_vectors
    constructs = ["c0", "c1", "b:c0", "b:c1"]
    possible = []
    for chosen in itertools.combinations(constructs, 2):
        rest = [c for c in constructs if c not in chosen]
        one, two = (
            scored(both[both["construct"].isin(part)], vectors)["pair_auc"].value for part in (chosen, rest)
        )
        possible.append(one - two)
    values, counts = np.unique(differences.round(12), return_counts=True)
    assert np.allclose(values, np.unique(np.round(possible, 12)))
    assert np.all(np.abs(counts / 600 - 1 / 6) < 0.06)


def test_relabellings_are_the_same_in_any_number_of_processes():
    first = make_item_set(*synthetic_items(6, 4, 1.5, 5))
    second = make_item_set(*named(*synthetic_items(3, 5, 2.5, 6), "b:"))
    alone = relabelled_differences(first, second, 230, seed=3)
    assert alone.shape == (230, len(RELABELLED))
    assert np.array_equal(
        alone, relabelled_differences(first, second, 230, seed=3, workers=2), equal_nan=True
    )
    assert not np.array_equal(alone, relabelled_differences(first, second, 230, seed=4), equal_nan=True)


def test_relabelling_p_value_doubles_the_smaller_tail():
    relabelled = np.array([0.0, 0.5, 1.0, 2.0, np.nan])
    # observed 2: one of four at or above it, four at or below: 2 · (1 + 1) / 5
    assert relabelling_p_value(2.0, relabelled) == pytest.approx(0.8)
    assert relabelling_p_value(1.0, relabelled) == 1.0  # capped
    # the relabelled differences need not centre on 0: an observed 0 below them all is extreme
    shifted = np.linspace(0.1, 0.3, 999)
    assert relabelling_p_value(0.0, shifted) == pytest.approx(2 / 1000)
    assert np.isnan(relabelling_p_value(np.nan, shifted))
    assert np.isnan(relabelling_p_value(0.0, np.array([np.nan])))
