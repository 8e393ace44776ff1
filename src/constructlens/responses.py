"""A target's items as people answered them, beside the model's reading of the items.

With item responses (one row per respondent, one column per item) a researcher sees how the
items actually covary. Three questions follow:

- item pairs: do the items the model reads as alike correlate more strongly? (Spearman's ρ of
  cosine with |r|, tested by relabelling the items of the response correlations, a Mantel test);
- constructs: how distinct are they in the responses themselves (the pair AUC of |r|, same- vs
  different-construct item pairs, overall, per construct and per construct pair as
  separability) and under the model, on the same pairs?
- scales: each construct's scale score correlations (scored by its keys), set beside the
  model's construct similarity as a table of observed correlations is (``empirical``), with
  each scale's α from the responses, and each pair's HTMT, the answers' verdict on
  discriminant validity (and its two-factor correlation, ``cfa``).

The answers come from ``answer_files``, which reads a target's answers file.
"""

import logging
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .analysis import pair_separabilities
from .answer_files import MIN_SCALE_ITEMS, item_keys
from .empirical import empirical_agreement, mantel_row, spearman
from .errors import InputError
from .metrics import (
    ItemSet,
    bootstrap_weights,
    pair_auc,
    per_construct_auc,
    percentile_interval,
    similarity_and_labels,
    weighted_pair_auc,
)
from .polychoric import MAX_CATEGORIES, MIN_RESPONDENTS, polychoric_correlations

log = logging.getLogger(__name__)

HTMT_LEVEL = 0.95  # the one-sided upper bound of a pair's HTMT
HTMT_COLUMNS = ["htmt", "htmt_ci_high"]  # of a pair of scales, from htmt_table
CFA_COLUMNS = [
    "cfa_r",
    "cfa_r_ci_low",
    "cfa_r_ci_high",
    "cfa_problem",
    "cfa_srmr",
    "cfa_chi2",
    "cfa_df",
    "cfa_rmsea",
    "cfa_cfi",
    "cfa_one_factor_delta_chi2",
    "cfa_one_factor_p",
    "cfa_n",
    "cfa_joint_r",
    "cfa_joint_r_ci_low",
    "cfa_joint_r_ci_high",
    "cfa_joint_problem",
    "cfa_joint_fornell_larcker",
]  # from cfa.discriminant_table, then cfa.measurement_model


def pairwise_correlations(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pearson's r of every pair of columns over the rows answering both (pairwise complete),
    and that number of rows. Pairs with fewer than ``MIN_RESPONDENTS`` rows, or a column that
    does not vary over them, get NaN; the diagonal is 1. Where every answer is given, one
    product of the centred columns does (the respondent resamples of ``htmt_table``)."""
    seen = ~np.isnan(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        if seen.all():
            n = np.full((values.shape[1],) * 2, len(values), dtype=np.float64)
            centred = values - values.mean(axis=0)
            norms = np.sqrt((centred * centred).sum(axis=0))
            r = centred.T @ centred / np.outer(norms, norms)
        else:
            x = np.where(seen, values, 0.0)
            n, means, variances = _pairwise_moments(values)
            covariance = x.T @ x - means * means.T * n
            r = covariance / np.sqrt(variances * variances.T) / n
    r[(n < MIN_RESPONDENTS) | ~np.isfinite(r)] = np.nan
    np.fill_diagonal(r, 1.0)
    return np.clip(r, -1.0, 1.0), n.astype(int)


def _pairwise_moments(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per two columns i, j of ``values`` (NaN: no answer), the rows answering both, and the
    mean and variance (over those rows, divided by their number) of column i: [i, j] each."""
    seen = ~np.isnan(values)
    x = np.where(seen, values, 0.0)
    m = seen.astype(np.float64)
    n = m.T @ m
    with np.errstate(invalid="ignore", divide="ignore"):
        means = (x.T @ m) / n
        variances = ((x * x).T @ m) / n - means**2
    return n, means, variances


@dataclass(frozen=True)
class PearsonInfluence:
    """Each respondent's influence on Pearson's r of every two items over the respondents who
    answered both (``pairwise_correlations``): ψ with r̂ − r ≈ Σ ψ / N over the N
    ``respondents``, so that ψ'ψ / N² is the correlations' covariance, whatever the answers'
    distribution (normal theory assumes theirs is normal). For the n who answered both items,
    ψ = (N / n)(zᵢzⱼ − r(zᵢ² + zⱼ²) / 2), z their answers standardised by those n's means and
    standard deviations (the influence function of a correlation); 0 for everyone else."""

    values: np.ndarray  # respondents × items; NaN no answer
    r: np.ndarray
    counts: np.ndarray  # [i, j]: the respondents answering both
    means: np.ndarray  # [i, j]: the mean of item i's answers over them
    deviations: np.ndarray  # [i, j]: their standard deviation

    @property
    def respondents(self) -> int:
        """N, the rows of the answers."""
        return len(self.values)

    def on(self, first: np.ndarray, second: np.ndarray) -> Callable[[slice], np.ndarray]:
        """ψ on the correlations of items ``first`` and ``second``, as a function of the
        respondents ``rows``: rows × pairs; NaN for a pair without a correlation."""
        scale = self.respondents / self.counts[first, second]
        means, deviations = self.means[first, second], self.deviations[first, second]
        partner_means, partner_deviations = self.means[second, first], self.deviations[second, first]
        r = self.r[first, second]
        half_r, unknown = r * scale / 2, np.isnan(r)

        def of(rows) -> np.ndarray:  # in place where it can: rows × pairs is large
            values = self.values[rows]
            a = values[:, first] - means
            a /= deviations
            b = values[:, second] - partner_means
            b /= partner_deviations
            psi = a * b
            psi *= scale
            a *= a
            b *= b
            a += b
            a *= half_r
            psi -= a
            np.copyto(psi, 0.0, where=np.isnan(psi))  # no answer to one item: no influence on the pair
            psi[:, unknown] = np.nan
            return psi

        return of

    def __call__(self, first: np.ndarray, second: np.ndarray, rows=slice(None)) -> np.ndarray:
        """``on(first, second)`` of the respondents ``rows``."""
        return self.on(first, second)(rows)


def pearson_influence(values: np.ndarray, r: np.ndarray) -> PearsonInfluence:
    """``PearsonInfluence`` of the correlations ``r`` of the columns of ``values``
    (``pairwise_correlations``' first result)."""
    counts, means, variances = _pairwise_moments(values)
    return PearsonInfluence(values, r, counts, means, np.sqrt(variances))


Correlate = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]  # answers → (r, respondents per pair)


def correlation(method: str, answers: pd.DataFrame, path: str | Path) -> Correlate:
    """How a target's ``answers`` (read from ``path``) are correlated, by its
    ``answer_correlation``: Pearson's r (``pairwise_correlations``), or polychoric correlations
    (``polychoric.polychoric_correlations``), for answers on at most ``MAX_CATEGORIES`` ordered
    categories: more in any item is an InputError naming it."""
    if method != "polychoric":
        return pairwise_correlations
    counts = answers.nunique()
    wide = counts[counts > MAX_CATEGORIES]
    if len(wide):
        others = f", and {len(wide) - 1} more items have more than {MAX_CATEGORIES}" if len(wide) > 1 else ""
        raise InputError(
            path,
            f"answer_correlation: polychoric needs answers on at most {MAX_CATEGORIES} ordered "
            f"categories, and item {wide.index[0]!r} has {wide.iloc[0]} different answers{others}; "
            "use answer_correlation: pearson for answers on a scale",
        )
    return polychoric_correlations


def item_pair_frame(item_set: ItemSet, r: np.ndarray) -> pd.DataFrame:
    """Every pair of texts with a correlation: text_a, text_b, same (one construct), cosine, r."""
    similarity, same = similarity_and_labels(item_set)
    a, b = np.triu_indices(len(item_set.texts), k=1)
    kept = ~np.isnan(r[a, b])
    a, b = a[kept], b[kept]
    texts = np.array(item_set.texts)
    return pd.DataFrame(
        {"text_a": texts[a], "text_b": texts[b], "same": same[a, b], "cosine": similarity[a, b], "r": r[a, b]}
    )


def _interval(samples: np.ndarray) -> dict[str, float]:
    low, high = percentile_interval(samples)
    return {"ci_low": round(low, 6), "ci_high": round(high, 6)}


def item_agreement(
    item_sets: dict[str, ItemSet], selected: str, r: np.ndarray, settings: dict, seed: int
) -> pd.DataFrame:
    """How distinct the constructs are in the responses and under each model, on the same item
    pairs, and how well each model's cosines follow the responses' correlations.

    ``item_sets`` hold the answered items (one text order for all, ``r`` in that order).
    Returns one row for the responses (``view`` responses: the pair AUC of |r|, same- against
    different-construct pairs, with a construct-bootstrap interval) and one per model, the
    ``selected`` one first: its pair AUC on the same pairs, ``minus_responses`` (its AUC minus
    the responses', paired over the same bootstrap draws), Spearman's ρ of cosine with |r| over
    all pairs with a Mantel test relabelling the items (``p_value``), and ρ within the
    same-construct and within the different-construct pairs (described, not tested: relabelling
    items would mix the two kinds). ``settings``: bootstrap_resamples, permutations."""
    first = item_sets[selected]
    a, b = np.triu_indices(len(first.texts), k=1)
    kept = ~np.isnan(r[a, b])
    a, b = a[kept], b[kept]
    home = first.home
    weights = bootstrap_weights(len(first.constructs), settings["bootstrap_resamples"], seed)
    _, same = similarity_and_labels(first)
    positive = same[a, b]
    observed = np.abs(r[a, b])
    observed_samples = weighted_pair_auc(observed, positive, home[a], home[b], weights)
    observed_auc = pair_auc(observed, positive)
    shape = {"n_texts": len(first.texts), "n_constructs": len(first.constructs), "n_pairs": len(a)}
    rows = [
        {
            "view": "responses",
            "selected": False,
            **shape,
            "pair_auc": round(observed_auc, 6),
            **_interval(observed_samples),
        }
    ]
    texts = np.array(first.texts)
    index = pd.MultiIndex.from_arrays([texts[a], texts[b]])
    for model in [selected, *sorted(set(item_sets) - {selected})]:
        if item_sets[model].texts != first.texts:
            raise ValueError(f"{model}: its items differ from {selected}'s")
        similarity, _ = similarity_and_labels(item_sets[model])
        cosine = similarity[a, b]
        samples = weighted_pair_auc(cosine, positive, home[a], home[b], weights)
        auc = pair_auc(cosine, positive)
        difference = _interval(samples - observed_samples)
        mantel = mantel_row(
            pd.Series(cosine, index=index), pd.Series(observed, index=index), settings["permutations"], seed
        )
        rows.append(
            {
                "view": model,
                "selected": model == selected,
                **shape,
                "pair_auc": round(auc, 6),
                **_interval(samples),
                "minus_responses": round(auc - observed_auc, 6),
                "minus_responses_ci_low": difference["ci_low"],
                "minus_responses_ci_high": difference["ci_high"],
                **mantel,
                "spearman_rho_same": round(spearman(cosine[positive], observed[positive]), 6),
                "spearman_rho_different": round(spearman(cosine[~positive], observed[~positive]), 6),
            }
        )
    return pd.DataFrame(rows)


def construct_distinctiveness(item_set: ItemSet, r: np.ndarray) -> pd.DataFrame:
    """Per construct, how distinct it is from all others in the answers
    (``answers_distinctiveness``: the AUC of |r| of its within-pairs against its pairs with the
    other constructs' items) and under the model (``distinctiveness``, the same AUC of cosines),
    on the same answered items (``r`` in ``item_set``'s text order)."""
    similarity, same = similarity_and_labels(item_set)
    model = per_construct_auc(similarity, same, item_set)
    answers = per_construct_auc(np.abs(r), same, item_set)
    return pd.DataFrame(
        {
            "construct": item_set.constructs,
            "answers_distinctiveness": answers["auc"].round(6),
            "distinctiveness": model["auc"].round(6),
        }
    )


def _mean_by_construct(item_set: ItemSet, scores: np.ndarray) -> np.ndarray:
    """(texts, constructs): each text's mean score with the other texts of each construct
    (itself and missing scores left out)."""
    scores = scores.copy()
    np.fill_diagonal(scores, np.nan)
    known = ~np.isnan(scores)
    member = item_set.membership.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (np.where(known, scores, 0.0) @ member) / (known.astype(np.float64) @ member)


def item_fit(items: pd.DataFrame, answers: pd.DataFrame, item_set: ItemSet, r: np.ndarray) -> pd.DataFrame:
    """Per answered item and construct it belongs to: whether it goes with its own construct in
    the answers and under the model, judged alike. ``answers_own``: its mean |r| with the
    construct's other items; ``answers_closest_other``, the construct (of those it is not in)
    whose items it correlates with most strongly on average, and ``answers_fits`` (own above
    that); ``model_own``, ``model_closest_other`` and ``model_fits`` the same with cosines
    (``item_set``, ``r`` in its text order); ``item_rest_r``, its correlation with the rest of
    its construct's scale (keyed; empty for an unscored item or a scale of one; Pearson's r,
    the rest being a mean), ``alpha_if_deleted``, the scale's standardised α without it
    (``alpha_if_deleted``, from ``r`` signed by the items' keys), and ``loading``, its
    standardised loading on the scale's one factor (``one_factor_loadings``, the factor behind
    the scale's ω and AVE; scales of ``OMEGA_MIN_ITEMS`` items or more with every correlation).
    Items that fit in neither view first within each construct."""
    similarity, _ = similarity_and_labels(item_set)
    views = {
        "answers": _mean_by_construct(item_set, np.abs(r)),
        "model": _mean_by_construct(item_set, similarity),
    }
    scored = {
        construct: signed
        for construct, signed in _scale_columns(items, answers).items()
        if signed.shape[1] >= MIN_SCALE_ITEMS
    }
    item_rest = {
        (construct, text): value
        for construct, signed in scored.items()
        for text, value in item_rest_correlations(signed).items()
    }
    position = {text: i for i, text in enumerate(item_set.texts)}
    keys = items.assign(key=item_keys(items)).set_index(["construct", "text"])["key"]
    without, loading = {}, {}
    for construct, signed in scored.items():
        at = [position[text] for text in signed.columns]
        sign = keys.loc[construct].loc[signed.columns].to_numpy(dtype=float)
        scale_r = r[np.ix_(at, at)] * np.outer(sign, sign)
        members = [(construct, text) for text in signed.columns]
        without |= dict(zip(members, alpha_if_deleted(scale_r), strict=True))
        if len(at) >= OMEGA_MIN_ITEMS and not np.isnan(scale_r).any():
            loading |= dict(zip(members, one_factor_loadings(scale_r), strict=True))
    rows = []
    for i, text in enumerate(item_set.texts):
        row = {}
        for view, means in views.items():
            others = np.where(item_set.membership[i], np.nan, means[i])
            closest = int(np.nanargmax(others)) if np.isfinite(others).any() else None
            row[view] = (closest, others[closest] if closest is not None else np.nan, means[i])
        for c in np.flatnonzero(item_set.membership[i]):
            construct = item_set.constructs[c]
            entry = {
                "construct": construct,
                "text": text,
                "item_rest_r": round(item_rest.get((construct, text), np.nan), 6),
                "alpha_if_deleted": round(without.get((construct, text), np.nan), 6),
                "loading": round(loading.get((construct, text), np.nan), 6),
            }
            for view, (closest, best, means) in row.items():
                entry |= {
                    f"{view}_own": round(float(means[c]), 6),
                    f"{view}_closest_other": item_set.constructs[closest] if closest is not None else "",
                    f"{view}_fits": bool(means[c] > best),
                }
            rows.append(entry)
    table = pd.DataFrame(rows)
    table["fits_in"] = table["answers_fits"].astype(int) + table["model_fits"].astype(int)
    table = table.sort_values(["construct", "fits_in", "answers_own", "text"], kind="stable")
    return table.drop(columns="fits_in").reset_index(drop=True)


def as_scored(items: pd.DataFrame, reverse_scored: bool) -> pd.DataFrame:
    """``items`` with the keys their answers are signed by when scales are scored: their
    scoring keys, or, where the answers of reverse-keyed items are already reverse-scored
    (``reverse_scored``), 1 for those items too."""
    if not reverse_scored or "key" not in items:
        return items
    return items.assign(key=items["key"].abs())


def _standardised(responses: pd.DataFrame) -> pd.DataFrame:
    return (responses - responses.mean()) / responses.std(ddof=1)


def _keyed(items: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
    """The (construct, text) rows a scale scores: answered, with a non-zero key (``key``)."""
    keyed = items.assign(key=item_keys(items))
    return keyed[keyed["text"].isin(responses.columns) & keyed["key"].ne(0)]


def scale_items(items: pd.DataFrame, responses: pd.DataFrame) -> dict[str, list[str]]:
    """Each construct's scored items (non-zero key, answered), constructs in sorted order."""
    return {
        construct: members["text"].tolist()
        for construct, members in _keyed(items, responses).groupby("construct", sort=True)
    }


def _scale_columns(items: pd.DataFrame, responses: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each construct's scored items (``scale_items``), standardised and signed by their keys:
    the columns its scale averages."""
    z = _standardised(responses)
    return {
        construct: z[members["text"].tolist()] * members["key"].to_numpy()
        for construct, members in _keyed(items, responses).groupby("construct", sort=True)
    }


def item_rest_correlations(signed: pd.DataFrame) -> pd.Series:
    """Each column's correlation with the mean of the other columns (pairwise complete): the
    corrected item-total correlation of a scale's keyed items."""
    values = {}
    for text in signed.columns:
        rest = signed.drop(columns=text).mean(axis=1)
        r, _ = pairwise_correlations(np.column_stack([signed[text], rest]))
        values[text] = r[0, 1]
    return pd.Series(values, dtype=float)


def standardised_alpha(mean_r: float, k: int) -> float:
    """Standardised α of ``k`` items whose correlations average ``mean_r``."""
    return k * mean_r / (1 + (k - 1) * mean_r)


def alpha_if_deleted(r: np.ndarray) -> np.ndarray:
    """Per item of a scale whose keyed items correlate as ``r`` (NaN: no correlation), the
    scale's standardised α without it, from the mean correlation of the others: above the
    scale's own α, the scale is more consistent without the item. NaN for a scale of fewer
    than three items."""
    k = len(r)
    if k < 3:
        return np.full(k, np.nan)
    known = np.isfinite(r) & ~np.eye(k, dtype=bool)
    values = np.where(known, r, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        rest = (values.sum() / 2 - values.sum(axis=1)) / (known.sum() / 2 - known.sum(axis=1))
    return standardised_alpha(rest, k - 1)


OMEGA_MIN_ITEMS = 3  # one common factor of two items is not identified


def one_factor_loadings(r: np.ndarray, iterations: int = 1000, tolerance: float = 1e-10) -> np.ndarray:
    """The standardised loadings of one common factor on items whose correlations are ``r``, by
    iterated principal axis factoring: the communalities start at the squared multiple
    correlations and are replaced by the squared loadings until they settle, none above 1 (a
    Heywood case is held at that bound); signed to sum to zero or more."""
    with np.errstate(divide="ignore"):
        communality = np.clip(1 - 1 / np.diag(np.linalg.pinv(r)), 0.0, 1.0)
    for _ in range(iterations):
        reduced = r.copy()
        np.fill_diagonal(reduced, communality)
        values, vectors = np.linalg.eigh(reduced)
        loadings = vectors[:, -1] * np.sqrt(max(values[-1], 0.0))
        settled = np.abs(np.minimum(loadings**2, 1.0) - communality).max() < tolerance
        communality = np.minimum(loadings**2, 1.0)
        if settled:
            break
    loadings = np.sign(loadings) * np.sqrt(communality)
    return loadings if loadings.sum() >= 0 else -loadings


def omega_and_ave(r: np.ndarray) -> tuple[float, float]:
    """Of one common factor (``one_factor_loadings`` λ) of a scale whose standardised, keyed
    items correlate as ``r``: McDonald's ω total, the share of the variance of their sum it
    accounts for, (Σλ)² / ((Σλ)² + Σ(1 − λ²)) (unlike α it does not assume every item measures
    the construct equally well; it equals standardised α where they do), and the average
    variance extracted (AVE; Fornell & Larcker, 1981), the mean squared loading (0.5 or more is
    the usual bar of convergent validity). NaN for fewer than ``OMEGA_MIN_ITEMS`` items, whose
    one factor is not identified, or a pair without a correlation."""
    if len(r) < OMEGA_MIN_ITEMS or np.isnan(r).any():
        return float("nan"), float("nan")
    loadings = one_factor_loadings(r)
    common = loadings.sum() ** 2
    return float(common / (common + (1 - loadings**2).sum())), float(np.mean(loadings**2))


def scales(
    items: pd.DataFrame, responses: pd.DataFrame, correlate: Correlate = pairwise_correlations
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each construct's scale, scored from the responses: (table, scores); its items'
    correlations by ``correlate`` (Pearson's r, or polychoric: ``correlation``).

    A scale is a construct's answered items with a non-zero key, each standardised and signed by
    its key; a respondent's score is the mean over the items they answered. ``table``, one row
    per construct with at least ``MIN_SCALE_ITEMS`` such items: n_items, n_respondents,
    mean_inter_item_r (of the keyed items), alpha (standardised α from that mean and the number
    of items; with missing answers it uses the pairwise correlations), omega and ave
    (``omega_and_ave``),
    ``negative_item_rest``: items that correlate negatively with the rest of their scale —
    reverse keyed but not marked so, as a rule (give the target a key_column or a
    reverse_marker), and of those ``negative_reverse_keyed``, the ones keyed -1, which correlate
    so when their answers were reverse-scored already (``as_scored``). ``scores``: one column
    per scale."""
    rows, scores = [], {}
    reverse_keyed = set(items.loc[item_keys(items).eq(-1), "text"])
    for construct, signed in _scale_columns(items, responses).items():
        if signed.shape[1] < MIN_SCALE_ITEMS:
            log.info("%s: fewer than %d scored items with responses, no scale", construct, MIN_SCALE_ITEMS)
            continue
        r, _ = correlate(signed.to_numpy())
        k = signed.shape[1]
        mean_r = float(np.nanmean(r[np.triu_indices(k, k=1)])) if k > 1 else np.nan
        negative = [text for text, r_rest in item_rest_correlations(signed).items() if r_rest < 0]
        reversed_already = [text for text in negative if text in reverse_keyed]
        omega, ave = omega_and_ave(r)
        if negative:
            log.warning(
                "%s: item(s) correlating negatively with the rest of the scale: %s%s",
                construct,
                "; ".join(negative),
                " (keyed -1: if their answers are reverse-scored already, set the target's "
                "reverse_scored: true)"
                if reversed_already
                else "",
            )
        rows.append(
            {
                "construct": construct,
                "n_items": k,
                "n_respondents": int(signed.notna().any(axis=1).sum()),
                "mean_inter_item_r": round(mean_r, 6),
                "alpha": round(standardised_alpha(mean_r, k), 6),
                "omega": round(omega, 6),
                "ave": round(ave, 6),
                "negative_item_rest": "; ".join(negative),
                "negative_reverse_keyed": "; ".join(reversed_already),
            }
        )
        scores[construct] = signed.mean(axis=1)
    return pd.DataFrame(rows), pd.DataFrame(scores)


def scale_correlations(scores: pd.DataFrame) -> pd.DataFrame:
    """Correlations of the scale scores, one row per pair (construct_a, construct_b, r), as
    ``empirical.read_correlations`` gives a published table; pairs without one left out."""
    r, _ = pairwise_correlations(scores.to_numpy(dtype=float))
    names = list(scores.columns)
    rows = [
        {"construct_a": names[i], "construct_b": names[j], "r": round(float(r[i, j]), 6)}
        for i in range(len(names))
        for j in range(i + 1, len(names))
        if not np.isnan(r[i, j])
    ]
    return pd.DataFrame(rows, columns=["construct_a", "construct_b", "r"])


PARALLEL_DRAWS = 100  # random data sets of a parallel analysis
PARALLEL_LEVEL = 0.95  # the percentile of their eigenvalues an observed one must exceed
PARALLEL_COLUMNS = [
    "component",
    "eigenvalue",
    "random_mean",
    "random_q95",
    "retained",
    "n_items",
    "n_respondents",
    "draws",
]


def _complete_items(r: np.ndarray) -> np.ndarray:
    """Indices of the items left once those with a missing correlation are dropped, the item
    missing most first, until every pair left has one."""
    kept = np.arange(len(r))
    while len(kept) and np.isnan(r[np.ix_(kept, kept)]).any():
        kept = np.delete(kept, np.isnan(r[np.ix_(kept, kept)]).sum(axis=1).argmax())
    return kept


def parallel_analysis(r: np.ndarray, n: np.ndarray, seed: int, draws: int = PARALLEL_DRAWS) -> pd.DataFrame:
    """Horn's (1965) parallel analysis of the items' correlations ``r`` (``pairwise_correlations``
    with its counts ``n``; items with a missing correlation left out): per principal component,
    its eigenvalue beside the mean and the ``PARALLEL_LEVEL`` percentile of the same component's
    eigenvalue over ``draws`` data sets of uncorrelated normal answers, as many items and as
    many respondents as the median item pair has; ``retained`` for the leading components above
    that percentile (Glorfeld, 1995). Empty for fewer than three items."""
    kept = _complete_items(r)
    if len(kept) < 3:
        return pd.DataFrame(columns=PARALLEL_COLUMNS)
    observed = np.linalg.eigvalsh(r[np.ix_(kept, kept)])[::-1]
    pairs = n[np.ix_(kept, kept)][np.triu_indices(len(kept), k=1)]
    respondents = int(np.median(pairs))
    rng = np.random.default_rng(seed)
    random = np.array(
        [
            np.linalg.eigvalsh(np.corrcoef(rng.standard_normal((respondents, len(kept))), rowvar=False))[::-1]
            for _ in range(draws)
        ]
    )
    bar = np.quantile(random, PARALLEL_LEVEL, axis=0)
    above = observed > bar
    retained = np.cumprod(above).astype(bool)  # the leading run of components above the bar
    values = [
        np.arange(1, len(kept) + 1),
        observed,
        random.mean(axis=0),
        bar,
        retained,
        len(kept),
        respondents,
        draws,
    ]
    return pd.DataFrame(dict(zip(PARALLEL_COLUMNS, values, strict=True)))


def htmt(r: np.ndarray, membership: np.ndarray) -> np.ndarray:
    """The heterotrait–monotrait ratio (HTMT; Henseler, Ringle & Sarstedt, 2015) of every two
    constructs: the mean |r| between their items over the geometric mean of the mean |r| among
    each one's own items. ``r``: the items' correlations (NaN: none); ``membership``: items ×
    constructs, 1 where the item is one of the construct's. An item's correlation with itself
    counts in neither mean; the diagonal is NaN."""
    known = np.isfinite(r)
    np.fill_diagonal(known, False)
    magnitude = np.where(known, np.abs(r), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = membership.T @ magnitude @ membership / (membership.T @ known @ membership)
        within = np.diag(means).copy()
        ratio = means / np.sqrt(np.outer(within, within))
    np.fill_diagonal(ratio, np.nan)
    return ratio


def htmt_table(
    items: pd.DataFrame,
    responses: pd.DataFrame,
    n_resamples: int,
    seed: int,
    correlate: Correlate = pairwise_correlations,
) -> pd.DataFrame:
    """Per pair of scales (``scales``' constructs and items), construct_a, construct_b,
    ``htmt`` and ``htmt_ci_high``: its one-sided ``HTMT_LEVEL`` upper bound, the percentile of
    ``n_resamples`` resamples of respondents (NaN without resamples). Set against Henseler et
    al.'s bars of 0.85 and 0.90, the bound asks whether HTMT lies below a bar beyond chance, not
    only whether its estimate does."""
    columns = _scale_columns(items, responses)
    names = [construct for construct, signed in columns.items() if signed.shape[1] >= MIN_SCALE_ITEMS]
    texts = list(dict.fromkeys(text for name in names for text in columns[name].columns))
    membership = np.array([[text in columns[name].columns for name in names] for text in texts], dtype=float)
    values = responses[texts].to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    draws = np.array(
        [
            htmt(correlate(values[rng.integers(0, len(values), len(values))])[0], membership)
            for _ in range(n_resamples)
        ]
    ).reshape(n_resamples, len(names), len(names))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # no resamples, or none with a value
        bound = np.nanquantile(draws, HTMT_LEVEL, axis=0) if n_resamples else np.full(draws.shape[1:], np.nan)
    a, b = np.triu_indices(len(names), k=1)
    return pd.DataFrame(
        {
            "construct_a": np.array(names, dtype=object)[a],
            "construct_b": np.array(names, dtype=object)[b],
            "htmt": htmt(correlate(values)[0], membership)[a, b].round(6),
            "htmt_ci_high": bound[a, b].round(6),
        }
    )


def construct_agreement(
    item_sets: dict[str, ItemSet],
    selected: str,
    r: np.ndarray,
    table: pd.DataFrame,
    scores: pd.DataFrame,
    scale_pairs: pd.DataFrame,
    settings: dict,
    seed: int,
    observed_alpha: pd.Series | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The scales' correlations beside every model's view of the construct pairs
    (``empirical.empirical_agreement``), each pair with ``r_disattenuated``: r / √(α_a α_b), the
    correlation the two scales would have without measurement error (above 1 where the α
    understate the reliability), ``htmt`` and ``htmt_ci_high`` from ``scale_pairs`` (``htmt_table``;
    with every answer given and the two scales' items correlating in one direction, HTMT is
    |r_disattenuated|, the α being standardised), the selected model's ``separability`` of the
    two constructs' answered items and ``answers_separability``, the same AUC with the items' |r| (``r``, in
    the item sets' text order) in place of their cosines: 0.5 where items of the two constructs
    correlate across as strongly as within, the answers' own verdict on whether they overlap;
    and ``fornell_larcker``: whether each scale's AVE exceeds the pair's squared
    ``r_disattenuated`` (Fornell & Larcker's criterion with the α-disattenuated correlation in
    place of a latent one; empty where a scale has no AVE or the pair no correlation).
    ``observed_alpha``, by construct: the α of the scores as observed, which disattenuate their
    (Pearson) correlations where ``table``'s α come from polychoric correlations; default
    ``table``'s. The columns of ``cfa.discriminant_table`` in ``scale_pairs``, the two-factor
    model's correlation, follow ``fornell_larcker``."""
    correlations = scale_correlations(scores)
    separability = pair_separabilities(item_sets[selected])
    pairs, summary = empirical_agreement(
        item_sets, selected, separability, correlations, settings["permutations"], seed
    )
    index = pd.MultiIndex.from_frame(pairs[["construct_a", "construct_b"]])
    answers = pair_separabilities(item_sets[selected], similarity=np.abs(r))
    pairs.insert(
        pairs.columns.get_loc("separability") + 1,
        "answers_separability",
        answers.loc[index].round(6).to_numpy(),
    )
    alpha = table.set_index("construct")["alpha"] if observed_alpha is None else observed_alpha
    alpha = alpha.where(lambda a: a > 0)
    with np.errstate(invalid="ignore"):
        reliability = np.sqrt(
            alpha.loc[pairs["construct_a"]].to_numpy() * alpha.loc[pairs["construct_b"]].to_numpy()
        )
    pairs.insert(pairs.columns.get_loc("r") + 1, "r_disattenuated", (pairs["r"] / reliability).round(6))
    ave = table.set_index("construct")["ave"]
    smaller = np.minimum(ave.loc[pairs["construct_a"]].to_numpy(), ave.loc[pairs["construct_b"]].to_numpy())
    shared = pairs["r_disattenuated"].to_numpy() ** 2
    verdicts = [
        None if np.isnan(a) or np.isnan(s) else bool(a > s) for a, s in zip(smaller, shared, strict=True)
    ]
    pairs.insert(pairs.columns.get_loc("r_disattenuated") + 1, "fornell_larcker", verdicts)
    ordered = [tuple(sorted(pair)) for pair in zip(pairs["construct_a"], pairs["construct_b"], strict=True)]
    found = scale_pairs.set_index(["construct_a", "construct_b"]).reindex(pd.MultiIndex.from_tuples(ordered))
    for anchor, columns in (("r_disattenuated", HTMT_COLUMNS), ("fornell_larcker", CFA_COLUMNS)):
        given = [column for column in columns if column in found]
        for offset, column in enumerate(given, start=1):
            pairs.insert(pairs.columns.get_loc(anchor) + offset, column, found[column].to_numpy())
    return pairs, summary
