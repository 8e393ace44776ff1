"""Check the numbers the documents quote from the default run against a finished run.

snakemake --cores all
python docs/check_results.py .

Every number of the README's short answer and *Results of the default run*, many of those of
docs/results.md and the default run's sentence in docs/evaluation.md are read again from the
run's tables, written as the documents write them, and looked for in them; each claim the
documents no longer make as the run does is printed with the run's wording and the documents'
own, and how far the two differ: by one in the last digit, by up to some value, or in words.
Runs differ across kinds of CPU and precisions in the third decimal (docs/training.md, *Same
numbers on another machine?*), so a run on another kind of machine is expected to differ in
many claims, most of them by one in the last digit: the check says which, and how far.
"""

import argparse
import json
import math
import re
import sys
from pathlib import Path

import pandas as pd

from constructlens.methods import device_description
from constructlens.prose import listed, p_text

REPO = Path(__file__).resolve().parents[1]
ZERO_SHOT = "minilm_zeroshot"  # the default run's zero-shot baseline, which the documents compare with
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

SHORT_ANSWER = (
    "different constructs with probability {sel_test} (pair AUC, 0.5 = chance), two items of one of the "
    "{n_styles} leadership styles with probability {sel_lead}: a difference of {sel_diff_2}, relabelling "
    "(permutation) test p = {sel_p}",
    "{overlapping} of their {style_pairs} pairs are less separable than {ipip_percent} % of the pairs of "
    "held-out personality constructs, {least_pair} least",
)
TABLE_ROWS = (
    "| {sel} (fine-tuned, selected) | {sel_row} |",
    "| minilm_zeroshot | {zeroshot_row} |",
    "| word_overlap (TF-IDF, shared words only) | {lexical_row} |",
)
README_RESULTS = (
    "Validation chose the fine-tuned `{sel}` (pair AUC {sel_validation} against {zeroshot_validation} "
    "zero-shot; paired difference {margin}, `margin.tsv`). On the {test_constructs} held-out test constructs",
    "two items of one held-out IPIP construct have a median cosine of {median_ipip_same} against "
    "{median_ipip_different} for two items of different constructs; two items of one leadership style "
    "{median_styles_same} against {median_styles_different}",
    "Its sampled metric here gives {sampled_test} (Cohen's d {d_test}) on the held-out IPIP constructs and "
    "{sampled_styles} (d {d_styles}) on the leadership items",
    "gains {gain} in pooled test pair AUC (paired interval {gain_interval}); {gaining} of {scored} test "
    "constructs become more distinct (sign-flip {gaining_p})",
    "It changes the leadership styles little ({sel_lead_value} against {zeroshot_lead_value})",
    "the leadership pair AUC, item-level AUC and ARI lie {matched}",
    "the gap narrows from {sel_diff_value_2} to {one_scale}",
    "Abusive supervision stands apart (distinctiveness {abusive})",
    "{least_distinct} least ({least_distinctiveness})",
    "{overlapping_title} of the {style_pairs} pairs of styles are at most 0.6 separable ({least_pair} "
    "{least_separability} the least), less separable than {ipip_percent} % of the pairs",
    "The {n_styles} styles form {groups} groups of overlapping styles (95 % interval {groups_interval}): "
    "{groups_per_style} groups per style, against {groups_per_ipip} per construct",
)
RESULTS_PAGE = (
    "(pair AUC {sel_validation} vs {zeroshot_validation} zero-shot; paired difference {margin}, p = "
    "{margin_p}, with {margin_higher} of {margin_scored} validation constructs ahead, sign-flip p = "
    "{margin_sign_p}",
    "gives {sampled_test} (d {d_test}) on the {test_constructs} test constructs ({test_texts} "
    "single-construct texts) and {sampled_styles} (d {d_styles}) on the leadership items",
    "`item_auc`, that expectation computed exactly, is {item_test} and {item_styles}",
    "item-level AUC difference {item_difference}, relabelling p = {item_p}",
    "the pooled pair AUC gain is {gain} {gain_interval} (p = {gain_p}), while {gaining} of the {scored} "
    "scoreable test constructs become more distinct and {losing} less, a mean gain of {mean_gain} per "
    "construct (sign-flip {gaining_p})",
    "item-level AUC +{item_gain} {item_gain_interval} (p = {item_gain_p}). Retrieval improves too (MAP "
    "+{map_gain} {map_gain_interval})",
    "(pair AUC {sel_lead_value} against {zeroshot_lead_value}, paired difference {styles_gain})",
    "(AMI {styles_ami} against {zeroshot_styles_ami}, paired difference {styles_ami_gain}; ARI {styles_ari} "
    "against {zeroshot_styles_ari}, {styles_ari_gain};",
    "(ARI {styles_ari_2} vs {test_ari_2} for the fine-tuned model, AMI {styles_ami_2} vs {test_ami_2}, "
    "{clustering_p}; NMI's {styles_nmi_2} vs {test_nmi_2} overstates the gap",
    "the leadership pair AUC is still {one_measure_styles} against IPIP's {one_measure_ipip} "
    "(`ipip_vs_leadership.tsv`, `pair_auc_one_measure`: difference {one_measure}, bootstrap p = "
    "{one_measure_p})",
    "pairs within one subscale of one measure reach {one_subscale}",
    "the gap narrows from {sel_diff_value_2} to {one_scale} (bootstrap p = {one_scale_p}; zero-shot MiniLM "
    "{zeroshot_one_scale}, p = {zeroshot_one_scale_p})",
    "the leadership pair AUC ({sel_lead_value}), item-level AUC ({matched_item_auc}) and ARI ({matched_ari}) "
    "lie below every draw and AMI ({matched_ami}) below {matched_ami_rank} (95 % ranges {range_pair_auc}, "
    "{range_item_auc}, {range_ari} and {range_ami}); only the nearest-neighbour rate ({matched_nn} vs "
    "{range_nn_top1_same_construct})",
    "is {matched_fit}, below {matched_fit_rank} (95 % range {range_centroid_fit})",
    "(`keying.tsv`, the {keyed_constructs} test constructs that hold both keys): zero-shot MiniLM ranks "
    "oppositely keyed pairs of a construct a little below equally keyed ones (AUC {zeroshot_opposite_key} vs "
    "{zeroshot_same_key}, difference {zeroshot_keying}), the fine-tuned model about as much ({opposite_key} vs "
    "{same_key}, {keying}); oppositely keyed pairs are {opposite_pairs} of the {same_construct_pairs} "
    "same-construct pairs of all test constructs, so even at the interval's upper end ({keying_high}) they "
    "would move the fine-tuned model's IPIP pair AUC by at most {keying_high} × {opposite_pairs} / "
    "{same_construct_pairs} ≈ {keying_bound}",
    "Abusive supervision stands apart (AUC {abusive}), {next_distinct} come next ({next_distinctiveness}), "
    "and {least_three} are barely more alike within than across styles ({least_three_values})",
    "are {least_four_pairs} and {overlapping_beyond_four} more",
    "all {overlapping_word} are less separable than {ipip_percent} % of the {ipip_pairs} pairs",
    "the {n_styles} styles form {groups} groups (95 % interval {groups_interval} under item resampling)",
    "form {ipip_groups} groups ({ipip_groups_interval}): {groups_per_style} groups per construct against "
    "{groups_per_ipip}",
    "Servant–Transformational, the least separable pair ({least_separability_3})",
    "correlate at ρ = {names_rho} under the fine-tuned model (Mantel p = {names_p}) and ρ = "
    "{zeroshot_names_rho} (p = {zeroshot_names_p}) under zero-shot MiniLM",
    "zero-shot MiniLM calls {zeroshot_overlapping} pairs overlapping, {zeroshot_shared} of them among the "
    "fine-tuned model's {overlapping}",
    "(Spearman ρ {zeroshot_distinctiveness_rho}; pair separabilities {zeroshot_separability_rho})",
    "word overlap puts {lexical_fit_styles} % of the leadership items nearest their own style's centroid, the "
    "model {fit_styles} % (paired difference {lexical_fit_styles_gain}), where of the IPIP test items it puts "
    "{lexical_fit_test} % there against the model's {fit_test} % ({lexical_fit_test_gain})",
    "Word overlap flags {lexical_overlapping} pairs, among them {lexical_shared} of the fine-tuned model's "
    "{overlapping} (pair separabilities ρ {lexical_separability_rho}, the order of the styles by "
    "distinctiveness ρ {lexical_distinctiveness_rho})",
)
EVALUATION_PAGE = (
    "pair-AUC difference is {sel_diff} fine-tuned and {zeroshot_diff} zero-shot, relabelling p = "
    "{relabelling_p} for both",
)
CLAIMS = {
    "README.md": SHORT_ANSWER + TABLE_ROWS + README_RESULTS,
    "docs/results.md": TABLE_ROWS + RESULTS_PAGE,
    "docs/evaluation.md": EVALUATION_PAGE,
}


def number(value: float, digits: int = 3) -> str:
    """``value`` as the documents write it: ``digits`` decimals, a minus sign for negatives."""
    return f"{value:.{digits}f}".replace("-", "−")


def interval(low: float, high: float, digits: int = 3) -> str:
    return f"[{number(low, digits)}, {number(high, digits)}]"


def estimate(value: float, low: float, high: float, digits: int = 3) -> str:
    return f"{number(value, digits)} {interval(low, high, digits)}"


def count_word(count: int) -> str:
    """``count`` as a word, as the documents write small counts in prose."""
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def one(table: pd.DataFrame, **where) -> pd.Series:
    """The one row of ``table`` whose columns hold the values ``where`` gives."""
    rows = table
    for column, value in where.items():
        rows = rows[rows[column] == value]
    if len(rows) != 1:
        raise ValueError(f"{len(rows)} rows where {where}, not one")
    return rows.iloc[0]


def spread(row: pd.Series, value: str = "difference", digits: int = 3) -> str:
    """A row's ``value`` with its interval (``ci_low``, ``ci_high``)."""
    return estimate(row[value], row["ci_low"], row["ci_high"], digits)


def span(row: pd.Series) -> str:
    """A count's interval written as a range: 6–8."""
    return f"{int(row['ci_low'])}–{int(row['ci_high'])}"


class RunTables:
    """The tables of a default run that the claims read, and the rows they quote."""

    def __init__(self, run: Path):
        results, leadership = run / "results", run / "results" / "targets" / "leadership"

        def read(path: Path) -> pd.DataFrame:
            return pd.read_csv(path, sep="\t")

        self.selected = json.loads((results / "selection" / "best_model.json").read_text())["best_model"]
        self.metrics = read(results / "metrics" / "all.tsv")
        self.comparison = read(results / "comparison" / "ipip_vs_leadership.tsv")
        self.margin = one(
            read(results / "selection" / "margin.tsv"), other_model=ZERO_SHOT, metric="pair_auc"
        )
        self.paired = read(results / "comparison" / "selected_vs_baselines.tsv")
        self.measures = read(results / "metrics" / "measures.tsv")
        self.matched = read(results / "comparison" / "ipip_vs_leadership_matched.tsv")
        self.keying = read(results / "metrics" / "keying.tsv")
        self.distributions = read(leadership / "similarity_distributions.tsv")
        self.distinctiveness = read(leadership / "distinctiveness.tsv").sort_values("auc", ascending=False)
        self.separability = read(leadership / "separability.tsv").sort_values("separability")
        self.groups = read(leadership / "group_counts.tsv")
        self.agreement = read(leadership / "model_agreement_summary.tsv").set_index("model")
        self.names = read(leadership / "names_summary.tsv").set_index("model")

    def metric(self, model: str, dataset: str, split: str, name: str = "pair_auc") -> pd.Series:
        return one(self.metrics, model=model, dataset=dataset, split=split, metric=name)

    def scored(self, model: str, dataset: str, split: str, name: str = "pair_auc") -> str:
        return spread(self.metric(model, dataset, split, name), "value")

    def compared(self, model: str, name: str = "pair_auc") -> pd.Series:
        """IPIP test against leadership on metric ``name`` under ``model``."""
        return one(self.comparison, model=model, metric=name)

    def gain(self, dataset: str, name: str) -> pd.Series:
        """The selected model against zero-shot MiniLM on the same items."""
        return one(self.paired, baseline_model=ZERO_SHOT, dataset=dataset, metric=name)


def word_overlap_values(tables: RunTables) -> dict[str, str]:
    """How the selected model and the word-overlap baseline sort the items to their centroids."""
    values = {}
    for item_set, dataset in (("styles", "leadership"), ("test", "ipip")):
        paired = one(tables.paired, baseline_model="word_overlap", dataset=dataset, metric="centroid_fit")
        values[f"fit_{item_set}"] = f"{paired['selected']:.0%}".rstrip("%")
        values[f"lexical_fit_{item_set}"] = f"{paired['baseline']:.0%}".rstrip("%")
        values[f"lexical_fit_{item_set}_gain"] = spread(paired)
    return values


def headline_values(tables: RunTables) -> dict[str, str]:
    """The comparison of IPIP test with the leadership items: the README's short answer and table."""
    selected = tables.selected
    difference, zero_shot = tables.compared(selected), tables.compared(ZERO_SHOT)

    def row(model):
        compared = tables.compared(model)
        cells = (
            tables.scored(model, "ipip", "test"),
            tables.scored(model, "leadership", "all"),
            spread(compared),
        )
        return " | ".join((*cells, f"{compared['p_value']:.3f}"))

    return {
        "sel": selected,
        "sel_test": tables.scored(selected, "ipip", "test"),
        "sel_lead": tables.scored(selected, "leadership", "all"),
        "sel_lead_value": number(tables.metric(selected, "leadership", "all")["value"]),
        "zeroshot_lead_value": number(tables.metric(ZERO_SHOT, "leadership", "all")["value"]),
        "sel_diff": spread(difference),
        "zeroshot_diff": spread(zero_shot),
        "relabelling_p": " and ".join(sorted({f"{row['p_value']:.3f}" for row in (difference, zero_shot)})),
        "sel_diff_2": spread(difference, digits=2),
        "sel_diff_value_2": number(difference["difference"], 2),
        "sel_p": f"{difference['p_value']:.3f}",
        "sel_row": row(selected),
        "zeroshot_row": row(ZERO_SHOT),
        "lexical_row": row("word_overlap"),
        "test_constructs": str(int(tables.metric(selected, "ipip", "test", "n_constructs")["value"])),
        "test_texts": str(int(tables.metric(selected, "ipip", "test", "n_texts")["value"])),
        **{
            f"median_{name}_{pairs.split()[0]}": number(
                one(tables.distributions, item_set=item_set, pairs=pairs)["q50"], 2
            )
            for name, item_set in (("ipip", "ipip_test"), ("styles", "leadership"))
            for pairs in ("same construct", "different constructs")
        },
    }


def selection_values(tables: RunTables) -> dict[str, str]:
    """How validation chose the model, and the prior art's sampled metric."""
    selected, margin = tables.selected, tables.margin
    return {
        "sel_validation": number(tables.metric(selected, "ipip", "validation")["value"]),
        "zeroshot_validation": number(tables.metric(ZERO_SHOT, "ipip", "validation")["value"]),
        "margin": spread(margin),
        "margin_p": f"{margin['p_value']:.3f}",
        "margin_higher": str(int(margin["constructs_higher"])),
        "margin_scored": str(int(margin["constructs_higher"] + margin["constructs_lower"])),
        "margin_sign_p": f"{margin['per_construct_p_value']:.3f}",
        "sampled_test": tables.scored(selected, "ipip", "test", "seed_probability_correct"),
        "d_test": number(tables.metric(selected, "ipip", "test", "seed_cohens_d")["value"], 2),
        "sampled_styles": tables.scored(selected, "leadership", "all", "seed_probability_correct"),
        "d_styles": number(tables.metric(selected, "leadership", "all", "seed_cohens_d")["value"], 2),
        "item_test": tables.scored(selected, "ipip", "test", "item_auc"),
        "item_styles": tables.scored(selected, "leadership", "all", "item_auc"),
        "item_difference": spread(tables.compared(selected, "item_auc")),
        "item_p": f"{tables.compared(selected, 'item_auc')['p_value']:.3f}",
    }


def fine_tuning_values(tables: RunTables) -> dict[str, str]:
    """The selected model against zero-shot MiniLM, paired on the same items."""
    gain, item_gain, map_gain = (
        tables.gain("ipip", name) for name in ("pair_auc", "item_auc", "map_same_construct")
    )
    styles_ami, styles_ari = tables.gain("leadership", "ami"), tables.gain("leadership", "ari")
    return {
        "gain": number(gain["difference"]),
        "gain_interval": interval(gain["ci_low"], gain["ci_high"]),
        "gain_p": f"{gain['p_value']:.2f}",
        "gaining": str(int(gain["constructs_higher"])),
        "losing": str(int(gain["constructs_lower"])),
        "scored": str(int(gain["constructs_higher"] + gain["constructs_lower"])),
        "mean_gain": number(gain["per_construct_difference"]),
        "gaining_p": p_text(gain["per_construct_p_value"]),
        "item_gain": number(item_gain["difference"]),
        "item_gain_interval": interval(item_gain["ci_low"], item_gain["ci_high"]),
        "item_gain_p": f"{item_gain['p_value']:.3f}",
        "map_gain": number(map_gain["difference"]),
        "map_gain_interval": interval(map_gain["ci_low"], map_gain["ci_high"]),
        "styles_gain": spread(tables.gain("leadership", "pair_auc")),
        "styles_ami": number(styles_ami["selected"]),
        "zeroshot_styles_ami": number(styles_ami["baseline"]),
        "styles_ami_gain": spread(styles_ami),
        "styles_ari": number(styles_ari["selected"]),
        "zeroshot_styles_ari": number(styles_ari["baseline"]),
        "styles_ari_gain": spread(styles_ari),
    }


def scale_values(tables: RunTables) -> dict[str, str]:
    """Leadership against personality beyond the pooled AUC: clustering, size-matched draws, scales."""
    selected = tables.selected
    matched = tables.matched[
        (tables.matched["model"] == selected) & tables.matched["metric"].isin(["pair_auc", "item_auc", "ari"])
    ]
    one_scale, zero_shot_scale = (
        tables.compared(selected, "pair_auc_one_scale"),
        tables.compared(ZERO_SHOT, "pair_auc_one_scale"),
    )
    one_measure = tables.compared(selected, "pair_auc_one_measure")

    def pairs_within(dataset, kind):
        return spread(
            one(tables.measures, model=selected, dataset=dataset, pairs=kind, constructs="all"), "pair_auc"
        )

    return {
        **{
            f"{item_set}_{name}_2": number(tables.metric(selected, *where, name)["value"], 2)
            for item_set, where in (("styles", ("leadership", "all")), ("test", ("ipip", "test")))
            for name in ("ari", "ami", "nmi")
        },
        "clustering_p": p_text(max(tables.compared(selected, name)["p_value"] for name in ("ari", "ami"))),
        "matched": "below every draw" if (matched["share_at_most_target"] == 0).all() else "within the draws",
        "one_measure_styles": pairs_within("leadership", "same_measure"),
        "one_measure_ipip": pairs_within("ipip", "same_measure"),
        "one_subscale": pairs_within("leadership", "same_subscale"),
        "one_measure": spread(one_measure),
        "one_measure_p": f"{one_measure['p_value']:.3f}",
        "one_scale": spread(one_scale, digits=2),
        "one_scale_p": f"{one_scale['p_value']:.3f}",
        "zeroshot_one_scale": spread(zero_shot_scale, digits=2),
        "zeroshot_one_scale_p": f"{zero_shot_scale['p_value']:.2f}",
    }


def matched_values(tables: RunTables) -> dict[str, str]:
    """The leadership items against random sets of as many IPIP test constructs."""
    matched = tables.matched[tables.matched["model"] == tables.selected].set_index("metric")
    values = {
        f"range_{name}": f"{number(row['reference_low'], 2)}–{number(row['reference_high'], 2)}"
        for name, row in matched.iterrows()
    }
    at_most, fit_at_most = (
        round(matched.loc[name, "share_at_most_target"] * matched.loc[name, "n_draws"])
        for name in ("ami", "centroid_fit")
    )
    return values | {
        "matched_item_auc": number(matched.loc["item_auc", "leadership"], 2),
        "matched_ari": number(matched.loc["ari", "leadership"], 2),
        "matched_ami": number(matched.loc["ami", "leadership"], 2),
        "matched_nn": number(matched.loc["nn_top1_same_construct", "leadership"], 2),
        "matched_ami_rank": "every draw" if at_most == 0 else f"all but {count_word(at_most)}",
        "matched_fit": number(matched.loc["centroid_fit", "leadership"], 2),
        "matched_fit_rank": "every draw" if fit_at_most == 0 else f"all but {count_word(fit_at_most)} draws",
    }


def keying_values(tables: RunTables) -> dict[str, str]:
    """Oppositely against equally keyed item pairs of the IPIP test constructs."""
    keying = tables.keying
    values = {}
    for prefix, model in (("", tables.selected), ("zeroshot_", ZERO_SHOT)):
        for pairs in ("same_key", "opposite_key"):
            values[f"{prefix}{pairs}"] = number(one(keying, model=model, pairs=pairs)["pair_auc"])
        values[f"{prefix}keying"] = spread(one(keying, model=model, pairs="same_minus_opposite"), "pair_auc")
    difference = one(keying, model=tables.selected, pairs="same_minus_opposite")
    opposite = one(keying, model=tables.selected, pairs="opposite_key")
    same = one(tables.distributions, item_set="ipip_test", pairs="same construct")["n_pairs"]
    return values | {
        "keyed_constructs": str(int(difference["n_constructs"])),
        "opposite_pairs": f"{int(opposite['n_pairs']):,}",
        "same_construct_pairs": f"{int(same):,}",
        "keying_high": number(difference["ci_high"]),
        "keying_bound": number(round(difference["ci_high"], 3) * opposite["n_pairs"] / same),
    }


def style_values(tables: RunTables) -> dict[str, str]:
    """The styles one by one, their overlapping pairs and their groups."""
    ranked, pairs = tables.distinctiveness, tables.separability
    overlapping, least = pairs[pairs["separability"] <= 0.6], pairs.iloc[0]
    at_bar = {
        item_set: one(tables.groups, item_set=item_set, threshold=0.6)
        for item_set in ("leadership", "ipip_test")
    }
    n_styles = ranked["construct"].nunique()
    return {
        "abusive": number(one(ranked, construct="Abusive")["auc"]),
        "least_distinct": ranked["construct"].iloc[-1],
        "least_distinctiveness": number(ranked["auc"].iloc[-1]),
        "next_distinct": listed(list(ranked["construct"].iloc[1:4])),
        "next_distinctiveness": ", ".join(number(auc, 2) for auc in ranked["auc"].iloc[1:4]),
        "least_three": listed(list(ranked["construct"].iloc[-3:])),
        "least_three_values": ", ".join(number(auc) for auc in ranked["auc"].iloc[-3:]),
        "n_styles": str(n_styles),
        "style_pairs": str(n_styles * (n_styles - 1) // 2),
        "overlapping": str(len(overlapping)),
        "overlapping_word": count_word(len(overlapping)),
        "overlapping_title": count_word(len(overlapping)).capitalize(),
        "overlapping_beyond_four": count_word(len(overlapping) - 4),
        "ipip_percent": str(math.floor(100 * (1 - overlapping["ipip_share_below"].max()))),
        "ipip_pairs": str(int(overlapping["ipip_pairs"].max())),
        "least_pair": f"{least['construct_a']}–{least['construct_b']}",
        "least_separability": spread(least, "separability", digits=2),
        "least_separability_3": spread(least, "separability"),
        "least_four_pairs": ", ".join(
            f"{row['construct_a']}–{row['construct_b']} ({spread(row, 'separability', digits=2)})"
            for _, row in pairs.head(4).iterrows()
        ),
        "groups": str(int(at_bar["leadership"]["n_groups"])),
        "groups_interval": span(at_bar["leadership"]),
        "groups_per_style": number(at_bar["leadership"]["groups_per_construct"], 2),
        "ipip_groups": str(int(at_bar["ipip_test"]["n_groups"])),
        "ipip_groups_interval": span(at_bar["ipip_test"]),
        "groups_per_ipip": number(at_bar["ipip_test"]["groups_per_construct"], 2),
    }


def other_model_values(tables: RunTables) -> dict[str, str]:
    """Names against items, and how far the baselines agree with the selected model."""
    names, agreement = tables.names, tables.agreement
    values = {
        "names_rho": number(names.loc[tables.selected, "spearman_rho"], 2),
        "names_p": f"{names.loc[tables.selected, 'p_value']:.3f}",
        "zeroshot_names_rho": number(names.loc[ZERO_SHOT, "spearman_rho"], 2),
        "zeroshot_names_p": f"{names.loc[ZERO_SHOT, 'p_value']:.2f}",
    }
    for prefix, model in (("zeroshot", ZERO_SHOT), ("lexical", "word_overlap")):
        values |= {
            f"{prefix}_overlapping": str(agreement.loc[model, "n_pairs_overlapping"]),
            f"{prefix}_shared": str(agreement.loc[model, "n_shared_with_selected"]),
            f"{prefix}_separability_rho": number(agreement.loc[model, "separability_rho"], 2),
            f"{prefix}_distinctiveness_rho": number(agreement.loc[model, "distinctiveness_rho"], 2),
        }
    return values


def documented_values(run: Path) -> dict[str, str]:
    """Every value the claims quote, read from the tables of the default run in ``run``."""
    tables = RunTables(run)
    sections = (
        headline_values,
        selection_values,
        fine_tuning_values,
        scale_values,
        matched_values,
        word_overlap_values,
        keying_values,
        style_values,
        other_model_values,
    )
    return {name: value for section in sections for name, value in section(tables).items()}


def flat(text: str) -> str:
    """``text`` with every run of white space one space, as Markdown reads it."""
    return re.sub(r"\s+", " ", text)


def shape(value: str) -> str:
    """A pattern matching any wording of ``value``'s form: other numbers, signs, names or words."""
    words = r"[^\W\d_]+(?: [^\W\d_]+)*"
    tokens = re.findall(rf"\d+|{words}|.", value.replace("−", ""))
    return "".join(
        r"−?\d+" if token.isdigit() else words if token[0].isalpha() else re.escape(token) for token in tokens
    )


def documented_as(claim: str, values: dict[str, str], text: str) -> str | None:
    """What ``text`` says where ``claim`` (a template) stands, its values written otherwise."""
    pattern = re.sub(r"\\\{(\w+)\\\}", lambda field: shape(values[field.group(1)]), re.escape(claim))
    found = re.search(pattern, text)
    return found.group(0) if found else None


def check(text: str, claims: tuple[str, ...], values: dict[str, str]) -> list[tuple[str, str | None]]:
    """(the run's wording, the document's wording or None) of every claim ``text`` does not make as
    the run does."""
    text = flat(text)
    return [
        (claim.format(**values), documented_as(claim, values, text))
        for claim in claims
        if claim.format(**values) not in text
    ]


NUMBER = re.compile(r"[−+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[−+]?\d+(?:\.\d+)?")


def numbers(wording: str) -> list[tuple[float, int]]:
    """Every number of ``wording`` (a minus sign, thousands separators) with its decimal places."""
    return [
        (float(found.replace("−", "-").replace(",", "")), len(found.partition(".")[2]))
        for found in NUMBER.findall(wording)
    ]


def how_far(run_wording: str, documented: str | None) -> str:
    """How a claim the document makes otherwise differs from the run's: ``not found``, ``in its
    words`` (its words differ, numbers aside), ``by one in the last digit`` (no number
    further off than one unit of the last place the document writes) or ``by up to <the largest
    difference>``."""
    if documented is None:
        return "not found"
    if NUMBER.sub("#", run_wording) != NUMBER.sub("#", documented):
        return "in its words"
    pairs = zip(numbers(run_wording), numbers(documented), strict=True)  # one number for each "#"
    gaps = [(abs(value - other), places) for (value, _), (other, places) in pairs]
    if all(round(gap * 10**places) <= 1 for gap, places in gaps):
        return "by one in the last digit"
    gap, places = max(gaps)
    return f"by up to {gap:.{places}f}"


def compute(run: Path) -> str:
    """Where the run's selected model was trained, as its record says: device, its kind and precision."""
    record = json.loads((run / "results" / "provenance.json").read_text())
    device = record["training"][record["selected_model"]]["compute"]
    return f"{device['device']}, {device_description(device)}, in {device['precision']}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("run", type=Path, help="the folder of a finished default run")
    args = parser.parse_args()
    values = documented_values(args.run)
    print(f"the run's model trained on {compute(args.run)}")
    differences = []
    for document, claims in CLAIMS.items():
        mismatches = check((REPO / document).read_text(), claims, values)
        print(f"{document}: {len(claims) - len(mismatches)} of {len(claims)} claims as the run makes them")
        for run_wording, documented in mismatches:
            differences.append(how_far(run_wording, documented))
            print(f"  the run:      {run_wording}\n  the document: {documented or '(not found)'}")
            print(f"  differs {differences[-1]}")
    if differences:
        last_digit = differences.count("by one in the last digit")
        print(
            f"{len(differences)} claim(s) differ, {last_digit} of them by one in the last digit: "
            "a run on another kind of CPU, or in another precision, is expected to differ so "
            "(docs/training.md, *Same numbers on another machine?*)"
        )
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
