import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from constructlens.findings import names_paragraph
from constructlens.names import name_phrases, name_similarity, names_against_items


def unit(degrees: float) -> np.ndarray:
    return np.array([np.cos(np.radians(degrees)), np.sin(np.radians(degrees))])


PAIRS = pd.MultiIndex.from_tuples(
    [("A", "B"), ("A", "C"), ("A", "D"), ("B", "C"), ("B", "D"), ("C", "D")],
    names=["construct_a", "construct_b"],
)
# names at 0, 10, 50 and 90 degrees: A-B alike, A-D and B-D far apart
NAMES = {"A": unit(0), "B": unit(10), "C": unit(50), "D": unit(90)}
# items: A and D indistinguishable (0.52) although their names are far apart; A and B distinct
SEPARABILITY = pd.Series([0.90, 0.70, 0.52, 0.75, 0.80, 0.60], index=PAIRS)


def test_phrases_fill_the_template():
    assert name_phrases(["Servant", "Ethical"], "{} leadership") == [
        "Servant leadership",
        "Ethical leadership",
    ]
    assert name_phrases(["Anxiety"], "{}") == ["Anxiety"]


def test_name_similarity_is_the_cosine_of_the_names():
    similarity = name_similarity({c: 3 * v for c, v in NAMES.items()}, PAIRS)  # any length
    assert np.isclose(similarity[("A", "B")], np.cos(np.radians(10)))
    assert np.isclose(similarity[("A", "D")], 0.0)


def test_jangle_candidates_first_jingle_candidates_last():
    separability = pd.DataFrame({"tuned": SEPARABILITY, "plain": SEPARABILITY[::-1].to_numpy()}, index=PAIRS)
    vectors = {"tuned": NAMES, "plain": {c: unit(5 * i) for i, c in enumerate("ABCD")}}
    pairs, summary = names_against_items(vectors, separability, "tuned", n_permutations=1000, seed=0)
    first, last = pairs.iloc[0], pairs.iloc[-1]
    # A-D: the least alike names (90 degrees apart) but the least separable items
    assert (first["construct_a"], first["construct_b"]) == ("A", "D")
    assert (first["name_rank"], first["item_rank"], first["rank_gap"]) == (6, 1, 5)
    # A-B: the most alike names but the most separable items
    assert (last["construct_a"], last["construct_b"]) == ("A", "B")
    assert (last["name_rank"], last["item_rank"], last["rank_gap"]) == (1, 6, -5)
    assert summary["model"].tolist() == ["tuned", "plain"] and summary["selected"].tolist() == [True, False]
    tuned = summary.iloc[0]
    expected = spearmanr(name_similarity(NAMES, PAIRS), SEPARABILITY).statistic
    assert np.isclose(tuned["spearman_rho"], expected)
    # four constructs: every one of the 24 relabellings, so the test is exact
    assert tuned["exact"] and tuned["relabellings"] == 24 and np.isclose(tuned["smallest_p"], 1 / 24)
    assert 0 < tuned["p_value"] <= 1


def test_findings_name_the_strongest_candidate_each_way():
    separability = pd.DataFrame({"tuned": SEPARABILITY}, index=PAIRS)
    pairs, summary = names_against_items({"tuned": NAMES}, separability, "tuned", n_permutations=1000, seed=0)
    text = names_paragraph(pairs, summary, "{} scale")
    rho = summary.iloc[0]["spearman_rho"]
    for expected in [
        '**Names against items** (`names.tsv`, 6 construct pairs; names read as "{} scale")',
        f"ρ = {rho:.2f} (Mantel p = {summary.iloc[0]['p_value']:.3f}, exact over all 24 relabellings)",
        "(a jangle candidate): A – D (separability 0.52, rank 1 of 6; names rank 6).",
        "(a jingle candidate): A – B (names rank 1 of 6; separability 0.90, rank 6).",
    ]:
        assert expected in text, expected
    # names and items in the same order: no pair ranks higher on one view than on the other
    aligned = pd.DataFrame({"tuned": [0.52, 0.7, 0.9, 0.6, 0.8, 0.75]}, index=PAIRS)
    in_order = {"tuned": {c: unit(a) for c, a in zip("ABCD", (0, 1, 3, 7), strict=True)}}
    pairs, summary = names_against_items(in_order, aligned, "tuned", n_permutations=1000, seed=0)
    assert "candidate" not in names_paragraph(pairs, summary, "{}").split("Candidates are")[0]


def test_findings_of_two_constructs_give_their_one_pair_without_a_ranking():
    one_pair = PAIRS[:1]  # A – B
    separability = pd.DataFrame({"tuned": [0.58]}, index=one_pair)
    names = {"A": NAMES["A"], "B": NAMES["B"]}
    pairs, summary = names_against_items({"tuned": names}, separability, "tuned", n_permutations=99, seed=0)
    text = names_paragraph(pairs, summary, "{}")
    assert text == (
        '**Names against items** (`names.tsv`, 1 construct pair; names read as "{}"). Too few pairs to '
        f"rank names against items: A – B: cosine of the names {np.cos(np.radians(10)):.2f}, "
        "separability of the items 0.58."
    )


def test_a_pair_without_a_separability_is_left_unranked_and_out_of_the_findings():
    """A nested pair (every item of one an item of the other) has no separability."""
    with_nested = SEPARABILITY.copy()
    with_nested[("B", "C")] = np.nan
    separability = pd.DataFrame({"tuned": with_nested}, index=PAIRS)
    pairs, summary = names_against_items({"tuned": NAMES}, separability, "tuned", n_permutations=1000, seed=0)
    last = pairs.iloc[-1]
    assert (last["construct_a"], last["construct_b"]) == ("B", "C") and pd.isna(last["rank_gap"])
    assert sorted(pairs["item_rank"].dropna()) == [1, 2, 3, 4, 5] and pairs["name_rank"].max() == 5
    known = with_nested.dropna()
    expected = spearmanr(name_similarity(NAMES, known.index), known).statistic
    assert np.isclose(summary.iloc[0]["spearman_rho"], expected)
    text = names_paragraph(pairs, summary, "{}")
    assert "(a jangle candidate): A – D (separability 0.52, rank 1 of 5; names rank 5)." in text
    assert "(a jingle candidate): A – B (names rank 1 of 5; separability 0.90, rank 5)." in text
