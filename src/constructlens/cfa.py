"""Discriminant validity in the answers by confirmatory factor analysis: per pair of scales,
the correlation of two factors, each measured by its own scale's items, with its confidence
interval, classed as Rönkkö and Cho (2022) recommend (CICFA(sys)).

HTMT and the scale scores' correlation disattenuated by α (which Fornell and Larcker's
criterion squares) approximate this correlation; the two-factor model estimates it. The model is fitted by maximum likelihood to
the items' correlation matrix (fitting the covariances instead gives the same factor
correlation and standard error: the model is scale invariant), with both factors' variances
fixed at 1; the interval is the estimate ± 1.96 standard errors, taken from each respondent's
influence on the item correlations (a sandwich estimate), which also scales the model's χ² and
the indices made from it (``Spread``): Pearson's r of answers that are not normal, or not all
given, and polychoric correlations vary otherwise than normal theory of one sample size says.
``errors="normal"`` gives normal theory's instead, from the expected information, as SEM
packages' maximum likelihood does by default.
Beside it, the model's fit (χ², RMSEA, CFI, SRMR) and the likelihood-ratio test of Anderson and
Gerbing (1988): does one factor of both scales' items, the correlation fixed at 1, fit worse?

Beside the pairs, one model of all scales at once (``measurement_model``), the measurement
model a paper reports: its fit (χ², RMSEA with its interval, CFI, TLI, SRMR), every pair's
factor correlation in it, and the item pairs whose correlation it misses. Both are the same
k-factor model (``factor_fit``), k = 2 for a pair.
"""

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.linalg import LinAlgError, cho_factor, cho_solve
from scipy.optimize import brentq, minimize
from scipy.sparse import csr_array
from scipy.stats import chi2, ncx2, norm
from threadpoolctl import threadpool_limits

from .answer_files import MIN_SCALE_ITEMS, item_keys
from .polychoric import PolychoricInfluence, polychoric_influence
from .responses import (
    CFA_COLUMNS,
    OMEGA_MIN_ITEMS,
    PearsonInfluence,
    one_factor_loadings,
    pearson_influence,
    scale_items,
)

log = logging.getLogger(__name__)

LEVEL = 0.95  # of the factor correlation's interval
MIN_UNIQUENESS = 1e-3  # the smallest unique variance of an item (its correlation metric)
ITERATIONS = 500  # of Fisher scoring, at most
TOLERANCE = 1e-14  # converged: the step would lower the discrepancy by less (the Newton decrement)
GRADIENT_TOLERANCE = 1e-6  # the one-factor fit converged: no unique variance's gradient larger
PROBLEMS = ((1.0, "severe"), (0.9, "moderate"), (0.8, "marginal"))
"""Rönkkö and Cho's (2022) classes by the end of the interval farthest from 0: at least this
far, this problem; nearer than 0.8, none."""
SRMR_BAR = 0.08  # Hu and Bentler's (1999) bar: a model with a larger SRMR fits poorly
RMSEA_BAR, CFI_BAR = 0.06, 0.95  # their bars for RMSEA (at most) and CFI and TLI (at least)
COLUMNS = ["construct_a", "construct_b", *CFA_COLUMNS[: CFA_COLUMNS.index("cfa_n") + 1]]
JOINT_COLUMNS = CFA_COLUMNS[CFA_COLUMNS.index("cfa_n") + 1 :]  # of a pair in ``measurement_model``
ERRORS = ("robust", "normal")  # where standard errors and χ² come from: the answers, or normal theory
MODEL_NUMBERS = [
    "chi2",
    "chi2_p",
    "chi2_scaling",
    "rmsea",
    "rmsea_ci_low",
    "rmsea_ci_high",
    "cfi",
    "tli",
    "srmr",
]
RESIDUAL_BAR = 0.1  # a residual correlation larger in size is worth a look (Kline, 2016)
RESIDUAL_COLUMNS = [
    "text_a",
    "construct_a",
    "text_b",
    "construct_b",
    "same_scale",
    "r",
    "implied_r",
    "residual",
]
CHUNK_CELLS = 2_000_000  # respondents × item pairs held at once: 16 MB a matrix
MODEL_COLUMNS = [
    "scales",
    "items",
    "respondents",
    "df",
    *MODEL_NUMBERS,
    "scales_left_out",
    "items_left_out",
    "note",
]


@dataclass(frozen=True)
class Influence:
    """Each respondent's influence on the correlations of the fitted items: ``of(first,
    second)`` gives, as a function of the respondents ``rows``, their ψ on the items' pairs
    (positions in the fitted items), rows × pairs, with r̂ − r ≈ Σ ψ / N over all
    ``respondents`` (``responses.PearsonInfluence.on``, ``polychoric.PolychoricInfluence.on``)."""

    respondents: int
    of: Callable[[np.ndarray, np.ndarray], Callable[[slice], np.ndarray]]


@dataclass(frozen=True)
class Spread:
    """What the answers' own spread of the item correlations (``Influence``) changes in a fit,
    against normal theory: the mean of its χ² (``chi2_mean``) and of its baseline's, items that
    do not correlate (``baseline_chi2_mean``), where normal theory has their degrees of
    freedom; and per factor correlation its variance over the one normal theory gives
    (``variance_ratios``), which scales the χ² of fixing it."""

    chi2_mean: float
    baseline_chi2_mean: float
    variance_ratios: np.ndarray


@dataclass(frozen=True)
class FactorFit:
    """A factor model's estimates: each item's loading on the one factor it measures
    (``factors``: 0 to k − 1) and its unique variance, the factors' correlations (the k(k − 1)/2
    above the diagonal of their correlation matrix Φ, row by row) and their standard errors."""

    loadings: np.ndarray
    uniquenesses: np.ndarray
    factors: np.ndarray
    correlations: np.ndarray
    errors: np.ndarray
    spread: Spread | None = None  # None: normal theory

    @property
    def r(self) -> float:
        """The correlation of the first two factors: a two-factor model's only one."""
        return float(self.correlations[0])

    @property
    def se(self) -> float:
        """The standard error of ``r``."""
        return float(self.errors[0])

    def interval(self, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray]:
        """The Wald intervals of the factors' correlations."""
        half = norm.ppf(0.5 + level / 2) * self.errors
        return self.correlations - half, self.correlations + half


def two_factors(first: int, p: int) -> np.ndarray:
    """The factors of ``p`` items of two scales, the first ``first`` measuring one, the rest the other."""
    return (np.arange(p) >= first).astype(int)


def factor_correlations(correlations: np.ndarray, k: int) -> np.ndarray:
    """Φ: the k × k correlation matrix of factors whose correlations above the diagonal, row by
    row, are ``correlations``."""
    phi = np.eye(k)
    above = np.triu_indices(k, 1)
    phi[above] = correlations
    phi[above[::-1]] = correlations
    return phi


def implied(
    loadings: np.ndarray, uniquenesses: np.ndarray, correlations: np.ndarray, factors: np.ndarray
) -> np.ndarray:
    """The correlations the model implies, ΛΦΛ' + Ψ: each two items' loadings times their
    factors' correlation, plus the unique variances on the diagonal."""
    phi = factor_correlations(np.asarray(correlations, dtype=float), int(factors.max()) + 1)
    return np.outer(loadings, loadings) * phi[np.ix_(factors, factors)] + np.diag(uniquenesses)


def _loading_matrices(
    loadings: np.ndarray, correlations: np.ndarray, factors: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Λ, items × factors (each item's loading in its factor's column), and ΛΦ."""
    k = int(factors.max()) + 1
    by_factor = np.zeros((len(loadings), k))
    by_factor[np.arange(len(loadings)), factors] = loadings
    return by_factor, by_factor @ factor_correlations(correlations, k)


def _directions(
    loadings: np.ndarray, correlations: np.ndarray, factors: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per parameter (loadings, uniquenesses, correlations) the vectors a, b with
    ∂Σ/∂θ = ab' + ba'."""
    p, k = len(loadings), int(factors.max()) + 1
    by_factor, partners = _loading_matrices(loadings, correlations, factors)
    first, second = np.triu_indices(k, 1)
    eye = np.eye(p)
    a = np.hstack([eye, eye, by_factor[:, first]])
    b = np.hstack([partners[:, factors], eye / 2, by_factor[:, second]])
    return a, b


def _value(theta: np.ndarray, sample: np.ndarray, factors: np.ndarray) -> tuple[float, np.ndarray | None]:
    """The maximum-likelihood discrepancy log|Σ| + tr(SΣ⁻¹) (constants left out) at ``theta``
    (loadings, uniquenesses, correlations) and Σ⁻¹; infinite and None where Σ is not positive
    definite."""
    p = len(sample)
    sigma = implied(theta[:p], theta[p : 2 * p], theta[2 * p :], factors)
    sign, log_det = np.linalg.slogdet(sigma)
    if sign <= 0:
        return np.inf, None
    inverse = np.linalg.inv(sigma)
    return float(log_det + np.trace(sample @ inverse)), inverse


def _objective(theta: np.ndarray, sample: np.ndarray, factors: np.ndarray) -> tuple[float, np.ndarray]:
    """``_value``'s discrepancy and its gradient in (loadings, uniquenesses, correlations)."""
    value, inverse = _value(theta, sample, factors)
    if inverse is None:
        return value, np.zeros_like(theta)
    g = inverse - inverse @ sample @ inverse  # dF = tr(G dΣ)
    p = len(sample)
    a, b = _directions(theta[:p], theta[2 * p :], factors)
    return value, 2 * (a * (g @ b)).sum(axis=0)  # tr(G(ab' + ba')) = 2 a'Gb


def expected_information(fit: FactorFit) -> np.ndarray:
    """The expected information of one respondent about (loadings, uniquenesses, correlations):
    ½ tr(Σ⁻¹ ∂Σ/∂θᵢ Σ⁻¹ ∂Σ/∂θⱼ) at the estimates."""
    inverse = np.linalg.inv(implied(fit.loadings, fit.uniquenesses, fit.correlations, fit.factors))
    a, b = _directions(fit.loadings, fit.correlations, fit.factors)
    wa, wb = inverse @ a, inverse @ b
    information = a.T @ wa  # ½ · 2(R∘Rᵀ + P∘Q), in place: a model of 1,000 items has ~7,000 parameters
    information *= b.T @ wb
    ab = a.T @ wb
    information += ab * ab.T
    return information


def discrepancy(sample: np.ndarray, sigma: np.ndarray) -> float:
    """The maximum-likelihood discrepancy of implied correlations ``sigma`` from ``sample``,
    log|Σ| − log|S| + tr(SΣ⁻¹) − p: 0 where Σ reproduces S."""
    inverse = np.linalg.inv(sigma)
    return float(
        np.linalg.slogdet(sigma)[1] - np.linalg.slogdet(sample)[1] + np.trace(sample @ inverse) - len(sample)
    )


def _solve(information: np.ndarray, gradient: np.ndarray) -> np.ndarray:
    """The step x with ``information`` x = ``gradient``: by its Cholesky factor, which a model
    of thousands of parameters needs, or by least squares where it is not positive definite."""
    try:
        return cho_solve(cho_factor(information), gradient)
    except LinAlgError:
        return np.linalg.lstsq(information, gradient, rcond=None)[0]


def _fisher_scoring(theta: np.ndarray, sample: np.ndarray, factors: np.ndarray) -> np.ndarray | None:
    """The minimum of ``_objective`` from ``theta`` by Fisher scoring (the expected information
    in place of the Hessian), each step halved until the discrepancy falls, unique variances
    held at ``MIN_UNIQUENESS`` where they would fall below it, until a step would lower it by
    less than ``TOLERANCE`` or no halved step lowers it at all (rounding decides there whether it
    falls: a discrepancy of many items rounds coarser than ``TOLERANCE``); None without
    convergence."""
    p = len(sample)
    for _ in range(ITERATIONS):
        value, gradient = _objective(theta, sample, factors)
        fit = FactorFit(theta[:p], theta[p : 2 * p], factors, theta[2 * p :], np.array([]))
        held = np.r_[
            np.zeros(p, bool),
            (fit.uniquenesses <= MIN_UNIQUENESS) & (gradient[p : 2 * p] > 0),
            np.zeros(len(fit.correlations), bool),
        ]
        step = np.zeros_like(theta)
        free = ~held
        step[free] = _solve(2 * expected_information(fit)[np.ix_(free, free)], gradient[free])
        if gradient @ step < TOLERANCE:
            return theta
        for halving in range(40):
            trial = theta - step / 2**halving
            trial[p : 2 * p] = np.maximum(trial[p : 2 * p], MIN_UNIQUENESS)
            lowered = _value(trial, sample, factors)[0]
            if lowered <= value:
                break
        else:
            return None
        if lowered == value:  # at the minimum, to rounding
            return theta
        theta = trial
    return None


def _start(sample: np.ndarray, factors: np.ndarray) -> np.ndarray:
    """Where Fisher scoring starts: each factor's one-factor loadings of its own items, unique
    variances 1 − λ² (within 0.05 and 1), and each two factors' mean correlation across their
    items over the product of their mean loadings (within ±0.95), shrunk towards 0 until Φ is
    positive definite."""
    k = int(factors.max()) + 1
    members = [np.flatnonzero(factors == f) for f in range(k)]
    loadings = np.zeros(len(sample))
    for own in members:
        loadings[own] = one_factor_loadings(sample[np.ix_(own, own)])
    with np.errstate(divide="ignore", invalid="ignore"):  # a scale of uncorrelated items: 0 instead
        across = [
            sample[np.ix_(members[f], members[g])].mean()
            / (loadings[members[f]].mean() * loadings[members[g]].mean())
            for f, g in zip(*np.triu_indices(k, 1), strict=True)
        ]
    correlations = np.nan_to_num(np.array(across)).clip(-0.95, 0.95)
    while np.linalg.eigvalsh(factor_correlations(correlations, k))[0] < 0.05:
        correlations = correlations * 0.8
    return np.concatenate([loadings, np.clip(1 - loadings**2, 0.05, 1.0), correlations])


def _spread_terms(
    loadings: np.ndarray,
    uniquenesses: np.ndarray,
    correlations: np.ndarray,
    factors: np.ndarray,
    free: np.ndarray,
    influence: Influence,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per respondent, with Ψ their influence on the item correlations (symmetric, 0 on the
    diagonal) and A = Σ⁻¹ at these estimates: how they pull the likelihood's gradient, ½ tr(A
    ∂Σ/∂θ A Ψ) = a'AΨAb per ``free`` parameter (free × respondents; the sandwich's middle), their
    weight ½ tr(AΨAΨ) in the discrepancy, and Σ ψ² over the item pairs, in chunks of
    respondents. The a, b of ``_directions`` are read through the items' factors: AΨA times
    ΛΦ for the loadings, its diagonal for the unique variances, Λ'AΨAΛ for the correlations.

    A is a diagonal matrix less one of rank k (Woodbury): A = D⁻¹ − VHV', D the unique
    variances, V = D⁻¹Λ (one entry per row), H = Φ(I + Λ'D⁻¹ΛΦ)⁻¹, so AΛ = VK with K = I −
    HΛ'V; every term then passes through ΨV, each pair's ψ times two entries of V, and S =
    V'ΨV: p² + pk² operations a respondent, not the p³ of forming AΨA."""
    p, k = len(loadings), int(factors.max()) + 1
    phi = factor_correlations(correlations, k)
    by_factor, _ = _loading_matrices(loadings, correlations, factors)
    v = by_factor / uniquenesses[:, None]
    h = phi @ np.linalg.inv(np.eye(k) + by_factor.T @ v @ phi)
    correction = np.eye(k) - h @ (by_factor.T @ v)  # K: AΛ = VK
    own = np.arange(p), factors  # each item's entry of a p × k matrix: its own factor's
    own_v = v[own]
    first, second = np.triu_indices(p, 1)
    above = np.triu_indices(k, 1)
    pairs = np.arange(len(first))
    by_pair = csr_array(  # ψ → ΨV: pair (i, j) adds ψ vⱼ to (i, f(j)) and ψ vᵢ to (j, f(i))
        (
            np.r_[own_v[second], own_v[first]],
            (np.r_[pairs, pairs], np.r_[first * k + factors[second], second * k + factors[first]]),
        ),
        shape=(len(first), p * k),
    )
    pair_weights = 2 / (uniquenesses[first] * uniquenesses[second])  # tr(D⁻¹ΨD⁻¹Ψ) = Σ ψ² × these
    n, step = influence.respondents, max(1, CHUNK_CELLS // max(len(first), 1))
    of_rows = influence.of(first, second)
    pulls, weights, squares = np.empty((int(free.sum()), n)), np.empty(n), np.empty(n)
    for start in range(0, n, step):
        rows = slice(start, start + step)
        psi = of_rows(rows)
        through = (psi @ by_pair).reshape(len(psi), p, k)  # ΨV
        s = v.T @ through  # V'ΨV
        hs = h @ s
        by_loading = (through @ (correction @ phi))[:, own[0], own[1]] / uniquenesses - (
            own_v * (hs @ correction @ phi)[:, factors, factors]
        )  # (AΨAΛΦ)ᵢ, its own factor's: (D⁻¹ΨVKΦ − VHSKΦ)
        unique = (
            -2 * own_v / uniquenesses * (through @ h)[:, own[0], own[1]]
            + own_v**2 * (hs @ h)[:, factors, factors]
        )  # the diagonal of AΨA
        by_correlation = (correction.T @ s @ correction)[:, above[0], above[1]]  # Λ'AΨAΛ = K'SK
        every = np.hstack([by_loading, unique / 2, by_correlation])
        pulls[:, rows] = every[:, free].T
        squared = psi * psi
        weights[rows] = (  # ½ tr(AΨAΨ) = ½ (tr(D⁻¹ΨD⁻¹Ψ) − 2 tr(H(ΨV)'D⁻¹ΨV) + tr(HSHS))
            squared @ pair_weights
            - 2 * np.einsum("fg,ngf->n", h, (through / uniquenesses[:, None]).transpose(0, 2, 1) @ through)
            + np.einsum("nfg,ngf->n", hs, hs)
        ) / 2
        squares[rows] = squared.sum(axis=1)
    return pulls, weights, squares


def _robust(
    fit: FactorFit, free: np.ndarray, information: np.ndarray, influence: Influence, respondents: float
) -> FactorFit:
    """``fit`` with the standard errors of its factor correlations and its ``Spread`` taken from
    how the item correlations vary (``influence``), not from normal theory, which takes them for
    Pearson's r of ``respondents`` (the n of its χ², n times the discrepancy).

    θ̂ − θ ≈ I⁻¹Δ'W(r̂ − r), with I = Δ'WΔ the expected information about the ``free``
    parameters (``information``) and W the discrepancy's weight near its minimum, ½ tr(AXAY);
    so θ̂'s covariance is I⁻¹Δ'W Γ WΔI⁻¹ with Γ = ψ'ψ / N², the sandwich (Browne, 1984). And
    χ² ≈ n (r̂ − r)'U(r̂ − r), U = W − WΔI⁻¹Δ'W, has mean n tr(UΓ), the baseline's n tr(Γ)
    (Satorra & Bentler, 1994). All summed over respondents, without forming Γ."""
    pulls, weights, squares = _spread_terms(
        fit.loadings, fit.uniquenesses, fit.correlations, fit.factors, free, influence
    )
    inverse = np.linalg.pinv(information, hermitian=True)
    solved = inverse @ pulls
    n, count = influence.respondents, len(fit.correlations)  # the correlations come last
    variances = (solved[-count:] ** 2).sum(axis=1) / n**2
    spread = Spread(
        respondents * float((weights - (pulls * solved).sum(axis=0)).sum()) / n**2,
        respondents * float(squares.sum()) / n**2,
        variances / (np.diag(inverse)[-count:] / respondents),
    )
    return FactorFit(
        fit.loadings, fit.uniquenesses, fit.factors, fit.correlations, np.sqrt(variances), spread
    )


def factor_fit(
    sample: np.ndarray, factors: np.ndarray, respondents: float, influence: Influence | None = None
) -> FactorFit | None:
    """The model of items correlating as ``sample``, each measuring one of k correlated factors
    (``factors``, each of at least ``OMEGA_MIN_ITEMS`` items), fitted by maximum likelihood, each
    factor signed so that its loadings sum to 0 or more; the standard errors of the factors'
    correlations from the expected information of ``respondents`` − 1 (normal theory), or,
    given each respondent's ``influence`` on the item correlations, from that, with the means
    that scale its χ² (``_robust``): normal theory takes the correlations for Pearson's r of
    ``respondents`` normal answers, and polychoric correlations, skewed answers or answers not
    all given make its errors too small and its χ² too large. None where the fit does not converge. The
    correlations are not bounded: one above 1 in size says the two scales' answers are one
    factor's."""
    estimate = _fisher_scoring(_start(sample, factors), sample, factors)
    if estimate is None:
        return None
    p, k = len(sample), int(factors.max()) + 1
    signs = np.array([np.sign(estimate[:p][factors == f].sum()) or 1.0 for f in range(k)])
    first, second = np.triu_indices(k, 1)
    fit = FactorFit(
        estimate[:p] * signs[factors],
        estimate[p : 2 * p],
        factors,
        estimate[2 * p :] * signs[first] * signs[second],
        np.array([]),
    )
    free = np.r_[np.ones(p, bool), fit.uniquenesses > MIN_UNIQUENESS, np.ones(len(first), bool)]
    information = expected_information(fit)[np.ix_(free, free)]  # a bound unique variance is fixed
    if influence is not None:
        return _robust(fit, free, information, influence, respondents)
    covariance = np.linalg.pinv((respondents - 1) * information, hermitian=True)
    errors = np.sqrt(np.maximum(np.diag(covariance)[-len(first) :], 0.0))
    return FactorFit(fit.loadings, fit.uniquenesses, factors, fit.correlations, errors)


def two_factor_fit(
    sample: np.ndarray, first: int, respondents: float, influence: Influence | None = None
) -> FactorFit | None:
    """``factor_fit`` of two scales' items, the first ``first`` one scale's (``two_factors``)."""
    return factor_fit(sample, two_factors(first, len(sample)), respondents, influence)


def _concentrated(uniquenesses: np.ndarray, sample: np.ndarray) -> tuple[float, np.ndarray]:
    """The discrepancy of the best one-factor model with these unique variances Ψ, and its
    gradient in them (Jöreskog, 1967, as R's factanal computes them): with eᵢ the eigenvalues of
    Ψ^-½ S Ψ^-½, Σ over all but the largest of eᵢ − log eᵢ, less p − 1; the loadings from the
    largest one's eigenvector."""
    scale = 1 / np.sqrt(uniquenesses)
    values, vectors = np.linalg.eigh(sample * np.outer(scale, scale))
    rest = values[:-1]
    loadings = vectors[:, -1] * np.sqrt(max(values[-1] - 1, 0.0)) / scale
    gradient = (loadings**2 + uniquenesses - np.diag(sample)) / uniquenesses**2
    return float(np.sum(rest - np.log(rest)) - (len(sample) - 1)), gradient


def one_factor_discrepancy(sample: np.ndarray) -> float:
    """The discrepancy (``discrepancy``) of the best one-factor model of items correlating as
    ``sample`` — the two-factor model with the factors' correlation fixed at 1 in size — over
    unique variances between ``MIN_UNIQUENESS`` and 1 (``_concentrated``). NaN where the fit
    does not converge: the gradient, but where a bound holds a unique variance, not near 0."""
    p = len(sample)
    start = np.clip((1 - 0.5 / p) / np.diag(np.linalg.pinv(sample)), MIN_UNIQUENESS, 1.0)  # as factanal's
    found = minimize(
        _concentrated,
        start,
        args=(sample,),
        jac=True,
        method="L-BFGS-B",
        bounds=[(MIN_UNIQUENESS, 1.0)] * p,
        options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": ITERATIONS},
    )
    at_low, at_high = found.x <= MIN_UNIQUENESS, found.x >= 1.0
    free = np.where(
        at_low, np.minimum(found.jac, 0.0), np.where(at_high, np.maximum(found.jac, 0.0), found.jac)
    )
    return float(found.fun) if np.abs(free).max() < GRADIENT_TOLERANCE else float("nan")


def rmsea_interval(chi_square: float, df: int, respondents: int, level: float = 0.90) -> tuple[float, float]:
    """The ``level`` interval of RMSEA (as lavaan and Mplus give it, 90 % by convention): the
    noncentralities λ at which ``chi_square`` is the (1 + level)/2 and (1 − level)/2 quantile of
    a noncentral χ² on ``df``, as √(λ / (df (n − 1))); 0 where even λ = 0 puts it lower."""

    def noncentrality(quantile: float) -> float:
        if chi2.cdf(chi_square, df) <= quantile:
            return 0.0
        high = max(chi_square, 1.0)
        while ncx2.cdf(chi_square, df, high) > quantile:
            high *= 2
        return brentq(lambda nc: ncx2.cdf(chi_square, df, nc) - quantile, 1e-12, high, xtol=1e-10)

    scale = df * (respondents - 1)
    return tuple(float(np.sqrt(noncentrality(q) / scale)) for q in ((1 + level) / 2, (1 - level) / 2))


def model_fit(sample: np.ndarray, fit: FactorFit, respondents: int) -> dict:
    """Of the model ``fit`` to ``sample`` of ``respondents`` n: its χ² (n times its
    discrepancy, as lavaan and semopy compute it), its degrees of freedom df (p(p + 1)/2
    correlations and unique variances against 2p loadings and unique variances and the factors'
    correlations) and p-value, RMSEA √(max(χ² − df, 0) / (df (n − 1))) (Steiger, 1990) with its
    90 % interval (``rmsea_interval``), CFI (Bentler, 1990) and TLI (Tucker & Lewis, 1973) against
    items that do not correlate, SRMR (``srmr``), and ``chi2_scaling`` (NaN: not scaled). All
    but df and SRMR NaN where ``sample``
    is not positive definite (fewer respondents than items, or pairwise correlations that do
    not fit together), which no likelihood fits.

    Where ``fit`` has the means of its χ² and its baseline's (``Spread``), each χ² is scaled
    by its mean over its df, c (``chi2_scaling``; Satorra & Bentler, 1994), and the indices estimate what they would without the answers' spread, from χ² − c df,
    an estimate of n times the misfit, as robust ones do: RMSEA √(max(χ² − c df, 0) / (df (n −
    1))) with its interval from the scaled χ² times √c (Brosseau-Liard, Savalei & Li, 2012),
    CFI and TLI from that of the model and of its baseline (Brosseau-Liard & Savalei, 2014)."""
    p, n = len(sample), respondents
    df = p * (p + 1) // 2 - (2 * p + len(fit.correlations))
    nan = float("nan")
    found = {"df": df, "srmr": srmr(sample, fit)}
    if np.linalg.eigvalsh(sample)[0] <= 0:
        return dict.fromkeys([name for name in MODEL_NUMBERS if name not in found], nan) | found
    value = n * discrepancy(sample, implied(fit.loadings, fit.uniquenesses, fit.correlations, fit.factors))
    baseline_df = p * (p - 1) // 2
    baseline = -n * np.linalg.slogdet(sample)[1]  # χ² of items that do not correlate
    scale, baseline_scale = (
        (1.0, 1.0)
        if fit.spread is None
        else (
            fit.spread.chi2_mean / df,
            fit.spread.baseline_chi2_mean / baseline_df,
        )
    )
    excess = max(value - scale * df, 0.0)
    baseline_excess = max(baseline - baseline_scale * baseline_df, excess)
    scaled = value / scale
    low, high = (float(np.sqrt(scale) * end) for end in rmsea_interval(scaled, df, n))
    return found | {
        "chi2": scaled,
        "chi2_p": float(chi2.sf(scaled, df)),
        "chi2_scaling": nan if fit.spread is None else float(scale),
        "rmsea": float(np.sqrt(excess / (df * (n - 1)))),
        "rmsea_ci_low": low,
        "rmsea_ci_high": high,
        "cfi": float(1.0 - excess / baseline_excess) if baseline_excess > 0 else 1.0,
        "tli": float(1 - (value / df - scale) / (baseline / baseline_df - baseline_scale)),
    }


def fit_statistics(sample: np.ndarray, fit: FactorFit, respondents: int) -> dict:
    """Of a two-factor model of two scales' items (``two_factor_fit``): its χ², df, RMSEA and
    CFI (``model_fit``) and the likelihood-ratio test of one factor against two (Anderson &
    Gerbing, 1988): Δχ² (1 degree of freedom) and its p-value, small where one factor of both
    scales' items fits worse than two; NaN where ``model_fit``'s χ² is. Where ``fit`` has a
    ``Spread``, Δχ² is divided by its correlation's variance over
    the normal-theory one: Satorra and Bentler's (2010) scaled difference, which, both models
    taken at the two-factor estimates, cannot turn negative as their 2001 one can."""
    found = model_fit(sample, fit, respondents)
    delta = float("nan")
    if not np.isnan(found["chi2"]):
        two = discrepancy(sample, implied(fit.loadings, fit.uniquenesses, fit.correlations, fit.factors))
        delta = max(respondents * (one_factor_discrepancy(sample) - two), 0.0)
        if fit.spread is not None:
            delta /= fit.spread.variance_ratios[0]
    return {f"cfa_{name}": found[name] for name in ("chi2", "df", "rmsea", "cfi")} | {
        "cfa_one_factor_delta_chi2": delta,
        "cfa_one_factor_p": float(chi2.sf(delta, 1)),
    }


def problem(low: float, high: float) -> str | None:
    """Rönkkö and Cho's (2022) class of a factor correlation's interval (``PROBLEMS``): its end
    farthest from 0 at least 1 in size, severe; at least 0.9, moderate; at least 0.8, marginal;
    else none. None without an interval."""
    if np.isnan(low) or np.isnan(high):
        return None
    reach = max(abs(low), abs(high))
    return next((name for bar, name in PROBLEMS if reach >= bar), "none")


def srmr(sample: np.ndarray, fit: FactorFit) -> float:
    """The standardised root mean square residual of ``fit`` to the correlations ``sample``:
    the root mean square of their differences from the implied ones, over the correlations
    below and on the diagonal. Near 0, the factors account for the items' correlations;
    above ``SRMR_BAR``, a scale holds more than its one factor, or items of
    different scales go together beyond their factors."""
    residual = sample - implied(fit.loadings, fit.uniquenesses, fit.correlations, fit.factors)
    return float(np.sqrt(np.mean(residual[np.tril_indices(len(sample))] ** 2)))


def pair_estimates(
    sample: np.ndarray, first: int, respondents: int, influence: Influence | None = None
) -> dict | None:
    """The columns of ``discriminant_table`` for one pair of scales whose signed items
    correlate as ``sample`` (the first ``first`` items one scale's; ``influence``: see
    ``factor_fit``); None where the fit does not converge."""
    fit = two_factor_fit(sample, first, respondents, influence)
    if fit is None:
        return None
    low, high = (float(end[0]) for end in fit.interval())
    return {
        "cfa_r": fit.r,
        "cfa_r_ci_low": low,
        "cfa_r_ci_high": high,
        "cfa_problem": problem(low, high),
        "cfa_srmr": srmr(sample, fit),
        **fit_statistics(sample, fit, respondents),
        "cfa_n": respondents,
    }


@dataclass(frozen=True)
class _Scales:
    """A target's scales in its answers: each construct's scored items (``members``; ``names``,
    those scored as a scale), the items' correlations ``r`` and respondents per pair ``counts``
    at each text's ``position``, each (construct, text)'s scoring ``key``, and each
    respondent's influence on ``r`` (``spread``), which robust standard errors and χ² rest on
    (None: normal theory)."""

    members: dict[str, list[str]]
    names: list[str]
    r: np.ndarray
    counts: np.ndarray
    position: dict[str, int]
    key: pd.Series
    spread: PearsonInfluence | PolychoricInfluence | None

    def _order(self, groups: list[tuple[str, list[str]]]) -> tuple[np.ndarray, np.ndarray]:
        """The positions of the items of ``groups`` (a scale and its texts), in order, and
        each one's key in its scale."""
        order = np.array([self.position[text] for _, texts in groups for text in texts])
        signs = np.array([self.key[name, text] for name, texts in groups for text in texts], dtype=float)
        return order, signs

    def sample(self, groups: list[tuple[str, list[str]]]) -> tuple[np.ndarray, int]:
        """The correlations of the items of ``groups``, in order, each signed by its key (NaN
        where no respondent answered both), and the n of a χ²: the median of the item pairs'
        respondents, rounded down."""
        order, signs = self._order(groups)
        upper = np.triu_indices(len(order), k=1)
        return (
            self.r[np.ix_(order, order)] * np.outer(signs, signs),
            int(np.median(self.counts[np.ix_(order, order)][upper])),
        )

    def influence(self, groups: list[tuple[str, list[str]]]) -> Influence | None:
        """Each respondent's influence on the correlations ``sample`` gives (``Influence``);
        None under normal theory."""
        if self.spread is None:
            return None
        order, signs = self._order(groups)
        spread = self.spread

        def of(first: np.ndarray, second: np.ndarray) -> Callable[[slice], np.ndarray]:
            psi, sign = spread.on(order[first], order[second]), signs[first] * signs[second]
            return lambda rows: psi(rows) * sign

        return Influence(spread.respondents, of)


def _scales(
    items: pd.DataFrame,
    responses: pd.DataFrame,
    r: pd.DataFrame,
    counts: pd.DataFrame,
    correlation: str,
    errors: str,
) -> _Scales:
    """``_Scales`` of the ``items`` answered in ``responses`` (``responses.scale_items``), ``r``
    and ``counts`` named by the items' texts, correlated by ``correlation``, the respondents'
    influence on them kept for ``errors="robust"`` (``ERRORS``)."""
    if errors not in ERRORS:
        raise ValueError(f"errors must be one of {ERRORS}, not {errors!r}")
    members = scale_items(items, responses)
    names = [name for name, texts in members.items() if len(texts) >= MIN_SCALE_ITEMS]
    texts = list(dict.fromkeys(text for name in names for text in members[name]))
    correlations = r.loc[texts, texts].to_numpy(dtype=float)
    return _Scales(
        members,
        names,
        correlations,
        counts.loc[texts, texts].to_numpy(dtype=float),
        {text: i for i, text in enumerate(texts)},
        item_keys(items).groupby([items["construct"], items["text"]]).first(),
        (polychoric_influence if correlation == "polychoric" else pearson_influence)(
            responses[texts].to_numpy(dtype=float), correlations
        )
        if errors == "robust" and texts
        else None,
    )


def _pair_row(a: str, b: str, scales: _Scales) -> dict:
    """One row of ``discriminant_table``: scales ``a`` and ``b`` without the items they share."""
    shared = set(scales.members[a]) & set(scales.members[b])
    own = [[text for text in scales.members[name] if text not in shared] for name in (a, b)]
    estimates = None
    if min(map(len, own)) >= OMEGA_MIN_ITEMS:
        groups = list(zip((a, b), own, strict=True))
        sample, respondents = scales.sample(groups)
        if not np.isnan(sample).any():
            estimates = pair_estimates(sample, len(own[0]), respondents, scales.influence(groups))
            if estimates is None:
                log.warning("%s – %s: the two-factor model of their answers did not converge", a, b)
    return {"construct_a": a, "construct_b": b, **(estimates or {})}


def discriminant_table(
    items: pd.DataFrame,
    responses: pd.DataFrame,
    r: pd.DataFrame,
    counts: pd.DataFrame,
    correlation: str = "pearson",
    errors: str = "robust",
) -> pd.DataFrame:
    """Per pair of scales (``responses.scale_items``: each construct's answered items with a
    non-zero key), construct_a, construct_b, the two-factor model's ``cfa_r`` with its interval
    and ``cfa_problem`` (``problem``), its ``cfa_srmr`` (``srmr``), its fit
    (``fit_statistics``) and ``cfa_n``, the n of its χ² and RMSEA (and, under normal theory,
    of its standard error): the median of the item pairs' respondents, rounded down. ``r`` and
    ``counts``: the
    items' correlations (``correlation``, "pearson" or "polychoric", as the target's
    ``responses.correlation`` gives them) and respondents per pair, rows and columns named by
    the items' texts. The standard errors and χ² scaling come from ``responses``, the answers
    (``factor_fit``, ``model_fit``), or with ``errors="normal"`` from normal theory. Items of
    both constructs are left out of the pair; a pair with fewer than ``OMEGA_MIN_ITEMS`` other items on either side, or a missing correlation among
    them, gets no estimate, as does one whose fit does not converge (a warning names it)."""
    return _pair_table(_scales(items, responses, r, counts, correlation, errors))


def _pair_table(scales: _Scales) -> pd.DataFrame:
    """``discriminant_table`` of ``scales``."""
    with threadpool_limits(1, user_api="blas"):  # matrices of a few dozen items: threads only wait
        rows = [_pair_row(a, b, scales) for i, a in enumerate(scales.names) for b in scales.names[i + 1 :]]
    table = pd.DataFrame(rows, columns=COLUMNS).astype(
        {"cfa_problem": object, "cfa_df": "Int64", "cfa_n": "Int64"}
    )
    return table.round(dict.fromkeys(table.columns[2:].drop(["cfa_problem", "cfa_df", "cfa_n"]), 6))


def average_variance_extracted(fit: FactorFit) -> np.ndarray:
    """Per factor of ``fit``, the mean squared standardised loading of its items (AVE; Fornell &
    Larcker, 1981): λ² / (λ² + ψ), the share of each item's variance its factor accounts for."""
    standardised = fit.loadings**2 / (fit.loadings**2 + fit.uniquenesses)
    return np.bincount(fit.factors, weights=standardised) / np.bincount(fit.factors)


def _joint_pairs(names: list[str], fit: FactorFit | None) -> pd.DataFrame:
    """construct_a, construct_b and ``JOINT_COLUMNS`` of every two of the scales ``names`` (the
    factors of ``fit``, in order): the factors' correlation with its interval and class, and
    Fornell and Larcker's (1981) own criterion, both factors' AVE
    (``average_variance_extracted``) above the squared correlation; no rows without a fit."""
    if fit is None:
        return pd.DataFrame(columns=["construct_a", "construct_b", *JOINT_COLUMNS])
    first, second = np.triu_indices(len(names), 1)
    ave = average_variance_extracted(fit)
    low, high = fit.interval()
    return pd.DataFrame(
        {
            "construct_a": [names[f] for f in first],
            "construct_b": [names[g] for g in second],
            "cfa_joint_r": fit.correlations.round(6),
            "cfa_joint_r_ci_low": low.round(6),
            "cfa_joint_r_ci_high": high.round(6),
            "cfa_joint_problem": [problem(a, b) for a, b in zip(low, high, strict=True)],
            "cfa_joint_fornell_larcker": np.minimum(ave[first], ave[second]) > fit.correlations**2,
        }
    )


@dataclass(frozen=True)
class MeasurementModel:
    """``measurement_model``'s tables: the model's ``fit`` (one row of ``MODEL_COLUMNS``), every
    pair of its scales' factor correlation (``pairs``: construct_a, construct_b,
    ``JOINT_COLUMNS``) and the item pairs whose correlation it misses (``residuals``:
    ``RESIDUAL_COLUMNS``)."""

    fit: pd.DataFrame
    pairs: pd.DataFrame
    residuals: pd.DataFrame


def _residuals(
    sample: np.ndarray, fit: FactorFit | None, groups: list[tuple[str, list[str]]], key: pd.Series
) -> pd.DataFrame:
    """The item pairs whose correlation in ``sample`` (signed by ``key``; the items of
    ``groups``, in order) differs from the one ``fit`` implies by more than ``RESIDUAL_BAR``,
    largest first, as the answers have them (unsigned): ``RESIDUAL_COLUMNS``."""
    if fit is None:
        return pd.DataFrame(columns=RESIDUAL_COLUMNS)
    names = [(name, text) for name, texts in groups for text in texts]
    signs = np.array([key[name, text] for name, text in names], dtype=float)
    unsign = np.outer(signs, signs)
    implied_r = implied(fit.loadings, fit.uniquenesses, fit.correlations, fit.factors)
    residual = sample - implied_r
    first, second = np.triu_indices(len(sample), 1)
    large = np.flatnonzero(np.abs(residual[first, second]) > RESIDUAL_BAR)
    large = large[np.argsort(-np.abs(residual[first, second][large]), kind="stable")]
    i, j = first[large], second[large]
    return pd.DataFrame(
        {
            "text_a": [names[k][1] for k in i],
            "construct_a": [names[k][0] for k in i],
            "text_b": [names[k][1] for k in j],
            "construct_b": [names[k][0] for k in j],
            "same_scale": fit.factors[i] == fit.factors[j],
            "r": (sample * unsign)[i, j].round(6),
            "implied_r": (implied_r * unsign)[i, j].round(6),
            "residual": (residual * unsign)[i, j].round(6),
        },
        columns=RESIDUAL_COLUMNS,
    )


def measurement_model(
    items: pd.DataFrame,
    responses: pd.DataFrame,
    r: pd.DataFrame,
    counts: pd.DataFrame,
    correlation: str = "pearson",
    errors: str = "robust",
) -> MeasurementModel:
    """One model of every scale at once, the measurement model a paper reports: each scale's
    items that belong to no other scale measure its factor, and the factors correlate freely
    (``factor_fit``). Returns its fit, one row of ``MODEL_COLUMNS`` (``model_fit``; scales,
    items, respondents), and per pair of its scales the factors' correlation in it with its
    interval and class (``problem``): construct_a, construct_b and ``JOINT_COLUMNS``. ``r``,
    ``counts``, ``correlation``, ``errors``: as ``discriminant_table`` takes them. A scale with fewer than
    ``OMEGA_MIN_ITEMS`` items of its own is left out (``scales_left_out`` names it), as is
    every item of more than one scale (``items_left_out``, "; "-joined); with
    fewer than two scales left, a missing correlation among their items, or a fit that does
    not converge, ``note`` says why and no pair gets a correlation. Beside them the item pairs
    whose correlation the model misses by more than ``RESIDUAL_BAR`` (``_residuals``): where
    items go together beyond their factors, or less than their factors say."""
    return _measurement(_scales(items, responses, r, counts, correlation, errors))


def _measurement(scales: _Scales) -> MeasurementModel:
    """``measurement_model`` of ``scales``."""
    owners = Counter(text for name in scales.names for text in scales.members[name])
    own = {name: [text for text in scales.members[name] if owners[text] == 1] for name in scales.names}
    kept = [name for name in scales.names if len(own[name]) >= OMEGA_MIN_ITEMS]
    row = {
        "scales": len(kept),
        "items": sum(len(own[name]) for name in kept),
        "scales_left_out": ", ".join(name for name in scales.names if name not in kept),
        "items_left_out": "; ".join(text for text, count in owners.items() if count > 1),
        "note": "",
    }
    fit, sample = None, np.empty((0, 0))
    groups = [(name, own[name]) for name in kept]
    if len(kept) < 2:
        row["note"] = f"fewer than two scales of {OMEGA_MIN_ITEMS} or more items of their own"
    else:
        sample, row["respondents"] = scales.sample(groups)
        factors = np.repeat(np.arange(len(kept)), [len(own[name]) for name in kept])
        if np.isnan(sample).any():
            row["note"] = "no respondent answered both items of some pair: no correlation to fit"
        elif (fit := factor_fit(sample, factors, row["respondents"], scales.influence(groups))) is None:
            row["note"] = "the model did not converge"
            log.warning("the model of all %d scales of the answers did not converge", len(kept))
        else:
            row |= model_fit(sample, fit, row["respondents"])
    table = pd.DataFrame([row], columns=MODEL_COLUMNS).astype({"respondents": "Int64", "df": "Int64"})
    return MeasurementModel(
        table.round(dict.fromkeys(MODEL_NUMBERS, 6)),
        _joint_pairs(kept, fit),
        _residuals(sample, fit, groups, scales.key),
    )


def factor_models(
    items: pd.DataFrame,
    responses: pd.DataFrame,
    r: pd.DataFrame,
    counts: pd.DataFrame,
    correlation: str = "pearson",
    errors: str = "robust",
) -> tuple[pd.DataFrame, MeasurementModel]:
    """``discriminant_table`` and ``measurement_model`` of the same answers, each respondent's
    influence on the correlations worked out once for both."""
    scales = _scales(items, responses, r, counts, correlation, errors)
    return _pair_table(scales), _measurement(scales)
