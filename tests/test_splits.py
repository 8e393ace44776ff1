import numpy as np
import pandas as pd
import pytest

from constructlens.evaluation import held_out_construct_aucs
from constructlens.splits import (
    constructs_sharing_texts,
    make_split,
    split_items,
    split_summary,
    thin_parts,
    training_share,
)


def texts_by_part(assignment: pd.DataFrame) -> dict[str, set[str]]:
    kept = assignment[assignment["split"] != "excluded"]
    return {part: set(group["text"]) for part, group in kept.groupby("split")}


@pytest.mark.parametrize("scheme", ["construct", "item"])
@pytest.mark.parametrize("shared_texts", ["train", "holdout"])
def test_no_text_on_two_sides(ipip_items, scheme, shared_texts):
    assignment = make_split(ipip_items, scheme, 0.1, 0.2, seed=11, shared_texts=shared_texts)
    parts = texts_by_part(assignment)
    assert set(parts) == {"train", "validation", "test"}
    assert not parts["train"] & parts["test"]
    assert not parts["train"] & parts["validation"]
    assert not parts["validation"] & parts["test"]


@pytest.mark.parametrize("shared_texts", ["train", "holdout"])
def test_construct_scheme_holds_out_whole_constructs(ipip_items, shared_texts):
    assignment = make_split(ipip_items, "construct", 0.1, 0.2, seed=11, shared_texts=shared_texts)
    kept = assignment[assignment["split"] != "excluded"]
    assert (kept.groupby("construct")["split"].nunique() == 1).all()
    n_test = kept.loc[kept["split"] == "test", "construct"].nunique()
    n_expected = round(0.2 * ipip_items["construct"].nunique())
    # test has priority under "holdout", so every test construct keeps all its items
    assert n_test == n_expected if shared_texts == "holdout" else n_test <= n_expected


def test_shared_texts_policy(ipip_items):
    shared = set(ipip_items.loc[ipip_items["multi_construct"], "text"])
    train_policy = texts_by_part(make_split(ipip_items, "construct", 0.1, 0.2, seed=11, shared_texts="train"))
    assert not shared & (train_policy["test"] | train_policy["validation"])
    holdout_policy = texts_by_part(
        make_split(ipip_items, "construct", 0.1, 0.2, seed=11, shared_texts="holdout")
    )
    assert shared & holdout_policy["test"]


def test_item_scheme_keeps_every_construct_in_training(ipip_items):
    assignment = make_split(ipip_items, "item", 0.1, 0.2, seed=11)
    assert (
        assignment.loc[assignment["split"] == "train", "construct"].nunique()
        == ipip_items["construct"].nunique()
    )
    single = assignment[~assignment["text"].isin(ipip_items.loc[ipip_items["multi_construct"], "text"])]
    share = single["split"].value_counts(normalize=True)
    assert 0.12 < share["test"] < 0.28


@pytest.mark.parametrize("scheme", ["construct", "item"])
def test_same_seed_same_split(ipip_items, scheme):
    first = make_split(ipip_items, scheme, 0.1, 0.2, seed=3)
    pd.testing.assert_frame_equal(first, make_split(ipip_items, scheme, 0.1, 0.2, seed=3))
    assert not first.equals(make_split(ipip_items, scheme, 0.1, 0.2, seed=4))


def test_split_items_and_summary(ipip_items):
    assignment = make_split(ipip_items, "construct", 0.1, 0.2, seed=3)
    summary = split_summary(assignment).set_index("split")
    for part in ("train", "validation", "test"):
        assert len(split_items(ipip_items, assignment, part)) == summary.loc[part, "n_rows"]
    assert (
        len(split_items(ipip_items, assignment, "all")) == len(assignment) - summary.loc["excluded", "n_rows"]
    )


@pytest.mark.parametrize("shared_texts", ["train", "holdout"])
def test_summary_counts_what_held_out_scoring_gets(ipip_items, shared_texts):
    assignment = make_split(ipip_items, "item", 0.1, 0.2, seed=3, shared_texts=shared_texts)
    summary = split_summary(assignment, score_shared_texts=shared_texts == "holdout").set_index("split")
    for part in ("validation", "test"):
        scored = split_items(ipip_items, assignment, part)
        scored = scored if shared_texts == "holdout" else scored[~scored["multi_construct"]]
        per_construct = scored.groupby("construct")["text"].nunique()
        assert summary.loc[part, "n_scored_texts"] == scored["text"].nunique()
        assert summary.loc[part, "n_constructs_with_pairs"] == (per_construct >= 2).sum()
    if "excluded" in summary.index:
        assert summary.loc["excluded", "n_scored_texts"] == 0


def test_thin_held_out_parts_are_named():
    summary = pd.DataFrame(
        {"split": ["train", "validation", "test"], "n_constructs_with_pairs": [100, 4, 30]}
    )
    (warning,) = thin_parts(summary)
    assert warning.startswith("validation: only 4 construct(s)")


def test_bad_fractions_and_scheme(ipip_items):
    with pytest.raises(ValueError, match="no training data"):
        make_split(ipip_items, "construct", 0.5, 0.5, seed=3)
    with pytest.raises(ValueError, match="unknown split scheme"):
        make_split(ipip_items, "random", 0.1, 0.2, seed=3)


@pytest.mark.parametrize("shared_texts", ["train", "holdout"])
def test_training_share_of_every_construct(ipip_items, shared_texts):
    assignment = make_split(ipip_items, "construct", 0.1, 0.2, seed=3, shared_texts=shared_texts)
    share = training_share(assignment)
    assert set(share.index) == set(ipip_items["construct"]) and share.between(0, 1).all()
    trained = set(assignment.loc[assignment["split"] == "train", "text"])
    for construct in ["Leadership", *share.index[::40]]:
        texts = set(ipip_items.loc[ipip_items["construct"] == construct, "text"])
        assert share[construct] == pytest.approx(len(texts & trained) / len(texts))
    # texts shared by a training and a held-out construct: under "train" training texts, so a
    # training construct is learned from entirely and a held-out one in part; under "holdout"
    # held-out texts, so the reverse
    parts = assignment[assignment["split"] != "excluded"].groupby("construct")["split"].agg(set)
    training, held_out = share[parts[parts == {"train"}].index], share[parts[parts != {"train"}].index]
    if shared_texts == "train":
        assert (training == 1).all() and (held_out > 0).any() and (held_out < 1).all()
    else:
        assert (held_out == 0).all() and (training < 1).any()


def test_constructs_sharing_texts_pairs_every_two_constructs_of_a_text(ipip_items):
    items = pd.DataFrame(
        {"construct": ["A", "B", "C", "A", "C", "D"], "text": ["x", "x", "x", "y", "y", "z"]}
    )
    assert constructs_sharing_texts(items) == {("A", "B"), ("A", "C"), ("B", "C")}
    linked = constructs_sharing_texts(ipip_items)
    # IPIP's near-synonyms from different inventories, linked by the texts they share
    assert {("Calmness", "Cool-headedness"), ("Sympathy", "Tenderness")} <= linked
    assert ("Romantic Disinterest", "Romanticism") not in linked  # no text in common
    shared = ipip_items[ipip_items["multi_construct"]]
    assert {c for pair in linked for c in pair} == set(shared["construct"])


def test_held_out_construct_aucs_score_each_test_construct_once(ipip_items):
    assignment = make_split(ipip_items, "construct", 0.1, 0.2, seed=5)
    rng = np.random.default_rng(0)
    vectors = {text: rng.normal(size=8) for text in ipip_items["text"].unique()}
    aucs = held_out_construct_aucs(ipip_items, assignment, vectors, center=False, score_shared_texts=False)
    test = split_items(ipip_items, assignment, "test")
    single = test[~test["multi_construct"]]
    sizes = single.groupby("construct")["text"].nunique()
    assert len(aucs) == len(sizes)
    assert np.isnan(aucs).sum() == (sizes == 1).sum()
    assert np.nanmean(aucs) == pytest.approx(0.5, abs=0.05)  # random vectors: chance
