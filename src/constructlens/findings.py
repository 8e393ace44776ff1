"""What one target's tables say, in sentences: every number in it is read from the target's
result tables, so a user bringing a questionnaire gets a readable answer beside the files."""

import pandas as pd

from .answer_findings import answers_brief, responses_paragraph
from .distributions import DIFFERENT, SAME
from .language import not_english_note, reads_as_english
from .lengths import band_words
from .metrics import MIN_RESAMPLED_CONSTRUCTS, MIN_RESAMPLED_ITEMS
from .pair_findings import (
    empirical_paragraph,
    groups_paragraph,
    names_paragraph,
    near_duplicates_paragraph,
    nested_paragraph,
    overlap_paragraph,
    redundancy_paragraph,
    support_text,
)
from .prose import (
    FEW,
    LISTED,
    counted,
    interval_text,
    listed,
    margin_text,
    matched_rows,
    matched_score,
    matched_sets,
    minus_signs,
    p_text,
    pair_auc_row,
    possessive,
    reliability_sentence,
    share_percent,
)

SHOWN = 3  # constructs named at each end of the distinctiveness ranking
NEGLIGIBLE_AUC = 0.05  # a pair-AUC difference whose whole interval lies within ± this reads as none


def _construct(row) -> str:
    few = f"; {row.n_items} items" if row.n_items < FEW else ""
    return f"{row.construct} ({interval_text(row.auc, row.ci_low, row.ci_high)}{few})"


def few_note(distinctiveness: pd.DataFrame) -> str:
    """A warning where the target has too few constructs or items for its intervals."""
    note = ""
    if len(distinctiveness) < MIN_RESAMPLED_CONSTRUCTS:
        note += (
            f" With only {len(distinctiveness):,} constructs, resampling constructs gives no interval "
            "(a resample holds the same two constructs, or one of them twice), so the pair AUC and "
            "the other metrics of the whole set have none and the comparison with IPIP is a relabelling "
            "test only; separabilities and distinctiveness resample items and have theirs."
        )
    elif len(distinctiveness) < FEW:
        note += (
            f" With only {len(distinctiveness):,} constructs, intervals and p-values from resampling "
            "constructs (the comparison with IPIP, the gains over other models) understate the uncertainty."
        )
    few = distinctiveness[distinctiveness["n_items"] < FEW].sort_values("construct")
    if not few.empty:
        named = ", ".join(f"{row.construct} ({row.n_items})" for row in few[:LISTED].itertuples())
        if len(few) > LISTED:
            named += f" and {len(few) - LISTED:,} more (`distinctiveness.tsv`, `n_items`)"
        note += (
            f" {counted(len(few), 'construct')} of fewer than {FEW} items: {named}; "
            "resampling so few items "
            "understates the uncertainty, so intervals that involve them are too narrow"
        )
        note += (
            f" (a construct of fewer than {MIN_RESAMPLED_ITEMS} items has none)."
            if (few["n_items"] < MIN_RESAMPLED_ITEMS).any()
            else "."
        )
    return note


def brief_paragraph(
    target: str,
    model: str,
    comparison: pd.DataFrame,
    overlaps: pd.DataFrame,
    threshold: float,
    n_constructs: int,
    group_counts: pd.DataFrame | None = None,
    separability: pd.DataFrame | None = None,
) -> str:
    """What a reader wants first, each told again with its evidence below: whether the target's
    constructs are worded less or more distinctly than held-out IPIP constructs (only where the
    difference's interval and its relabelling test both say so), how many of its construct pairs
    overlap and which least separable, and into how many groups the overlaps gather them. A
    target of too few constructs for an interval rests on the relabelling test alone; one of
    two constructs, given ``separability`` (``separability.tsv``), is told by its one pair."""
    row = pair_auc_row(comparison, model)
    sign, evidence = _clear_difference(row, n_constructs)
    how = {1: "less distinctly than", -1: "more distinctly than"}.get(
        sign, "neither clearly more nor clearly less distinctly than"
    )
    text = (
        f"**In short.** Under {model}, the {n_constructs:,} constructs of {target} are worded {how} "
        f"held-out personality constructs (pair AUC {row[target]:.3f} against {row['ipip_test']:.3f}"
        f"{evidence}). "
    )
    n_pairs = n_constructs * (n_constructs - 1) // 2
    if n_pairs == 1 and separability is not None:
        return text + _one_pair_sentence(separability.iloc[0], threshold)
    if overlaps.empty:
        text += f"No pair of them overlaps (separability at most {threshold:g})"
    else:
        least = overlaps.sort_values("separability", kind="stable").iloc[0]
        bar = f"(separability at most {threshold:g}; 0.5 = indistinguishable)"
        if n_pairs == 1:
            return f"{text}The two overlap {bar}: {least.separability:.3f}."
        verb = "overlaps" if len(overlaps) == 1 else "overlap"
        text += (
            f"{len(overlaps):,} of their {n_pairs:,} construct pairs {verb} {bar}, "
            f"{least.construct_a} – {least.construct_b} the least separable ({least.separability:.3f})"
        )
    own = group_counts[group_counts["item_set"] == target] if group_counts is not None else None
    if own is not None and not overlaps.empty and threshold in set(own["threshold"]):
        n_groups = int(own.set_index("threshold").loc[threshold, "n_groups"])
        text += (
            f"; grouped so that every two constructs of a group overlap, the {n_constructs:,} "
            f"form {counted(n_groups, 'group')}"
        )
    return text + "."


def _one_pair_sentence(pair: pd.Series, threshold: float) -> str:
    """Whether the two constructs of a target overlap, with their separability, its interval
    and where it falls among the pairs of held-out IPIP constructs (a row of ``separability.tsv``)."""
    verdict = "overlap" if pair["separability"] <= threshold else "do not overlap"
    among = (
        f", more separable than {share_percent(pair['ipip_share_below'])} of the pairs of held-out "
        "personality constructs"
        if pd.notna(pair.get("ipip_share_below"))
        else ""
    )
    return (
        f"The two {verdict}: separability "
        f"{interval_text(pair['separability'], pair['ci_low'], pair['ci_high'])} (0.5 = "
        f"indistinguishable; overlapping at most {threshold:g}){among}."
    )


def _clear_difference(row: pd.Series, n_constructs: int) -> tuple[int, str]:
    """The sign of the pair-AUC difference of IPIP test minus a target (its comparison's row)
    where it is clear, else 0, and the evidence to quote where it is not clear or rests on the
    relabelling test alone (too few constructs to resample)."""
    tested = pd.notna(row["p_value"])
    if pd.isna(row["ci_low"]):
        evidence = (
            f"; relabelling test {p_text(row['p_value'])}, no interval from {n_constructs:,} constructs"
        )
        clear = tested and row["p_value"] < 0.05
        return (1 if row["difference"] > 0 else -1) if clear else 0, evidence
    sign = 1 if row["ci_low"] > 0 else -1 if row["ci_high"] < 0 else 0
    if not sign:
        return 0, "; the difference's interval includes 0"
    if tested and row["p_value"] >= 0.05:
        return (
            0,
            f"; the difference's interval leaves out 0, but the relabelling test gives {p_text(row['p_value'])}",
        )
    return sign, ""


def overall_paragraph(target: str, model: str, comparison: pd.DataFrame) -> str:
    """Pair AUC of the target against held-out IPIP constructs, under the selected model."""
    row = pair_auc_row(comparison, model)
    text = (
        f"**Overall.** Under {model}, a pair of {target} items of one construct is more similar "
        f"than a pair from two constructs with probability {row[target]:.3f} (pair AUC; 0.5 = "
        f"chance), against {row['ipip_test']:.3f} on the held-out IPIP test items: a difference "
        f"(IPIP minus {target}) of {interval_text(row['difference'], row['ci_low'], row['ci_high'])}, relabelling "
        f"test {p_text(row['p_value'])} (`results/comparison/ipip_vs_{target}.tsv`)."
    )
    excludes_zero = row["ci_low"] > 0 or row["ci_high"] < 0
    if pd.notna(row["ci_low"]) and pd.notna(row["p_value"]) and excludes_zero != (row["p_value"] < 0.05):
        text += (
            " The interval and the test disagree, as answers to two questions can: the interval "
            "says how far apart the two values could lie were other constructs like each set's "
            "drawn, the test whether a difference this large would arise were the two sets' "
            "constructs one pool split at random"
        )
        chance = row.get("relabelled_mean_difference", float("nan"))
        text += f" (which would give {chance:.3f} on average)." if pd.notna(chance) else "."
    return text


def instruments_paragraph(target: str, model: str, between: list[tuple[str, str, pd.DataFrame]]) -> str:
    """The target's pair AUC beside every other target's, under ``model``: each
    ``(first, second, table)`` is a ``results/comparison/targets/<first>_vs_<second>.tsv``, read
    from the target's side (its value minus the other's)."""
    sentences = []
    for first, second, table in between:
        other, sign = (second, 1) if first == target else (first, -1)
        row = pair_auc_row(table, model)
        low, high = sorted((sign * row["ci_low"], sign * row["ci_high"]))
        sentences.append(
            f"against {other}, {row[target]:.3f} to its {row[other]:.3f}: a difference of "
            f"{interval_text(sign * row['difference'], low, high)}, relabelling test "
            f"{p_text(row['p_value'])} (`results/comparison/targets/{first}_vs_{second}.tsv`)"
        )
    if not sentences:
        return ""
    return (
        f"**Other instruments.** Pair AUC of {target} under {model}, "
        + "; ".join(sentences)
        + ". A positive difference means this instrument's constructs are worded more distinctly."
    )


def _matched_sets(target: str, first: pd.Series, why: str) -> str:
    """What the draws of a matched table are (``first``, any of its rows), its file, and ``why``
    sets of equal size are compared."""
    ranges = "" if first["drawn"] == "reference" else "; 95 % ranges of the draws"
    return f"{matched_sets(target, first)} (`ipip_vs_{target}_matched.tsv`; {why}{ranges})"


def matched_sentence(target: str, model: str, matched: pd.DataFrame) -> str:
    """The target's pair AUC and ARI beside random sets of equal size (``ipip_vs_<target>_matched.tsv``
    of ``comparison.matched_comparison``) under ``model``; empty without draws."""
    rows = matched_rows(matched, model)
    if rows.empty:
        return ""
    whole = f"IPIP test's {int(rows['n_constructs'].iloc[0]):,} constructs of two or more texts"
    pair_auc = matched_score(rows.loc["pair_auc"], target, "pair AUC", "{:.3f}".format, whole)
    ari = matched_score(rows.loc["ari"], target, "ARI", "{:.2f}".format, "theirs")
    why = "clustering scores depend on the number of constructs sorted"
    return f" {_matched_sets(target, rows.iloc[0], why)}, {pair_auc}, and {ari}."


def matched_fit_sentence(target: str, model: str, matched: pd.DataFrame) -> str:
    """The target's share of items nearest their own construct's centroid (``centroid_fit``)
    beside random sets of as many held-out IPIP test constructs, under ``model``; empty without
    draws."""
    rows = matched_rows(matched, model)
    if rows.empty:
        return ""
    row = rows.loc["centroid_fit"]
    why = (
        "the fewer constructs an item can be confused with, and the more items make each centroid, "
        "the more items fit"
    )
    whole = f"IPIP test's {int(row['n_constructs']):,} constructs of two or more texts"
    return f" {_matched_sets(target, row, why)}, {matched_score(row, target, 'share', share_percent, whole)}."


def distributions_sentence(target: str, distributions: pd.DataFrame) -> str:
    """The median cosine of same- and of different-construct item pairs, for the target and the
    held-out IPIP test items (``distributions.distribution_table``)."""
    median = distributions.set_index(["item_set", "pairs"])["q50"]
    return (
        f" Two {target} items of one construct have a median cosine of {median[target, SAME]:.2f} "
        f"against {median[target, DIFFERENT]:.2f} for two items of different constructs; among "
        f"the held-out IPIP test items {median['ipip_test', SAME]:.2f} against "
        f"{median['ipip_test', DIFFERENT]:.2f} (`similarity_distributions.png`; every pair as a "
        "matrix: `item_similarity.png`)."
    )


def distinct_paragraph(distinctiveness: pd.DataFrame) -> str:
    """The most and least distinct constructs, with intervals."""
    ranked = list(distinctiveness.sort_values("rank").itertuples())
    head = (
        "**Distinct constructs** (`distinctiveness.tsv` and `.png`, AUC of a construct's own item pairs "
        "against its pairs with every other construct; `construct_profiles.tsv` has what every "
        "analysis says of each construct, in one row)."
    )
    if distinctiveness["auc"].round(3).nunique() == 1:  # as printed, no construct leads: no ends to name
        every = ", ".join(_construct(row) for row in ranked)
        return f"{head} Every construct equally distinct: {every}.{reference_sentence(distinctiveness)}"
    shown = min(SHOWN, len(ranked) // 2)
    most = ", ".join(_construct(row) for row in ranked[:shown])
    least = ", ".join(_construct(row) for row in reversed(ranked[-shown:]))
    return (
        f"{head} Most distinct: {most}. Least distinct: {least}.{joint_distinct_sentence(distinctiveness)}"
        f"{reference_sentence(distinctiveness)}"
    )


def joint_distinct_sentence(distinctiveness: pd.DataFrame) -> str:
    """Which constructs the joint intervals (``joint_ci_low``, holding for all constructs at
    once) set above 0.5: more alike within than across beyond chance, as a set. Empty
    without joint intervals."""
    if "joint_ci_low" not in distinctiveness or distinctiveness["joint_ci_low"].isna().all():
        return ""
    ranked = distinctiveness.sort_values("rank")
    unresampled = int(ranked["joint_ci_low"].isna().sum())  # constructs of two items
    ranked = ranked[ranked["joint_ci_low"].notna()]
    reaching = ranked.loc[ranked["joint_ci_low"] <= 0.5, "construct"].tolist()
    n = len(ranked)
    above = n - len(reaching)
    rest = f"; {listed(reaching)} {'reaches' if len(reaching) == 1 else 'reach'} 0.5" if reaching else ""
    if len(reaching) > LISTED:
        rest = f"; {len(reaching):,} reach 0.5, the {LISTED} least distinct {listed(reaching[-LISTED:])}"
    together = "both" if n == 2 else f"all {n:,}"
    verb = "is" if above == 1 else "are"
    one = unresampled == 1
    untested = (
        f" ({counted(unresampled, 'construct')} of two items {'has' if one else 'have'} no interval: "
        f"a single pair of {'its' if one else 'their'} own cannot be resampled)"
        if unresampled
        else ""
    )
    return (
        f" Taking {together}{' with an interval' if unresampled else ''} at once (`joint_ci_low`, "
        f"`joint_ci_high`: intervals that hold together), {above:,} of {n:,} {verb} more alike within "
        f"than across beyond chance{rest}{untested}."
    )


def reference_sentence(distinctiveness: pd.DataFrame) -> str:
    """Where the constructs would rank among the held-out IPIP constructs (``ipip_share_below``)."""
    n_reference = int(distinctiveness["ipip_constructs"].max())
    share = distinctiveness["ipip_share_below"].dropna()
    if n_reference == 0 or share.empty:
        return ""
    lower, last = int((share < 0.5).sum()), int((share == 0).sum())
    below_all = f", {last} below every one of them" if last else ""
    return (
        f" Ranked among the {n_reference:,} held-out IPIP test constructs by the same AUC under the "
        f"same model (each construct against the others of its own item set; `ipip_share_below`), "
        f"{lower} of {len(share):,} would fall in their less distinct half{below_all}."
    )


def measures_paragraph(measure_agreement: pd.DataFrame, min_items: int) -> str:
    """Whether measures that share a construct name word the same content."""
    head = (
        "**Measures under one name** (`measure_agreement.tsv`, separability of two measures of one "
        f"construct, each with at least {min_items} of its items)."
    )
    if measure_agreement.empty:
        return f"{head} No construct draws on two such measures."
    beyond = measure_agreement[measure_agreement["apart_beyond_nearest"]]
    n_constructs = measure_agreement["construct"].nunique()
    most = measure_agreement.sort_values("separability", ascending=False, kind="stable").iloc[0]
    text = (
        f"{head} {counted(n_constructs, 'construct')} draw{'s' if n_constructs == 1 else ''} on two or more "
        f"({counted(len(measure_agreement), 'pair')} "
        f"of measures). The two measures of one construct told apart most clearly: {most.construct} "
        f"measures {most.measure_a} and {most.measure_b} "
        f"({interval_text(most.separability, most.ci_low, most.ci_high)}; {most.construct} against "
        f"its nearest other construct, {most.nearest_construct}: {most.nearest_separability:.2f})."
    )
    if beyond.empty:
        return (
            f"{text} No pair of measures is told apart beyond its construct's nearest other "
            "construct (whole interval above that construct's separability)."
        )
    parts = ", ".join(
        f"{row.construct} measures {row.measure_a} and {row.measure_b} "
        f"({interval_text(row.separability, row.ci_low, row.ci_high)} against "
        f"{row.nearest_separability:.2f} from {row.nearest_construct})"
        for row in beyond.itertuples()
    )
    return (
        f"{text} Told apart beyond the construct's nearest other construct, so one name over "
        f"different content: {parts}."
    )


def fit_paragraph(fit_summary: pd.DataFrame, matched_fit: str = "") -> str:
    """How many items sit closer to their own construct than to any other, and where the
    construct with the fewest such items leans; then ``matched_fit`` (``matched_fit_sentence``)."""
    n_fit, n_items = int(fit_summary["n_fit"].sum()), int(fit_summary["n_items"].sum())
    worst = fit_summary.sort_values("share_fit", kind="stable").iloc[0]
    towards = listed(str(worst["misfits_closest_to"]).split("; ")[:SHOWN])  # most often first
    others = int(worst["n_items"] - worst["n_fit"])
    leans = {0: "", 1: f"; the other leans towards {towards}"}.get(
        others, f"; the others lean most towards {towards}"
    )
    return (
        f"**Items** (`item_fit_summary.tsv`, `item_fit.tsv` names each item). {n_fit:,} of {n_items:,} "
        f"items ({n_fit / n_items:.0%}) sit closer to the centroid of their own construct than to "
        f"any other; fewest in {worst['construct']} ({int(worst['n_fit']):,} of "
        f"{int(worst['n_items']):,}{leans}).{matched_fit}"
    )


def definitions_paragraph(summary: pd.DataFrame, models: pd.DataFrame) -> str:
    """How many items read most like their own construct's definition under the selected model,
    against chance, which constructs' items do so most and least, and the other models' shares
    (``definitions.correspondence_summary`` and ``models_against_definitions``)."""
    chosen = models[models["selected"]].iloc[0]
    n_fit, n_items = int(chosen["n_fit"]), int(chosen["n_items"])
    ranked = summary[summary["n_items"] > 0].sort_values(["share_fit", "construct"], ascending=[False, True])
    best, worst = ranked.iloc[0], ranked.iloc[-1]
    leans = (
        f"; {int(worst['n_leaning']):,} of its items read most like {possessive(worst['leans_to'])}"
        if worst["leans_to"]
        else ""
    )
    others = "; ".join(f"{row.model} {row.share_fit:.0%}" for row in models[~models["selected"]].itertuples())
    over = "every reassignment" if chosen["exact"] else "random reassignments"
    return (
        f"**Definitions** (`definitions_summary.tsv`, `definitions.tsv` names each item). "
        f"{n_fit:,} of {n_items:,} items listed under one construct ({n_fit / n_items:.0%}) read most "
        f"like their own construct's definition of the {int(chosen['n_definitions']):,}, against "
        f"{chosen['chance']:.0%} by chance ({p_text(chosen['p_value'])} over {over} of the "
        f"definitions to the constructs). Most: {best['construct']} ({int(best['n_fit']):,} of "
        f"{int(best['n_items']):,}); fewest: {worst['construct']} ({int(worst['n_fit']):,} of "
        f"{int(worst['n_items']):,}{leans})." + (f" Other models: {others}." if others else "")
    )


def choice_paragraph(choice: dict, target: str | None = None) -> str:
    """By what rule the model was chosen, and whether the selection data could tell it from
    the runner-up (``best_model.json``); a warning where it was chosen on ``target``'s own items."""
    rule, margin = choice["rule"], choice.get("margin")
    text = (
        "**Which model** (`results/selection/best_model.json`, `margin.tsv`). "
        f"{choice['best_model']} was chosen by `{rule['metric']}` on the {rule['split']} split of "
        f"{rule['dataset']}."
    )
    if len(choice["candidates"]) == 1:
        return f"{text} It was the only candidate."
    if rule["dataset"] == target:
        text += (
            f" These are the items reported here, so {possessive(target)} numbers under it are optimistic: the "
            f"best of {len(choice['candidates'])} candidates on them, not a measurement on items the "
            "choice never saw (choose on IPIP's validation split, the default, for one)."
        )
    if not margin or margin.get("difference") is None:
        return f"{text} No paired margin over the runner-up was computed for this metric."
    text += " " + margin_text(margin)
    if margin["interval_excludes_zero"] is False:
        text += " " + unclear_margin_text(margin)
    return text


def unclear_margin_text(margin: dict) -> str:
    """What a pooled interval that includes 0 means, beside the per-construct sign-flip test."""
    advice = "read these findings beside what the other models find (next paragraph)."
    p = margin.get("per_construct_p_value")
    if p is not None and p < 0.05 and margin["constructs_higher"] > margin["constructs_lower"]:
        return (
            "The interval includes 0 although most constructs score higher under it: weighing "
            "every construct the same, it is ahead; weighing constructs by their item pairs, as "
            "the pooled AUC does, the held-out constructs cannot tell the two models apart. So " + advice
        )
    return "The interval includes 0: the held-out constructs cannot tell the two models apart, so " + advice


def agreement_paragraph(agreement: pd.DataFrame) -> str:
    """Whether the other models of the run flag the same pairs."""
    others = agreement[~agreement["selected"]]
    if others.empty:
        return "**Other models.** The run holds no other model to compare with."
    parts = []
    for row in others.itertuples():
        flagged = (
            f"flags {counted(row.n_pairs_overlapping, 'pair')}, {int(row.n_shared_with_selected):,} of them the same"
            if row.n_pairs_overlapping
            else "flags no pair"
        )
        rho = (  # undefined for a single construct pair, or separabilities without spread
            f"Spearman ρ of pair separabilities {row.separability_rho:.2f}"
            if pd.notna(row.separability_rho)
            else "Spearman ρ of pair separabilities not defined: one construct pair, or all equal"
        )
        parts.append(f"{row.model} {flagged} ({rho})")
    return f"**Other models** (`model_agreement_summary.tsv`): {'; '.join(parts)}."


def words_paragraph(target: str, paired: pd.DataFrame, lexical: tuple[str, ...]) -> str:
    """How far the selected model sees beyond shared words: its paired pair-AUC gain over each
    word-overlap baseline (``lexical``) on the target and on the held-out IPIP test items
    (``selected_vs_baselines.tsv``); '' when the run has no such baseline to compare with."""
    rows = paired[paired["baseline_model"].isin(lexical) & (paired["metric"] == "pair_auc")]
    parts = []
    for baseline, of_baseline in rows.groupby("baseline_model", sort=True):
        on = {row.dataset: row for row in of_baseline.itertuples()}
        if target not in on:
            continue
        row = on[target]
        text = (
            f"{baseline} reaches a pair AUC of {row.baseline:.3f} on the {target} items, against "
            f"{row.selected:.3f}: a paired gain of {interval_text(row.difference, row.ci_low, row.ci_high)} "
            f"({p_text(row.p_value)}{_per_construct_text(row)})"
        )
        if "ipip" in on:
            ipip = on["ipip"]
            text += (
                f", where on the held-out IPIP test items it is "
                f"{interval_text(ipip.difference, ipip.ci_low, ipip.ci_high)} ({ipip.baseline:.3f} against "
                f"{ipip.selected:.3f})"
            )
        text += _beyond_words_reading(row, on.get("ipip"))
        parts.append(text)
    if not parts:
        return ""
    return (
        "**Beyond shared words** (`results/comparison/selected_vs_baselines.tsv`; a word-overlap "
        "baseline compares items by the words they share, TF-IDF weighted). " + "; ".join(parts) + "."
    )


def _per_construct_text(row) -> str:
    """'; higher in 4 constructs, lower in 0, sign-flip p = 0.125': the paired gain construct by
    construct, each weighing the same, which with few constructs says how little a resampled
    p-value rests on; empty where the table has no such count."""
    higher, lower = getattr(row, "constructs_higher", None), getattr(row, "constructs_lower", None)
    if higher is None or pd.isna(higher) or pd.isna(lower):
        return ""
    sign_flip = p_text(row.per_construct_p_value).replace("p ", "sign-flip p ", 1)
    return f"; higher in {int(higher):,} constructs, lower in {int(lower):,}, {sign_flip}"


def _beyond_words_reading(row, ipip) -> str:
    """What a paired gain whose interval reaches 0 says: little beyond shared words only where
    its upper end stays below the gain on the held-out IPIP items; otherwise too uncertain to
    say (an interval reaching 0 is no evidence that the gain is small)."""
    if pd.isna(row.ci_low) or row.ci_low > 0:
        return ""
    if ipip is not None and pd.notna(ipip.difference) and row.ci_high < ipip.difference:
        return "; on these items the model finds little that shared words do not"
    return (
        "; the interval reaches 0 and is too wide to say whether the model finds more than "
        "shared words on these items"
    )


def nearest_paragraph(nearest: pd.DataFrame, threshold: float) -> str:
    """Personality constructs a target construct may be under another name: up to ``LISTED``
    overlapping pairs spelled out one by one; more are listed per target construct, those with
    the least separable pair first, each naming its ``SHOWN`` least separable IPIP constructs."""
    flagged = nearest[nearest["overlapping"]]
    if flagged.empty:
        closest = nearest[nearest["rank"] == 1]
        names = ", ".join(f"{row.construct} → {row.ipip_construct}" for row in closest.itertuples())
        return (
            "**Personality constructs** (`nearest_ipip.tsv`). No construct overlaps an IPIP "
            f"construct; the nearest of each: {names}."
        )
    head = "**Personality constructs** (`nearest_ipip.tsv`, `nearest_ipip_items.tsv` for the items)."
    if len(flagged) <= LISTED:
        parts = ", ".join(
            f"{row.construct} and IPIP's {row.ipip_construct} "
            f"({interval_text(row.separability, row.ci_low, row.ci_high)}{support_text(row, threshold)})"
            for row in flagged.itertuples()
        )
        return f"{head} Overlapping with an IPIP construct: {parts}."
    flagged = flagged.sort_values(["separability", "construct", "ipip_construct"], kind="stable")
    constructs = list(dict.fromkeys(flagged["construct"]))
    lines = []
    for construct in constructs[:LISTED]:
        rows = flagged[flagged["construct"] == construct]
        named = ", ".join(
            f"{row.ipip_construct} {interval_text(row.separability, row.ci_low, row.ci_high)}"
            for row in rows.head(SHOWN).itertuples()
        )
        more = f" and {len(rows) - SHOWN} more" if len(rows) > SHOWN else ""
        lines.append(f"- {construct}: {named}{more}")
    if len(constructs) > LISTED:
        lines.append(f"- … and {len(constructs) - LISTED:,} more constructs")
    return (
        f"{head} {len(flagged):,} pairs of a target construct and an IPIP construct overlap "
        f"(separability at most {threshold:g}), for {len(constructs):,} of the "
        f"{nearest['construct'].nunique()} constructs; the least separable first, each with its "
        f"closest IPIP constructs (`overlap_support` has how often each pair stays at most "
        f"{threshold:g} in item resamples):\n\n" + "\n".join(lines)
    )


def ipip_items_paragraph(
    from_ipip: pd.DataFrame, n_items: int, model: str, finetuned: tuple[str, ...]
) -> str:
    """Which of the target's items are IPIP items, and whether a model scoring them was trained
    on them (an IPIP training text), which would flatter its constructs' distinctiveness."""
    head = (
        "**Items from IPIP** (`items_from_ipip.tsv`, wordings matched ignoring case, punctuation "
        'and a leading "I").'
    )
    if from_ipip.empty:
        so = ", so fine-tuning on IPIP trained no model on them" if finetuned else ""
        return f"{head} None of the {n_items:,} items is an IPIP item{so}."
    trained = int(from_ipip["on_training_side"].sum())
    text = f"{head} {len(from_ipip):,} of {n_items:,} items are IPIP items, {trained} of them IPIP training texts"
    if trained == 0:
        return f"{text}: held out or unscored, so no fine-tuned model was trained on them."
    if not finetuned:
        return f"{text}; no model of this run was fine-tuned, so no model was trained on them."
    if model not in finetuned:
        return (
            f"{text}, which the fine-tuned models ({', '.join(finetuned)}) were trained on; the "
            f"selected model, {model}, was not fine-tuned, so this touches only their rows of "
            "`model_agreement.tsv`."
        )
    return (
        f"{text}, which {model} was trained on: its similarities for those items are partly "
        "in-sample and make their constructs look more distinct than new items would. Read "
        "them beside a model that was not trained on them (`model_agreement_summary.tsv`)."
    )


def keying_paragraph(keying: pd.DataFrame) -> str:
    """Equally against oppositely keyed pairs of one construct, each against the pairs of
    different constructs (the target's rows of ``keying.keying_table`` for one model)."""
    rows = keying.set_index("pairs")
    same, opposite, gap = (rows.loc[kind] for kind in ("same_key", "opposite_key", "same_minus_opposite"))
    text = "**Reverse-keyed items** (`results/metrics/keying.tsv`). "
    if not same["n_constructs"] or pd.isna(gap["pair_auc"]):
        return (
            text
            + "No construct holds pairs of equally and of oppositely keyed items, so keying is not compared."
        )
    text += (
        f"Among the constructs that hold items of both keys ({int(same['n_constructs']):,}), a pair of equally "
        f"keyed items of one construct is more similar than a pair of two constructs with probability "
        f"{interval_text(same['pair_auc'], same['ci_low'], same['ci_high'])} (pair AUC, "
        f"{counted(int(same['n_pairs']), 'pair')}), a pair of oppositely keyed ones "
        f"{interval_text(opposite['pair_auc'], opposite['ci_low'], opposite['ci_high'])} "
        f"({counted(int(opposite['n_pairs']), 'pair')}): a difference of "
        f"{interval_text(gap['pair_auc'], gap['ci_low'], gap['ci_high'])}, {p_text(gap['p_value'])}. "
    )
    return text + _keying_verdict(gap, int(same["n_constructs"]))


def _keying_verdict(gap: pd.Series, n_constructs: int) -> str:
    """What the difference of equally and oppositely keyed pairs (``gap``), measured within
    ``n_constructs`` constructs of both keys, says."""
    if n_constructs < MIN_RESAMPLED_CONSTRUCTS:
        return (
            f"Only {counted(n_constructs, 'construct')} {'holds' if n_constructs == 1 else 'hold'} "
            "items of both keys, too few to resample: these AUCs describe these items, and whether "
            "reversed items sit apart from their construct is not tested."
        )
    if pd.isna(gap["ci_low"]):
        return ""
    few = (
        f" With only {n_constructs} constructs of both keys, resampling them understates the uncertainty."
        if n_constructs < FEW
        else ""
    )
    return _keying_reading(gap) + few


def _keying_reading(gap: pd.Series) -> str:
    """The verdict of the difference's interval."""
    if gap["ci_low"] > 0:
        return (
            "The model finds an item less like its construct's items keyed the other way than like "
            "those keyed its own way: it reads the items' direction, and a reversed item sits apart "
            "from its construct."
        )
    if gap["ci_high"] < 0:
        return "Oppositely keyed pairs rank above equally keyed ones, beyond noise."
    if max(-gap["ci_low"], gap["ci_high"]) <= NEGLIGIBLE_AUC:
        return (
            f"The interval lies within ±{NEGLIGIBLE_AUC:g}: the model places reversed items with their "
            "construct about as well as the others, reading what items are about more than which way "
            "they point."
        )
    return (
        "No difference beyond noise, but the interval is too wide to say that there is none: it "
        "leaves room for reversed items sitting apart from their construct as well as for no such "
        "effect."
    )


def _words(band: pd.Series) -> str:
    """A row of ``lengths.tsv`` as its word range: 1–5 words, 9 or more words."""
    high = None if pd.isna(band["max_words"]) else int(band["max_words"])
    return f"{band_words(int(band['min_words']), high)} words"


def lengths_paragraph(lengths: pd.DataFrame, comparison: pd.DataFrame, target: str) -> str:
    """The target against the held-out IPIP test items among items of like length (one model's
    rows of ``lengths.tsv`` for both item sets, and of ``ipip_vs_<target>.tsv``)."""
    rows = lengths.set_index(["dataset", "band"])
    text = (
        f"**Item length** (`results/metrics/lengths.tsv`). Items of {target} have a median of "
        f"{rows.loc[(target, 'all'), 'median_words']:g} words, the held-out IPIP test items "
        f"{rows.loc[('ipip', 'all'), 'median_words']:g}. "
    )
    by_metric = comparison.set_index("metric")
    bands = [name for name in rows.loc[target].index if f"pair_auc_{name}" in by_metric.index]
    if not bands:
        return text + "No length band holds same-construct pairs of both, so they are not compared by length."
    parts = []
    for band in bands:
        row = by_metric.loc[f"pair_auc_{band}"]
        parts.append(
            f"{_words(rows.loc[(target, band)])} {row['ipip_test']:.3f} against {row[target]:.3f} "
            f"(difference {interval_text(row['difference'], row['ci_low'], row['ci_high'])})"
        )
    text += (
        "Scored only among pairs of two items of one length band, the pair AUC of IPIP test against "
        f"{target} is, for {'; '.join(parts)}. "
    )
    overall = by_metric.loc["pair_auc"]
    if pd.isna(overall["ci_low"]) or overall["ci_low"] <= 0 <= overall["ci_high"]:
        return text.rstrip()
    sign = 1 if overall["difference"] > 0 else -1
    beyond = [by_metric.loc[f"pair_auc_{band}"] for band in bands]
    holding = sum(bool(sign * row["ci_low"] > 0 and sign * row["ci_high"] > 0) for row in beyond)
    if holding == len(bands):
        return text + "The gap holds within every band: item length does not explain it."
    untested = sum(bool(pd.isna(row["ci_low"])) for row in beyond)
    if untested == len(bands):
        return text + (
            "No band has an interval (its same-construct pairs lie in too few constructs), so "
            "whether item length explains the gap stays open."
        )
    unsure = (
        f" ({untested} with same-construct pairs in too few constructs for an interval)" if untested else ""
    )
    return text + (
        f"The gap holds beyond noise in {holding} of {len(bands)} bands{unsure}; where it does not, read "
        "the band's pairs and interval before putting the gap down to item length."
    )


def target_findings(
    target: str,
    choice: dict,
    threshold: float,
    measure_min_items: int,
    comparison: pd.DataFrame,
    distinctiveness: pd.DataFrame,
    overlaps: pd.DataFrame,
    closest_items: pd.DataFrame,
    measure_agreement: pd.DataFrame,
    fit_summary: pd.DataFrame,
    agreement: pd.DataFrame,
    nearest: pd.DataFrame,
    from_ipip: pd.DataFrame,
    names: pd.DataFrame | None = None,
    names_summary: pd.DataFrame | None = None,
    name_template: str = "{}",
    empirical: pd.DataFrame | None = None,
    empirical_summary: pd.DataFrame | None = None,
    reliability: pd.DataFrame | None = None,
    keying: pd.DataFrame | None = None,
    lengths: pd.DataFrame | None = None,
    finetuned: tuple[str, ...] = (),
    redundancy: pd.DataFrame | None = None,
    redundancy_alpha: float = 0.05,
    paired: pd.DataFrame | None = None,
    lexical: tuple[str, ...] = (),
    distributions: pd.DataFrame | None = None,
    definitions: pd.DataFrame | None = None,
    definitions_models: pd.DataFrame | None = None,
    near_duplicates: pd.DataFrame | None = None,
    near_duplicates_summary: pd.DataFrame | None = None,
    near_duplicate_share: float = 0.99,
    groups: pd.DataFrame | None = None,
    group_counts: pd.DataFrame | None = None,
    separability: pd.DataFrame | None = None,
    responses: pd.DataFrame | None = None,
    responses_scales: pd.DataFrame | None = None,
    responses_constructs: pd.DataFrame | None = None,
    responses_items: pd.DataFrame | None = None,
    responses_factors: pd.DataFrame | None = None,
    responses_measurement: pd.DataFrame | None = None,
    responses_residuals: pd.DataFrame | None = None,
    english_share: float = float("nan"),
    nested: pd.DataFrame | None = None,
    matched: pd.DataFrame | None = None,
    between: list[tuple[str, str, pd.DataFrame]] = (),
) -> str:
    """Markdown: the target's headline comparison, most and least distinct constructs,
    overlapping pairs with the items behind them, measures of one construct that differ, item
    fit, how clear the model's selection was, other models' view, nearest IPIP constructs, the
    items that are IPIP items, names against items (``names_against_items``' two tables, names
    read as ``name_template``) and, given them, observed correlations (``empirical_agreement``'s
    two tables), the reliability check of the target's scales (its rows of
    ``reliability_checks``' summary) and, for scored items, their keying (its rows of
    ``keying.keying_table`` for the selected model), its items against IPIP test's among items
    of like length (``lengths``: ``lengths.tsv``), and given it, the redundancy test of every
    construct pair (``analysis.redundancy`` at ``redundancy_alpha``), and given ``paired``
    (``selected_vs_baselines.tsv``), the selected model's gain over the word-overlap baselines
    ``lexical``, and given ``distributions`` (``similarity_distributions.tsv``), the median
    cosines of same- and different-construct pairs, and given ``definitions`` and
    ``definitions_models``, how many items read most like their own construct's definition, and
    given ``near_duplicates`` (and ``near_duplicates_summary``), the item pairs more alike than
    ``near_duplicate_share`` of the held-out IPIP same-construct pairs, and given ``groups`` and
    ``group_counts``, the groups of pairwise overlapping constructs beside the held-out IPIP
    constructs' count, given ``separability``, a two-construct target's one pair at the start, and given ``responses``, ``responses_scales``, ``responses_constructs``,
    ``responses_items``, ``responses_factors``, ``responses_measurement`` and
    ``responses_residuals``, the constructs' and items' fit in the answers beside the model's,
    how many dimensions the answers hold and how one factor model of all scales fits them.
    ``choice``: the selection's ``best_model.json``; ``from_ipip``: the target's items that are
    IPIP items (``ipip_match.items_from_ipip``), ``finetuned`` the run's fine-tuned models;
    ``english_share``, the share of the items' words that are common English words
    (``language.english_word_share``), adds a warning where it is too low for English items;
    ``nested`` (``items.nested_constructs``) names the pairs the pair tables leave out; given
    ``matched`` (``ipip_vs_<target>_matched.tsv``), the headline sets the target beside random
    sets of as many constructs; ``between`` (``instruments_paragraph``), the target beside every
    other target."""
    model, n_constructs = choice["best_model"], len(distinctiveness)
    paragraphs = [
        f"# {target}: what the selected model finds",
        f"Read from the tables of `results/targets/{target}/` ({n_constructs:,} constructs, "
        f"model {model}); intervals are 95 %.{few_note(distinctiveness)}"
        + ("" if reads_as_english(english_share) else f" **Language:** {not_english_note(english_share)}."),
        brief_paragraph(
            target, model, comparison, overlaps, threshold, n_constructs, group_counts, separability
        )
        + (
            answers_brief(responses_constructs, threshold, responses_factors, responses_measurement)
            if responses_constructs is not None
            else ""
        ),
        overall_paragraph(target, model, comparison)
        + (matched_sentence(target, model, matched) if matched is not None else "")
        + (distributions_sentence(target, distributions) if distributions is not None else ""),
        instruments_paragraph(target, model, between),
        distinct_paragraph(distinctiveness),
        overlap_paragraph(
            overlaps,
            closest_items,
            threshold,
            n_constructs * (n_constructs - 1) // 2,
            distinctiveness.set_index("construct")["n_items"].loc[lambda n: n < MIN_RESAMPLED_ITEMS],
        ),
        *([nested_paragraph(nested)] if nested is not None else []),
        *([groups_paragraph(groups, group_counts, target, threshold)] if groups is not None else []),
        *([redundancy_paragraph(redundancy, redundancy_alpha)] if redundancy is not None else []),
        measures_paragraph(measure_agreement, measure_min_items),
        *(
            [near_duplicates_paragraph(near_duplicates, near_duplicates_summary, near_duplicate_share)]
            if near_duplicates is not None
            else []
        ),
        fit_paragraph(
            fit_summary, matched_fit_sentence(target, model, matched) if matched is not None else ""
        ),
        *([definitions_paragraph(definitions, definitions_models)] if definitions is not None else []),
        choice_paragraph(choice, target),
        agreement_paragraph(agreement),
        *([words_paragraph(target, paired, lexical)] if paired is not None else []),
        nearest_paragraph(nearest, threshold),
        ipip_items_paragraph(from_ipip, int(distinctiveness["n_items"].sum()), model, tuple(finetuned)),
    ]
    if names is not None:
        paragraphs.append(names_paragraph(names, names_summary, name_template))
    if empirical is not None:
        paragraphs.append(empirical_paragraph(empirical, empirical_summary))
    if responses is not None:
        paragraphs.append(
            responses_paragraph(
                responses,
                responses_scales,
                responses_constructs,
                responses_items,
                threshold,
                responses_factors,
                responses_measurement,
                responses_residuals,
            )
        )
    if keying is not None and not keying.empty:
        paragraphs.append(keying_paragraph(keying[keying["model"] == model]))
    if lengths is not None:
        paragraphs.append(
            lengths_paragraph(
                lengths[lengths["model"] == model], comparison[comparison["model"] == model], target
            )
        )
    if reliability is not None:
        paragraphs.append(
            "**Reliabilities** (`results/metrics/reliability.tsv`: do the scales whose items the model "
            "finds more alike report a higher α for their length?). " + reliability_sentence(reliability)
        )
    return minus_signs("\n\n".join(paragraph for paragraph in paragraphs if paragraph) + "\n")
