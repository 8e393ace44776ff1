import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from constructlens.names import name_phrases, name_similarity, names_against_items
from constructlens.pair_findings import names_are_codes, names_paragraph


def unit(degrees: float) -> np.ndarray:
    return np.array([np.cos(np.radians(degrees)), np.sin(np.radians(degrees))])


PAIRS = pd.MultiIndex.from_tuples(
    [
        ("Ardour", "Bravery"),
        ("Ardour", "Calm"),
        ("Ardour", "Drive"),
        ("Bravery", "Calm"),
        ("Bravery", "Drive"),
        ("Calm", "Drive"),
    ],
    names=["construct_a", "construct_b"],
)
# names at 0, 10, 50 and 90 degrees: Ardour-Bravery alike, Ardour-Drive and Bravery-Drive far apart
NAMES = {"Ardour": unit(0), "Bravery": unit(10), "Calm": unit(50), "Drive": unit(90)}
# items: Ardour and Drive indistinguishable (0.52) although their names are far apart;
# Ardour and Bravery distinct
SEPARABILITY = pd.Series([0.90, 0.70, 0.52, 0.75, 0.80, 0.60], index=PAIRS)


def test_phrases_fill_the_template():
    assert name_phrases(["Servant", "Ethical"], "{} leadership") == [
        "Servant leadership",
        "Ethical leadership",
    ]
    assert name_phrases(["Anxiety"], "{}") == ["Anxiety"]


def test_name_similarity_is_the_cosine_of_the_names():
    similarity = name_similarity({c: 3 * v for c, v in NAMES.items()}, PAIRS)  # any length
    assert np.isclose(similarity[("Ardour", "Bravery")], np.cos(np.radians(10)))
    assert np.isclose(similarity[("Ardour", "Drive")], 0.0)


def test_jangle_candidates_first_jingle_candidates_last():
    separability = pd.DataFrame({"tuned": SEPARABILITY, "plain": SEPARABILITY[::-1].to_numpy()}, index=PAIRS)
    vectors = {"tuned": NAMES, "plain": {c: unit(5 * i) for i, c in enumerate(NAMES)}}
    pairs, summary = names_against_items(vectors, separability, "tuned", n_permutations=1000, seed=0)
    first, last = pairs.iloc[0], pairs.iloc[-1]
    # Ardour-Drive: the least alike names (90 degrees apart) but the least separable items
    assert (first["construct_a"], first["construct_b"]) == ("Ardour", "Drive")
    assert (first["name_rank"], first["item_rank"], first["rank_gap"]) == (6, 1, 5)
    # Ardour-Bravery: the most alike names but the most separable items
    assert (last["construct_a"], last["construct_b"]) == ("Ardour", "Bravery")
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
        "(a jangle candidate): Ardour – Drive (separability 0.52, rank 1 of 6; names rank 6).",
        "(a jingle candidate): Ardour – Bravery (names rank 1 of 6; separability 0.90, rank 6).",
    ]:
        assert expected in text, expected
    # names and items in the same order: no pair ranks higher on one view than on the other
    aligned = pd.DataFrame({"tuned": [0.52, 0.7, 0.9, 0.6, 0.8, 0.75]}, index=PAIRS)
    in_order = {"tuned": {c: unit(a) for c, a in zip(NAMES, (0, 1, 3, 7), strict=True)}}
    pairs, summary = names_against_items(in_order, aligned, "tuned", n_permutations=1000, seed=0)
    assert "candidate" not in names_paragraph(pairs, summary, "{}").split("Candidates are")[0]


def test_findings_of_two_constructs_give_their_one_pair_without_a_ranking():
    one_pair = PAIRS[:1]  # Ardour – Bravery
    separability = pd.DataFrame({"tuned": [0.58]}, index=one_pair)
    names = {"Ardour": NAMES["Ardour"], "Bravery": NAMES["Bravery"]}
    pairs, summary = names_against_items({"tuned": names}, separability, "tuned", n_permutations=99, seed=0)
    text = names_paragraph(pairs, summary, "{}")
    assert text == (
        '**Names against items** (`names.tsv`, 1 construct pair; names read as "{}"). Too few pairs to '
        f"rank names against items: Ardour – Bravery: cosine of the names {np.cos(np.radians(10)):.2f}, "
        "separability of the items 0.58."
    )


def test_a_pair_without_a_separability_is_left_unranked_and_out_of_the_findings():
    """A nested pair (every item of one an item of the other) has no separability."""
    with_nested = SEPARABILITY.copy()
    with_nested[("Bravery", "Calm")] = np.nan
    separability = pd.DataFrame({"tuned": with_nested}, index=PAIRS)
    pairs, summary = names_against_items({"tuned": NAMES}, separability, "tuned", n_permutations=1000, seed=0)
    last = pairs.iloc[-1]
    assert (last["construct_a"], last["construct_b"]) == ("Bravery", "Calm") and pd.isna(last["rank_gap"])
    assert sorted(pairs["item_rank"].dropna()) == [1, 2, 3, 4, 5] and pairs["name_rank"].max() == 5
    known = with_nested.dropna()
    expected = spearmanr(name_similarity(NAMES, known.index), known).statistic
    assert np.isclose(summary.iloc[0]["spearman_rho"], expected)
    text = names_paragraph(pairs, summary, "{}")
    assert "(a jangle candidate): Ardour – Drive (separability 0.52, rank 1 of 5; names rank 5)." in text
    assert "(a jingle candidate): Ardour – Bravery (names rank 1 of 5; separability 0.90, rank 5)." in text


def test_names_that_are_codes_are_not_read_against_the_items():
    codes = {"F1": unit(0), "F2": unit(10), "F3": unit(50), "F4": unit(90)}
    index = pd.MultiIndex.from_tuples(
        [(a, b) for i, a in enumerate(codes) for b in list(codes)[i + 1 :]],
        names=["construct_a", "construct_b"],
    )
    separability = pd.DataFrame({"tuned": SEPARABILITY.to_numpy()}, index=index)
    pairs, summary = names_against_items({"tuned": codes}, separability, "tuned", n_permutations=1000, seed=0)
    text = names_paragraph(pairs, summary, "{}")
    assert "The construct names are codes, not words (F1, F2, F3, …): they say nothing" in text
    assert "candidate" not in text and "ρ" not in text
    assert names_are_codes(["1", "2", "Q_3"]) and not names_are_codes(["Ängstlichkeit", "Ruhe", "N1"])


def test_findings_without_any_ranked_pair_name_no_candidate():
    """Three constructs of one set of items: every pair nested, none with a separability."""
    separability = pd.DataFrame({"tuned": [np.nan] * 3}, index=PAIRS[[0, 1, 3]])
    names = {c: NAMES[c] for c in ("Ardour", "Bravery", "Calm")}
    pairs, summary = names_against_items({"tuned": names}, separability, "tuned", n_permutations=99, seed=0)
    text = names_paragraph(pairs, summary, "{}")
    assert pairs["rank_gap"].isna().all() and "candidate)" not in text
    assert "ρ not defined" in text


def test_separabilities_without_spread_name_no_candidate():
    """Three constructs all fully separable: any ranking of their pairs would be arbitrary."""
    separability = pd.DataFrame({"tuned": [1.0] * 3}, index=PAIRS[[0, 1, 3]])
    names = {c: NAMES[c] for c in ("Ardour", "Bravery", "Calm")}
    pairs, summary = names_against_items({"tuned": names}, separability, "tuned", n_permutations=99, seed=0)
    text = names_paragraph(pairs, summary, "{}")
    assert "candidate" not in text and "ρ not defined" in text
    assert text.endswith("With no spread to rank, no pair stands out either way.")
