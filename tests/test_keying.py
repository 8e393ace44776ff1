import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from constructlens.keying import COLUMNS, keying_table, text_keys
from constructlens.metrics import make_item_set


def keyed_items(n_constructs: int, direction: float, seed: int) -> tuple[pd.DataFrame, dict]:
    """Six items per construct, three keyed and three reverse keyed; ``direction`` moves the
    reverse-keyed ones away along an axis of the construct's own (0: keying is invisible)."""
    rng = np.random.default_rng(seed)
    rows, vectors = [], {}
    for c in range(n_constructs):
        centroid, axis = rng.normal(size=32), rng.normal(size=32)
        for i in range(6):
            key = 1 if i % 2 == 0 else -1
            text = f"c{c}-t{i}"
            rows.append({"construct": f"c{c}", "text": text, "key": key})
            vectors[text] = centroid + direction * key * axis + 1.5 * rng.normal(size=32)
    return pd.DataFrame(rows), vectors


def cosines(item_set) -> dict[tuple[str, str], float]:
    """Cosine of every ordered pair of texts of ``item_set``, by text."""
    e = item_set.embeddings
    return {
        (x, y): float(e[i] @ e[j]) for i, x in enumerate(item_set.texts) for j, y in enumerate(item_set.texts)
    }


def test_text_keys_leave_out_shared_and_contradictory_texts():
    items = pd.DataFrame(
        {
            "construct": ["A", "A", "A", "B", "B", "B", "A"],
            "text": ["a1", "a2", "both", "both", "b1", "b2", "a3"],
            "key": [1, -1, 1, -1, 0, 1, 1],
        }
    )
    items = pd.concat([items, pd.DataFrame({"construct": ["A"], "text": ["a3"], "key": [-1]})])
    item_set = make_item_set(items, {t: np.ones(2) for t in items["text"]})
    keys = dict(zip(item_set.texts, text_keys(items, item_set), strict=True))
    assert keys == {"a1": 1, "a2": -1, "a3": 0, "b1": 0, "b2": 1, "both": 0}


def test_keying_table_by_hand():
    # construct A (a1, a2 keyed, a3 reverse keyed): one same-key and two opposite-key pairs;
    # construct B has no reverse-keyed item, so its same-construct pair is left out
    items = pd.DataFrame(
        {
            "construct": ["A", "A", "A", "B", "B"],
            "text": ["a1", "a2", "a3", "b1", "b2"],
            "key": [1, 1, -1, 1, 1],
        }
    )
    vectors = {
        "a1": np.r_[1.0, 0.0, 0.0],
        "a2": np.r_[0.9, 0.3, 0.0],
        "a3": np.r_[0.2, 0.0, 1.0],
        "b1": np.r_[0.0, 1.0, 0.1],
        "b2": np.r_[0.1, 1.0, 0.0],
    }
    item_set = make_item_set(items, vectors)
    table = keying_table(item_set, text_keys(items, item_set), 20, seed=1).set_index("pairs")
    assert list(table.reset_index().columns) == COLUMNS
    cos = cosines(item_set)
    different = [cos[(x, y)] for x in ("a1", "a2", "a3") for y in ("b1", "b2")]
    assert table.loc["same_key", "n_pairs"] == 1 and table.loc["opposite_key", "n_pairs"] == 2
    assert table.loc["different_construct", "n_pairs"] == 6 and table.loc["same_key", "n_constructs"] == 1
    opposite = [cos[("a1", "a3")], cos[("a2", "a3")]]
    assert table.loc["opposite_key", "mean_similarity"] == pytest.approx(np.mean(opposite))
    expected = roc_auc_score([1] * 2 + [0] * 6, opposite + different)
    assert table.loc["opposite_key", "pair_auc"] == pytest.approx(expected)
    assert table.loc["same_key", "pair_auc"] == pytest.approx(
        roc_auc_score([1] + [0] * 6, [cos[("a1", "a2")]] + different)
    )
    gap = table.loc["same_minus_opposite"]
    assert gap["pair_auc"] == pytest.approx(
        table.loc["same_key", "pair_auc"] - table.loc["opposite_key", "pair_auc"]
    )


def test_a_model_that_reads_direction_shows_a_keying_gap():
    items, vectors = keyed_items(12, 1.5, seed=3)
    item_set = make_item_set(items, vectors)
    table = keying_table(item_set, text_keys(items, item_set), 500, seed=1).set_index("pairs")
    same, opposite, gap = (table.loc[k] for k in ("same_key", "opposite_key", "same_minus_opposite"))
    assert same["pair_auc"] > opposite["pair_auc"] and same["mean_similarity"] > opposite["mean_similarity"]
    assert 0 < gap["ci_low"] < gap["pair_auc"] < gap["ci_high"] and gap["p_value"] < 0.05
    assert (same["n_pairs"], opposite["n_pairs"], same["n_constructs"]) == (12 * 6, 12 * 9, 12)


def test_no_gap_where_keying_is_invisible():
    items, vectors = keyed_items(12, 0.0, seed=4)
    item_set = make_item_set(items, vectors)
    gap = (
        keying_table(item_set, text_keys(items, item_set), 500, seed=1)
        .set_index("pairs")
        .loc["same_minus_opposite"]
    )
    assert gap["ci_low"] < 0 < gap["ci_high"] and gap["p_value"] > 0.05


@pytest.mark.parametrize("mixed", [1, 2, 3])
def test_keying_is_tested_only_across_three_or_more_constructs_of_both_keys(mixed):
    # the same strong keying gap, but only the first ``mixed`` of 12 constructs keep their
    # reversed items: below three, resampling constructs would vary only the negatives
    items, vectors = keyed_items(12, 1.5, seed=3)
    items.loc[~items["construct"].isin([f"c{c}" for c in range(mixed)]), "key"] = 1
    item_set = make_item_set(items, vectors)
    table = keying_table(item_set, text_keys(items, item_set), 500, seed=1).set_index("pairs")
    kinds = ["same_key", "opposite_key", "same_minus_opposite"]
    assert (table.loc[kinds, "n_constructs"] == mixed).all()
    assert table.loc[kinds, "pair_auc"].notna().all()
    tested = table.loc[kinds, ["ci_low", "ci_high"]].notna().all(axis=None)
    assert tested == (mixed >= 3)
    assert pd.notna(table.loc["same_minus_opposite", "p_value"]) == (mixed >= 3)


def test_a_set_without_reverse_keyed_items_has_no_keying_rows_to_fill():
    items, vectors = keyed_items(4, 1.0, seed=5)
    items["key"] = 1
    item_set = make_item_set(items, vectors)
    table = keying_table(item_set, text_keys(items, item_set), 50, seed=1).set_index("pairs")
    assert (table["n_constructs"].drop("different_construct") == 0).all()
    assert table.loc[["same_key", "opposite_key", "same_minus_opposite"], "pair_auc"].isna().all()
    assert table.loc["different_construct", "n_pairs"] == 6 * 36  # 4 constructs of 6: 6 construct pairs × 36
