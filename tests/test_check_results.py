"""docs/check_results.py: the numbers the documents quote, read again from a run's tables."""

import json
import re
import subprocess
import sys

import pandas as pd
import pytest

from .conftest import REPO, benchmark_module

check_results = benchmark_module("check_results", REPO / "docs")

MODELS = {"minilm_mnrl": 0.84030, "minilm_zeroshot": 0.80847, "word_overlap": 0.67967}


def write(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(path, sep="\t", index=False)


def metric_rows(model, auc):
    """all.tsv's rows of ``model`` that the claims read, its test pair AUC ``auc``."""
    rows = []
    for dataset, split, shift in (
        ("ipip", "test", 0),
        ("ipip", "validation", 0.004),
        ("leadership", "all", -0.2425),
    ):
        for name, value in (("pair_auc", auc + shift), ("item_auc", auc + shift + 0.01)):
            rows.append((model, dataset, split, name, value, value - 0.065, value + 0.0412))
        rows.append((model, dataset, split, "seed_probability_correct", auc + shift + 0.02, 0.8073, 0.9132))
        rows.append((model, dataset, split, "seed_cohens_d", 1.0844 + shift, None, None))
        rows += [(model, dataset, split, name, 0.26 + shift, None, None) for name in ("ari", "ami", "nmi")]
    rows += [
        (model, "ipip", "test", "n_constructs", 44.0, None, None),
        (model, "ipip", "test", "n_texts", 262.0, None, None),
    ]
    return rows


@pytest.fixture()
def run(tmp_path):
    """Made-up tables of a default run, as far as the claims read them."""
    results = tmp_path / "results"
    (results / "selection").mkdir(parents=True)
    (results / "selection" / "best_model.json").write_text(json.dumps({"best_model": "minilm_mnrl"}))
    kind = {"vendor": "GenuineIntel", "family": 6, "model": 207, "stepping": 2, "instructions": ["amx_bf16"]}
    compute = {"device": "cpu", "device_name": "Some CPU", "device_kind": kind, "precision": "bf16"}
    record = {"selected_model": "minilm_mnrl", "training": {"minilm_mnrl": {"compute": compute}}}
    (results / "provenance.json").write_text(json.dumps(record))
    columns = ["model", "dataset", "split", "metric", "value", "ci_low", "ci_high"]
    write(
        results / "metrics/all.tsv",
        [dict(zip(columns, row, strict=True)) for m, a in MODELS.items() for row in metric_rows(m, a)],
    )
    write(
        results / "comparison/ipip_vs_leadership.tsv",
        [
            {
                "model": m,
                "metric": name,
                "difference": d,
                "ci_low": d - 0.1,
                "ci_high": d + 0.047,
                "p_value": 0.002,
            }
            for m in MODELS
            for name, d in (
                ("pair_auc", 0.2431 - (m == "word_overlap") * 0.3),
                ("item_auc", 0.22),
                ("pair_auc_one_scale", 0.155),
                ("pair_auc_one_measure", 0.241),
                ("ari", 0.19),
                ("ami", 0.23),
            )
        ],
    )
    pair = {
        "difference": 0.0553,
        "ci_low": 0.0032,
        "ci_high": 0.1427,
        "p_value": 0.034,
        "per_construct_p_value": 0.009,
    }
    write(
        results / "selection/margin.tsv",
        [
            {
                "other_model": "minilm_zeroshot",
                "metric": "pair_auc",
                "constructs_higher": 16,
                "constructs_lower": 2,
                **pair,
            }
        ],
    )
    paired = {"ci_low": -0.0023, "ci_high": 0.0919, "p_value": 0.082, "per_construct_difference": 0.0503}
    write(
        results / "comparison/selected_vs_baselines.tsv",
        [
            {
                "baseline_model": "minilm_zeroshot",
                "dataset": dataset,
                "metric": name,
                "difference": 0.0318,
                "constructs_higher": 31,
                "constructs_lower": 7,
                "per_construct_p_value": 0.0001,
                "selected": 0.169,
                "baseline": 0.2125,
                **paired,
            }
            for dataset in ("ipip", "leadership")
            for name in ("pair_auc", "item_auc", "map_same_construct", "ami", "ari")
        ]
        + [
            {
                "baseline_model": "word_overlap",
                "dataset": dataset,
                "metric": "centroid_fit",
                "selected": selected,
                "baseline": baseline,
                "difference": selected - baseline,
                **paired,
            }
            for dataset, selected, baseline in (("ipip", 0.5898, 0.3594), ("leadership", 0.5167, 0.5214))
        ],
    )
    write(
        results / "metrics/measures.tsv",
        [
            {
                "model": "minilm_mnrl",
                "dataset": d,
                "pairs": pairs,
                "constructs": "all",
                "pair_auc": auc,
                "ci_low": auc - 0.04,
                "ci_high": auc + 0.067,
            }
            for d, pairs, auc in (
                ("leadership", "same_measure", 0.6272),
                ("leadership", "same_subscale", 0.7145),
                ("ipip", "same_measure", 0.8690),
            )
        ],
    )
    leadership = results / "targets" / "leadership"
    write(
        leadership / "similarity_distributions.tsv",
        [
            {"item_set": s, "pairs": p, "q50": q, "n_pairs": 1266}
            for s, p, q in [
                ("ipip_test", "same construct", 0.388),
                ("ipip_test", "different constructs", 0.211),
                ("leadership", "same construct", 0.344),
                ("leadership", "different constructs", 0.296),
            ]
        ],
    )
    styles = ["Abusive", "Servant", "Ethical", "Transformational"]
    write(
        leadership / "distinctiveness.tsv",
        [{"construct": c, "auc": a} for c, a in zip(styles, (0.9972, 0.5611, 0.7, 0.6), strict=True)],
    )
    pairs = (
        ("Servant", "Transformational", 0.5530, 0.5286, 0.5792, 0.0067),
        ("Ethical", "Servant", 0.5980, 0.55, 0.64, 0.0133),
        ("Abusive", "Servant", 0.9, 0.85, 0.95, 0.9),
    )
    columns = ("construct_a", "construct_b", "separability", "ci_low", "ci_high", "ipip_share_below")
    write(
        leadership / "separability.tsv",
        [{**dict(zip(columns, pair, strict=True)), "ipip_pairs": 300} for pair in pairs],
    )
    write(
        leadership / "model_agreement_summary.tsv",
        [
            {
                "model": m,
                "n_pairs_overlapping": n,
                "n_shared_with_selected": k,
                "separability_rho": r,
                "distinctiveness_rho": r - 0.2,
            }
            for m, n, k, r in (
                ("minilm_mnrl", 2, 2, 1.0),
                ("minilm_zeroshot", 3, 2, 0.956),
                ("word_overlap", 5, 1, 0.82),
            )
        ],
    )
    write(
        leadership / "names_summary.tsv",
        [
            {"model": m, "spearman_rho": r, "p_value": p}
            for m, r, p in (
                ("minilm_mnrl", -0.3286, 0.0731),
                ("minilm_zeroshot", -0.0102, 0.9707),
                ("word_overlap", 0.18, 0.46),
            )
        ],
    )
    write(
        leadership / "group_counts.tsv",
        [
            {
                "item_set": s,
                "threshold": 0.6,
                "n_groups": g,
                "ci_low": lo,
                "ci_high": hi,
                "groups_per_construct": g / n,
            }
            for s, g, lo, hi, n in (("leadership", 3, 2.0, 4.0, 4), ("ipip_test", 23, 18.0, 23.0, 25))
        ],
    )
    write(
        results / "comparison/ipip_vs_leadership_matched.tsv",
        [
            {
                "model": "minilm_mnrl",
                "metric": name,
                "leadership": value,
                "reference_low": value + 0.1,
                "reference_high": value + 0.3,
                "share_at_most_target": share,
                "n_draws": 500,
            }
            for name, value, share in (
                ("pair_auc", 0.598, 0.0),
                ("item_auc", 0.630, 0.0),
                ("ari", 0.073, 0.0),
                ("ami", 0.169, 0.002),
                ("nn_top1_same_construct", 0.652, 0.27),
                ("centroid_fit", 0.517, 0.004),
            )
        ],
    )
    write(
        results / "metrics/keying.tsv",
        [
            {
                "model": m,
                "pairs": pairs,
                "n_constructs": 19,
                "n_pairs": n,
                "pair_auc": auc,
                "ci_low": auc - 0.04,
                "ci_high": auc + 0.0574,
            }
            for m in ("minilm_mnrl", "minilm_zeroshot")
            for pairs, n, auc in (
                ("same_key", 299, 0.797),
                ("opposite_key", 197, 0.770),
                ("same_minus_opposite", None, 0.0266),
            )
        ],
    )
    return tmp_path


def test_values_are_written_as_the_documents_write_them(run):
    values = check_results.documented_values(run)
    assert values["sel_row"] == "0.840 [0.775, 0.882] | 0.598 [0.533, 0.639] | 0.243 [0.143, 0.290] | 0.002"
    assert values["lexical_row"].split(" | ")[2] == "−0.057 [−0.157, −0.010]"  # a minus sign, not a hyphen
    assert values["relabelling_p"] == "0.002"  # the same for both models: written once
    assert values["sel_diff_2"] == "0.24 [0.14, 0.29]" and values["sel_diff_value_2"] == "0.24"
    assert (values["gaining"], values["losing"], values["scored"], values["gaining_p"]) == (
        "31",
        "7",
        "38",
        "p < 0.001",
    )
    assert (values["margin_p"], values["margin_higher"], values["margin_scored"]) == ("0.034", "16", "18")
    # two of the four styles' six pairs overlap, each less separable than 98 % of the IPIP pairs
    assert (values["overlapping"], values["overlapping_title"], values["style_pairs"]) == ("2", "Two", "6")
    assert values["ipip_percent"] == "98" and values["least_pair"] == "Servant–Transformational"
    assert values["least_separability"] == "0.55 [0.53, 0.58]" and values["least_distinct"] == "Servant"
    assert (values["groups"], values["groups_interval"], values["groups_per_style"]) == ("3", "2–4", "0.75")
    assert values["matched"] == "below every draw" and values["test_texts"] == "262"
    assert values["least_four_pairs"] == (
        "Servant–Transformational (0.55 [0.53, 0.58]), Ethical–Servant (0.60 [0.55, 0.64]), "
        "Abusive–Servant (0.90 [0.85, 0.95])"
    )
    assert (values["names_rho"], values["names_p"], values["zeroshot_names_p"]) == ("−0.33", "0.073", "0.97")
    assert (values["zeroshot_overlapping"], values["lexical_shared"], values["ipip_pairs"]) == (
        "3",
        "1",
        "300",
    )
    assert (values["styles_ami"], values["zeroshot_styles_ami"]) == (
        "0.169",
        "0.212",
    )  # 0.2125 is stored just below it: 0.212
    # one of the 500 size-matched draws at most the leadership AMI; 0.084 × 197 / 1,266 ≈ 0.013
    assert (values["matched_ami_rank"], values["range_ami"]) == ("all but one", "0.27–0.47")
    assert (values["matched_fit"], values["matched_fit_rank"]) == ("0.52", "all but two draws")
    assert (values["fit_styles"], values["lexical_fit_styles"], values["lexical_fit_test"]) == (
        "52",
        "52",
        "36",
    )
    assert values["lexical_fit_styles_gain"] == "−0.005 [−0.002, 0.092]"
    assert (values["keying_high"], values["same_construct_pairs"], values["keying_bound"]) == (
        "0.084",
        "1,266",
        "0.013",
    )
    assert values["one_subscale"] == "0.715 [0.674, 0.782]" and values["clustering_p"] == "p = 0.002"
    # the three most distinct styles after Abusive, in order, as a list
    assert (values["next_distinct"], values["next_distinctiveness"]) == (
        "Ethical, Transformational and Servant",
        "0.70, 0.60, 0.56",
    )


def test_a_claim_made_otherwise_is_reported_with_the_documents_wording(run):
    values = check_results.documented_values(run)
    claims = check_results.TABLE_ROWS[:1] + check_results.README_RESULTS[-1:]
    made = " ".join(claim.format(**values) for claim in claims)
    assert check_results.check(made.replace(" ", "\n  ", 3), claims, values) == []  # line breaks are spaces
    other = made.replace("0.882]", "0.881]").replace("form 3 groups", "form 4 groups")
    assert check_results.check(other, claims, values) == [
        (
            claims[0].format(**values),
            "| minilm_mnrl (fine-tuned, selected) | 0.840 [0.775, 0.881] | 0.598 [0.533, "
            "0.639] | 0.243 [0.143, 0.290] | 0.002 |",
        ),
        (claims[1].format(**values), claims[1].format(**values).replace("form 3", "form 4")),
    ]
    assert check_results.check("nothing of the kind", claims[:1], values) == [
        (claims[0].format(**values), None)
    ]
    # words stand for words, however many: the documents' wording is found where it says otherwise
    ranked = check_results.documented_as(
        "AMI below {rank} (", {"rank": "every draw"}, "so AMI below all but one (95 %"
    )
    assert ranked == "AMI below all but one ("


def test_a_differing_claim_says_how_far_it_differs():
    how_far = check_results.how_far
    assert check_results.numbers("n = 1,266, d −0.041 [−0.085, +0.002]; 98 %") == [
        (1266.0, 0),
        (-0.041, 3),
        (-0.085, 3),
        (0.002, 3),
        (98.0, 0),
    ]
    run = "AUC 0.598 [0.572, 0.669], 31 of 37 constructs"
    assert how_far(run, "AUC 0.598 [0.571, 0.669], 32 of 38 constructs") == "by one in the last digit"
    assert how_far(run, "AUC 0.598 [0.572, 0.669], 31 of 39 constructs") == "by up to 2"
    assert how_far("p = 0.075 and 0.96", "p = 0.067 and 0.97") == "by up to 0.01"  # the second place
    assert how_far("d −0.041 [−0.085, 0.002]", "d −0.043 [−0.073, −0.013]") == "by up to 0.015"
    assert how_far(run, "AUC 0.598 [0.572, 0.669], 31 of 37 styles") == "in its words"
    assert how_far(run, "AUC 0.598 [0.572, 0.669], 31 constructs") == "in its words"
    assert how_far(run, None) == "not found"


def test_every_claim_names_values_the_run_gives(run):
    values = check_results.documented_values(run)
    for claims in check_results.CLAIMS.values():
        for claim in claims:
            claim.format(**values)  # a field the values lack raises KeyError


def test_the_script_names_each_document_and_fails_where_a_claim_differs(run):
    command = [sys.executable, str(REPO / "docs" / "check_results.py"), str(run)]
    result = subprocess.run(command, capture_output=True, text=True)
    summaries = re.findall(r"^(\S+): (\d+) of (\d+) claims as the run makes them$", result.stdout, flags=re.M)
    assert [(document, int(total)) for document, _, total in summaries] == [
        (document, len(claims)) for document, claims in check_results.CLAIMS.items()
    ]
    # the made-up run's zero-shot row is no documented one: reported beside the documents' row
    assert re.search(r"^  the document: \| minilm_zeroshot \| \d\.\d{3} \[", result.stdout, flags=re.M)
    said = re.findall(r"^  differs (.+)$", result.stdout, flags=re.M)
    last_digit = said.count("by one in the last digit")
    assert len(said) == result.stdout.count("  the run:      ") > 0
    assert f"\n{len(said)} claim(s) differ, {last_digit} of them by one in the last digit: " in result.stdout
    assert result.stdout.startswith("the run's model trained on cpu, Some CPU (family 6, model 207), in bf16")
    assert result.returncode == 1
