"""The cosines behind a pair AUC: same- and different-construct item pairs, as a table and a figure."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from constructlens import plots
from constructlens.distributions import (
    DIFFERENT,
    SAME,
    construct_blocks,
    distribution_table,
    pair_similarities,
)
from constructlens.metrics import item_set_pair_auc, make_item_set


def test_pairs_of_a_hand_worked_set_are_sorted_by_whether_they_share_a_construct():
    # "b" belongs to both constructs, so it forms a same-construct pair with every other text
    items = pd.DataFrame({"construct": ["X", "X", "Y", "Y"], "text": ["a", "b", "b", "c"]})
    vectors = {"a": np.array([1.0, 0.0]), "b": np.array([1.0, 1.0]), "c": np.array([0.0, 1.0])}
    pairs = pair_similarities(make_item_set(items, vectors))
    half = 1 / np.sqrt(2)
    assert sorted(pairs[SAME]) == pytest.approx([half, half])  # a–b, b–c
    assert pairs[DIFFERENT] == pytest.approx([0.0])  # a–c


def test_the_table_counts_every_pair_once_and_gives_the_sets_pair_auc():
    rng = np.random.default_rng(3)
    texts = [f"t{i}" for i in range(30)]
    items = pd.DataFrame({"construct": [f"C{i % 4}" for i in range(30)], "text": texts})
    items = pd.concat([items, pd.DataFrame({"construct": ["C1"], "text": ["t0"]})])  # t0 in C0 and C1
    centres = rng.normal(size=(4, 8))
    vectors = {t: centres[i % 4] + rng.normal(size=8) for i, t in enumerate(texts)}
    item_set = make_item_set(items, vectors)
    pairs = pair_similarities(item_set)
    table = distribution_table({"mine": pairs}).set_index("pairs")
    assert table["n_pairs"].sum() == 30 * 29 // 2
    # C0 has 8 texts, C1 8 and t0, C2 and C3 7 each; no two texts share both C0 and C1
    assert table.loc[SAME, "n_pairs"] == 28 + 36 + 21 + 21
    labels = np.r_[np.ones(len(pairs[SAME])), np.zeros(len(pairs[DIFFERENT]))]
    expected = roc_auc_score(labels, np.concatenate([pairs[SAME], pairs[DIFFERENT]]))
    assert table["pair_auc"].tolist() == pytest.approx([expected, expected])
    assert expected == pytest.approx(item_set_pair_auc(item_set))
    for kind in (SAME, DIFFERENT):
        values = pairs[kind]
        row = table.loc[kind]
        assert row["mean"] == pytest.approx(values.mean()) and row["sd"] == pytest.approx(values.std(ddof=1))
        assert [row["q05"], row["q50"], row["q95"]] == pytest.approx(np.quantile(values, [0.05, 0.5, 0.95]))


def test_the_figure_draws_a_panel_per_item_set_with_its_pair_auc(tmp_path, monkeypatch):
    kept = []
    monkeypatch.setattr(plots, "_write", lambda fig, path: kept.append(fig))
    sets = {
        "held-out IPIP test items": {
            SAME: np.array([0.5, 0.6, 0.7]),
            DIFFERENT: np.array([0.1, 0.2, 0.3, 0.55]),
        },
        "mine items": {SAME: np.array([0.3, 0.4]), DIFFERENT: np.array([0.3, 0.35, 0.45])},
    }
    plots.similarity_distributions_plot(sets, {name: 0.9 for name in sets}, "t", tmp_path / "d.png")
    (fig,) = kept
    assert [ax.get_title() for ax in fig.axes] == [f"{name}\npair AUC 0.900" for name in sets]
    left, right = fig.axes
    assert left.get_xlim() == right.get_xlim()  # one scale of cosines for both sets
    legend = [text.get_text() for text in left.get_legend().get_texts()]
    assert legend == ["same construct (3)", "different constructs (4)"]


def test_blocks_hold_each_constructs_texts_together_the_most_typical_first():
    # X: x1 and x2 alike, x3 off to the side; Y: y1, y2; "s" belongs to X and Y, so sits in X's
    # block (its first construct), where it is the most typical of X
    vectors = {
        "x1": np.array([1.0, 0.1, 0.0]),
        "x2": np.array([1.0, 0.0, 0.1]),
        "x3": np.array([0.3, 1.0, 0.0]),
        "s": np.array([1.0, 0.3, 0.3]),
        "y1": np.array([0.0, 0.0, 1.0]),
        "y2": np.array([0.1, 0.0, 1.0]),
    }
    items = pd.DataFrame(
        {
            "construct": ["Y", "X", "X", "X", "X", "Y", "Y"],
            "text": ["y2", "x3", "x2", "x1", "s", "s", "y1"],
        }
    )
    item_set = make_item_set(items, vectors)
    matrix, starts, names = construct_blocks(item_set)
    assert names == ["X", "Y"] and starts.tolist() == [0, 4]
    # y2 leads Y: it is nearer s, which Y lists too though s sits in X's block
    order = [item_set.texts.index(t) for t in ("s", "x1", "x2", "x3", "y2", "y1")]
    similarity = item_set.embeddings @ item_set.embeddings.T
    assert matrix == pytest.approx(similarity[np.ix_(order, order)])
    # most typical first: mean cosine to the other texts of the block falls along it
    typical = [np.delete(matrix[i, 0:4], i).mean() for i in range(4)]
    assert typical == sorted(typical, reverse=True)


def test_equally_typical_texts_of_a_block_follow_their_text_order():
    vectors = {"b": np.array([1.0, 0.2]), "a": np.array([0.2, 1.0]), "c": np.array([1.0, -1.0])}
    items = pd.DataFrame({"construct": ["X", "X", "Y"], "text": ["b", "a", "c"]})
    matrix, starts, names = construct_blocks(make_item_set(items, vectors))
    assert names == ["X", "Y"] and starts.tolist() == [0, 2]
    assert matrix[0, 2] == pytest.approx(np.dot([0.2, 1.0], [1.0, -1.0]) / np.sqrt(1.04 * 2))  # "a" first


def test_the_item_matrices_share_one_colour_scale_and_name_blocks_while_they_fit(tmp_path, monkeypatch):
    kept = []
    monkeypatch.setattr(plots, "_write", lambda fig, path: kept.append(fig))
    rng = np.random.default_rng(0)
    few = rng.uniform(0.0, 0.4, size=(6, 6))
    n = plots._NAMED_BLOCKS + 1
    many = rng.uniform(0.2, 0.9, size=(2 * n, 2 * n))
    panels = {
        "held-out IPIP test items": (few, np.array([0, 3]), ["A", "B"]),
        "mine items": (many, np.arange(0, 2 * n, 2), [f"C{i}" for i in range(n)]),
    }
    plots.item_similarity_plot(panels, "t", tmp_path / "m.png")
    (fig,) = kept
    left, right = fig.axes[:2]
    assert left.images[0].get_clim() == right.images[0].get_clim()  # one scale for both
    assert [label.get_text() for label in left.get_yticklabels()] == ["A", "B"]
    assert right.get_yticks().size == 0  # one block too many: names too small to read, none drawn
    assert left.get_title() == "held-out IPIP test items\n6 items in 2 construct blocks"
    assert len(left.patches) == 2 and len(right.patches) == n  # each block outlined
