"""Polychoric correlations: the correlation two items' answers on ordered categories would have
as the two normally distributed variables cut into those categories (Olsson, 1979; the
two-step estimate).

Pearson's r of answers on a few categories understates how strongly two items go together,
most where answers are skewed; reliabilities and factor loadings computed from it come out
lower than the items deserve. Each item's thresholds come from its own answers (the normal
quantiles of its cumulative category shares); each pair's correlation then maximises the
likelihood of its table of answers given together, over the rows that answered both: the root
of the likelihood's derivative, found by Fisher scoring kept inside a bracket that halves where
a step would leave it. Every pair is estimated at once, vectorised, in chunks of pairs.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr, ndtri

MAX_CATEGORIES = 10  # beyond this an item's answers are treated as a scale, not categories
BOUND = 8.0  # an infinite threshold, as a normal quantile: ndtr(8) is 1 to 15 decimals
# the cdf to within 1e-8 up to |ρ| = 0.99, 2e-6 at |ρ| = LIMIT, where the integrand peaks sharply
NODES, WEIGHTS = np.polynomial.legendre.leggauss(16)
LIMIT = 0.999  # the largest |correlation| estimated
TOLERANCE = 1e-10  # the estimate stops once no pair's step is this large
SMALLEST_CELL = 1e-12  # cells of a smaller probability add nothing to a step's information
MAX_STEPS = 64  # a cap: 35 halvings alone bring (−LIMIT, LIMIT) below TOLERANCE
PAIRS_PER_CHUNK = 1000
MIN_RESPONDENTS = 10  # two items answered together by fewer people get no correlation


def bivariate_normal_cdf(h: np.ndarray, k: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """P(X ≤ h, Y ≤ k) for standard normal X, Y of correlation ``rho`` (broadcast), by
    Gauss–Legendre quadrature of Φ(h)Φ(k) + 1/2π ∫₀^asin ρ exp(−(h² + k² − 2hk sin θ) / 2cos²θ) dθ."""
    h, k, rho = np.broadcast_arrays(h, k, rho)
    angle = np.arcsin(rho)[..., None]
    theta = angle * (NODES + 1) / 2
    sin, cos2 = np.sin(theta), np.cos(theta) ** 2
    hh, kk = h[..., None], k[..., None]
    integrand = np.exp(-(hh * hh + kk * kk - 2 * hh * kk * sin) / (2 * cos2))
    return ndtr(h) * ndtr(k) + (integrand @ WEIGHTS) * angle[..., 0] / (4 * np.pi)


def _codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each column's answers as category numbers 0, 1, … (−1: no answer) and its thresholds,
    padded with ``BOUND``: (codes, thresholds of shape columns × (categories + 1)). More than
    ``MAX_CATEGORIES`` in a column is a ValueError (``responses.correlation`` checks a file's
    answers first)."""
    seen = ~np.isnan(values)
    levels = [np.unique(column[mask]) for column, mask in zip(values.T, seen.T, strict=True)]
    widest = max(len(level) for level in levels)
    if widest > MAX_CATEGORIES:
        raise ValueError(f"a column has {widest} categories, more than {MAX_CATEGORIES}")
    codes = np.full(values.shape, -1, dtype=int)
    bounds = np.full((values.shape[1], widest + 1), BOUND)
    bounds[:, 0] = -BOUND
    for i, level in enumerate(levels):
        codes[seen[:, i], i] = np.searchsorted(level, values[seen[:, i], i])
        shares = np.cumsum(np.bincount(codes[seen[:, i], i], minlength=len(level)))[:-1] / seen[:, i].sum()
        bounds[i, 1 : len(level)] = np.clip(ndtri(shares), -BOUND, BOUND)
    return codes, bounds


def _tables(codes: np.ndarray, categories: int) -> np.ndarray:
    """Every two columns' table of answers given together: columns × columns × c × c counts."""
    n, k = codes.shape
    onehot = np.zeros((n, k * categories))
    rows, cols = np.nonzero(codes >= 0)
    onehot[rows, cols * categories + codes[rows, cols]] = 1.0
    return (onehot.T @ onehot).reshape(k, categories, k, categories).transpose(0, 2, 1, 3)


def bivariate_normal_density(h: np.ndarray, k: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """The density of that distribution at (h, k): the derivative of its cdf in ``rho``."""
    rest = 1 - rho * rho
    return np.exp(-(h * h - 2 * rho * h * k + k * k) / (2 * rest)) / (2 * np.pi * np.sqrt(rest))


def _corners(values: np.ndarray) -> np.ndarray:
    """A cell's share from its four corners' values (pairs × c + 1 × c + 1 → pairs × c × c)."""
    return values[:, 1:, 1:] - values[:, :-1, 1:] - values[:, 1:, :-1] + values[:, :-1, :-1]


def _normal_density(x: np.ndarray) -> np.ndarray:
    """φ(x), the standard normal density."""
    return np.exp(-x * x / 2) / np.sqrt(2 * np.pi)


def _cells(rho: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per pair (correlation ``rho``, thresholds ``a`` and ``b``: pairs × c + 1) each cell's
    probability and its derivative in ρ: pairs × c × c each."""
    rho = rho[:, None, None]
    cdf = np.zeros((len(a), a.shape[1], b.shape[1]))  # 0 along the lower bounds
    cdf[:, 1:-1, 1:-1] = bivariate_normal_cdf(a[:, 1:-1, None], b[:, None, 1:-1], rho)
    cdf[:, -1, :], cdf[:, :, -1] = ndtr(b), ndtr(a)  # an upper bound: the other's marginal
    return _corners(cdf), _corners(bivariate_normal_density(a[:, :, None], b[:, None, :], rho))


def _score(
    rho: np.ndarray, a: np.ndarray, b: np.ndarray, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per pair, the derivative in ``rho`` of the log-likelihood of its table ``counts`` (pairs
    × c × c), given the thresholds ``a`` and ``b`` (pairs × c + 1), and the Fisher information
    of its table's respondents about ``rho``: n Σ π′² / π over the cells, leaving out those of
    a probability below ``SMALLEST_CELL`` (the categories an item lacks have none; rounding
    leaves such cells' π′² / π meaningless), which can only make a step longer."""
    cells, slopes = _cells(rho, a, b)
    score = np.where(counts > 0, counts * slopes / np.maximum(cells, 1e-300), 0.0).sum(axis=(1, 2))
    shares = np.where(cells > SMALLEST_CELL, slopes * slopes / np.maximum(cells, SMALLEST_CELL), 0.0)
    return score, counts.sum(axis=(1, 2)) * shares.sum(axis=(1, 2))


def _maximise(a: np.ndarray, b: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Each pair's maximum-likelihood correlation in [−LIMIT, LIMIT]: where the likelihood's
    derivative changes sign (at a limit where it does not). Fisher scoring from 0, each step
    kept inside the bracket the derivative's signs have left, and halving it where the step
    would leave it: a few steps where bisection alone takes 32. A pair stops once its step is
    below ``TOLERANCE``."""
    low, high = np.full(len(a), -LIMIT), np.full(len(a), LIMIT)
    rho = np.zeros(len(a))
    active = np.arange(len(a))
    for _ in range(MAX_STEPS):
        at = rho[active]
        score, information = _score(at, a[active], b[active], counts[active])
        rising = score > 0
        low[active] = np.where(rising, at, low[active])
        high[active] = np.where(rising, high[active], at)
        with np.errstate(divide="ignore", invalid="ignore"):  # no information: a halving
            scored = at + score / information
        inside = (scored > low[active]) & (scored < high[active])
        rho[active] = np.where(inside, scored, (low[active] + high[active]) / 2)
        active = active[np.abs(rho[active] - at) >= TOLERANCE]
        if not len(active):
            break
    return rho


def _both_vary(counts: np.ndarray) -> np.ndarray:
    """Per table (pairs × c × c), whether both items take two categories or more in it."""
    rows, columns = counts.sum(axis=2) > 0, counts.sum(axis=1) > 0
    return (rows.sum(axis=1) > 1) & (columns.sum(axis=1) > 1)


def polychoric_correlations(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The polychoric correlation of every two columns of ``values`` (answers as numbers, NaN
    where none) over the rows answering both, and that number of rows, as
    ``responses.pairwise_correlations`` gives Pearson's: NaN for fewer than ``MIN_RESPONDENTS``
    rows or a column with one answer only over them; the diagonal is 1."""
    codes, bounds = _codes(values)
    categories = bounds.shape[1] - 1
    tables = _tables(codes, categories)
    n = tables.sum(axis=(2, 3))
    k = values.shape[1]
    first, second = np.triu_indices(k, k=1)
    r = np.full((k, k), np.nan)
    for start in range(0, len(first), PAIRS_PER_CHUNK):
        i, j = first[start : start + PAIRS_PER_CHUNK], second[start : start + PAIRS_PER_CHUNK]
        counts = tables[i, j]
        estimable = (n[i, j] >= MIN_RESPONDENTS) & _both_vary(counts)
        if estimable.any():
            rho = _maximise(bounds[i[estimable]], bounds[j[estimable]], counts[estimable])
            r[i[estimable], j[estimable]] = r[j[estimable], i[estimable]] = rho
    np.fill_diagonal(r, 1.0)
    return r, n.astype(int)


def _threshold_pull(bounds: np.ndarray, pull: np.ndarray) -> np.ndarray:
    """Per pair and answer to one of its items, Σₘ pullₘ · the answer's influence on threshold m,
    (1[answer < m] − Φ(τₘ)) / φ(τₘ), over the item's estimated thresholds (``bounds`` 1 to its
    categories − 1; the padding is fixed). ``bounds``, ``pull``: pairs × c + 1; returns pairs × c."""
    thresholds = np.arange(bounds.shape[1])
    estimated = (thresholds > 0) & (np.abs(bounds) < BOUND)
    weight = np.where(estimated, pull / np.where(estimated, _normal_density(bounds), 1.0), 0.0)
    below = thresholds[:-1, None] < thresholds  # [answer, m]: the answer lies under threshold m
    return ((below - ndtr(bounds)[:, None, :]) * weight[:, None, :]).sum(axis=2)


def _influence_tables(
    a: np.ndarray, b: np.ndarray, rho: np.ndarray, counts: np.ndarray, answered: np.ndarray, n: int
) -> np.ndarray:
    """Per pair (thresholds ``a``, ``b``: pairs × c + 1; correlation ``rho``; table of answers
    given together ``counts``; respondents answering each item ``answered``: pairs × 2; ``n``
    respondents in all) the influence ψ of a respondent by their answers to its two items:
    pairs × c + 1 × c + 1, [0, 0] answering neither, [i + 1, 0] answering the first alone in
    category i, and so on (``PolychoricInfluence``)."""
    cells, slopes = _cells(rho, a, b)
    possible = cells > 1e-12
    score = np.where(possible, slopes / np.where(possible, cells, 1.0), 0.0)  # pairs × c × c
    information = (score * slopes).sum(axis=(1, 2))
    rho3 = rho[:, None, None]
    root = np.sqrt(1 - rho3 * rho3)
    # ∂G(h, k)/∂h = φ(h) Φ((k − ρh)/√(1 − ρ²)), and likewise in k: the cdf's slopes at the bounds
    along_a = _normal_density(a)[:, :, None] * ndtr((b[:, None, :] - rho3 * a[:, :, None]) / root)
    along_b = _normal_density(b)[:, None, :] * ndtr((a[:, :, None] - rho3 * b[:, None, :]) / root)
    # a cell's probability rises with the threshold above it and falls with the one below it
    padded = np.pad(score, ((0, 0), (1, 1), (1, 1)))
    pull_a = ((padded[:, :-1, 1:-1] - padded[:, 1:, 1:-1]) * np.diff(along_a, axis=2)).sum(axis=2)
    pull_b = ((padded[:, 1:-1, :-1] - padded[:, 1:-1, 1:]) * np.diff(along_b, axis=1)).sum(axis=1)
    together = counts.sum(axis=(1, 2))
    tables = np.zeros((len(a), a.shape[1], b.shape[1]))
    tables[:, 1:, 1:] = score * (n / np.maximum(together, 1))[:, None, None]
    tables[:, 1:, :] -= (_threshold_pull(a, pull_a) * (n / np.maximum(answered[:, :1], 1)))[:, :, None]
    tables[:, :, 1:] -= (_threshold_pull(b, pull_b) * (n / np.maximum(answered[:, 1:], 1)))[:, None, :]
    return tables / np.where(information > 0, information, np.nan)[:, None, None]


@dataclass(frozen=True)
class PolychoricInfluence:
    """Each respondent's influence on the polychoric correlation of every two items, as
    ``polychoric_correlations`` estimates it: ψ with ρ̂ − ρ ≈ Σ ψ / N over the N
    ``respondents``, so that ψ'ψ / N² is the estimates' covariance (what a standard error of
    anything computed from them rests on).

    The two-step estimate solves Σ s = 0 over the respondents answering both items, s the
    derivative in ρ of the log-probability of their answers' cell, given thresholds estimated
    from each item's own answers; so ρ̂ − ρ ≈ (s̄ − J(τ̂ − τ)) / I (I the information, E s²; J
    how the score moves with the thresholds), each mean over its own respondents (Olsson, 1979;
    Jöreskog, 1994). A respondent's ψ depends on their two answers alone, so it is kept as a
    table per pair (``tables``, by category + 1, 0 for no answer) beside the answers' ``codes``."""

    codes: np.ndarray  # respondents × items: category 0, 1, …; −1 no answer
    tables: np.ndarray  # item pairs (i < j, as np.triu_indices orders them) × c + 1 × c + 1

    @property
    def respondents(self) -> int:
        """N, the rows of the answers."""
        return len(self.codes)

    def on(self, first: np.ndarray, second: np.ndarray) -> Callable[[slice], np.ndarray]:
        """ψ on the correlations of items ``first`` and ``second`` (in either order), as a
        function of the respondents ``rows``: rows × pairs; NaN for a pair without a
        correlation."""
        low, high = np.minimum(first, second), np.maximum(first, second)
        k = self.codes.shape[1]
        pair = low * (2 * k - low - 1) // 2 + high - low - 1

        def of(rows) -> np.ndarray:
            codes = self.codes[rows]
            return self.tables[pair, codes[:, low] + 1, codes[:, high] + 1]

        return of

    def __call__(self, first: np.ndarray, second: np.ndarray, rows=slice(None)) -> np.ndarray:
        """``on(first, second)`` of the respondents ``rows``."""
        return self.on(first, second)(rows)


def polychoric_influence(values: np.ndarray, r: np.ndarray) -> PolychoricInfluence:
    """``PolychoricInfluence`` of the polychoric correlations ``r`` of the columns of ``values``
    (``polychoric_correlations``' first result)."""
    codes, bounds = _codes(values)
    categories = bounds.shape[1] - 1
    counts = _tables(codes, categories)
    answered = (codes >= 0).sum(axis=0)
    first, second = np.triu_indices(values.shape[1], k=1)
    tables = np.full((len(first), categories + 1, categories + 1), np.nan)
    for start in range(0, len(first), PAIRS_PER_CHUNK):
        i, j = first[start : start + PAIRS_PER_CHUNK], second[start : start + PAIRS_PER_CHUNK]
        rho = r[i, j]
        known = ~np.isnan(rho)
        if known.any():
            i, j = i[known], j[known]
            tables[start + np.flatnonzero(known)] = _influence_tables(
                bounds[i],
                bounds[j],
                rho[known],
                counts[i, j],
                np.column_stack([answered[i], answered[j]]),
                len(values),
            )
    return PolychoricInfluence(codes, tables)
