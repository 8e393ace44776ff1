"""Discriminant validity in the answers by confirmatory factor analysis: per pair of scales,
the correlation of two factors, each measured by its own scale's items, with its confidence
interval, classed as Rönkkö and Cho (2022) recommend (CICFA(sys)).

HTMT and the scale scores' correlation disattenuated by α (which Fornell and Larcker's
criterion squares) approximate this correlation; the two-factor model estimates it. The model is fitted by maximum likelihood to
the items' correlation matrix (fitting the covariances instead gives the same factor
correlation and standard error: the model is scale invariant), with both factors' variances
fixed at 1; the interval is the estimate ± 1.96 standard errors from the expected information.
Beside it, the model's fit (χ², RMSEA, CFI, SRMR) and the likelihood-ratio test of Anderson and
Gerbing (1988): does one factor of both scales' items, the correlation fixed at 1, fit worse?
"""

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.stats import chi2, norm
from threadpoolctl import threadpool_limits

from .answer_files import MIN_SCALE_ITEMS, item_keys
from .responses import CFA_COLUMNS, OMEGA_MIN_ITEMS, one_factor_loadings, scale_items

log = logging.getLogger(__name__)

LEVEL = 0.95  # of the factor correlation's interval
MIN_UNIQUENESS = 1e-3  # the smallest unique variance of an item (its correlation metric)
ITERATIONS = 500  # of Fisher scoring, at most
TOLERANCE = 1e-14  # converged: the step would lower the discrepancy by less (the Newton decrement)
GRADIENT_TOLERANCE = 1e-6  # the one-factor fit converged: no unique variance's gradient larger
PROBLEMS = ((1.0, "severe"), (0.9, "moderate"), (0.8, "marginal"))
"""Rönkkö and Cho's (2022) classes by the end of the interval farthest from 0: at least this
far, this problem; nearer than 0.8, none."""
SRMR_BAR = 0.08  # Hu and Bentler's (1999) bar: a two-factor model with a larger SRMR fits poorly
RMSEA_BAR, CFI_BAR = 0.06, 0.95  # their bars for RMSEA (at most) and CFI (at least)
COLUMNS = ["construct_a", "construct_b", *CFA_COLUMNS]


@dataclass(frozen=True)
class TwoFactorFit:
    """A two-factor model's estimates: the loadings of the first factor's items and then the
    second's, their unique variances, the factors' correlation and its standard error."""

    loadings: np.ndarray
    uniquenesses: np.ndarray
    r: float
    se: float

    def interval(self, level: float = LEVEL) -> tuple[float, float]:
        """The Wald interval of the factors' correlation."""
        half = norm.ppf(0.5 + level / 2) * self.se
        return self.r - half, self.r + half


def implied(loadings: np.ndarray, uniquenesses: np.ndarray, r: float, first: int) -> np.ndarray:
    """The correlations the model implies: λλ' scaled by ``r`` across the two factors' items
    (the first ``first`` items measure one), plus the unique variances on the diagonal."""
    factor = np.arange(len(loadings)) >= first
    sigma = np.outer(loadings, loadings) * np.where(factor[:, None] == factor[None, :], 1.0, r)
    return sigma + np.diag(uniquenesses)


def _directions(loadings: np.ndarray, r: float, first: int) -> tuple[np.ndarray, np.ndarray]:
    """Per parameter (loadings, uniquenesses, r) the vectors a, b with ∂Σ/∂θ = ab' + ba'."""
    p = len(loadings)
    factor = np.arange(p) >= first
    phi = np.array([[1.0, r], [r, 1.0]])
    by_factor = np.column_stack([np.where(factor == f, loadings, 0.0) for f in (False, True)])
    partners = by_factor @ phi  # column f: Λ Φ's column of factor f
    eye = np.eye(p)
    a = np.hstack([eye, eye, by_factor[:, :1]])
    b = np.hstack([partners[:, factor.astype(int)], eye / 2, by_factor[:, 1:]])
    return a, b


def _objective(theta: np.ndarray, sample: np.ndarray, first: int) -> tuple[float, np.ndarray]:
    """The maximum-likelihood discrepancy log|Σ| + tr(SΣ⁻¹) (constants left out) and its
    gradient in (loadings, uniquenesses, r)."""
    p = len(sample)
    loadings, uniquenesses, r = theta[:p], theta[p : 2 * p], theta[-1]
    sigma = implied(loadings, uniquenesses, r, first)
    sign, log_det = np.linalg.slogdet(sigma)
    if sign <= 0:
        return np.inf, np.zeros_like(theta)
    inverse = np.linalg.inv(sigma)
    g = inverse - inverse @ sample @ inverse  # dF = tr(G dΣ)
    a, b = _directions(loadings, r, first)
    gradient = 2 * np.einsum("ik,ij,jk->k", a, g, b)  # tr(G(ab' + ba')) = 2 a'Gb
    return float(log_det + np.trace(sample @ inverse)), gradient


def expected_information(fit: TwoFactorFit, first: int) -> np.ndarray:
    """The expected information of one respondent about (loadings, uniquenesses, r):
    ½ tr(Σ⁻¹ ∂Σ/∂θᵢ Σ⁻¹ ∂Σ/∂θⱼ) at the estimates."""
    inverse = np.linalg.inv(implied(fit.loadings, fit.uniquenesses, fit.r, first))
    a, b = _directions(fit.loadings, fit.r, first)
    wa, wb = inverse @ a, inverse @ b
    aa, bb, ab = a.T @ wa, b.T @ wb, a.T @ wb
    return ab * ab.T + aa * bb  # ½ · 2(R∘Rᵀ + P∘Q)


def discrepancy(sample: np.ndarray, sigma: np.ndarray) -> float:
    """The maximum-likelihood discrepancy of implied correlations ``sigma`` from ``sample``,
    log|Σ| − log|S| + tr(SΣ⁻¹) − p: 0 where Σ reproduces S."""
    inverse = np.linalg.inv(sigma)
    return float(
        np.linalg.slogdet(sigma)[1] - np.linalg.slogdet(sample)[1] + np.trace(sample @ inverse) - len(sample)
    )


def _fisher_scoring(theta: np.ndarray, sample: np.ndarray, first: int) -> np.ndarray | None:
    """The minimum of ``_objective`` from ``theta`` by Fisher scoring (the expected information
    in place of the Hessian), each step halved until the discrepancy falls, unique variances
    held at ``MIN_UNIQUENESS`` where they would fall below it, until a step would lower it by
    less than ``TOLERANCE`` or no halved step lowers it at all (rounding decides there whether it
    falls: a discrepancy of many items rounds coarser than ``TOLERANCE``); None without
    convergence."""
    p = len(sample)
    for _ in range(ITERATIONS):
        value, gradient = _objective(theta, sample, first)
        fit = TwoFactorFit(theta[:p], theta[p : 2 * p], float(theta[-1]), np.nan)
        held = np.r_[
            np.zeros(p, bool), (fit.uniquenesses <= MIN_UNIQUENESS) & (gradient[p : 2 * p] > 0), False
        ]
        step = np.zeros_like(theta)
        free = ~held
        step[free] = np.linalg.lstsq(
            2 * expected_information(fit, first)[np.ix_(free, free)], gradient[free], rcond=None
        )[0]
        if gradient @ step < TOLERANCE:
            return theta
        for halving in range(40):
            trial = theta - step / 2**halving
            trial[p : 2 * p] = np.maximum(trial[p : 2 * p], MIN_UNIQUENESS)
            lowered = _objective(trial, sample, first)[0]
            if lowered <= value:
                break
        else:
            return None
        if lowered == value:  # at the minimum, to rounding
            return theta
        theta = trial
    return None


def two_factor_fit(sample: np.ndarray, first: int, respondents: float) -> TwoFactorFit | None:
    """The two-factor model of items correlating as ``sample``, the first ``first`` measuring one
    factor and the rest the other, fitted by maximum likelihood, each factor signed so that its
    loadings sum to 0 or more; the standard error of the factors' correlation from the expected
    information of ``respondents`` − 1. None where the fit does not converge. The correlation is
    not bounded: above 1 in size, the two scales' answers are one factor's."""
    starts = [one_factor_loadings(block) for block in (sample[:first, :first], sample[first:, first:])]
    loadings = np.concatenate(starts)
    across = sample[:first, first:].mean() / (starts[0].mean() * starts[1].mean())
    start = np.concatenate([loadings, np.clip(1 - loadings**2, 0.05, 1.0), [np.clip(across, -0.95, 0.95)]])
    estimate = _fisher_scoring(start, sample, first)
    if estimate is None:
        return None
    p = len(sample)
    loadings, uniquenesses, r = estimate[:p], estimate[p : 2 * p], float(estimate[-1])
    signs = np.where(
        np.arange(p) < first, np.sign(loadings[:first].sum()) or 1, np.sign(loadings[first:].sum()) or 1
    )
    fit = TwoFactorFit(loadings * signs, uniquenesses, r * signs[0] * signs[-1], np.nan)
    information = (respondents - 1) * expected_information(fit, first)
    free = np.r_[np.ones(p, bool), uniquenesses > MIN_UNIQUENESS, True]  # a bound unique variance is fixed
    covariance = np.linalg.pinv(information[np.ix_(free, free)])
    return TwoFactorFit(fit.loadings, fit.uniquenesses, fit.r, float(np.sqrt(max(covariance[-1, -1], 0.0))))


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


def fit_statistics(sample: np.ndarray, fit: TwoFactorFit, first: int, respondents: int) -> dict:
    """Of the two-factor model of ``respondents`` n: its χ² (n times its discrepancy, as lavaan
    and semopy compute it), its degrees of freedom (p(p + 1)/2 correlations and unique variances
    against 2p + 1 parameters), RMSEA √(max(χ² − df, 0) / (df (n − 1))) (Steiger, 1990), CFI
    (Bentler, 1990; against items that do not correlate) and the likelihood-ratio test of one
    factor against two (Anderson & Gerbing, 1988): Δχ² (1 degree of freedom) and its p-value,
    small where one factor of both scales' items fits worse than two. All but df NaN where
    ``sample`` is not positive definite (pairwise correlations can be inconsistent), which no
    likelihood fits."""
    p, n = len(sample), respondents
    df = p * (p + 1) // 2 - (2 * p + 1)
    if np.linalg.eigvalsh(sample)[0] <= 0:
        nan = float("nan")
        return dict.fromkeys(
            ["cfa_chi2", "cfa_rmsea", "cfa_cfi", "cfa_one_factor_delta_chi2", "cfa_one_factor_p"], nan
        ) | {"cfa_df": df}
    value = n * discrepancy(sample, implied(fit.loadings, fit.uniquenesses, fit.r, first))
    excess = max(value - df, 0.0)
    baseline = max(-n * np.linalg.slogdet(sample)[1] - p * (p - 1) // 2, excess)
    delta = max(n * one_factor_discrepancy(sample) - value, 0.0)
    return {
        "cfa_chi2": value,
        "cfa_df": df,
        "cfa_rmsea": float(np.sqrt(excess / (df * (n - 1)))),
        "cfa_cfi": float(1.0 - excess / baseline) if baseline > 0 else 1.0,
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


def srmr(sample: np.ndarray, fit: TwoFactorFit, first: int) -> float:
    """The standardised root mean square residual of ``fit`` to the correlations ``sample``:
    the root mean square of their differences from the implied ones, over the correlations
    below and on the diagonal. Near 0, the two factors account for the items' correlations;
    above ``SRMR_BAR``, a scale holds more than its one factor, or items of the
    two scales go together beyond their factors."""
    residual = sample - implied(fit.loadings, fit.uniquenesses, fit.r, first)
    return float(np.sqrt(np.mean(residual[np.tril_indices(len(sample))] ** 2)))


def pair_estimates(sample: np.ndarray, first: int, respondents: int) -> dict | None:
    """The columns of ``discriminant_table`` for one pair of scales whose signed items
    correlate as ``sample`` (the first ``first`` items one scale's); None where the fit does
    not converge."""
    fit = two_factor_fit(sample, first, respondents)
    if fit is None:
        return None
    low, high = fit.interval()
    return {
        "cfa_r": fit.r,
        "cfa_r_ci_low": low,
        "cfa_r_ci_high": high,
        "cfa_problem": problem(low, high),
        "cfa_srmr": srmr(sample, fit, first),
        **fit_statistics(sample, fit, first, respondents),
        "cfa_n": respondents,
    }


def _pair_row(
    a: str, b: str, members: dict, r: np.ndarray, counts: np.ndarray, position: dict, key: pd.Series
) -> dict:
    """One row of ``discriminant_table``: scales ``a`` and ``b`` (their items ``members``, at
    ``position`` in ``r`` and ``counts``, signed by ``key``), without the items they share."""
    shared = set(members[a]) & set(members[b])
    own = [[text for text in members[name] if text not in shared] for name in (a, b)]
    order = [position[text] for text in own[0] + own[1]]
    signs = np.array(
        [key[name, text] for name, group in zip((a, b), own, strict=True) for text in group], dtype=float
    )
    sample = r[np.ix_(order, order)] * np.outer(signs, signs)
    estimates = None
    if min(map(len, own)) >= OMEGA_MIN_ITEMS and not np.isnan(sample).any():
        respondents = int(np.median(counts[np.ix_(order, order)][np.triu_indices(len(order), k=1)]))
        estimates = pair_estimates(sample, len(own[0]), respondents)
        if estimates is None:
            log.warning("%s – %s: the two-factor model of their answers did not converge", a, b)
    return {"construct_a": a, "construct_b": b, **(estimates or {})}


def discriminant_table(
    items: pd.DataFrame, responses: pd.DataFrame, r: pd.DataFrame, counts: pd.DataFrame
) -> pd.DataFrame:
    """Per pair of scales (``responses.scale_items``: each construct's answered items with a
    non-zero key), construct_a, construct_b, the two-factor model's ``cfa_r`` with its interval
    and ``cfa_problem`` (``problem``), its ``cfa_srmr`` (``srmr``) and ``cfa_n``, the
    respondents its standard error assumes (the median of the item pairs', rounded down). ``r`` and
    ``counts``: the items' correlations (as the target's ``responses.correlation`` gives them)
    and respondents per pair, rows and columns named by the items' texts. Items of both
    constructs are left out of the pair; a pair with fewer than ``OMEGA_MIN_ITEMS`` other items
    on either side, or a missing correlation among them, gets no estimate, as does one whose
    fit does not converge (a warning names it)."""
    members = scale_items(items, responses)
    names = [name for name, texts in members.items() if len(texts) >= MIN_SCALE_ITEMS]
    texts = list(dict.fromkeys(text for name in names for text in members[name]))
    r, counts = r.loc[texts, texts].to_numpy(dtype=float), counts.loc[texts, texts].to_numpy(dtype=float)
    position = {text: i for i, text in enumerate(texts)}
    key = item_keys(items).groupby([items["construct"], items["text"]]).first()
    with threadpool_limits(1, user_api="blas"):  # matrices of a few dozen items: threads only wait
        rows = [
            _pair_row(a, b, members, r, counts, position, key)
            for i, a in enumerate(names)
            for b in names[i + 1 :]
        ]
    table = pd.DataFrame(rows, columns=COLUMNS).astype(
        {"cfa_problem": object, "cfa_df": "Int64", "cfa_n": "Int64"}
    )
    return table.round(dict.fromkeys(table.columns[2:].drop(["cfa_problem", "cfa_df", "cfa_n"]), 6))
