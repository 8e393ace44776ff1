import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from scipy.stats import multivariate_normal, norm

from constructlens.polychoric import bivariate_normal_cdf, polychoric_correlations, polychoric_influence
from constructlens.responses import pairwise_correlations

CUTS = ([-1.0, 0.0, 0.5, 1.5], [-0.5, 0.3, 1.2], [0.8, 1.6])  # 5, 4 and 3 categories, skewed


def categorised(correlation: np.ndarray, n: int, seed: int) -> np.ndarray:
    """Normal variables of ``correlation`` cut into ordered categories at ``CUTS`` (coded 1, 2, …)."""
    rng = np.random.default_rng(seed)
    latent = rng.multivariate_normal(np.zeros(len(correlation)), correlation, size=n)
    return np.column_stack([np.digitize(latent[:, i], CUTS[i]) + 1 for i in range(len(correlation))]).astype(
        float
    )


@pytest.mark.parametrize(
    "h, k, rho, error",
    [
        (0.3, -0.5, 0.4, 1e-8),
        (1.2, 0.8, 0.9, 1e-8),
        (-1.0, -1.0, -0.7, 1e-8),
        (0.5, 0.5, 0.98, 1e-8),
        (-0.5, 0.25, 0.99, 1e-8),
        (-0.25, 0.0, -0.999, 5e-6),  # the largest |correlation| estimated: the quadrature's worst
    ],
)
def test_the_bivariate_normal_cdf_agrees_with_scipys(h, k, rho, error):
    expected = multivariate_normal.cdf([h, k], [0, 0], [[1, rho], [rho, 1]], abseps=1e-13, releps=1e-13)
    assert bivariate_normal_cdf(np.array(h), np.array(k), np.array(rho)) == pytest.approx(expected, abs=error)


def test_polychoric_correlations_recover_the_latent_ones_that_pearsons_understate():
    truth = np.array([[1, 0.5, -0.3], [0.5, 1, 0.6], [-0.3, 0.6, 1]])
    answers = categorised(truth, 20000, seed=0)
    r, n = polychoric_correlations(answers)
    assert np.allclose(r, truth, atol=0.03)
    pearson, _ = pairwise_correlations(answers)
    upper = np.triu_indices(3, k=1)
    assert (np.abs(pearson[upper]) < np.abs(r[upper]) - 0.05).all()
    assert (n == 20000).all()
    reversed_first = answers.copy()
    reversed_first[:, 0] = 6 - answers[:, 0]  # a reverse-keyed item's answers
    flipped, _ = polychoric_correlations(reversed_first)
    assert flipped[0, 1] == pytest.approx(-r[0, 1], abs=1e-6) and flipped[1, 2] == pytest.approx(r[1, 2])


def two_step_likelihood(answers: np.ndarray):
    """The minus log-likelihood of two columns' table of answers given together as a
    function of the correlation, each column's thresholds from all its own answers (Olsson's
    two-step estimate), by scipy's bivariate normal cdf to 1e-12."""
    own = [column[~np.isnan(column)] for column in answers.T]
    levels = [np.unique(column) for column in own]
    cuts = [
        np.concatenate(
            [[-9.0], norm.ppf(np.cumsum([np.mean(column == level) for level in values])[:-1]), [9.0]]
        )
        for column, values in zip(own, levels, strict=True)
    ]
    x, y = answers[~np.isnan(answers).any(axis=1)].T
    table = np.array([[np.sum((x == a) & (y == b)) for b in levels[1]] for a in levels[0]])

    def minus_log_likelihood(rho):
        law = multivariate_normal([0, 0], [[1, rho], [rho, 1]], abseps=1e-12, releps=1e-12)
        cdf = np.array([[law.cdf([h, k]) for k in cuts[1]] for h in cuts[0]])
        cells = cdf[1:, 1:] - cdf[:-1, 1:] - cdf[1:, :-1] + cdf[:-1, :-1]
        return -(table * np.log(np.maximum(cells, 1e-300))).sum()

    return minus_log_likelihood


def test_each_pair_is_the_maximum_likelihood_estimate_of_its_own_table():
    answers = categorised(np.array([[1, 0.4], [0.4, 1]]), 500, seed=1)
    r, _ = polychoric_correlations(answers)
    best = minimize_scalar(
        two_step_likelihood(answers), bounds=(-0.99, 0.99), method="bounded", options={"xatol": 1e-7}
    )
    assert r[0, 1] == pytest.approx(best.x, abs=1e-4)


def test_the_estimate_is_the_likelihoods_maximum_for_small_skewed_and_sparse_tables():
    """Fisher scoring inside a shrinking bracket stops at the maximum, whatever the table: few
    people, skewed answers, two to six categories, empty cells, a missing answer; where the
    likelihood keeps rising to a limit (a table with zero cells in a corner), at that limit."""
    rng = np.random.default_rng(11)
    checked = 0
    for n in (25, 60, 400):
        for _ in range(6):
            rho = rng.uniform(-0.95, 0.95)
            latent = rng.multivariate_normal([0, 0], [[1, rho], [rho, 1]], size=n)
            cuts = [np.sort(rng.normal(0.6, 1.0, size=rng.integers(1, 6))) for _ in range(2)]
            answers = np.column_stack([np.digitize(latent[:, i], cuts[i]) for i in range(2)]).astype(float)
            answers[0, 1] = np.nan
            r, _ = polychoric_correlations(answers)
            if np.isnan(r[0, 1]):
                continue
            likelihood = two_step_likelihood(answers)
            best = minimize_scalar(
                likelihood, bounds=(-0.999, 0.999), method="bounded", options={"xatol": 1e-9}
            )
            assert likelihood(r[0, 1]) <= likelihood(best.x) + 1e-9, (n, rho, cuts)
            if abs(best.x) < 0.99:  # where it is not flat: the same correlation
                assert r[0, 1] == pytest.approx(best.x, abs=1e-6), (n, rho, cuts)
            checked += 1
    assert checked >= 15


def test_pairs_answered_together_by_too_few_or_without_variety_get_no_correlation():
    answers = categorised(np.eye(3) * 0.5 + 0.5, 200, seed=2)
    answers[:195, 2] = np.nan  # 5 people answered the third item
    answers[:, 1] = np.where(np.arange(200) < 100, answers[:, 1], np.nan)
    answers[:100, 0] = np.where(np.isnan(answers[:100, 1]), np.nan, 2.0)  # one answer where both are given
    r, n = polychoric_correlations(answers)
    assert np.isnan(r[0, 2]) and n[0, 2] == 5  # too few together
    assert np.isnan(r[0, 1])  # the first item does not vary where the second is answered
    assert (np.diag(r) == 1).all()


def test_answers_on_more_than_ten_categories_are_refused():
    answers = np.column_stack([np.arange(100) % 11, np.arange(100) % 3]).astype(float)
    with pytest.raises(ValueError, match="a column has 11 categories, more than 10"):
        polychoric_correlations(answers)


def test_each_respondents_influence_is_what_leaving_them_out_changes():
    truth = np.array([[1, 0.5, -0.3], [0.5, 1, 0.6], [-0.3, 0.6, 1]])
    answers = categorised(truth, 3000, seed=0)
    answers[np.random.default_rng(5).random(answers.shape) < 0.1] = np.nan  # one item, or none, of some pairs
    r, _ = polychoric_correlations(answers)
    first, second = np.triu_indices(3, k=1)
    influence = polychoric_influence(answers, r)
    psi = influence(first, second)
    assert np.abs(psi.mean(axis=0)).max() < 1e-6  # the estimates solve their equations
    assert (influence(second, first, [3, 1]) == psi[[3, 1]]).all()
    for row in range(12):
        left_out, _ = polychoric_correlations(np.delete(answers, row, axis=0))
        jackknife = (len(answers) - 1) * (r[first, second] - left_out[first, second])
        np.testing.assert_allclose(psi[row], jackknife, rtol=0.03, atol=0.05)
    assert np.isnan(polychoric_influence(answers, np.full((3, 3), np.nan))(first, second)).all()
