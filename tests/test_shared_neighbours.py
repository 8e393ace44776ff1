"""The shared-neighbour re-ranking of benchmarks/shared_neighbours.py, worked by hand."""

import sys

import numpy as np
import pandas as pd

from constructlens.metrics import pair_auc

from .conftest import BENCHMARKS, benchmark_module

sys.path.insert(0, str(BENCHMARKS))  # the script imports its neighbour linked_constructs.py
shared_neighbours = benchmark_module("shared_neighbours")

# Two constructs of three texts: 0, 1, 2 and 3, 4, 5. Texts 0 and 1 are only middling alike
# (0.5), each close to 2 (0.9); 2 and 3 of different constructs are more alike (0.6) than 0 and
# 1, but each has closer neighbours in its own construct.
SIMILARITY = np.array(
    [
        [1.0, 0.5, 0.9, 0.1, 0.1, 0.1],
        [0.5, 1.0, 0.9, 0.1, 0.1, 0.1],
        [0.9, 0.9, 1.0, 0.6, 0.1, 0.1],
        [0.1, 0.1, 0.6, 1.0, 0.9, 0.9],
        [0.1, 0.1, 0.1, 0.9, 1.0, 0.8],
        [0.1, 0.1, 0.1, 0.9, 0.8, 1.0],
    ]
)
CONSTRUCT = np.array([0, 0, 0, 1, 1, 1])


def test_two_nearest_neighbours_counted_by_hand():
    # nearest two: 0 → {2, 1}, 1 → {2, 0}, 2 → {0, 1}, 3 → {4, 5}, 4 → {3, 5}, 5 → {3, 4}
    scores = shared_neighbours.shared_neighbour_scores(SIMILARITY, k=2)
    shared = np.round(scores - SIMILARITY / 3).astype(int)
    assert shared[0, 1] == 1  # both have 2
    assert shared[0, 2] == 1  # both have 1
    assert shared[2, 3] == 0  # nothing in common
    assert shared[3, 4] == 1 and shared[4, 5] == 1
    assert np.allclose(scores, scores.T)


def test_neighbours_rank_a_middling_pair_of_one_construct_above_a_close_pair_across():
    a, b = np.triu_indices(6, k=1)
    same = (CONSTRUCT[:, None] == CONSTRUCT[None, :])[a, b]
    assert pair_auc(SIMILARITY[a, b], same) < 1  # cosine puts 2–3 (0.6) above 0–1 (0.5)
    assert pair_auc(shared_neighbours.shared_neighbour_scores(SIMILARITY, k=2)[a, b], same) == 1


def test_ties_in_shared_neighbours_are_broken_by_cosine():
    scores = shared_neighbours.shared_neighbour_scores(SIMILARITY, k=2)
    assert scores[3, 4] > scores[4, 5]  # one shared each; cosine 0.9 against 0.8


def test_k_beyond_the_set_takes_every_other_text():
    scores = shared_neighbours.shared_neighbour_scores(SIMILARITY[:3, :3], k=10)
    assert np.allclose(scores - SIMILARITY[:3, :3] / 3, [[2, 1, 1], [1, 2, 1], [1, 1, 2]])


def test_the_mean_over_runs_is_added_per_model_and_split():
    table = pd.DataFrame(
        {
            "run": ["a", "a", "b", "b"],
            "model": ["m", "m", "m", "m"],
            "split": ["validation", "test", "validation", "test"],
            "cosine": [0.8, 0.7, 0.6, 0.9],
        }
    )
    means = shared_neighbours.with_means(table).query("run == 'mean of 2'").set_index("split")
    assert means.loc["validation", "cosine"] == 0.7 and means.loc["test", "cosine"] == 0.8
    assert shared_neighbours.with_means(table[table.run == "a"]).equals(table[table.run == "a"])
