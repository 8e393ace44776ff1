"""Items beside their constructs' definitions: reading the table, each item's nearest definition,
and the test against chance."""

import logging

import numpy as np
import pandas as pd
import pytest

from constructlens import definitions
from constructlens.errors import InputError

CONSTRUCTS = ["Calm", "Order", "Warmth"]


def write(tmp_path, text: str):
    path = tmp_path / "definitions.csv"
    path.write_text(text)
    return path


def test_definitions_are_read_for_the_targets_constructs_in_their_order(tmp_path, caplog):
    path = write(
        tmp_path,
        "construct,definition\n1. Warmth,  Liking  people.\n2) calm,Staying composed.\nOther,Not ours.\n"
        "Ordr,Keeping things tidy.\n",
    )
    with caplog.at_level(logging.WARNING):
        read = definitions.read_definitions(path, CONSTRUCTS)
    assert read.to_dict() == {"Calm": "Staying composed.", "Warmth": "Liking people."}
    assert list(read.index) == ["Calm", "Warmth"]
    assert "not constructs of the target, left out: Ordr (did you mean 'Order'?), Other\n" in caplog.text
    assert "no definition for construct(s) Order, left out" in caplog.text


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        (
            "construct,definition\nCalm,Composed.\nCalm,Relaxed.\n",
            "construct(s) defined more than once: Calm",
        ),
        (
            "construct,definition\nCalm,Composed.\nOrder,\n",
            "a construct or its definition is empty in row(s) 3",
        ),
        (
            "construct,definition\nCalm,Composed.\nOther,Not ours.\n",
            "defines 1 of the target's constructs; at",
        ),
        ("construct,meaning\nCalm,Composed.\n", "missing column(s) definition; found construct, meaning"),
    ],
)
def test_a_bad_definitions_table_is_named_with_its_problem(tmp_path, table, problem):
    path = write(tmp_path, table)
    with pytest.raises(InputError) as refused:
        definitions.read_definitions(path, CONSTRUCTS)
    assert str(path) in str(refused.value) and problem in str(refused.value)


def hand_worked():
    """Four items of three constructs; the third Calm item reads most like Order's definition,
    and "shared" (Calm and Order) is left out."""
    items = pd.DataFrame(
        {
            "construct": ["Calm", "Calm", "Calm", "Order", "Warmth", "Calm", "Order"],
            "text": ["c1", "c2", "c3", "o1", "w1", "shared", "shared"],
            "multi_construct": [False] * 5 + [True, True],
        }
    )
    vectors = {
        "c1": np.array([1.0, 0.1, 0.0]),
        "c2": np.array([1.0, 0.0, 0.2]),
        "c3": np.array([0.3, 1.0, 0.0]),
        "o1": np.array([0.0, 1.0, 0.1]),
        "w1": np.array([0.1, 0.0, 1.0]),
        "shared": np.array([1.0, 1.0, 0.0]),
    }
    definition_vectors = {c: np.eye(3)[k] for k, c in enumerate(CONSTRUCTS)}
    return items, vectors, definition_vectors


def test_each_item_is_set_beside_its_own_and_the_nearest_other_definition():
    items, vectors, definition_vectors = hand_worked()
    judged = definitions.single_construct_items(items, CONSTRUCTS)
    assert list(judged["text"]) == ["c1", "c2", "c3", "o1", "w1"]
    similarity = definitions.cosines(judged, vectors, definition_vectors, CONSTRUCTS)
    table = definitions.item_correspondence(judged, similarity, CONSTRUCTS).set_index("text")
    assert list(table.index[:1]) == ["c3"]  # worst margin first
    c3 = table.loc["c3"]
    norm = np.hypot(0.3, 1.0)
    assert c3["own_cosine"] == pytest.approx(0.3 / norm) and c3["nearest_other"] == "Order"
    assert c3["margin"] == pytest.approx((0.3 - 1.0) / norm)
    assert c3["mean_other_cosine"] == pytest.approx((1.0 + 0.0) / norm / 2)
    assert (c3["rank"], c3["fits"]) == (2, False)
    assert table.loc[["c1", "c2", "o1", "w1"], "fits"].all()
    summary = definitions.correspondence_summary(table.reset_index(), CONSTRUCTS).set_index("construct")
    assert summary.loc["Calm", ["n_items", "n_fit", "leans_to", "n_leaning"]].tolist() == [3, 2, "Order", 1]
    assert summary.loc["Calm", "mean_rank"] == pytest.approx(4 / 3)
    shares = definitions.nearest_definition_shares(table.reset_index(), CONSTRUCTS)
    assert shares.loc["Calm"].tolist() == pytest.approx([2 / 3, 1 / 3, 0.0])
    assert np.diag(shares.to_numpy()).tolist() == pytest.approx([2 / 3, 1.0, 1.0])


def test_the_test_against_chance_counts_every_reassignment_of_three_definitions():
    items, vectors, definition_vectors = hand_worked()
    judged = definitions.single_construct_items(items, CONSTRUCTS)
    similarity = definitions.cosines(judged, vectors, definition_vectors, CONSTRUCTS)
    table = definitions.item_correspondence(judged, similarity, CONSTRUCTS)
    share, chance, p_value, exact = definitions.correspondence_test(table, CONSTRUCTS, 9_999, 0)
    # own constructs C C C O W, nearest C C O O W: of the 6 reassignments only the identity fits 4 of 5
    assert (share, chance, exact) == (pytest.approx(0.8), pytest.approx(1 / 3), True)
    assert p_value == pytest.approx(1 / 6)
    sampled = definitions.correspondence_test(table, CONSTRUCTS, 5, 0)
    assert sampled[3] is False and 1 / 6 <= sampled[2] <= 1  # (as many or more + 1) / (5 + 1)


def test_every_model_is_scored_the_selected_one_first():
    items, vectors, definition_vectors = hand_worked()
    judged = definitions.single_construct_items(items, CONSTRUCTS)
    scrambled = {
        c: definition_vectors[other] for c, other in zip(CONSTRUCTS, ["Order", "Warmth", "Calm"], strict=True)
    }
    correspondences = {
        model: definitions.item_correspondence(
            judged, definitions.cosines(judged, vectors, defined_as, CONSTRUCTS), CONSTRUCTS
        )
        for model, defined_as in {"b": definition_vectors, "a": scrambled}.items()
    }
    table = definitions.models_against_definitions(correspondences, CONSTRUCTS, "b", 9_999, 0)
    assert table["model"].tolist() == ["b", "a"] and table["selected"].tolist() == [True, False]
    assert table["n_fit"].tolist() == [4, 1]  # a reads Calm as Order, Order as Warmth, Warmth as Calm
    assert table["share_fit"].tolist() == pytest.approx([0.8, 0.2])
