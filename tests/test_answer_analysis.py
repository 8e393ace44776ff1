import numpy as np
import pandas as pd
import pytest

from constructlens import responses
from constructlens.answer_analysis import answer_evidence, answer_tables
from constructlens.metrics import make_item_set

from .simulated_responses import answers, questionnaire

SETTINGS = {"bootstrap_resamples": 200, "permutations": 199}


def item_sets(items: pd.DataFrame) -> dict:
    """A model that reads each item as its construct (plus noise), and one that reads noise."""
    rng = np.random.default_rng(3)
    centres = {c: rng.normal(size=16) for c in sorted(set(items["construct"]))}
    aligned = {
        t: centres[c] + 0.3 * rng.normal(size=16)
        for c, t in zip(items["construct"], items["text"], strict=True)
    }
    noise = {t: rng.normal(size=16) for t in items["text"]}
    return {name: make_item_set(items, vectors) for name, vectors in (("aligned", aligned), ("noise", noise))}


@pytest.fixture(scope="module")
def study():
    items = questionnaire()
    data = answers(items, n=600)
    return items, data, answer_evidence(items, data, "pearson", "answers.csv", 200, seed=1)


def test_the_evidence_is_the_answers_own_and_the_tables_follow_the_selected_model(study):
    items, data, evidence = study
    models = item_sets(items)
    aligned = answer_tables(evidence, items, data, models, "aligned", SETTINGS, seed=1)
    noise = answer_tables(evidence, items, data, models, "noise", SETTINGS, seed=1)
    assert set(aligned) == {
        "agreement",
        "scales",
        "item_fit",
        "pairs",
        "summary",
        "factors",
        "measurement",
        "residuals",
    }
    pairs = {
        best: t["pairs"].set_index(["construct_a", "construct_b"]).sort_index()
        for best, t in (("a", aligned), ("n", noise))
    }
    # what the answers say is one, whichever model is selected ...
    answers_columns = [*responses.HTMT_COLUMNS, *responses.CFA_COLUMNS, "r", "answers_separability"]
    pd.testing.assert_frame_equal(pairs["a"][answers_columns], pairs["n"][answers_columns])
    model_columns = ["distinctiveness"]
    pd.testing.assert_frame_equal(
        aligned["scales"].drop(columns=model_columns), noise["scales"].drop(columns=model_columns)
    )
    # ... and recovers the factors' correlations, signed as the factors are
    for (a, b), expected in {("Calm", "Kind"): 0.5, ("Calm", "Tidy"): 0.0, ("Kind", "Tidy"): -0.3}.items():
        assert pairs["a"].loc[(a, b), "cfa_r"] == pytest.approx(expected, abs=0.1)
        assert pairs["a"].loc[(a, b), "cfa_joint_r"] == pytest.approx(expected, abs=0.1)
    # one model of the three scales, the answers drawn from it: it fits
    measurement = aligned["measurement"].iloc[0]
    assert (measurement["scales"], measurement["items"], measurement["respondents"]) == (3, 12, 600)
    assert measurement["rmsea"] < 0.05 and measurement["cfi"] > 0.95
    # the model's columns are the selected model's: its constructs apart, noise's not
    assert (pairs["a"]["separability"] > 0.9).all()
    assert (pairs["n"]["separability"] < 0.8).all()
    assert aligned["agreement"]["correlation"].eq("pearson").all()
    assert aligned["scales"]["alpha"].notna().all()
    assert (aligned["scales"]["distinctiveness"] > noise["scales"]["distinctiveness"]).all()


def test_polychoric_evidence_disattenuates_by_the_alpha_of_the_scores_as_observed(study):
    items, data, pearson = study
    polychoric = answer_evidence(items, data, "polychoric", "answers.csv", 0, seed=1)
    assert pearson.observed_alpha is None
    expected = pearson.scales.set_index("construct")["alpha"]
    pd.testing.assert_series_equal(polychoric.observed_alpha, expected)
    assert (polychoric.scales["alpha"].to_numpy() > expected.to_numpy()).all()  # five categories: r too low


def test_item_sets_of_other_items_than_the_evidences_are_refused(study):
    items, data, evidence = study
    fewer = items[items["text"] != items["text"].iloc[0]]
    with pytest.raises(ValueError, match="do not hold the answered items"):
        answer_tables(evidence, fewer, data, item_sets(fewer), "aligned", SETTINGS, seed=1)


def test_normal_theory_evidence_keeps_the_estimates_and_takes_errors_and_chi_square_from_normal_theory(study):
    items, data, robust = study
    normal = answer_evidence(items, data, "pearson", "answers.csv", 0, seed=1, errors="normal")
    assert (
        normal.measurement["chi2_scaling"].isna().all() and robust.measurement["chi2_scaling"].notna().all()
    )
    for name in ("cfa_r", "cfa_srmr", "cfa_joint_r"):
        np.testing.assert_allclose(normal.scale_pairs[name], robust.scale_pairs[name])
    widths = [
        table["cfa_r_ci_high"] - table["cfa_r_ci_low"] for table in (normal.scale_pairs, robust.scale_pairs)
    ]
    assert not np.allclose(*widths) and not np.allclose(
        normal.measurement["chi2"], robust.measurement["chi2"]
    )
