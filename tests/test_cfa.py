import numpy as np
import pandas as pd
import pytest
from scipy.optimize import approx_fprime, check_grad

from constructlens import cfa
from constructlens.polychoric import polychoric_correlations, polychoric_influence
from constructlens.responses import pairwise_correlations, pearson_influence, scale_items

from .conftest import BENCHMARKS, benchmark_module
from .simulated_responses import simulate_responses


def correlated(answers: pd.DataFrame, correlate=pairwise_correlations) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The answers' correlations and respondents per pair, named by item."""
    return tuple(
        pd.DataFrame(m, index=answers.columns, columns=answers.columns) for m in correlate(answers.to_numpy())
    )


LOADINGS = np.array([0.7, 0.6, 0.8, 0.5, 0.65, 0.75, 0.55])
FIRST = 4  # the first four items measure one factor, the last three the other
FACTORS = cfa.two_factors(FIRST, 7)


def model_correlations(r: float, loadings: np.ndarray = LOADINGS) -> np.ndarray:
    return cfa.implied(loadings, 1 - loadings**2, [r], FACTORS)


def test_the_gradient_and_the_expected_information_are_those_of_the_discrepancy():
    sample = model_correlations(0.6) + np.diag(np.linspace(0.0, 0.05, 7))  # a misfit: G is not 0
    theta = np.concatenate([LOADINGS + 0.05, 1 - LOADINGS**2, [0.4]])
    assert (
        check_grad(
            lambda t: cfa._objective(t, sample, FACTORS)[0],
            lambda t: cfa._objective(t, sample, FACTORS)[1],
            theta,
        )
        < 1e-5
    )
    # where the model fits exactly, the discrepancy's Hessian is twice one respondent's information
    exact = np.concatenate([LOADINGS, 1 - LOADINGS**2, [0.6]])
    hessian = np.array(
        [
            approx_fprime(
                exact, lambda t, i=i: cfa._objective(t, model_correlations(0.6), FACTORS)[1][i], 1e-6
            )
            for i in range(len(exact))
        ]
    )
    information = cfa.expected_information(
        cfa.FactorFit(LOADINGS, 1 - LOADINGS**2, FACTORS, np.array([0.6]), np.array([]))
    )
    assert np.allclose(hessian, 2 * information, atol=1e-4)


@pytest.mark.parametrize("r", [0.6, -0.4, 0.95])
def test_the_fit_recovers_the_factor_correlation_signed_by_the_first_items(r):
    fit = cfa.two_factor_fit(model_correlations(r), FIRST, 500)
    assert fit.r == pytest.approx(r, abs=1e-6)
    assert np.allclose(fit.loadings, LOADINGS, atol=1e-5) and fit.se > 0
    flipped = np.where(np.arange(7) < FIRST, -1.0, 1.0)  # the first factor's items all reversed
    mirrored = cfa.two_factor_fit(model_correlations(r) * np.outer(flipped, flipped), FIRST, 500)
    assert mirrored.r == pytest.approx(-r, abs=1e-6) and (mirrored.loadings > 0).all()
    assert mirrored.se == pytest.approx(fit.se, rel=1e-4)


def test_the_interval_covers_the_factor_correlation_as_often_as_it_says():
    rng = np.random.default_rng(0)
    estimates, errors = [], []
    for _ in range(200):
        answers = rng.multivariate_normal(np.zeros(7), model_correlations(0.6), size=200)
        fit = cfa.two_factor_fit(np.corrcoef(answers, rowvar=False), FIRST, 200)
        estimates.append(fit.r)
        errors.append(fit.se)
    estimates, errors = np.array(estimates), np.array(errors)
    assert np.mean(errors) == pytest.approx(np.std(estimates), rel=0.15)
    assert 0.9 <= np.mean(np.abs(estimates - 0.6) <= 1.96 * errors) <= 0.99


def test_the_residuals_say_whether_two_factors_account_for_the_correlations():
    exact = model_correlations(0.6)
    fit = cfa.two_factor_fit(exact, FIRST, 500)
    assert cfa.srmr(exact, fit) == pytest.approx(0.0, abs=1e-6)
    doublet = exact.copy()  # two items of the first scale share more than their factor
    doublet[0, 1] = doublet[1, 0] = exact[0, 1] + 0.3
    misfit = cfa.two_factor_fit(doublet, FIRST, 500)
    residual = doublet - cfa.implied(misfit.loadings, misfit.uniquenesses, misfit.correlations, FACTORS)
    by_hand = np.sqrt(sum(residual[i, j] ** 2 for i in range(7) for j in range(i + 1)) / 28)
    assert cfa.srmr(doublet, misfit) == pytest.approx(by_hand) and by_hand > 0.02


def simulated_fit_statistics(r: float, samples: int, seed: int, n: int = 300) -> pd.DataFrame:
    """``fit_statistics`` of the two-factor model in ``samples`` samples of ``n`` answers from
    the model with factors correlating ``r``."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(samples):
        sample = np.corrcoef(
            rng.multivariate_normal(np.zeros(7), model_correlations(r), size=n), rowvar=False
        )
        rows.append(cfa.fit_statistics(sample, cfa.two_factor_fit(sample, FIRST, n), n))
    return pd.DataFrame(rows)


def test_chi_square_follows_its_distribution_where_the_model_holds_and_grows_where_it_does_not():
    table = simulated_fit_statistics(0.6, samples=400, seed=1)
    assert (table["cfa_df"] == 28 - 15).all()
    assert table["cfa_chi2"].mean() == pytest.approx(13, rel=0.1)  # a χ² of 13 df has mean 13
    assert 0.025 <= (table["cfa_chi2"] > 22.36).mean() <= 0.085  # its 95th percentile
    assert table["cfa_rmsea"].median() < 0.02 and table["cfa_cfi"].median() > 0.99
    doublet = model_correlations(0.6)
    doublet[0, 1] = doublet[1, 0] = doublet[0, 1] + 0.3
    misfit = cfa.fit_statistics(doublet, cfa.two_factor_fit(doublet, FIRST, 2000), 2000)
    assert misfit["cfa_chi2"] > 22.36 and misfit["cfa_rmsea"] > 0.07 and misfit["cfa_cfi"] < 0.98
    exact = model_correlations(0.6)
    fits = cfa.fit_statistics(exact, cfa.two_factor_fit(exact, FIRST, 2000), 2000)
    assert (
        fits["cfa_chi2"] == pytest.approx(0.0, abs=1e-6) and fits["cfa_rmsea"] == 0 and fits["cfa_cfi"] == 1
    )


@pytest.mark.parametrize("r, rejected", [(1.0, False), (0.95, True), (0.6, True), (-1.0, False)])
def test_one_factor_fits_worse_than_two_unless_the_factors_are_one(r, rejected):
    # the population's correlations at 2,000 respondents: Δχ² is its expectation less 1
    exact = model_correlations(r)
    fit = cfa.two_factor_fit(exact, FIRST, 2000)
    statistics = cfa.fit_statistics(exact, fit, 2000)
    assert (statistics["cfa_one_factor_p"] < 0.05) == rejected
    if not rejected:  # one factor, or one and its reverse, reproduce them as well as two
        assert statistics["cfa_one_factor_delta_chi2"] == pytest.approx(0.0, abs=1e-6)
    assert cfa.one_factor_discrepancy(model_correlations(1.0)) == pytest.approx(0.0, abs=1e-9)


def test_one_factor_against_two_is_a_test_of_its_stated_level():
    p_values = simulated_fit_statistics(1.0, samples=200, seed=2)["cfa_one_factor_p"]
    assert 0.02 <= (p_values < 0.05).mean() <= 0.09


def polychoric_fit_statistics(r: float, samples: int, seed: int, n: int = 300) -> pd.DataFrame:
    """As ``simulated_fit_statistics``, the answers cut into five categories and correlated
    polychorically: ``fit_statistics`` with the respondents' influence (``robust_…``) and
    without it."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(samples):
        latent = rng.multivariate_normal(np.zeros(7), model_correlations(r), size=n)
        answers = np.digitize(latent, (-1.5, -0.5, 0.5, 1.5)).astype(float)
        sample, _ = polychoric_correlations(answers)
        spread = polychoric_influence(answers, sample)
        influence = cfa.Influence(n, spread.on)
        robust = cfa.fit_statistics(sample, cfa.two_factor_fit(sample, FIRST, n, influence), n)
        plain = cfa.fit_statistics(sample, cfa.two_factor_fit(sample, FIRST, n), n)
        rows.append({f"robust_{name}": value for name, value in robust.items()} | plain)
    return pd.DataFrame(rows)


def test_scaled_chi_square_keeps_its_level_from_polychoric_correlations_where_normal_theory_does_not():
    held = polychoric_fit_statistics(0.6, samples=150, seed=5)
    assert 0.01 <= (held["robust_cfa_chi2"] > 22.36).mean() <= 0.1  # χ² on 13 df: its 95th percentile
    assert (held["cfa_chi2"] > 22.36).mean() > 0.2  # taken for Pearson's r, far too often


def test_inconsistent_pairwise_correlations_get_no_fit_statistics():
    sample = model_correlations(0.6, np.full(7, 0.9))
    sample[0, 1] = sample[1, 0] = -0.5  # two items of one strong factor cannot correlate so
    assert np.linalg.eigvalsh(sample)[0] < 0
    fit = cfa.FactorFit(np.full(7, 0.9), np.full(7, 0.19), FACTORS, np.array([0.6]), np.array([]))
    statistics = cfa.fit_statistics(sample, fit, 300)
    assert statistics["cfa_df"] == 13
    assert all(np.isnan(value) for name, value in statistics.items() if name != "cfa_df")


def test_a_fit_whose_discrepancy_rounds_coarser_than_the_tolerance_converges(monkeypatch):
    # two uncorrelated scales of ten items, a tenth of the answers missing: the benchmark's pair
    # whose Newton decrement stalled at 1.04e-14, where no step lowered the discrepancy any more
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    items, answers = benchmark_module("responses_speed").simulated(1000, 2000, 42)
    members = scale_items(items, answers)
    r, _ = pairwise_correlations(answers[members["C007"] + members["C034"]].to_numpy())
    fit = cfa.two_factor_fit(r, 10, 2000)
    assert fit is not None and abs(fit.r) < 0.05 and fit.se > 0


@pytest.mark.parametrize(
    "low, high, expected",
    [
        (0.2, 0.75, "none"),
        (0.7, 0.85, "marginal"),
        (0.8, 0.95, "moderate"),
        (0.9, 1.02, "severe"),
        (-0.93, -0.7, "moderate"),
        (np.nan, np.nan, None),
    ],
)
def test_problems_are_classed_by_the_interval_end_farthest_from_zero(low, high, expected):
    assert cfa.problem(low, high) == expected


def questionnaire() -> pd.DataFrame:
    """Calm (4 items, one reverse keyed), Kind (4), Tidy (3) and Brief (2 items); the last
    Kind item is also a Tidy item."""
    constructs = ["Calm"] * 4 + ["Kind"] * 4 + ["Tidy"] * 3 + ["Brief"] * 2
    texts = [f"Item {i:02d}." for i in range(13)]
    items = pd.DataFrame({"construct": constructs, "text": texts, "key": [1, -1, 1, 1] + [1] * 9})
    shared = pd.DataFrame({"construct": ["Tidy"], "text": ["Item 07."], "key": [1]})
    return pd.concat([items, shared], ignore_index=True)


def test_the_table_reads_one_factor_under_two_names_as_severe_and_apart_ones_as_no_problem():
    items = questionnaire()
    single = items.drop_duplicates("text")
    factor_r = np.array(  # Brief, Calm, Kind, Tidy: Calm and Kind one factor, Tidy apart from it
        [[1.0, 0.3, 0.3, 0.0], [0.3, 1.0, 1.0, 0.2], [0.3, 1.0, 1.0, 0.2], [0.0, 0.2, 0.2, 1.0]]
    )
    answers = simulate_responses(
        single["text"].tolist(), single["construct"].tolist(), single["key"].tolist(), factor_r, 2000, 3
    )
    answers.iloc[::9, 2] = np.nan  # missing answers: the median pair's respondents
    table = cfa.discriminant_table(items, answers, *correlated(answers)).set_index(
        ["construct_a", "construct_b"]
    )
    assert table.index.tolist() == [
        ("Brief", "Calm"),
        ("Brief", "Kind"),
        ("Brief", "Tidy"),
        ("Calm", "Kind"),
        ("Calm", "Tidy"),
        ("Kind", "Tidy"),
    ]
    one = table.loc[("Calm", "Kind")]
    assert one["cfa_r"] == pytest.approx(1.0, abs=0.03) and one["cfa_problem"] == "severe"
    assert one["cfa_r_ci_low"] < one["cfa_r"] < one["cfa_r_ci_high"] and one["cfa_n"] == 2000
    # Tidy's item shared with Kind is answered as a Kind item, so like Calm's: with Calm, the
    # residuals show a scale that holds more than its factor
    assert table["cfa_srmr"].dropna().to_dict() == {
        ("Calm", "Kind"): pytest.approx(0, abs=0.03),
        ("Calm", "Tidy"): pytest.approx(0.18, abs=0.05),
        ("Kind", "Tidy"): pytest.approx(0, abs=0.03),
    }
    apart = table.loc[("Calm", "Tidy")]
    assert apart["cfa_r"] == pytest.approx(0.2, abs=0.08) and apart["cfa_problem"] == "none"
    assert table.loc[("Kind", "Tidy"), "cfa_r"] == pytest.approx(0.2, abs=0.08)  # without their shared item
    assert table.loc["Brief"]["cfa_r"].isna().all() and table.loc["Brief"]["cfa_problem"].isna().all()
    # one Tidy item fewer: three with Calm, but without the item it shares with Kind two → no estimate
    items.loc[items["text"].eq("Item 10."), "construct"] = "Other"
    again = cfa.discriminant_table(items, answers, *correlated(answers)).set_index(
        ["construct_a", "construct_b"]
    )
    assert (
        np.isnan(again.loc[("Kind", "Tidy"), "cfa_r"])
        and again.loc[("Calm", "Tidy"), "cfa_problem"] == "none"
    )


def test_polychoric_correlations_give_the_latent_factor_correlation():
    items = questionnaire().iloc[:8]
    factor_r = np.array([[1.0, 0.5], [0.5, 1.0]])
    answers = simulate_responses(
        items["text"].tolist(), items["construct"].tolist(), items["key"].tolist(), factor_r, 3000, 4
    )
    pearson = cfa.discriminant_table(items, answers, *correlated(answers))
    r, counts = correlated(answers, polychoric_correlations)
    polychoric = cfa.discriminant_table(items, answers, r, counts, "polychoric")
    # both read the factors' correlation, which only the loadings' estimates differ on
    assert pearson["cfa_r"].iloc[0] == pytest.approx(0.5, abs=0.06)
    assert polychoric["cfa_r"].iloc[0] == pytest.approx(0.5, abs=0.06)
    # both intervals rest on the respondents' influence, unless normal theory is asked for
    values, signs = answers.to_numpy(dtype=float), items["key"].to_numpy(dtype=float)  # Calm's, then Kind's
    normal = cfa.discriminant_table(items, answers, r, counts, "polychoric", errors="normal")
    for table, correlate, spread_of in (
        (polychoric, polychoric_correlations, polychoric_influence),
        (pearson, pairwise_correlations, pearson_influence),
    ):
        found, _ = correlate(values)
        signed = found * np.outer(signs, signs)
        spread = spread_of(values, found)
        influence = cfa.Influence(
            3000, lambda i, j, spread=spread: lambda rows: spread(i, j, rows) * signs[i] * signs[j]
        )
        half = (table["cfa_r_ci_high"] - table["cfa_r_ci_low"]).iloc[0] / 2
        assert half == pytest.approx(1.959964 * cfa.two_factor_fit(signed, 4, 3000, influence).se, abs=2e-6)
    half = (normal["cfa_r_ci_high"] - normal["cfa_r_ci_low"]).iloc[0] / 2
    signed = r.to_numpy() * np.outer(signs, signs)
    assert half == pytest.approx(1.959964 * cfa.two_factor_fit(signed, 4, 3000).se, abs=2e-6)
    assert half != pytest.approx(
        (polychoric["cfa_r_ci_high"] - polychoric["cfa_r_ci_low"]).iloc[0] / 2, rel=0.01
    )
    with pytest.raises(ValueError, match="errors must be one of"):
        cfa.discriminant_table(items, answers, r, counts, errors="ML")


@pytest.mark.parametrize("pair", [(0, 5), (1, 2), (4, 6)])  # across the scales, within each
def test_the_sandwich_moves_the_factor_correlation_as_refitting_does(pair):
    sample = model_correlations(0.6)
    first, second = np.triu_indices(7, 1)
    one_hot = ((first == pair[0]) & (second == pair[1])).astype(float)
    # one respondent pulling one item correlation by 1: the error is the derivative's size
    influence = cfa.Influence(
        1, lambda i, j: lambda rows: one_hot[None, np.searchsorted(first * 7 + second, i * 7 + j)]
    )
    fit = cfa.two_factor_fit(sample, FIRST, 500, influence)
    moved = sample.copy()
    moved[pair] = moved[pair[::-1]] = sample[pair] + 1e-5
    slope = (cfa.two_factor_fit(moved, FIRST, 500).r - fit.r) / 1e-5
    assert fit.se == pytest.approx(abs(slope), rel=1e-3) and abs(slope) > 0.01


def pearson_answers(r: float, seed: int) -> tuple[np.ndarray, cfa.Influence]:
    """The correlations of 3,000 normal answers from the model with factors correlating ``r``,
    and each respondent's influence on them."""
    rng = np.random.default_rng(seed)
    answers = rng.multivariate_normal(np.zeros(7), model_correlations(r), size=3000)
    sample, _ = pairwise_correlations(answers)
    return sample, cfa.Influence(3000, pearson_influence(answers, sample).on)


def skewed_answers(rng: np.random.Generator, n: int, skewed_factors: bool, missing: float) -> np.ndarray:
    """Answers of ``n`` people from the model with factors correlating 0.6, its unique parts
    skewed (a standardised χ² of 1 df, kurtosis 15) and, if ``skewed_factors``, its factors
    too; a share ``missing`` of the answers not given."""
    skew = (rng.chisquare(1, size=(n, 9)) - 1) / np.sqrt(2)
    if skewed_factors:
        factors = np.column_stack([skew[:, 7], 0.6 * skew[:, 7] + 0.8 * skew[:, 8]])
    else:
        factors = rng.multivariate_normal([0.0, 0.0], [[1.0, 0.6], [0.6, 1.0]], size=n)
    answers = factors[:, FACTORS] * LOADINGS + skew[:, :7] * np.sqrt(1 - LOADINGS**2)
    answers[rng.random(answers.shape) < missing] = np.nan
    return answers


def pearson_fits(skewed_factors: bool, missing: float, samples: int, seed: int, n: int = 600) -> pd.DataFrame:
    """Per sample of ``skewed_answers``, the two-factor model's correlation, its standard
    error and χ² from Pearson's r (the median pair's respondents), robust (``robust_…``) and
    by normal theory."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(samples):
        answers = skewed_answers(rng, n, skewed_factors, missing)
        sample, counts = pairwise_correlations(answers)
        respondents = int(np.median(counts[np.triu_indices(7, 1)]))
        influence = cfa.Influence(n, pearson_influence(answers, sample).on)
        row = {}
        for prefix, spread in (("robust_", influence), ("", None)):
            fit = cfa.two_factor_fit(sample, FIRST, respondents, spread)
            chi_square = cfa.fit_statistics(sample, fit, respondents)["cfa_chi2"]
            row |= {f"{prefix}r": fit.r, f"{prefix}se": fit.se, f"{prefix}chi2": chi_square}
        rows.append(row)
    return pd.DataFrame(rows)


def test_from_pearsons_r_of_skewed_answers_with_gaps_the_scaled_chi_square_keeps_its_level():
    held = pearson_fits(skewed_factors=False, missing=0.2, samples=150, seed=6)
    assert 0.01 <= (held["robust_chi2"] > 22.36).mean() <= 0.09  # χ² on 13 df: its 95th percentile
    assert (held["chi2"] > 22.36).mean() > 0.13  # normal theory of the median pair's n: too often
    assert held["robust_chi2"].mean() == pytest.approx(13, rel=0.08)


def test_from_pearsons_r_of_skewed_answers_the_robust_error_follows_the_estimates_spread():
    fits = pearson_fits(skewed_factors=True, missing=0.1, samples=150, seed=7)
    spread = fits["robust_r"].std()
    assert fits["robust_se"].mean() == pytest.approx(spread, rel=0.15)
    assert fits["se"].mean() < 0.85 * spread  # normal theory: too narrow


def test_with_pearsons_influence_the_sandwich_agrees_with_normal_theory(monkeypatch):
    r, influence = pearson_answers(0.5, seed=3)
    normal_theory = cfa.two_factor_fit(r, FIRST, 3000)
    sandwich = cfa.two_factor_fit(r, FIRST, 3000, influence)
    assert sandwich.r == normal_theory.r
    assert sandwich.se == pytest.approx(normal_theory.se, rel=0.05)
    # the model holds, so its χ² has the mean of a χ² on its df, as normal theory says
    assert sandwich.spread.chi2_mean == pytest.approx(cfa.model_fit(r, normal_theory, 3000)["df"], rel=0.1)
    monkeypatch.setattr(cfa, "CHUNK_CELLS", 7 * 21)  # seven respondents a chunk
    chunked = cfa.two_factor_fit(r, FIRST, 3000, influence)
    assert chunked.se == pytest.approx(sandwich.se, rel=1e-12)
    assert chunked.spread.chi2_mean == pytest.approx(sandwich.spread.chi2_mean, rel=1e-12)
    assert chunked.spread.baseline_chi2_mean == pytest.approx(sandwich.spread.baseline_chi2_mean, rel=1e-12)
    # one factor under two names: the one-factor model holds too, and Δχ² keeps its scale
    one, influence = pearson_answers(1.0, seed=4)
    plain = cfa.fit_statistics(one, cfa.two_factor_fit(one, FIRST, 3000), 3000)
    scaled = cfa.fit_statistics(one, cfa.two_factor_fit(one, FIRST, 3000, influence), 3000)
    ratio = scaled["cfa_one_factor_delta_chi2"] / plain["cfa_one_factor_delta_chi2"]
    assert ratio == pytest.approx(1.0, abs=0.15)


THREE = np.repeat([0, 1, 2], [3, 4, 3])  # ten items measuring three factors
THREE_LOADINGS = np.array([0.7, 0.6, 0.8, 0.5, 0.65, 0.75, 0.55, 0.6, 0.7, 0.8])
THREE_R = np.array([0.5, -0.3, 0.2])  # factors 0–1, 0–2, 1–2


def test_the_respondents_pulls_read_through_the_factors_are_those_of_every_parameters_direction():
    rng = np.random.default_rng(0)
    first, second = np.triu_indices(10, 1)
    psi = rng.normal(size=(50, len(first)))  # fifty respondents' influence on the 45 item pairs
    influence = cfa.Influence(
        50, lambda i, j: lambda rows: psi[rows][:, np.searchsorted(first * 10 + second, i * 10 + j)]
    )
    free = np.ones(23, bool)
    free[12] = False  # a unique variance held at its bound
    uniquenesses = 1 - THREE_LOADINGS**2
    uniquenesses[2] = cfa.MIN_UNIQUENESS  # that one: D⁻¹ large
    pulls, weights, squares = cfa._spread_terms(THREE_LOADINGS, uniquenesses, THREE_R, THREE, free, influence)
    inverse = np.linalg.inv(cfa.implied(THREE_LOADINGS, uniquenesses, THREE_R, THREE))
    matrices = np.zeros((50, 10, 10))
    matrices[:, first, second] = matrices[:, second, first] = psi
    weighted = inverse @ matrices @ inverse  # AΨA, formed as it is
    a, b = cfa._directions(THREE_LOADINGS, THREE_R, THREE)  # ∂Σ/∂θ = ab' + ba', ½ tr(AΨA ∂Σ/∂θ) = a'AΨAb
    expected = np.einsum("pk,npk->kn", a[:, free], weighted @ b[:, free])
    assert np.allclose(pulls, expected, rtol=1e-9, atol=1e-9)
    assert np.allclose(weights, np.einsum("nij,nji->n", weighted, matrices) / 2, rtol=1e-9)
    assert np.allclose(squares, (psi**2).sum(axis=1))


def test_a_model_of_three_factors_has_the_gradient_and_information_of_its_discrepancy():
    exact = cfa.implied(THREE_LOADINGS, 1 - THREE_LOADINGS**2, THREE_R, THREE)
    sample = exact + np.diag(np.linspace(0.0, 0.05, 10))
    theta = np.concatenate([THREE_LOADINGS + 0.05, 1 - THREE_LOADINGS**2, THREE_R - 0.1])
    objective = lambda t: cfa._objective(t, sample, THREE)  # noqa: E731
    assert check_grad(lambda t: objective(t)[0], lambda t: objective(t)[1], theta) < 1e-5
    at = np.concatenate([THREE_LOADINGS, 1 - THREE_LOADINGS**2, THREE_R])
    hessian = np.array(
        [
            approx_fprime(at, lambda t, i=i: cfa._objective(t, exact, THREE)[1][i], 1e-6)
            for i in range(len(at))
        ]
    )
    fit = cfa.FactorFit(THREE_LOADINGS, 1 - THREE_LOADINGS**2, THREE, THREE_R, np.array([]))
    assert np.allclose(hessian, 2 * cfa.expected_information(fit), atol=1e-4)


def test_a_model_of_three_factors_recovers_their_correlations_and_fits_exactly():
    exact = cfa.implied(THREE_LOADINGS, 1 - THREE_LOADINGS**2, THREE_R, THREE)
    fit = cfa.factor_fit(exact, THREE, 500)
    assert np.allclose(fit.correlations, THREE_R, atol=1e-6) and (fit.errors > 0).all()
    assert np.allclose(fit.loadings, THREE_LOADINGS, atol=1e-5)
    statistics = cfa.model_fit(exact, fit, 500)
    assert statistics["df"] == 55 - (20 + 3)
    assert statistics["chi2"] == pytest.approx(0.0, abs=1e-6) and statistics["chi2_p"] == pytest.approx(1.0)
    assert statistics["rmsea"] == 0 and statistics["rmsea_ci_low"] == statistics["rmsea_ci_high"] == 0
    assert (
        statistics["cfi"] == 1 and statistics["tli"] > 1 and statistics["srmr"] == pytest.approx(0, abs=1e-6)
    )
    reversed_first = np.where(THREE == 0, -1.0, 1.0)  # the first factor's items all reversed
    mirrored = cfa.factor_fit(exact * np.outer(reversed_first, reversed_first), THREE, 500)
    assert np.allclose(mirrored.correlations, THREE_R * [-1, -1, 1], atol=1e-6)


def test_the_rmsea_interval_holds_the_chi_square_at_its_quantiles():
    from scipy.stats import ncx2

    low, high = cfa.rmsea_interval(150.0, 50, 401)
    assert 0 < low < np.sqrt((150 - 50) / (50 * 400)) < high
    assert ncx2.cdf(150.0, 50, low**2 * 50 * 400) == pytest.approx(0.95, abs=1e-6)
    assert ncx2.cdf(150.0, 50, high**2 * 50 * 400) == pytest.approx(0.05, abs=1e-6)
    assert cfa.rmsea_interval(40.0, 50, 401)[0] == 0.0  # a χ² below its df: no misfit ruled in


def test_the_measurement_model_leaves_out_shared_items_and_scales_too_short_to_measure():
    items = questionnaire()  # Brief has two items; Kind and Tidy share one
    single = items.drop_duplicates("text")
    factor_r = np.array(
        [[1.0, 0.3, 0.3, 0.0], [0.3, 1.0, 0.6, 0.2], [0.3, 0.6, 1.0, 0.2], [0.0, 0.2, 0.2, 1.0]]
    )
    answers = simulate_responses(
        single["text"].tolist(), single["construct"].tolist(), single["key"].tolist(), factor_r, 3000, 5
    )
    model = cfa.measurement_model(items, answers, *correlated(answers))
    row = model.fit.iloc[0]
    assert (row["scales"], row["items"], row["respondents"]) == (3, 10, 3000)  # Item 07 left out
    assert row["scales_left_out"] == "Brief" and row["note"] == "" and row["df"] == 55 - 23
    assert row["items_left_out"] == "Item 07."  # Kind's and Tidy's
    assert row["rmsea"] < 0.05 and row["cfi"] > 0.95 and row["srmr"] < 0.05
    assert model.residuals.empty  # answers drawn from the model: no correlation it misses by 0.1
    joint = model.pairs.set_index(["construct_a", "construct_b"])
    assert joint.index.tolist() == [("Calm", "Kind"), ("Calm", "Tidy"), ("Kind", "Tidy")]
    assert joint["cfa_joint_r"].to_numpy() == pytest.approx([0.6, 0.2, 0.2], abs=0.06)
    assert (joint["cfa_joint_problem"] == "none").all()
    # two scales with no items shared: the model of both is the pair's two-factor model
    two = items[items["construct"].isin(["Calm", "Tidy"])]
    model = cfa.measurement_model(two, answers, *correlated(answers))
    fit, pairs = model.fit, model.pairs
    pair = cfa.discriminant_table(two, answers, *correlated(answers)).iloc[0]
    assert pairs["cfa_joint_r"].iloc[0] == pair["cfa_r"]
    assert pairs["cfa_joint_r_ci_low"].iloc[0] == pair["cfa_r_ci_low"]
    assert fit["chi2"].iloc[0] == pair["cfa_chi2"] and fit["srmr"].iloc[0] == pair["cfa_srmr"]


def test_both_models_at_once_are_those_of_each_alone():
    items = questionnaire()
    single = items.drop_duplicates("text")
    answers = simulate_responses(
        single["text"].tolist(), single["construct"].tolist(), single["key"].tolist(), np.eye(4), 400, 7
    )
    answers.iloc[::7, 3] = np.nan
    pairs, model = cfa.factor_models(items, answers, *correlated(answers))
    pd.testing.assert_frame_equal(pairs, cfa.discriminant_table(items, answers, *correlated(answers)))
    alone = cfa.measurement_model(items, answers, *correlated(answers))
    for found, expected in (
        (model.fit, alone.fit),
        (model.pairs, alone.pairs),
        (model.residuals, alone.residuals),
    ):
        pd.testing.assert_frame_equal(found, expected)
    assert pairs["cfa_r"].notna().any() and model.fit["chi2_scaling"].notna().all()


def test_the_measurement_model_says_why_it_has_no_fit():
    items = questionnaire()
    single = items.drop_duplicates("text")
    answers = simulate_responses(
        single["text"].tolist(), single["construct"].tolist(), single["key"].tolist(), np.eye(4), 500, 6
    )
    model = cfa.measurement_model(items[items["construct"] == "Calm"], answers, *correlated(answers))
    fit, pairs = model.fit, model.pairs
    assert fit["note"].iloc[0] == "fewer than two scales of 3 or more items of their own" and pairs.empty
    assert np.isnan(fit["chi2"].iloc[0])
    answers.loc[answers.index[:250], "Item 00."] = np.nan
    answers.loc[answers.index[250:], "Item 04."] = np.nan  # no one answered both
    model = cfa.measurement_model(items, answers, *correlated(answers))
    fit, pairs = model.fit, model.pairs
    assert model.residuals.empty
    assert fit["note"].iloc[0].startswith("no respondent answered both items of some pair") and pairs.empty


def test_the_residuals_name_the_items_that_go_together_beyond_their_factors():
    items = questionnaire().iloc[:11]  # Calm, Kind and Tidy, no item shared
    answers = pd.DataFrame(columns=items["text"])  # which items were answered: all
    loadings = np.full(11, 0.7)
    exact = cfa.implied(loadings, 1 - loadings**2, [0.4, 0.2, 0.3], np.repeat([0, 1, 2], [4, 4, 3]))
    exact[1, 5] = exact[5, 1] = exact[1, 5] + 0.3  # a Calm and a Kind item share wording
    exact[1] *= -1  # Item 01 is reverse keyed: the answers correlate with the opposite sign
    exact[:, 1] *= -1
    r = pd.DataFrame(exact, index=items["text"], columns=items["text"])
    counts = pd.DataFrame(500, index=items["text"], columns=items["text"])
    residuals = cfa.measurement_model(items, answers, r, counts, errors="normal").residuals  # no answers
    assert residuals.columns.tolist() == cfa.RESIDUAL_COLUMNS
    top = residuals.iloc[0]
    assert (top["text_a"], top["construct_a"], top["text_b"], top["construct_b"]) == (
        "Item 01.",
        "Calm",
        "Item 05.",
        "Kind",
    )
    assert not top["same_scale"] and top["r"] == pytest.approx(-(0.7 * 0.7 * 0.4 + 0.3))
    assert top["residual"] == pytest.approx(top["r"] - top["implied_r"]) and top["residual"] < -0.1
    assert (residuals["residual"].abs() > cfa.RESIDUAL_BAR).all()
    assert residuals["residual"].abs().is_monotonic_decreasing


def test_fornell_and_larckers_own_criterion_sets_each_factors_ave_against_the_squared_correlation():
    items = questionnaire().iloc[:11]  # Calm (4 items), Kind (4), Tidy (3)
    loadings = np.array([0.7] * 8 + [0.8] * 3)
    factors = np.repeat([0, 1, 2], [4, 4, 3])
    exact = cfa.implied(loadings, 1 - loadings**2, [0.75, 0.3, 0.2], factors)
    exact[1] *= -1  # Item 01 is reverse keyed
    exact[:, 1] *= -1
    r = pd.DataFrame(exact, index=items["text"], columns=items["text"])
    counts = pd.DataFrame(500, index=items["text"], columns=items["text"])
    model = cfa.measurement_model(items, pd.DataFrame(columns=items["text"]), r, counts, errors="normal")
    fit = cfa.FactorFit(loadings, 1 - loadings**2, factors, np.array([0.75, 0.3, 0.2]), np.array([]))
    assert cfa.average_variance_extracted(fit) == pytest.approx([0.49, 0.49, 0.64])
    # Calm and Kind: AVE 0.49 each, below their squared correlation 0.5625; the others far above
    verdicts = model.pairs.set_index(["construct_a", "construct_b"])["cfa_joint_fornell_larcker"]
    assert verdicts.to_dict() == {("Calm", "Kind"): False, ("Calm", "Tidy"): True, ("Kind", "Tidy"): True}


def test_the_intervals_of_three_factors_correlations_cover_them_as_often_as_they_say():
    rng = np.random.default_rng(3)
    exact = cfa.implied(THREE_LOADINGS, 1 - THREE_LOADINGS**2, THREE_R, THREE)
    estimates, errors = [], []
    for _ in range(200):
        answers = rng.multivariate_normal(np.zeros(10), exact, size=200)
        fit = cfa.factor_fit(np.corrcoef(answers, rowvar=False), THREE, 200)
        estimates.append(fit.correlations)
        errors.append(fit.errors)
    estimates, errors = np.array(estimates), np.array(errors)
    assert errors.mean(axis=0) == pytest.approx(estimates.std(axis=0), rel=0.15)
    covered = (np.abs(estimates - THREE_R) <= 1.96 * errors).mean(axis=0)
    assert ((covered >= 0.9) & (covered <= 0.99)).all()
