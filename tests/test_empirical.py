import itertools
import logging

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from constructlens.analysis import pair_separabilities
from constructlens.empirical import empirical_agreement, mantel_test, read_correlations
from constructlens.errors import InputError
from constructlens.items import as_construct_names
from constructlens.metrics import make_item_set
from constructlens.pair_findings import empirical_paragraph

from .test_tables import write_workbook

CONSTRUCTS = ["Calm", "Kind", "Tidy"]


def test_full_matrix_gives_every_pair_once_in_construct_order(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(",Tidy,Kind,Calm\nTidy,1,0.2,0.3\nKind,0.2,1,0.5\nCalm,0.3,0.5,1\n")
    table = read_correlations(path, CONSTRUCTS)
    assert table.values.tolist() == [["Calm", "Kind", 0.5], ["Calm", "Tidy", 0.3], ["Kind", "Tidy", 0.2]]


def test_one_triangle_decimal_commas_typographic_minus_and_stars_as_published(tmp_path, caplog):
    path = tmp_path / "r.csv"  # semicolons and decimal commas, as a German Excel saves it
    path.write_text(
        "Scale;Calm;Kind;Tidy;Age\nCalm;1;;;\nKind;0,45**;1;;\nTidy;\u22120,1;0,2 †;1;\nAge;0,05;0,1;0;1\n"
    )
    with caplog.at_level(logging.WARNING):
        table = read_correlations(path, CONSTRUCTS)
    assert table["r"].tolist() == [0.45, -0.1, 0.2]
    assert "not constructs of the target, left out: Age" in caplog.text


def test_columns_of_other_variables_are_not_read(tmp_path, caplog):
    path = tmp_path / "r.csv"  # means and standard deviations beside the correlations
    path.write_text(",M,SD,Calm,Kind,Tidy\nCalm,3.9,0.7,1,,\nKind,4.1,0.6,.5,1,\nTidy,3.2,n/a,.3,.2,1\n")
    with caplog.at_level(logging.WARNING):
        assert read_correlations(path, CONSTRUCTS)["r"].tolist() == [0.5, 0.3, 0.2]
    assert "not constructs of the target, left out: M, SD" in caplog.text


def test_a_papers_numbered_rows_name_the_columns_their_numbers_head(tmp_path, caplog):
    path = tmp_path / "r.csv"  # as an APA table prints it: rows "1. Calm", columns "1", "2", "3"
    path.write_text(
        ",M,SD,1,2,3\n1. Calm,3.9,0.7,—,,\n2. Kind,4.1,0.6,.50**,—,\n3. Tidy,3.2,0.8,.30*,.20,—\n"
    )
    with caplog.at_level(logging.INFO):
        assert read_correlations(path, CONSTRUCTS)["r"].tolist() == [0.5, 0.3, 0.2]
    assert "rows numbered and columns named by those numbers (1, 2, …), read as their rows" in caplog.text
    rows = [["", "1.", "2.", "3."], ["(1) Calm", 1], ["(2) Kind", 0.5, 1], ["(3) Tidy", 0.3, 0.2, 1]]
    write_workbook(tmp_path / "r.xlsx", {"r": rows})
    assert read_correlations(tmp_path / "r.xlsx", CONSTRUCTS)["r"].tolist() == [0.5, 0.3, 0.2]


def test_names_that_differ_from_a_constructs_only_in_case_or_spacing_are_read_as_it(tmp_path, caplog):
    path = tmp_path / "r.csv"
    path.write_text(",calm,KIND,Ti-dy\ncalm,1,,\nKIND,.5,1,\nTi-dy,.3,.2,1\n")
    with caplog.at_level(logging.INFO):
        assert read_correlations(path, CONSTRUCTS)["r"].tolist() == [0.5, 0.3, 0.2]
    assert (
        "read as the target's constructs: 'KIND' as 'Kind', 'Ti-dy' as 'Tidy', 'calm' as 'Calm'"
        in caplog.text
    )
    path.write_text(
        ",Calm leadership,Kind,Tidy leadership\nCalm leadership,1,,\nKind,.5,1,\nTidy leadership,.3,.2,1\n"
    )
    assert read_correlations(path, CONSTRUCTS, "{} leadership")["r"].tolist() == [0.5, 0.3, 0.2]  # as named
    both = ["Self-efficacy", "Self efficacy", "Calm"]  # one name fits two constructs: not read as either
    assert as_construct_names(["self efficacy", "calm"], both, "r.csv") == ["self efficacy", "Calm"]


def test_a_workbook_is_read_by_its_header_as_written(tmp_path):
    path = tmp_path / "r.xlsx"  # blank header cells beside the matrix are no names
    rows = [["", "Calm", "Kind", "Tidy", "", ""], ["Calm", 1], ["Kind", 0.5, 1], ["Tidy", 0.3, 0.2, 1]]
    write_workbook(path, {"r": rows})
    assert read_correlations(path, CONSTRUCTS)["r"].tolist() == [0.5, 0.3, 0.2]
    rows[0][3] = "Calm"  # which pandas alone would rename "Calm.1"
    write_workbook(path, {"r": rows})
    with pytest.raises(InputError, match=r"r\.xlsx: column name\(s\) given twice: Calm"):
        read_correlations(path, CONSTRUCTS)


def test_a_construct_without_correlations_is_left_out_with_a_warning(tmp_path, caplog):
    path = tmp_path / "r.csv"
    path.write_text(",A,B,C,Calm\nA,1,.1,.2,.3\nB,.1,1,.4,.5\nC,.2,.4,1,.6\nCalm,.3,.5,.6,1\n")
    with caplog.at_level(logging.WARNING):
        table = read_correlations(path, ["A", "B", "C", "Calm", "Kind"])
    assert len(table) == 6 and "Kind" not in set(table["construct_a"]) | set(table["construct_b"])
    assert "no correlation for construct(s) Kind" in caplog.text


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            ",Calm,Kind,Tidy\nCalm,1,.5,.3\nKind,.4,1,.2\nTidy,.3,.2,1\n",
            "not symmetric: Calm with Kind is 0.5, Kind with Calm is 0.4",
        ),
        (
            ",Calm,Kind,Tidy\nCalm,1,,\nKind,1.5,1,\nTidy,.3,.2,1\n",
            "row 3, column 'Calm': 1.5 is no correlation",
        ),
        (
            ",Calm,Kind,Tidy\nCalm,1,,\nKind,n.s.,1,\nTidy,.3,.2,1\n",
            "row 3, column 'Calm': 'n.s.' is not a number",
        ),
        (",Calm,Kind,Tidy\nCalm,1,,\nKind,.5,1,\nTidy,,,1\n", "correlations for 1 pair"),
        (
            ",Calmness,Kindness,Tidiness\nCalmness,1,,\nKindness,.5,1,\nTidiness,.1,.2,1\n",
            "correlations for 0 pair(s) of the target's constructs; at least 3 are needed "
            "(constructs: Calm, Kind, Tidy; the table's other names: Calmness, Kindness, Tidiness)",
        ),
        (",Calm,Kind,Calm\nCalm,1,,\nKind,.5,1,\nTidy,.1,.2,1\n", "column name(s) given twice: Calm"),
    ],
)
def test_bad_correlation_tables_name_the_file_and_the_problem(tmp_path, text, problem):
    path = tmp_path / "r.csv"
    path.write_text(text)
    with pytest.raises(InputError, match="r.csv: ") as error:
        read_correlations(path, CONSTRUCTS)
    assert problem in str(error.value)


def pairs_series(values: dict[tuple[str, str], float]) -> pd.Series:
    return pd.Series(values.values(), index=pd.MultiIndex.from_tuples(values.keys()))


def test_mantel_exact_over_the_six_relabellings_of_three_constructs():
    """Relabelling three constructs permutes their three pairs in all 3! ways: ranks in the
    same order give ρ = 1, and of the six orders only it and the reverse reach |ρ| = 1."""
    model = pairs_series({("A", "B"): 0.9, ("A", "C"): 0.5, ("B", "C"): 0.1})
    observed = pairs_series({("A", "B"): 0.6, ("A", "C"): 0.4, ("B", "C"): 0.2})
    rho, p_value, relabellings, exact = mantel_test(model, observed, 999, seed=0)
    assert (rho, relabellings, exact) == (pytest.approx(1.0), 6, True)
    assert p_value == pytest.approx(2 / 6)


def test_mantel_samples_relabellings_when_there_are_too_many():
    rng = np.random.default_rng(1)
    names = [f"C{i}" for i in range(9)]
    points = rng.normal(size=(9, 2))
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    distance = {
        (a, b): float(np.linalg.norm(points[names.index(a)] - points[names.index(b)])) for a, b in pairs
    }
    model = pairs_series({pair: -d for pair, d in distance.items()})
    observed = pairs_series({pair: -d + rng.normal(scale=0.1) for pair, d in distance.items()})
    first = mantel_test(model, observed, 199, seed=3)
    assert first == mantel_test(model, observed, 199, seed=3)  # seeded
    rho, p_value, relabellings, exact = first
    assert rho > 0.8 and (relabellings, exact) == (199, False) and p_value == pytest.approx(1 / 200)
    unrelated = pairs_series(dict(zip(pairs, rng.permutation(list(distance.values())), strict=True)))
    assert mantel_test(model, unrelated, 199, seed=3)[1] > 0.05


def item_set_with_pair_similarity():
    """Three constructs of three items: Calm and Kind share a direction, Tidy stands apart."""
    rng = np.random.default_rng(0)
    centres = {"Calm": [1.0, 0.6, 0.0], "Kind": [0.6, 1.0, 0.0], "Tidy": [0.0, 0.2, 1.0]}
    rows, vectors = [], {}
    for construct, centre in centres.items():
        for i in range(3):
            text = f"{construct} item {i}"
            rows.append((construct, text))
            vectors[text] = np.array(centre) + rng.normal(scale=0.05, size=3)
    return make_item_set(pd.DataFrame(rows, columns=["construct", "text"]), vectors)


def test_agreement_ranks_pairs_by_both_views_and_reads_strength_apart_from_sign():
    item_set = item_set_with_pair_similarity()
    correlations = pd.DataFrame(
        [("Calm", "Kind", -0.2), ("Calm", "Tidy", 0.1), ("Kind", "Tidy", 0.5)],
        columns=["construct_a", "construct_b", "r"],
    )
    shuffled = make_item_set(  # a second model: random embeddings of the same items
        pd.DataFrame({"construct": ["Calm"] * 3 + ["Kind"] * 3 + ["Tidy"] * 3, "text": item_set.texts}),
        dict(zip(item_set.texts, np.random.default_rng(2).normal(size=(9, 3)), strict=True)),
    )
    pairs, summary = empirical_agreement(
        {"mine": item_set, "other": shuffled},
        "mine",
        pair_separabilities(item_set),
        correlations,
        999,
        seed=0,
    )
    assert summary[["model", "selected", "measure"]].values.tolist() == [
        ["mine", True, "abs_r"],
        ["mine", True, "r"],
        ["other", False, "abs_r"],
        ["other", False, "r"],
    ]
    assert pairs[["construct_a", "construct_b"]].values.tolist()[0] == ["Calm", "Kind"]  # most alike first
    ranks = pairs.set_index(["construct_a", "construct_b"])
    assert ranks.loc[("Calm", "Kind"), ["similarity_rank", "abs_r_rank", "rank_gap"]].tolist() == [1, 2, 1]
    assert ranks.loc[("Kind", "Tidy"), "rank_gap"] < 0  # correlated more than worded alike
    assert ranks["separability"].between(0.5, 1).all()
    rho = summary[summary["selected"]].set_index("measure")
    assert rho.loc["abs_r", "spearman_rho"] == pytest.approx(0.5)
    assert rho.loc["r", "spearman_rho"] == pytest.approx(-0.5)
    assert rho["exact"].all() and (rho["relabellings"] == 6).all() and (rho["p_value"] == 1.0).all()
    assert rho["smallest_p"].eq(1 / 6).all()
    text = empirical_paragraph(pairs, summary)
    assert "3 construct pairs with a correlation" in text
    assert "|r|: ρ = 0.50 (Mantel p = 1.000, exact over all 6 relabellings)" in text
    assert "With 3 constructs no relabelling of them gives p below 0.17: too few" in text
    assert "Read as more alike than they correlate: Calm – Kind (cosine" in text
    assert "Correlated more than their wording suggests: Kind – Tidy" in text
    other = summary.set_index(["model", "measure"]).loc[("other", "abs_r"), "spearman_rho"]
    assert f"With |r| under the other models: other ρ = {other:.2f} (Mantel p = " in text
    sampled = empirical_paragraph(pairs, summary.assign(relabellings=9999, exact=False))
    assert "|r|: ρ = 0.50 (Mantel p = 1.000, 9,999 relabellings)" in sampled


def test_mantel_without_spread_in_one_view_tests_nothing():
    model = pairs_series({("A", "B"): 0.9, ("A", "C"): 0.5, ("B", "C"): 0.1})
    flat = pairs_series({("A", "B"): 0.3, ("A", "C"): 0.3, ("B", "C"): 0.3})
    rho, p_value, *_ = mantel_test(model, flat, 999, seed=0)
    assert np.isnan(rho) and np.isnan(p_value)


@pytest.mark.parametrize("incomplete", [False, True, "nan"])
def test_mantel_p_equals_scipys_spearman_over_every_relabelling(incomplete):
    """Ties in the observed values, and (incomplete) pairs without a correlation, absent or
    NaN (a construct pair without a separability), whose relabellings are scored over the
    pairs they cover."""
    rng = np.random.default_rng(5)
    names = list("ABCDE")
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    model = pairs_series(dict(zip(pairs, rng.normal(size=len(pairs)), strict=True)))
    observed = pairs_series(dict(zip(pairs, rng.integers(0, 4, len(pairs)) / 10, strict=True)))
    if incomplete:
        observed = observed.drop([("A", "B"), ("C", "E")])
    value = {frozenset(pair): r for pair, r in observed.items()}
    rho = spearmanr(model.loc[observed.index], observed).statistic
    null = []
    for order in itertools.permutations(names):
        relabel = dict(zip(names, order, strict=True))
        moved = {pair: value.get(frozenset((relabel[pair[0]], relabel[pair[1]]))) for pair in observed.index}
        kept = [pair for pair, r in moved.items() if r is not None]
        null.append(spearmanr(model.loc[kept], [moved[pair] for pair in kept]).statistic)
    expected = np.mean(np.abs(np.nan_to_num(null)) >= abs(rho) - 1e-12)
    if incomplete == "nan":
        observed = observed.reindex(pairs)  # the two pairs back, without a value
    assert mantel_test(model, observed, 999, seed=0) == pytest.approx((rho, expected, 120, True))
