"""How often does a two-factor correlation's interval cover the factors' true correlation, and
how often do the model's χ² tests reject where the model holds?

A target's answers get, per pair of scales, the correlation of two factors with a 95 % Wald
interval (``cfa.discriminant_table``), its standard error from each respondent's influence on
the item correlations, Pearson's r or polychoric ones, whose χ² are scaled to match. This
simulates two scales of ``--items`` items each, loading ``--loading`` on factors that correlate
``--r``, answered by ``--people`` people, in five ways: continuous and normal (the case normal
theory is right for), continuous and skewed (factors and unique parts alike), on five
categories, correlated by Pearson's r and by polychoric correlations, and with a tenth of the
answers missing at random, continuous (pairwise Pearson's r) and on five categories
(polychoric); each as the workflow treats it, and where normal theory may go wrong, as normal
theory would (the median pair's respondents; polychoric correlations taken for Pearson's r).
It prints per condition the mean estimate, the spread
of the estimates beside the mean standard error, the interval's coverage, and the share of
samples whose model χ² exceeds its 95th percentile (the model holds: 5 % is right) and whose
test of one factor against two has p < 0.05 (at a true correlation of 1, 5 % is right;
below it, the test's power): the figures in docs/targets.md.

    python benchmarks/cfa_coverage.py [--items 4] [--loading 0.7] [--r 0.5 0.9 1.0]
        [--people 300] [--replications 500]
"""

import argparse
import time

import numpy as np
import pandas as pd
from scipy.stats import chi2

from constructlens import cfa
from constructlens.polychoric import polychoric_correlations, polychoric_influence
from constructlens.responses import pairwise_correlations, pearson_influence

CUTS = (-1.5, -0.5, 0.5, 1.5)  # five answer categories, as a 1–5 scale cuts the latent answer
WITHOUT_NORMAL_THEORY = {  # normal theory holds, or another row shows how it fails
    "continuous, normal theory",
    "five categories, Pearson, normal theory",
    "a tenth missing, polychoric, normal theory",
}


def latent_answers(
    rng: np.random.Generator, items: int, loading: float, r: float, people: int
) -> tuple[np.ndarray, np.ndarray]:
    """Continuous answers of ``people`` to two scales of ``items`` items each: normal, and
    skewed, the factors and unique parts made of standardised χ² of 1 df (kurtosis 15)."""
    unique = np.sqrt(1 - loading**2)

    def answers(parts: np.ndarray) -> np.ndarray:
        factors = np.column_stack([parts[:, 0], r * parts[:, 0] + np.sqrt(1 - r**2) * parts[:, 1]])
        return np.repeat(factors, items, axis=1) * loading + parts[:, 2:] * unique

    shape = (people, 2 + 2 * items)
    return answers(rng.normal(size=shape)), answers((rng.chisquare(1, size=shape) - 1) / np.sqrt(2))


def robust_and_normal(name: str, correlate, values: np.ndarray) -> dict[str, tuple]:
    """The items' correlations of ``values`` by ``correlate``, respondents per pair and the
    respondents' influence on the correlations, as the workflow takes them (``name``) and
    under normal theory (no influence)."""
    r, counts = correlate(values)
    influence_of = polychoric_influence if correlate is polychoric_correlations else pearson_influence
    return {
        name: (r, counts, cfa.Influence(len(values), influence_of(values, r).on)),
        f"{name}, normal theory": (r, counts, None),
    }


def conditions(answers: np.ndarray, skewed: np.ndarray, rng: np.random.Generator) -> dict[str, tuple]:
    """The items' correlations, respondents per pair and the respondents' influence on the
    correlations (None: normal theory), as each way of answering gives them."""
    categories = np.digitize(answers, CUTS).astype(float) + 1
    gaps = rng.random(answers.shape) < 0.1
    both = (
        robust_and_normal("continuous", pairwise_correlations, answers)
        | robust_and_normal("skewed", pairwise_correlations, skewed)
        | robust_and_normal("five categories, Pearson", pairwise_correlations, categories)
        | robust_and_normal("five categories, polychoric", polychoric_correlations, categories)
        | robust_and_normal(
            "a tenth missing, Pearson", pairwise_correlations, np.where(gaps, np.nan, answers)
        )
        | robust_and_normal(
            "a tenth missing, polychoric", polychoric_correlations, np.where(gaps, np.nan, categories)
        )
    )
    return {name: found for name, found in both.items() if name not in WITHOUT_NORMAL_THEORY}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--items", type=int, default=4, help="per scale")
    parser.add_argument("--loading", type=float, default=0.7)
    parser.add_argument(
        "--r", type=float, nargs="+", default=[0.5, 0.9, 1.0], help="the factors' correlations"
    )
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--replications", type=int, default=500)
    parser.add_argument("--data", help="unused; every benchmark takes it")
    args = parser.parse_args()
    start = time.perf_counter()
    rows = []
    for truth in args.r:
        rng = np.random.default_rng(42)
        found = {}
        for _ in range(args.replications):
            for name, (r, counts, influence) in conditions(
                *latent_answers(rng, args.items, args.loading, truth, args.people), rng
            ).items():
                respondents = int(np.median(counts[np.triu_indices(len(counts), k=1)]))
                fit = cfa.factor_fit(r, cfa.two_factors(args.items, len(r)), respondents, influence)
                low, high = fit.interval() if fit else (np.nan, np.nan)
                tests = cfa.fit_statistics(r, fit, respondents) if fit else {}
                found.setdefault(name, []).append(
                    (
                        fit.r if fit else np.nan,
                        fit.se if fit else np.nan,
                        low <= truth <= high,
                        tests.get("cfa_chi2", np.nan) > chi2.ppf(0.95, tests.get("cfa_df", 1)),
                        tests.get("cfa_one_factor_p", np.nan) < 0.05,
                    )
                )
        for name, values in found.items():
            estimates, errors, covered, misfit, one_factor = (
                np.array(column, dtype=float) for column in zip(*values, strict=True)
            )
            rows.append(
                {
                    "true_r": truth,
                    "answers": name,
                    "mean_estimate": np.nanmean(estimates),
                    "sd_estimates": np.nanstd(estimates),
                    "mean_se": np.nanmean(errors),
                    "coverage": np.mean(covered),
                    "chi2_rejects": np.mean(misfit),
                    "one_factor_rejects": np.mean(one_factor),
                    "failed": int(np.isnan(estimates).sum()),
                }
            )
    print(
        f"{args.items} + {args.items} items loading {args.loading}, {args.people} people, "
        f"{args.replications} replications per condition"
    )
    print(pd.DataFrame(rows).round(3).to_string(index=False))
    print(f"{time.perf_counter() - start:.0f} s in all")


if __name__ == "__main__":
    main()
