"""The findings about a target's construct pairs, in sentences: which pairs overlap and how
they group, which the redundancy test cannot tell apart, near-duplicate items, constructs
nested in another, names against items, and observed correlations against the model's view.
Every number is read from the target's tables (``findings.target_findings`` assembles them)."""

import math
import re

import pandas as pd

from .prose import LISTED, counted, interval_text, listed, mantel_text, p_text


def support_text(row, threshold: float) -> str:
    """The clause '; at most 0.6 in 94% of item resamples' for a row with an
    ``overlap_support``, empty without one. The share is rounded down, so 99 % is not every
    resample (1e-9 keeps a share of 0.29 from reading as 28 %)."""
    support = getattr(row, "overlap_support", math.nan)
    if pd.isna(support):
        return ""
    return f"; at most {threshold:g} in {math.floor(100 * support + 1e-9)}% of item resamples"


def _unresampled_text(row, small: pd.Series) -> str:
    """' (no interval: C has 2 items, too few to resample)' for a pair without an interval
    one of whose constructs is among the ``small`` ones (construct → items)."""
    if pd.notna(row.ci_low):
        return ""
    named = [
        f"{name} has {small[name]} items" for name in (row.construct_a, row.construct_b) if name in small
    ]
    return f" (no interval: {' and '.join(named)}, too few to resample)" if named else ""


def overlap_paragraph(
    overlaps: pd.DataFrame,
    closest: pd.DataFrame,
    threshold: float,
    n_pairs: int,
    small: pd.Series | None = None,
) -> str:
    """The overlapping pairs, each with its interval and its most alike item pair; ``small``:
    the constructs too small to resample (construct → items), named where a pair has no interval."""
    small = pd.Series(dtype=int) if small is None else small
    head = (
        f"**Overlapping pairs** (`overlapping_pairs.tsv`, outlined in `separability.png`; separability at "
        f"most {threshold:g}; 0.5 = indistinguishable)."
    )
    if overlaps.empty:
        nearest = closest[closest["rank"] == 1].sort_values("separability", kind="stable").head(1)
        if nearest.empty:
            return f"{head} None of the {n_pairs:,} construct pairs."
        pair = (
            "the one construct pair"
            if n_pairs == 1
            else f"the least separable of the {n_pairs:,} construct pairs"
        )
        row = nearest.iloc[0]
        return (
            f"{head} None: {pair}, {row.construct_a} – {row.construct_b}, has a separability of "
            f"{row.separability:.3f}."
        )
    top = closest[closest["rank"] == 1].set_index(["construct_a", "construct_b"])
    lines = []
    for row in overlaps.head(LISTED).itertuples():
        reaches = " — not told apart beyond chance" if pd.notna(row.ci_low) and row.ci_low <= 0.5 else ""
        pair = top.loc[(row.construct_a, row.construct_b)]
        interval = interval_text(row.separability, row.ci_low, row.ci_high)
        lines.append(
            f"- {row.construct_a} – {row.construct_b}: "
            f"{interval}{_unresampled_text(row, small)}{reaches}{support_text(row, threshold)}; most alike items "
            f'"{pair["text_a"]}" and "{pair["text_b"]}" (cosine {pair["similarity"]:.2f})'
            f"{_like_pair_text(row)}"
        )
    more = f"\n- … and {len(overlaps) - LISTED:,} more" if len(overlaps) > LISTED else ""
    count = (
        "The one construct pair overlaps"
        if n_pairs == 1
        else f"{len(overlaps):,} of {n_pairs:,} construct pairs"
    )
    joint = joint_sentence(overlaps, threshold, n_pairs) if n_pairs > 1 else ""  # one pair: its own interval
    return (
        f"{head} {count}; an interval reaching 0.5 means "
        "these items do not tell the two apart beyond chance, though a wide one leaves room for a "
        "real difference, and the share of item resamples in which a pair stays at most "
        f"{threshold:g} (`overlap_support`) says how little its flag hangs on which items were "
        "written (`closest_items.tsv` has the items behind every pair, `construct_pairs.tsv` "
        "what every analysis says of each pair, in one row)."
        f"{joint}{pair_reference_sentence(overlaps)}\n\n" + "\n".join(lines) + more
    )


def _count_text(row) -> str:
    """A number of groups with its interval, as in 7 (6–8)."""
    if pd.isna(row.ci_low):
        return f"{row.n_groups}"
    return f"{row.n_groups} ({row.ci_low:g}–{row.ci_high:g})"


def groups_paragraph(groups: pd.DataFrame, counts: pd.DataFrame, target: str, threshold: float) -> str:
    """How many groups of pairwise overlapping constructs the target holds (``groups_table``),
    beside the held-out IPIP test constructs' count at each threshold (``group_counts``)."""
    head = (
        f"**Groups** (`groups.tsv`, `groups.png`; complete linkage on separability, so every two "
        f"constructs of a group are at most {threshold:g} separable)."
    )
    own = counts[counts["item_set"] == target].set_index("threshold")
    ipip = counts[(counts["item_set"] == "ipip_test") & (counts["n_constructs"] > 0)].set_index("threshold")
    at_bar = own.loc[threshold]
    joint = groups[groups["n_constructs"] > 1]
    if joint.empty:
        text = f"{head} No two constructs overlap: each of the {at_bar.n_constructs} is a group of its own."
    else:
        alone = int((groups["n_constructs"] == 1).sum())
        parts = [listed(row.constructs.split("; ")) for row in joint.head(LISTED).itertuples()]
        if len(joint) > LISTED:
            parts.append(f"{len(joint) - LISTED:,} more groups of two or more")
        parts += [f"the other {alone} alone" if alone > 1 else "the other one alone"] if alone else []
        resampled = "" if pd.isna(at_bar.ci_low) else " (95 % interval from resampling items)"
        text = (
            f"{head} The {at_bar.n_constructs} constructs form {_count_text(at_bar)} "
            f"{'group' if at_bar.n_groups == 1 else 'groups'}{resampled}: {'; '.join(parts)}."
        )
        chained = joint[joint["also_overlaps"].fillna("") != ""]
        if len(chained):
            who = (
                "This group also overlaps constructs outside it"
                if len(joint) == 1
                else "Each of these groups also overlaps constructs outside it"
                if len(chained) == len(joint)
                else f"Of these {len(joint):,} groups, {len(chained):,} also overlap constructs outside them"
            )
            text += (
                f" {who} (`also_overlaps`): overlaps chain, so read the groups as a summary of "
                "`overlapping_pairs.tsv`, not as a partition the items dictate."
            )
    if ipip.empty:
        return text
    reference = ipip.loc[threshold]
    text += (
        f" For scale, the {reference.n_constructs} held-out IPIP test constructs of "
        "`reference_min_items` or more items form "
        f"{_count_text(reference)} under the same model: {at_bar.groups_per_construct:.2f} groups per "
        f"construct against {reference.groups_per_construct:.2f}"
    )
    others = [t for t in own.index if t != threshold and t in ipip.index]
    if others:
        text += (
            " ("
            + "; ".join(
                f"at {t:g}: {own.loc[t].groups_per_construct:.2f} against {ipip.loc[t].groups_per_construct:.2f}"
                for t in others
            )
            + ", `group_counts.tsv`)"
        )
    return text + "."


def joint_sentence(overlaps: pd.DataFrame, threshold: float, n_pairs: int) -> str:
    """What the overlapping pairs' joint intervals (``joint_ci_low``, ``joint_ci_high``, which
    hold for all ``n_pairs`` pairs at once) allow: which lie wholly at most ``threshold``, and
    how many reach 0.5, counting only the pairs that have one. Empty without joint intervals."""
    if "joint_ci_low" not in overlaps or overlaps["joint_ci_low"].isna().all():
        return ""
    known = overlaps[overlaps["joint_ci_low"].notna()]  # a construct too small to resample has none
    below = known[known["joint_ci_high"] <= threshold]
    reaching = int((known["joint_ci_low"] <= 0.5).sum())
    if len(known) == 1:
        lies = "lies" if len(below) else "does not lie"
        reaches = "reaches" if reaching else "stays above"
        whose = (
            "its interval"
            if len(overlaps) == 1
            else f"the interval of {known.iloc[0].construct_a} – {known.iloc[0].construct_b}, the "
            "only one of these with an interval,"
        )
        verdict = f"{whose} {lies} wholly at most {threshold:g} and {reaches} 0.5"
    else:
        named = [f"{row.construct_a} – {row.construct_b}" for row in below.itertuples()]
        verb = "lies" if len(below) == 1 else "lie"
        these = f"these {len(known):,}" + (" with an interval" if len(known) < len(overlaps) else "")
        verdict = f"{len(below):,} of {these} {verb} wholly at most {threshold:g}"
        verdict += f" ({listed(named)})" if 0 < len(named) <= LISTED else ""
        verdict += f", and {reaching:,} {'reaches' if reaching == 1 else 'reach'} 0.5"
    return (
        f" Taking all {n_pairs:,} pairs at once (`joint_ci_low`, `joint_ci_high`: intervals that hold "
        f"together, for a verdict on the whole set), {verdict}."
    )


def pair_reference_sentence(overlaps: pd.DataFrame) -> str:
    """How the overlapping pairs rank among the held-out IPIP construct pairs (``ipip_share_below``)."""
    n_reference = int(overlaps["ipip_pairs"].max()) if "ipip_pairs" in overlaps else 0
    if n_reference == 0:
        return ""
    share = overlaps["ipip_share_below"]
    rarer = int((share < 0.05).sum())
    if len(share) == 1:
        how_many = "it is" if rarer else "it is not"
    elif rarer == len(share) == 2:
        how_many = "both are"
    elif rarer == len(share) > 1:
        how_many = f"all {rarer:,} are"
    else:
        how_many = f"{rarer:,} of these {len(share):,} {'is' if rarer == 1 else 'are'}"
    return (
        f" Set against the {n_reference:,} pairs of held-out IPIP test constructs under the same model "
        f"(`ipip_share_below`; constructs of few items left out), {how_many} "
        "less separable than 95 % of them; each line names the "
        "personality pair nearest in separability, two constructs as hard to tell apart."
    )


def _like_pair_text(row) -> str:
    """The held-out IPIP pair nearest in separability to an overlapping pair, if the table has one."""
    if not isinstance(getattr(row, "ipip_like_pair", None), str):
        return ""
    return (
        f"; {row.ipip_share_below:.0%} of the IPIP pairs less separable, nearest IPIP's "
        f"{row.ipip_like_pair} ({row.ipip_like_separability:.3f})"
    )


def nested_paragraph(nested: pd.DataFrame) -> str:
    """The constructs every item of which is an item of another (``items.nested_constructs``):
    their pairs are missing from the pair tables; '' when there are none."""
    if nested.empty:
        return ""
    parts = [f"{row.construct} is one of {row.within}" for row in nested.head(LISTED).itertuples()]
    more = f"; and {len(nested) - LISTED:,} more" if len(nested) > LISTED else ""
    return (
        f"**Nested constructs.** Every item of {'; every item of '.join(parts)}{more}. Such a pair "
        "shares its items by construction and has no items of one alone to compare, so it has no "
        "separability and the pair tables leave it out; the groups take it as indistinguishable."
    )


def redundancy_paragraph(redundancy: pd.DataFrame, alpha: float) -> str:
    """Which construct pairs the permutation test finds no difference in, how many still differ
    together after Holm's adjustment, and the pair most alike across for its within similarity."""
    head = (
        "**Redundant pairs** (`redundancy.tsv`: are a pair's items more alike within each construct "
        f"than across the two? permutation test, α = {alpha:g})."
    )
    tested = redundancy[redundancy["redundant"].notna()]
    untested = len(redundancy) - len(tested)
    too_few = f" {counted(untested, 'pair')} had too few items to be tested." if untested else ""
    if tested.empty:
        return f"{head} No pair had enough items to be tested."
    redundant = tested[tested["redundant"].astype(bool)]
    if len(tested) == 1:
        only = tested.iloc[0]
        found = (
            f"The one pair, {only.construct_a} – {only.construct_b}, shows no difference (ratio "
            f"{only.ratio:.2f}, {p_text(only.p_value)})"
            if len(redundant)
            else f"The one pair, {only.construct_a} – {only.construct_b}, differs: its items are more "
            f"alike within than across ({p_text(only.p_value)})"
        )
    elif redundant.empty:
        worst = tested["p_value"].max()
        bound = "all p < 0.001" if worst < 0.001 else f"all p ≤ {worst:.3f}"
        found = (
            f"None of the {counted(len(tested), 'pair')} tested: in every one the items are more alike "
            f"within than across ({bound})"
        )
    else:
        shown = ", ".join(
            f"{row.construct_a} – {row.construct_b} (ratio {row.ratio:.2f}, {p_text(row.p_value)})"
            for row in redundant.head(LISTED).itertuples()
        )
        more = f" and {len(redundant) - LISTED:,} more" if len(redundant) > LISTED else ""
        verb = "shows" if len(redundant) == 1 else "show"
        found = (
            f"{len(redundant):,} of {counted(len(tested), 'pair')} tested {verb} no difference: {shown}{more}"
        )
    together = int((tested["p_holm"] < alpha).sum())
    differ = len(tested) - len(redundant)
    holm = ""
    if differ and len(redundancy) > 1:  # a single test has nothing to adjust for
        least = tested["smallest_p"].min()  # Holm multiplies the smallest p by the number of pairs
        holm = f"; after Holm's adjustment over all {len(redundancy):,} pairs, "
        if together == 0 and least * len(redundancy) >= alpha:
            holm += (
                f"none can differ together at a family-wise error of {alpha:g}: with so few items the "
                f"smallest p a test can give, {least:.3g}, becomes {min(least * len(redundancy), 1):.3g}"
            )
        else:
            still = f"all {differ}" if together == differ else f"{together} of those {differ}"
            holm += f"{still} still differ together (family-wise error {alpha:g})"
    closest = tested.sort_values("ratio", ascending=False, kind="stable").iloc[0]
    caveat = (
        "Finding no difference has not shown two constructs to be one, least of all with few items: "
        if not redundant.empty
        else ""
    )
    where = "" if len(tested) == 1 else f" highest for {closest.construct_a} – {closest.construct_b},"
    ratio = (
        f"{caveat}{'r' if caveat else 'R'}ead the ratio of between- to within-construct similarity beside "
        f"the test: it is{where} {closest.ratio:.2f} (1 = as alike across as within)."
    )
    return f"{head} {found}{holm}. {ratio}{too_few}"


def near_duplicates_paragraph(pairs: pd.DataFrame, summary: pd.DataFrame | None, share: float) -> str:
    """How many item pairs within one construct and across two are more alike than ``share`` of
    the held-out IPIP same-construct pairs (``near_duplicates.near_duplicates``), how many of
    those within a construct come from two measures, the most alike of each kind and, given
    ``near_duplicates_summary``, the pair AUC without them."""
    head = (
        f"**Near-duplicate items** (`near_duplicates.tsv`: pairs of items more alike than {share:.0%} "
        "of the item pairs of one held-out IPIP construct under the same model)."
    )
    if pairs.empty:
        return f"{head} None: no two items say nearly the same thing."
    within, across = pairs[pairs["same_construct"]], pairs[~pairs["same_construct"]]
    text = f"{head} {counted(len(within), 'pair')} within one construct"
    if "measure_a" in pairs and not within.empty:
        named = within["measure_a"].notna() & within["measure_b"].notna()
        two = int((named & (within["measure_a"].astype(str) != within["measure_b"].astype(str))).sum())
        text += f" ({two} of them of two measures: one item in two questionnaires, or a close paraphrase)"
    text += f" and {counted(len(across), 'pair')} across two constructs"
    if "opposite_keys" in pairs and pairs["opposite_keys"].any():
        text += f"; {int(pairs['opposite_keys'].sum()):,} keyed oppositely (an item beside its own negation)"
    text += (
        ". Within a construct such pairs add to how coherent it looks without adding content, and are "
        "candidates to drop when a scale is shortened; across two they are one content under two "
        "names, or two poles of one theme, which embeddings read as alike."
    )
    for kind, found in (("within", within), ("across", across)):
        if not found.empty:
            top = found.iloc[0]  # most alike first
            where = (
                top["constructs_a"]
                if kind == "within"
                else f"{top['constructs_a']} and {top['constructs_b']}"
            )
            text += (
                f" Most alike {kind}: “{top['text_a']}” and “{top['text_b']}” ({where}, "
                f"{top['similarity']:.2f})."
            )
    if summary is not None:
        row = summary.iloc[0]
        text += (
            f" Without these pairs the pair AUC is {row['pair_auc_without']:.3f} "
            f"({row['pair_auc']:.3f} with them)."
        )
    return text


def empirical_paragraph(pairs: pd.DataFrame, summary: pd.DataFrame) -> str:
    """The model's similarity of construct pairs against their observed correlations, and how
    closely the other models' similarities follow them."""
    rho = summary[summary["selected"]].set_index("measure")

    def test(measure: str, model_rows: pd.DataFrame = rho) -> str:
        return mantel_text(model_rows.loc[measure], "the correlations or the similarities")

    text = (
        f"**Observed correlations** (`empirical.tsv`, {len(pairs):,} construct pairs with a correlation). "
        "Spearman's ρ between the model's similarity of two constructs (mean cosine between their "
        f"items) and the strength of their observed correlation, |r|: {test('abs_r')}; with the sign "
        f"of r: {test('r')}."
    )
    smallest = rho.loc["abs_r", "smallest_p"]
    if smallest >= 0.05:
        text += (
            f" With {rho.loc['abs_r', 'n_constructs']} constructs no relabelling of them gives p below "
            f"{smallest:.2g}: too few for this test to find anything."
        )
    gaps = pairs.sort_values("rank_gap", kind="stable")
    alike, apart = gaps.iloc[-1], gaps.iloc[0]
    if alike["rank_gap"] > 0:
        text += (
            f" Read as more alike than they correlate: {alike['construct_a']} – {alike['construct_b']} "
            f"(cosine {alike['similarity']:.2f}, r = {alike['r']:.2f})."
        )
    if apart["rank_gap"] < 0:
        text += (
            f" Correlated more than their wording suggests: {apart['construct_a']} – {apart['construct_b']} "
            f"(cosine {apart['similarity']:.2f}, r = {apart['r']:.2f})."
        )
    other_models = summary[~summary["selected"]]
    if not other_models.empty:
        tests = [
            f"{model} {test('abs_r', rows.set_index('measure'))}"
            for model, rows in other_models.groupby("model", sort=False)
        ]
        text += f" With |r| under the other models: {'; '.join(tests)}."
    return text


def names_are_codes(names) -> bool:
    """Whether most construct names are codes ("1", "F2", "C_3") rather than words: without a
    run of three letters, a name says nothing an embedding could set beside the items."""
    names = list(names)
    return sum(not re.search(r"[^\W\d_]{3}", str(name)) for name in names) > len(names) / 2


def _name_candidates(ranked: pd.DataFrame) -> str:
    """The strongest jangle and jingle candidate among the ``ranked`` pairs of ``names.tsv``."""
    n, jangle, jingle = len(ranked), ranked.iloc[0], ranked.iloc[-1]
    text = ""
    if jangle["rank_gap"] > 0:
        text += (
            f" Most alike in their items for how unlike their names are (a jangle candidate): "
            f"{jangle['construct_a']} – {jangle['construct_b']} (separability {jangle['separability']:.2f}, "
            f"rank {jangle['item_rank']} of {n:,}; names rank {jangle['name_rank']})."
        )
    if jingle["rank_gap"] < 0:
        text += (
            f" Most alike in name for how separable their items are (a jingle candidate): "
            f"{jingle['construct_a']} – {jingle['construct_b']} (names rank {jingle['name_rank']} of {n:,}; "
            f"separability {jingle['separability']:.2f}, rank {jingle['item_rank']})."
        )
    return text


def names_paragraph(pairs: pd.DataFrame, summary: pd.DataFrame, template: str) -> str:
    """Construct names against items: how the two views relate, and the pair each way that
    they rank most differently (``names_against_items``); only that the names are codes where
    they are (``names_are_codes``)."""
    selected = summary[summary["selected"]].iloc[0]
    n = len(pairs)
    text = (
        f'**Names against items** (`names.tsv`, {counted(n, "construct pair")}; names read as "{template}"). '
    )
    names = sorted({*pairs["construct_a"], *pairs["construct_b"]}, key=str)
    if names_are_codes(names):
        return text + (
            f"The construct names are codes, not words ({', '.join(names[:3])}{', …' if len(names) > 3 else ''}): "
            "they say nothing to set beside the items, so the table is not read here; name the "
            "constructs in words to compare names with items."
        )
    if n < 3:  # two constructs: one pair, nothing to rank
        each = "; ".join(
            f"{row.construct_a} – {row.construct_b}: cosine of the names {row.name_similarity:.2f}, "
            f"separability of the items {row.separability:.2f}"
            for row in pairs.itertuples()
        )
        return text + f"Too few pairs to rank names against items: {each}."
    text += (
        "Spearman's ρ between the cosine of two constructs' names and the separability of their "
        f"items: {mantel_text(selected, 'the names or the separabilities')}; negative means more "
        "alike names go with items harder to tell apart."
    )
    ranked = pairs[pairs["rank_gap"].notna()]  # nested pairs have no rank
    if ranked["separability"].nunique() < 2 or ranked["name_similarity"].nunique() < 2:
        return text + " With no spread to rank, no pair stands out either way."  # ties ranked arbitrarily
    text += _name_candidates(ranked)
    return text + (
        " Candidates are pairs to read, not findings: embeddings read what items are about more "
        "than which way they point, so the two poles of one theme look alike to them."
    )
