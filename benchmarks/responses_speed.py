"""How long does the responses analysis take as questionnaires and samples grow, and how much memory?

A target's ``responses`` table is read, correlated and set beside each model's cosines by the
job ``compare_with_responses``. This times its steps, with the default settings (1,000 bootstrap
resamples, of constructs and of respondents, 9,999 permutations), on answers simulated for
ITEMS items in constructs of 10 (each item loading on its construct's factor; a tenth of the
answers left out at random) by PEOPLE people, and random embeddings in place of a model's: the
time does not depend on the values.
The Mantel test over item pairs and the HTMT bounds grow with the square of the items, the
two-factor models with the square of the scales, the one model of all scales with the cube of
its parameters (two per item and one per pair of scales): the steps to watch.

    python benchmarks/responses_speed.py [--items 300] [--people 2000] [--correlation polychoric]
        [--htmt-resamples 1000]

``--correlation polychoric`` times a target's ``answer_correlation: polychoric``: every
correlation among items (those of the answers, the scales' and the HTMT resamples') becomes a
polychoric one.
"""

import argparse
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from timing import run_timed, schema_defaults

from constructlens import answer_files, cfa, responses
from constructlens.metrics import make_item_set

PER_CONSTRUCT = 10


def simulated(n_items: int, n_people: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(items, answers): ``n_items`` items in constructs of ``PER_CONSTRUCT``, answered 1 to 5."""
    constructs = [f"C{i // PER_CONSTRUCT:03d}" for i in range(n_items)]
    texts = [f"Item {i:05d}." for i in range(n_items)]
    items = pd.DataFrame({"construct": constructs, "text": texts, "text_original": texts})
    rng = np.random.default_rng(seed)
    factors = rng.normal(size=(n_people, len(set(constructs))))
    latent = factors[:, [int(c[1:]) for c in constructs]] * 0.8 + rng.normal(0, 0.6, (n_people, n_items))
    answers = np.clip(np.rint(3 + latent), 1, 5)
    answers[rng.random(answers.shape) < 0.1] = np.nan
    return items, pd.DataFrame(answers, columns=texts)


def named(matrices: tuple[np.ndarray, ...], texts: list[str]) -> list[pd.DataFrame]:
    """The items' correlations and respondents per pair, rows and columns named by their texts."""
    return [pd.DataFrame(matrix, index=texts, columns=texts) for matrix in matrices]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--data", type=Path, help="ignored: the answers are simulated")
    parser.add_argument("--correlation", choices=["pearson", "polychoric"], default="pearson")
    parser.add_argument("--htmt-resamples", type=int, help="default: target_analysis.htmt_resamples")
    args = parser.parse_args()
    defaults = schema_defaults("evaluation")
    settings = {key: defaults[key] for key in ("bootstrap_resamples", "permutations")}
    settings["htmt_resamples"] = (
        schema_defaults("target_analysis")["htmt_resamples"]
        if args.htmt_resamples is None
        else args.htmt_resamples
    )
    seed = 42
    items, answers = simulated(args.items, args.people, seed)
    vectors = np.random.default_rng(seed).normal(size=(args.items, 384))
    item_set = make_item_set(items, dict(zip(items["text"], vectors, strict=True)))
    correlate = responses.correlation(args.correlation, answers, "simulated answers")
    print(
        f"{args.items} items of {len(item_set.constructs)} constructs, {args.people} people, "
        f"{args.correlation} correlations, {settings}"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.csv"
        answers.to_csv(path, index=False)
        done = {}
        steps = {
            "read and match the answers": lambda: answer_files.read_responses(path, items),
            "pairwise complete correlations": lambda: correlate(
                done["read and match the answers"][item_set.texts].to_numpy()
            ),
            "item pairs: pair AUCs with intervals, Mantel test (per model)": lambda: responses.item_agreement(
                {"model": item_set}, "model", done["pairwise complete correlations"][0], settings, seed
            ),
            "scales: scores, alpha, item-rest correlations": lambda: responses.scales(
                items, answers, correlate
            ),
            "HTMT of every two scales, respondents resampled": lambda: responses.htmt_table(
                items, answers, settings["htmt_resamples"], seed, correlate
            ),
            "two-factor model of every two scales": lambda: cfa.discriminant_table(
                items,
                answers,
                *named(done["pairwise complete correlations"], item_set.texts),
                args.correlation,
            ),
            "one factor model of all scales": lambda: cfa.measurement_model(
                items,
                answers,
                *named(done["pairwise complete correlations"], item_set.texts),
                args.correlation,
            ),
            "construct pairs: separabilities, Mantel tests (per model)": lambda: (
                responses.construct_agreement(
                    {"model": item_set},
                    "model",
                    done["pairwise complete correlations"][0],
                    *done["scales: scores, alpha, item-rest correlations"],
                    done["HTMT of every two scales, respondents resampled"].merge(
                        done["two-factor model of every two scales"]
                    ),
                    settings,
                    seed,
                )
            ),
        }
        total = run_timed(steps, done)
    print(f"{total:7.1f} s  in all")


if __name__ == "__main__":
    main()
