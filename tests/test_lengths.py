import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from constructlens.lengths import (
    COLUMNS,
    length_bands,
    length_subsets,
    length_table,
    like_length,
    word_counts,
)
from constructlens.metrics import item_set_pair_auc, make_item_set


def worded_items(n_constructs: int, long_spread: float, seed: int):
    """Six items per construct, three of 3 words and three of 10; the long ones lie
    ``long_spread`` times as far from their construct's centroid as the short ones."""
    rng = np.random.default_rng(seed)
    rows, vectors = [], {}
    for c in range(n_constructs):
        centroid = rng.normal(size=32)
        for i in range(6):
            long = i >= 3
            text = " ".join([f"c{c}i{i}"] + ["word"] * (9 if long else 2))
            rows.append({"construct": f"c{c}", "text": text})
            vectors[text] = centroid + (long_spread if long else 1.0) * 1.2 * rng.normal(size=32)
    items = pd.DataFrame(rows)
    return items, make_item_set(items, vectors)


def test_length_bands_are_named_by_their_word_ranges():
    assert length_bands((5, 8)) == [("words_1_5", 1, 5), ("words_6_8", 6, 8), ("words_9_up", 9, None)]
    assert length_bands([3]) == [("words_1_3", 1, 3), ("words_4_up", 4, None)]
    assert list(word_counts(["Am the life of the party.", "  Talks  optimistically ", "x"])) == [6, 2, 1]


def test_each_band_scores_only_pairs_of_two_items_of_that_length():
    items, item_set = worded_items(8, long_spread=3.0, seed=1)
    subsets = length_subsets(item_set, (5,), n_resamples=200, seed=0)
    assert subsets["all"].auc.value == pytest.approx(item_set_pair_auc(item_set))
    e, words = item_set.embeddings, word_counts(item_set.texts)
    home = item_set.membership.argmax(axis=1)
    for name, kept in (("words_1_5", words <= 5), ("words_6_up", words >= 6)):
        index = np.flatnonzero(kept)
        a, b = np.triu_indices(len(index), k=1)
        scores = np.einsum("ij,ij->i", e[index[a]], e[index[b]])
        by_hand = roc_auc_score(home[index[a]] == home[index[b]], scores)
        assert subsets[name].auc.value == pytest.approx(by_hand)
        assert subsets[name].n_pairs == 8 * 3  # three pairs of each construct's three items
        assert subsets[name].auc.ci_low <= subsets[name].auc.value <= subsets[name].auc.ci_high
    # the long items, spread wide, are the less distinct ones
    assert subsets["words_6_up"].auc.value < subsets["words_1_5"].auc.value - 0.1


def test_length_table_counts_each_bands_texts_and_is_the_same_for_the_same_seed():
    items, item_set = worded_items(6, long_spread=1.0, seed=2)
    table = length_table(item_set, (5, 8), length_subsets(item_set, (5, 8), 100, seed=3))
    again = length_table(item_set, (5, 8), length_subsets(item_set, (5, 8), 100, seed=3))
    pd.testing.assert_frame_equal(table, again)
    assert list(table.columns) == COLUMNS
    rows = table.set_index("band")
    assert list(rows.index) == ["all", "words_1_5", "words_6_8", "words_9_up"]
    assert rows.loc["all", ["min_words", "max_words", "n_texts"]].tolist() == [3, 10, 36]
    assert rows.loc["words_1_5", "n_texts"] == rows.loc["words_9_up", "n_texts"] == 18
    assert rows.loc["words_6_8", "n_texts"] == 0 and np.isnan(rows.loc["words_6_8", "pair_auc"])
    assert pd.isna(rows.loc["words_9_up", "max_words"])


def test_like_length_sets_two_item_sets_side_by_side_band_by_band():
    _, tight = worded_items(8, long_spread=1.0, seed=4)
    _, loose = worded_items(8, long_spread=3.0, seed=5)
    first = length_subsets(tight, (5,), 300, seed=0)
    second = length_subsets(loose, (5,), 300, seed=0)
    table = like_length(first, second).set_index("metric")
    assert list(table.index) == ["pair_auc_words_1_5", "pair_auc_words_6_up"]
    long = table.loc["pair_auc_words_6_up"]
    assert long["difference"] == pytest.approx(first["words_6_up"].auc.value - second["words_6_up"].auc.value)
    assert long["ci_low"] > 0  # the loose set's long items are clearly less distinct
    short = table.loc["pair_auc_words_1_5"]
    assert short["ci_low"] < short["difference"] < short["ci_high"]
