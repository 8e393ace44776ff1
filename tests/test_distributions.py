"""The cosines behind a pair AUC: same- and different-construct item pairs, as a table and a figure."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from constructlens import plots
from constructlens.distributions import DIFFERENT, SAME, distribution_table, pair_similarities
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
