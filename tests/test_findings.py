import numpy as np
import pandas as pd

from constructlens.answer_findings import (
    alpha_gain_sentence,
    answers_brief,
    answers_overlap_sentence,
    cfa_sentence,
    dimensions_sentence,
    fornell_larcker_sentence,
    htmt_sentence,
    measurement_sentence,
)
from constructlens.findings import (
    distinct_paragraph,
    few_note,
    instruments_paragraph,
    keying_paragraph,
    lengths_paragraph,
    nearest_paragraph,
    target_findings,
)
from constructlens.pair_findings import overlap_paragraph
from constructlens.prose import LISTED, counted, listed

COMPARISON = pd.DataFrame(
    [
        ("best", "pair_auc", 0.85, 0.62, 0.23, 0.14, 0.28, 0.004),
        ("best", "ari", 0.3, 0.1, 0.2, 0.1, 0.3, 0.01),
        ("other", "pair_auc", 0.80, 0.60, 0.20, 0.1, 0.3, 0.05),
    ],
    columns=["model", "metric", "ipip_test", "mine", "difference", "ci_low", "ci_high", "p_value"],
)


def distinctiveness(n: int) -> pd.DataFrame:
    aucs = [0.95 - 0.05 * i for i in range(n)]
    return pd.DataFrame(
        {
            "construct": [f"C{i}" for i in range(n)],
            "n_items": 5,
            "auc": aucs,
            "ci_low": [a - 0.05 for a in aucs],
            "ci_high": [a + 0.05 for a in aucs],
            "joint_ci_low": [round(a - 0.22, 4) for a in aucs],
            "joint_ci_high": [a + 0.1 for a in aucs],
            "rank": range(1, n + 1),
            "ipip_share_below": [max(1.0 - 0.3 * i, 0.0) for i in range(n)],
            "ipip_constructs": 40,
        }
    )


def overlaps(
    pairs: list[tuple[str, str, float, float]], apart: list[tuple[str, str, float]] = ()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """overlapping_pairs.tsv of the overlapping ``pairs`` (a, b, separability, ci_low; the joint
    interval 0.03 below the low end to 0.04 above the value), set against 300 IPIP pairs, and
    closest_items.tsv of those and the pairs kept ``apart`` (a, b, separability)."""
    table = pd.DataFrame(
        [
            (
                a,
                b,
                s,
                low,
                s + 0.05,
                round(low - 0.03, 4),
                round(s + 0.04, 4),
                round(11.5 * (0.6 - s) + 0.4, 4),
                round(2 * (s - 0.54), 4),
                300,
                f"P{a} – Q{b}",
                s + 0.001,
            )
            for a, b, s, low in pairs
        ],
        columns=[
            "construct_a",
            "construct_b",
            "separability",
            "ci_low",
            "ci_high",
            "joint_ci_low",
            "joint_ci_high",
            "overlap_support",
            "ipip_share_below",
            "ipip_pairs",
            "ipip_like_pair",
            "ipip_like_separability",
        ],
    )
    every_pair = [(a, b, s) for a, b, s, _ in pairs] + list(apart)
    closest = pd.DataFrame(
        [(a, b, s, 1, f"{a} item", f"{b} item", 0.91) for a, b, s in every_pair]
        + [(a, b, s, 2, "x", "y", 0.5) for a, b, s in every_pair],
        columns=["construct_a", "construct_b", "separability", "rank", "text_a", "text_b", "similarity"],
    )
    return table, closest


FIT = pd.DataFrame(
    {
        "construct": ["C0", "C1"],
        "n_items": [5, 10],
        "n_fit": [5, 4],
        "share_fit": [1.0, 0.4],
        "misfits_closest_to": ["", "C0 (3); C2 (1); C3 (1); C4 (1)"],
    }
)

AGREEMENT = pd.DataFrame(
    {
        "model": ["best", "other"],
        "selected": [True, False],
        "n_pairs_overlapping": [2, 3],
        "n_shared_with_selected": [2, 1],
        "separability_rho": [1.0, 0.712],
    }
)


def measure_pairs(beyond: bool) -> pd.DataFrame:
    """Two measures of C1 and three of C2; with ``beyond`` one pair of C2 is told apart more
    clearly than C2 from its nearest other construct."""
    return pd.DataFrame(
        {
            "construct": ["C1", "C2", "C2", "C2"],
            "measure_a": ["M1", "M2", "M2", "M3"],
            "measure_b": ["M2", "M3", "M4", "M4"],
            "separability": [0.52, 0.71, 0.55, 0.6],
            "ci_low": [0.47, 0.66 if beyond else 0.5, 0.5, 0.54],
            "ci_high": [0.58, 0.77, 0.61, 0.67],
            "nearest_construct": ["C2", "C1", "C1", "C1"],
            "nearest_separability": [0.55, 0.55, 0.55, 0.55],
            "apart_beyond_nearest": [False, beyond, False, False],
        }
    )


def nearest(overlapping: bool) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "construct": ["C0", "C0", "C1"],
            "rank": [1, 2, 1],
            "ipip_construct": ["Warmth", "Trust", "Order"],
            "separability": [0.58, 0.7, 0.8],
            "ci_low": [0.52, 0.6, 0.7],
            "ci_high": [0.64, 0.8, 0.9],
            "overlap_support": [0.71, 0.0, 0.0],
            "overlapping": [overlapping, False, False],
        }
    )


def choice(low=-0.02, n_candidates=2, per_construct_p=0.2) -> dict:
    """best_model.json: "best" chosen on IPIP validation pair AUC, 0.03 [low, low + 0.08] ahead of
    "other", 14 of 19 constructs higher."""
    margin = {"runner_up": "other", "difference": 0.03, "ci_low": low, "ci_high": low + 0.08}
    margin |= {"p_value": 0.4, "constructs_higher": 14, "constructs_lower": 5}
    margin |= {"per_construct_p_value": per_construct_p}
    return {
        "best_model": "best",
        "rule": {"metric": "pair_auc", "dataset": "ipip", "split": "validation"},
        "candidates": [{"model": f"m{i}"} for i in range(n_candidates)],
        "margin": margin | {"interval_excludes_zero": low > 0} if n_candidates > 1 else None,
    }


def from_ipip(on_training_side: list[bool]) -> pd.DataFrame:
    """items_from_ipip.tsv: one IPIP item per entry, a training text where True."""
    n = len(on_training_side)
    return pd.DataFrame(
        {
            "construct": ["C0"] * n,
            "text": [f"Item {i}." for i in range(n)],
            "ipip_text": [f"Item {i}." for i in range(n)],
            "ipip_constructs": ["Order"] * n,
            "ipip_parts": ["train" if t else "test" for t in on_training_side],
            "on_training_side": on_training_side,
        }
    )


def draft(
    comparison=COMPARISON,
    n_constructs=4,
    pairs=(),
    apart=(),
    measures=None,
    fit=FIT,
    agreement=AGREEMENT,
    overlapping_ipip=False,
    chosen=None,
    ipip_items=None,
    finetuned=("best",),
    **tables,
) -> str:
    """findings.md for target "mine" under model "best" (overlap bar 0.6, measures of 5 items),
    by default fine-tuned and none of whose items is an IPIP item; ``tables``, the optional
    ones."""
    return target_findings(
        "mine",
        chosen or choice(),
        0.6,
        5,
        comparison,
        distinctiveness(n_constructs),
        *overlaps(list(pairs), list(apart)),
        measure_pairs(False) if measures is None else measures,
        fit,
        agreement,
        nearest(overlapping_ipip),
        from_ipip([]) if ipip_items is None else ipip_items,
        finetuned=finetuned,
        **tables,
    )


def test_findings_read_every_number_from_the_tables():
    pairs = [("C1", "C2", 0.55, 0.48), ("C0", "C3", 0.58, 0.53)]
    text = draft(n_constructs=6, pairs=pairs, measures=measure_pairs(True), overlapping_ipip=True)
    for expected in [
        "# mine: what the selected model finds",
        "(6 constructs, model best)",
        "with probability 0.620 (pair AUC; 0.5 = chance), against 0.850 on the held-out IPIP test "
        "items: a difference (IPIP minus mine) of 0.230 [0.140, 0.280], relabelling test p = 0.004",
        "Most distinct: C0 (0.950 [0.900, 1.000]), C1 (0.900 [0.850, 0.950]), C2 (0.850 [0.800, 0.900])",
        "`construct_profiles.tsv` has what every analysis says of each construct, in one row",
        "Least distinct: C5 (0.700 [0.650, 0.750]), C4 (0.750 [0.700, 0.800]), C3 (0.800 [0.750, 0.850]). "
        "Taking all 6 at once (`joint_ci_low`, `joint_ci_high`: intervals that hold together), 5 of 6 are "
        "more alike within than across beyond chance; C5 reaches 0.5. "
        "Ranked among the 40 held-out IPIP test constructs by the same AUC under the same model (each "
        "construct against the others of its own item set; `ipip_share_below`), 4 of 6 would fall in "
        "their less distinct half, 2 below every one of them.",
        "2 of 15 construct pairs",
        "- C1 – C2: 0.550 [0.480, 0.600] — not told apart beyond chance; at most 0.6 in 97% of item resamples; "
        'most alike items "C1 item" and "C2 item" (cosine 0.91)',
        '- C0 – C3: 0.580 [0.530, 0.630]; at most 0.6 in 63% of item resamples; most alike items "C0 item" and "C3 item"',
        "and the share of item resamples in which a pair stays at most 0.6 (`overlap_support`) says how "
        "little its flag hangs on which items were written",
        "(cosine 0.91); 2% of the IPIP pairs less separable, nearest IPIP's PC1 – QC2 (0.551)",
        "(cosine 0.91); 8% of the IPIP pairs less separable, nearest IPIP's PC0 – QC3 (0.581)",
        "(`closest_items.tsv` has the items behind every pair, `construct_pairs.tsv` what every analysis "
        "says of each pair, in one row). Taking all 15 pairs at once (`joint_ci_low`, `joint_ci_high`: "
        "intervals that hold together, for a verdict on the whole set), 1 of these 2 lies wholly at most "
        "0.6 (C1 – C2), and 2 reach 0.5. Set against the 300 pairs of held-out IPIP test constructs under the same model "
        "(`ipip_share_below`; constructs of few items left out), 1 of these 2 is less separable than "
        "95 % of them; each line names the personality pair nearest in separability, two constructs "
        "as hard to tell apart.",
        "best was chosen by `pair_auc` on the validation split of ipip. Its margin over other, paired on the same "
        "items (bootstrap over constructs), was 0.030 [−0.020, 0.060], p = 0.400; 14 of 19 constructs "
        "scored higher under it (sign-flip p = 0.200; ties and constructs of one text, which have no "
        "AUC of their own, left out). The interval includes 0",
        "other flags 3 pairs, 1 of them the same (Spearman ρ of pair separabilities 0.71)",
        "Overlapping with an IPIP construct: C0 and IPIP's Warmth (0.580 [0.520, 0.640]; at most 0.6 in 71% of item "
        "resamples).",
        "9 of 15 items (60%) sit closer to the centroid of their own construct than to any other; "
        "fewest in C1 (4 of 10; the others lean most towards C0 (3), C2 (1) and C3 (1)).",
        "2 constructs draw on two or more (4 pairs of measures). The two measures of one "
        "construct told apart most clearly: C2 measures M2 and M3 (0.710 [0.660, 0.770]; C2 against its "
        "nearest other construct, C1: 0.55).",
        "so one name over different content: C2 measures M2 and M3 (0.710 [0.660, 0.770] against 0.55 from C1).",
    ]:
        assert expected in text, expected
    assert "and 0 more" not in text and "Trust" not in text


def test_findings_say_so_when_nothing_overlaps_and_list_at_most_ten_pairs():
    apart = [("C0", "C1", 0.8), ("C2", "C3", 0.65), ("C1", "C2", 0.7)]
    text = draft(measures=measure_pairs(False)[:0], fit=FIT[:1], agreement=AGREEMENT[:1], apart=apart)
    assert "None: the least separable of the 6 construct pairs, C2 – C3, has a separability of 0.650." in text
    one_pair = draft(n_constructs=2, apart=[("C0", "C1", 0.75)])
    assert "None: the one construct pair, C0 – C1, has a separability of 0.750." in one_pair
    overlapping_two = draft(n_constructs=2, pairs=[("C0", "C1", 0.55, 0.48)])
    assert (
        "0.5 = indistinguishable). The one construct pair overlaps; an interval reaching 0.5"
        in overlapping_two
    )
    assert "Taking all" not in overlapping_two  # one pair: its joint interval is its own
    assert "each with at least 5 of its items). No construct draws on two such measures." in text
    assert "The run holds no other model to compare with." in text
    assert "5 of 5 items (100%)" in text and "fewest in C0 (5 of 5)." in text
    assert "No construct overlaps an IPIP construct; the nearest of each: C0 → Warmth, C1 → Order." in text
    assert "Most distinct: C0 (0.950 [0.900, 1.000]), C1 (0.900" in text and "C2 (" in text
    assert "2 of 4 would fall in their less distinct half." in text
    many = [(f"C{i}", f"C{j}", 0.5 + 0.001 * (i + j), 0.51) for i in range(5) for j in range(i + 1, 5)]
    many += [("C0", "C5", 0.59, 0.52)]
    text = draft(n_constructs=6, pairs=many)
    assert text.count("\n- C") == LISTED and f"… and {len(many) - LISTED} more" in text
    assert "constructs of few items left out), 10 of these 11 are less separable than 95 % of them" in text
    every = draft(n_constructs=6, pairs=many[:3])
    assert "constructs of few items left out), all 3 are less separable than 95 % of them" in every


def test_findings_explain_an_interval_and_a_test_that_disagree():
    agreeing = draft()
    assert "disagree" not in agreeing
    pooled_only = COMPARISON.assign(p_value=[0.2, 0.01, 0.05])  # interval clear of 0, test not
    construct_only = COMPARISON.assign(ci_low=[-0.02, 0.1, 0.1], p_value=[0.004, 0.01, 0.05])
    for comparison in (pooled_only, construct_only):
        text = draft(comparison)
        assert "The interval and the test disagree, as answers to two questions can" in text
        assert "were the two sets' constructs one pool split at random." in text  # no mean given
    shifted = draft(pooled_only.assign(relabelled_mean_difference=[-0.0312, float("nan"), 0.1]))
    assert "one pool split at random (which would give −0.031 on average)." in shifted
    assert "No pair of measures is told apart beyond its construct's nearest other construct" in agreeing


def test_findings_read_the_median_cosines_behind_the_pair_auc():
    distributions = pd.DataFrame(
        {
            "item_set": ["ipip_test", "ipip_test", "mine", "mine"],
            "pairs": ["same construct", "different constructs"] * 2,
            "q50": [0.388, 0.211, 0.341, 0.301],
        }
    )
    overall = draft(distributions=distributions).split("\n\n")[3]
    assert overall.startswith("**Overall.**")
    assert overall.endswith(
        "(`results/comparison/ipip_vs_mine.tsv`). Two mine items of one construct have a median cosine "
        "of 0.34 against 0.30 for two items of different constructs; among the held-out IPIP test items "
        "0.39 against 0.21 (`similarity_distributions.png`; every pair as a matrix: `item_similarity.png`)."
    )
    assert "median cosine" not in draft()


def matched(drawn: str, n_draws: int = 500) -> pd.DataFrame:
    """``ipip_vs_mine_matched.tsv`` of the selected model "best" and a baseline, for "mine" of 60
    constructs (drawn down to IPIP test's 38) or of 11 (IPIP test drawn to 11)."""
    size, target_low = (38, (0.55, 0.03, 0.4)) if drawn == "target" else (11, (np.nan, np.nan, np.nan))
    rows = [
        ("best", "pair_auc", 0.598, target_low[0], 0.66, 0.84, 0.77, 0.90, 0.0),
        ("best", "ari", 0.071, target_low[1], 0.12, 0.39, 0.23, 0.57, 0.004),
        ("best", "centroid_fit", 0.517, target_low[2], 0.6, 0.7, 0.62, 0.81, 0.0),
        ("other", "pair_auc", 0.61, np.nan, np.nan, 0.80, 0.70, 0.88, 0.5),
        ("other", "ari", 0.1, np.nan, np.nan, 0.35, 0.2, 0.5, 0.5),
    ]
    columns = ["model", "metric", "mine", "mine_low", "mine_high", "reference_mean", "reference_low"]
    table = pd.DataFrame(rows, columns=[*columns, "reference_high", "share_at_most_target"])
    return table.assign(
        n_draws=n_draws, drawn=drawn, n_constructs=size, n_target_constructs=60 if size == 38 else 11
    )


def test_findings_set_the_target_beside_random_sets_of_as_many_constructs():
    overall = draft(matched=matched("reference")).split("\n\n")[3]
    assert overall.endswith(
        "(`results/comparison/ipip_vs_mine.tsv`). Set against 500 random sets of 11 held-out IPIP test "
        "constructs, as many as mine has (`ipip_vs_mine_matched.tsv`; clustering scores depend on the "
        "number of constructs sorted), its pair AUC (0.598) lies below every draw (95 % range "
        "0.770–0.900), and its ARI (0.07) lies at or above fewer than 1% of the draws (95 % range 0.23–0.57)."
    )
    drawn_down = draft(matched=matched("target")).split("\n\n")[3]
    assert (
        "Drawn down to 500 random sets of 38 of its 60 constructs, as many as the held-out IPIP test split "
        "has (`ipip_vs_mine_matched.tsv`; clustering scores depend on the number of constructs sorted; 95 % "
        "ranges of the draws), its pair AUC averages 0.598 (0.550–0.660), every draw below IPIP test's 38 "
        "constructs of two or more texts, 0.840, and its ARI averages 0.07 (0.03–0.12), fewer than 1% of the "
        "draws at or above theirs, 0.39."
    ) in drawn_down
    assert (
        "random sets" not in draft(matched=matched("reference", n_draws=0)) and "random sets" not in draft()
    )


def test_findings_set_the_share_of_fitting_items_beside_random_sets_of_as_many_constructs():
    def items_paragraph(**tables) -> str:
        return next(p for p in draft(**tables).split("\n\n") if p.startswith("**Items**"))

    assert items_paragraph(matched=matched("reference")).endswith(
        "). Set against 500 random sets of 11 held-out IPIP test constructs, as many as mine has "
        "(`ipip_vs_mine_matched.tsv`; the fewer constructs an item can be confused with, and the more items "
        "make each centroid, the more items fit), its share (52%) lies below every draw (95 % range 62%–81%)."
    )
    assert items_paragraph(matched=matched("target")).endswith(
        "). Drawn down to 500 random sets of 38 of its 60 constructs, as many as the held-out IPIP test "
        "split has (`ipip_vs_mine_matched.tsv`; the fewer constructs an item can be confused with, and the "
        "more items make each centroid, the more items fit; 95 % ranges of the draws), its share averages 52% (40%–60%), every draw below "
        "IPIP test's 38 constructs of two or more texts, 70%."
    )
    assert items_paragraph().endswith(").") and "random sets" not in items_paragraph()


def test_findings_say_how_many_items_read_most_like_their_own_definition():
    summary = pd.DataFrame(
        {
            "construct": ["C0", "C1", "C2"],
            "n_items": [4, 5, 3],
            "n_fit": [3, 1, 3],
            "share_fit": [0.75, 0.2, 1.0],
            "leans_to": ["C1", "C0", ""],
            "n_leaning": [1, 3, 0],
        }
    )
    models = pd.DataFrame(
        {
            "model": ["best", "other"],
            "selected": [True, False],
            "n_items": [12, 12],
            "n_definitions": [3, 3],
            "n_fit": [7, 5],
            "share_fit": [7 / 12, 5 / 12],
            "chance": [1 / 3, 1 / 3],
            "p_value": [0.0333, 0.4],
            "exact": [True, True],
        }
    )
    text = draft(definitions=summary, definitions_models=models)
    assert (
        "**Definitions** (`definitions_summary.tsv`, `definitions.tsv` names each item). 7 of 12 items "
        "listed under one construct (58%) read most like their own construct's definition of the 3, "
        "against 33% by chance (p = 0.033 over every reassignment of the definitions to the "
        "constructs). Most: C2 (3 of 3); fewest: C1 (1 of 5; 3 of its items read most like C0's). "
        "Other models: other 42%."
    ) in text
    assert "**Definitions**" not in draft()


def test_findings_without_resamples_give_neither_interval_nor_p_value():
    unresampled = COMPARISON.assign(ci_low=float("nan"), ci_high=float("nan"), p_value=float("nan"))
    text = draft(unresampled)
    assert "a difference (IPIP minus mine) of 0.230, relabelling test p not computed" in text
    assert "nan" not in text and "disagree" not in text


def test_findings_warn_about_a_choice_the_selection_data_could_not_make_only():
    unclear, clear = draft(), draft(chosen=choice(low=0.01))
    assert "The interval includes 0: the held-out constructs cannot tell the two models apart" in unclear
    assert "cannot tell" not in clear
    typical_gain = draft(chosen=choice(per_construct_p=0.02))
    assert "14 of 19 constructs scored higher under it (sign-flip p = 0.020; ties" in typical_gain
    assert "includes 0 although most constructs score higher under it" in typical_gain
    assert "was 0.030 [0.010, 0.090], p = 0.400" in clear
    alone = draft(chosen=choice(n_candidates=1))
    assert (
        "best was chosen by `pair_auc` on the validation split of ipip. It was the only candidate." in alone
    )
    uncompared = draft(chosen=choice() | {"margin": None})
    assert "No paired margin over the runner-up was computed for this metric." in uncompared
    assert "optimistic" not in clear


def test_findings_call_a_model_chosen_on_the_targets_own_items_optimistic():
    from constructlens.findings import choice_paragraph

    on_target = choice() | {"rule": {"metric": "pair_auc", "dataset": "mine", "split": "all"}}
    text = choice_paragraph(on_target, "mine")
    assert "best was chosen by `pair_auc` on the all split of mine. These are the items reported here" in text
    assert "so mine's numbers under it are optimistic: the best of 2 candidates on them" in text
    assert "optimistic" not in choice_paragraph(on_target, "other")


def test_findings_of_a_target_with_one_construct_pair_print_no_nan():
    # two constructs: one pair, which no model flags, and no correlation across pairs to compute
    single = AGREEMENT.assign(n_pairs_overlapping=0, n_shared_with_selected=0, separability_rho=float("nan"))
    text = draft(agreement=single)
    assert (
        "other flags no pair (Spearman ρ of pair separabilities not defined: one construct pair, or all equal)"
        in text
    )
    assert "nan" not in text


def test_findings_of_two_constructs_say_why_they_have_no_construct_intervals():
    note = few_note(distinctiveness(2).assign(n_items=[6, 7]))
    assert note.startswith(" With only 2 constructs, resampling constructs gives no interval")
    assert "understate" not in note


def test_findings_say_when_a_target_is_too_small_for_its_intervals():
    table = distinctiveness(4).assign(n_items=[5, 2, 9, 3])
    text = target_findings(
        "mine",
        choice(),
        0.6,
        5,
        COMPARISON,
        table,
        *overlaps([]),
        measure_pairs(False),
        FIT,
        AGREEMENT,
        nearest(False),
        from_ipip([]),
    )
    assert (
        "intervals are 95 %. With only 4 constructs, intervals and p-values from resampling constructs (the "
        "comparison with IPIP, the gains over other models) understate the uncertainty. 2 constructs of fewer "
        "than 5 items: C1 (2), C3 (3); resampling so few items understates the uncertainty, so intervals that "
        "involve them are too narrow (a construct of fewer than 3 items has none)." in text
    )
    assert "C1 (0.900 [0.850, 0.950]; 2 items)" in text and "C0 (0.950 [0.900, 1.000])" in text
    assert "understates" not in draft(n_constructs=6)
    one_small = target_findings(
        "mine",
        choice(),
        0.6,
        5,
        COMPARISON,
        distinctiveness(6).assign(n_items=[5, 5, 3, 5, 5, 5]),
        *overlaps([]),
        measure_pairs(False),
        FIT,
        AGREEMENT,
        nearest(False),
        from_ipip([]),
    )
    assert " 1 construct of fewer than 5 items: C2 (3); resampling" in one_small


def test_counts_of_one_read_in_the_singular():
    assert counted(1, "construct") == "1 construct" and counted(0, "pair") == "0 pairs"
    assert [listed(["a"]), listed(["a", "b"]), listed(["a", "b", "c"])] == ["a", "a and b", "a, b and c"]
    text = draft(n_constructs=6, measures=measure_pairs(True).iloc[:1])
    assert "1 construct draws on two or more (1 pair of measures)" in text
    # an item bank of many small scales: ten named, the rest counted
    bank = distinctiveness(14).assign(n_items=2)
    text = target_findings(
        "mine",
        choice(),
        0.6,
        5,
        COMPARISON,
        bank,
        *overlaps([]),
        measure_pairs(False),
        FIT,
        AGREEMENT,
        nearest(False),
        from_ipip([]),
    )
    assert "14 constructs of fewer than 5 items: C0 (2), C1 (2)," in text
    assert "(2) and 4 more (`distinctiveness.tsv`, `n_items`); resampling" in text
    assert text.count(" (2)") == 10


def test_findings_of_a_target_with_alphas_say_how_the_model_reads_its_scales():
    reliability = pd.DataFrame(
        {
            "model": ["best", "other"],
            "role": ["selected", "baseline"],
            "dataset": ["mine", "mine"],
            "n_scales": [12, 12],
            "spearman_rho": [0.52, 0.40],
            "ci_low": [0.21, 0.05],
            "ci_high": [0.77, 0.70],
            "selected_minus_this": [np.nan, 0.12],
            "difference_ci_low": [np.nan, -0.08],
            "difference_ci_high": [np.nan, 0.31],
            "difference_p_value": [np.nan, 0.21],
        }
    )
    args = ("mine", choice(), 0.6, 5, COMPARISON, distinctiveness(4), *overlaps([]), measure_pairs(False))
    text = target_findings(*args, FIT, AGREEMENT, nearest(False), from_ipip([]), reliability=reliability)
    assert (
        "**Reliabilities** (`results/metrics/reliability.tsv`: do the scales whose items the model finds "
        "more alike report a higher α for their length?). Across the 12 mine scales with a reported α, the "
        "mean cosine among a scale's items under best rank-correlated with the inter-item correlation its α "
        "implies at ρ = 0.520 [0.210, 0.770]; under other at 0.400 [0.050, 0.700] (difference 0.120 "
        "[−0.080, 0.310], p = 0.210)."
    ) in text
    assert "Reliabilities" not in draft()


def test_findings_say_which_items_are_ipip_items_and_whom_that_touches():
    head = '**Items from IPIP** (`items_from_ipip.tsv`, wordings matched ignoring case, punctuation and a leading "I").'
    assert (
        f"{head} None of the 20 items is an IPIP item, so fine-tuning on IPIP trained no model on them."
        in draft()
    )
    held_out = draft(ipip_items=from_ipip([False, False]))
    assert "2 of 20 items are IPIP items, 0 of them IPIP training texts: held out or unscored" in held_out
    trained = draft(ipip_items=from_ipip([True, False]))
    assert (
        "2 of 20 items are IPIP items, 1 of them IPIP training texts, which best was trained on: its "
        "similarities for those items are partly in-sample"
    ) in trained
    zero_shot = draft(ipip_items=from_ipip([True]), finetuned=("tuned",))
    assert (
        "1 of them IPIP training texts, which the fine-tuned models (tuned) were trained on; the selected "
        "model, best, was not fine-tuned, so this touches only their rows of `model_agreement.tsv`."
    ) in zero_shot
    nothing_tuned = draft(ipip_items=from_ipip([True]), finetuned=())
    assert "no model of this run was fine-tuned, so no model was trained on them." in nothing_tuned
    # a run that fine-tunes nothing does not speak of fine-tuning when no item is an IPIP item
    assert f"{head} None of the 20 items is an IPIP item.\n" in draft(finetuned=())


def test_findings_rank_no_construct_among_ipip_constructs_without_any():
    unranked = distinctiveness(4).assign(ipip_share_below=float("nan"), ipip_constructs=0)
    text = target_findings(
        "mine",
        choice(),
        0.6,
        5,
        COMPARISON,
        unranked,
        *overlaps([]),
        measure_pairs(False),
        FIT,
        AGREEMENT,
        nearest(False),
        from_ipip([]),
    )
    assert "Least distinct: C3 (0.800 [0.750, 0.850]), C2 (0.850 [0.800, 0.900])." in text
    assert "Ranked among" not in text and "nan" not in text


def keying(gap: tuple[float, float, float], n_constructs: int = 4) -> pd.DataFrame:
    """keying.tsv's rows for one model: equally keyed pairs at 0.80 [0.70, 0.90], oppositely
    keyed ones at 0.80 − the difference, and ``gap`` (difference, ci_low, ci_high)."""
    difference, low, high = gap
    return pd.DataFrame(
        [
            ("same_key", n_constructs, 30, 0.80, 0.70, 0.90, np.nan),
            ("opposite_key", n_constructs, 20, 0.80 - difference, 0.60, 0.85, np.nan),
            ("same_minus_opposite", n_constructs, np.nan, difference, low, high, 0.01),
            ("different_construct", 6, 200, np.nan, np.nan, np.nan, np.nan),
        ],
        columns=["pairs", "n_constructs", "n_pairs", "pair_auc", "ci_low", "ci_high", "p_value"],
    ).assign(model="best")


def test_keying_says_whether_the_model_reads_the_items_direction():
    apart = keying_paragraph(keying((0.15, 0.05, 0.25)))
    assert "Among the constructs that hold items of both keys (4)" in apart
    assert (
        "probability 0.800 [0.700, 0.900] (pair AUC, 30 pairs), a pair of oppositely keyed ones 0.650"
        in apart
    )
    assert (
        "a difference of 0.150 [0.050, 0.250], p = 0.010" in apart
        and "it reads the items' direction" in apart
    )
    wide = keying_paragraph(keying((0.02, -0.03, 0.07)))
    assert "No difference beyond noise, but the interval is too wide to say that there is none" in wide
    assert "about as well as the others" not in wide and "direction, and" not in wide
    alike = keying_paragraph(keying((0.01, -0.03, 0.04)))
    assert "The interval lies within ±0.05: the model places reversed items with their construct" in alike
    assert "rank above equally keyed ones" in keying_paragraph(keying((-0.1, -0.2, -0.05)))
    assert "not compared" in keying_paragraph(keying((np.nan, np.nan, np.nan), n_constructs=0))


def test_keying_of_few_constructs_is_described_not_tested():
    one = keying((-0.1, np.nan, np.nan), n_constructs=1)
    one.loc[one["pairs"] == "same_minus_opposite", "p_value"] = np.nan
    text = keying_paragraph(one)
    assert "a difference of -0.100, p not computed. Only 1 construct holds items of both keys" in text
    assert "beyond noise" not in text and "is not tested" in text
    two = keying_paragraph(keying((-0.1, np.nan, np.nan), n_constructs=2))
    assert "Only 2 constructs hold items of both keys, too few to resample" in two
    three = keying_paragraph(keying((-0.1, -0.2, -0.05), n_constructs=3))
    assert three.endswith(
        "beyond noise. With only 3 constructs of both keys, resampling them understates the uncertainty."
    )
    assert "understates" not in keying_paragraph(keying((-0.1, -0.2, -0.05), n_constructs=5))


def test_findings_read_keying_only_for_the_selected_model_and_scored_items():
    args = ("mine", choice(), 0.6, 5, COMPARISON, distinctiveness(4), *overlaps([]), measure_pairs(False))
    args = (*args, FIT, AGREEMENT, nearest(False), from_ipip([]))
    other = keying((0.3, 0.2, 0.4)).assign(model="other")
    with_keys = target_findings(*args, keying=pd.concat([keying((0.02, -0.03, 0.07)), other]))
    assert "**Reverse-keyed items**" in with_keys and "0.300" not in with_keys
    assert "Reverse-keyed" not in target_findings(*args, keying=other.iloc[:0])
    assert "Reverse-keyed" not in target_findings(*args)


def test_constructs_separated_alike_are_called_equally_distinct_not_most_and_least():
    perfect = distinctiveness(2).assign(auc=1.0, ci_low=1.0, ci_high=1.0)
    text = distinct_paragraph(perfect)
    assert "Every construct equally distinct: C0 (1.000 [1.000, 1.000]), C1 (1.000 [1.000, 1.000])." in text
    assert "Most distinct" not in text and "Least distinct" not in text
    assert "Most distinct: C0" in distinct_paragraph(distinctiveness(2))


def redundancy_table(rows, smallest_p: float = 0.0001) -> pd.DataFrame:
    """redundancy.tsv: (a, b, ratio, p_value, p_holm, redundant) per pair; redundant None where
    untested; ``smallest_p`` the least p-value the test can give (9,999 permutations by default)."""
    table = pd.DataFrame(
        rows, columns=["construct_a", "construct_b", "ratio", "p_value", "p_holm", "redundant"]
    )
    return table.assign(smallest_p=smallest_p).astype({"redundant": "boolean"})


def test_findings_read_the_redundancy_test_with_and_without_holms_adjustment():
    args = ("mine", choice(), 0.6, 5, COMPARISON, distinctiveness(4), *overlaps([]), measure_pairs(False))
    args = (*args, FIT, AGREEMENT, nearest(False), from_ipip([]))
    distinct = redundancy_table(
        [("C0", "C1", 0.91, 0.0002, 0.0006, False), ("C0", "C2", 0.80, 0.003, 0.006, False)]
        + [("C1", "C2", 0.85, 0.001, 0.002, False)]
    )
    text = target_findings(*args, redundancy=distinct, redundancy_alpha=0.05)
    assert (
        "**Redundant pairs** (`redundancy.tsv`: are a pair's items more alike within each construct than "
        "across the two? permutation test, α = 0.05). None of the 3 pairs tested: in every one the items are "
        "more alike within than across (all p ≤ 0.003); after Holm's adjustment over all 3 pairs, all 3 "
        "still differ together (family-wise error 0.05). Read the ratio of between- to within-construct "
        "similarity beside the test: it is highest for C0 – C1, 0.91 (1 = as alike across as within)."
    ) in text
    assert text.index("**Overlapping pairs**") < text.index("**Redundant pairs**") < text.index("**Measures")
    clear = distinct.assign(p_value=0.0001, p_holm=0.0003)  # 9,999 permutations, none as extreme
    assert "within than across (all p < 0.001); after Holm" in target_findings(*args, redundancy=clear)
    mixed = redundancy_table(
        [("C0", "C1", 0.99, 0.4, 1.0, True), ("C0", "C2", 0.90, 0.02, 0.06, False)]
        + [("C1", "C2", 0.85, 0.001, 0.003, False), ("C2", "C3", 0.7, 0.1, 1.0, None)]
    )
    text = target_findings(*args, redundancy=mixed, redundancy_alpha=0.05)
    assert (
        "1 of 3 pairs tested shows no difference: C0 – C1 (ratio 0.99, p = 0.400); after Holm's adjustment "
        "over all 4 pairs, 1 of those 2 still differ together (family-wise error 0.05). Finding no "
        "difference has not shown two constructs to be one, least of all with few items: read the ratio of "
        "between- to within-construct similarity beside the test: it is highest for C0 – C1, 0.99 (1 = as "
        "alike across as within). 1 pair had too few items to be tested."
    ) in text
    alike = target_findings(*args, redundancy=redundancy_table([("C0", "C1", 0.98, 0.3, 0.3, True)]))
    assert "The one pair, C0 – C1, shows no difference (ratio 0.98, p = 0.300). Finding no" in alike
    # four constructs of four items: no relabelling test can give less than 2 / 70, and Holm
    # multiplies that by the 6 pairs, past α, so "none differ together" is no finding
    small = [("C0", "C1", 0.96, 0.29, 0.29, True)] + [
        (a, b, 0.7, 2 / 70, 6 * 2 / 70, False) for a, b in [("C0", "C2"), ("C0", "C3"), ("C1", "C2")]
    ]
    small += [(a, b, 0.7, 2 / 70, 6 * 2 / 70, False) for a, b in [("C1", "C3"), ("C2", "C3")]]
    text = target_findings(*args, redundancy=redundancy_table(small, 2 / 70), redundancy_alpha=0.05)
    assert (
        "1 of 6 pairs tested shows no difference: C0 – C1 (ratio 0.96, p = 0.290); after Holm's "
        "adjustment over all 6 pairs, none can differ together at a family-wise error of 0.05: with so "
        "few items the smallest p a test can give, 0.0286, becomes 0.171. Finding no"
    ) in text
    # with 9,999 permutations the same p-values would be a finding Holm's adjustment reports
    sampled = target_findings(*args, redundancy=redundancy_table(small), redundancy_alpha=0.05)
    assert "over all 6 pairs, 0 of those 5 still differ together (family-wise error 0.05)" in sampled
    # two constructs: one pair, nothing for Holm's adjustment to adjust
    one = target_findings(
        *args, redundancy=redundancy_table([("C0", "C1", 0.71, 2 / 70, 2 / 70, False)], 2 / 70)
    )
    assert (
        "The one pair, C0 – C1, differs: its items are more alike within than across (p = 0.029). Read the "
        "ratio of between- to within-construct similarity beside the test: it is 0.71 (1 = as alike"
    ) in one
    untested = redundancy_table([("C0", "C1", 0.9, 0.1, 0.1, None)])
    assert "No pair had enough items to be tested." in target_findings(*args, redundancy=untested)
    assert "Redundant pairs" not in target_findings(*args)


def paired_rows(baseline: str, rows: list[tuple]) -> pd.DataFrame:
    """selected_vs_baselines.tsv rows of "best" against ``baseline``: (dataset, metric,
    selected, baseline, ci_low, ci_high, p_value)."""
    return pd.DataFrame(
        [
            {
                "selected_model": "best",
                "baseline_model": baseline,
                "dataset": dataset,
                "split": "test" if dataset == "ipip" else "all",
                "metric": metric,
                "selected": selected,
                "baseline": base,
                "difference": selected - base,
                "ci_low": low,
                "ci_high": high,
                "p_value": p,
            }
            for dataset, metric, selected, base, low, high, p in rows
        ]
    )


def test_findings_say_how_far_the_model_sees_beyond_shared_words():
    words = paired_rows(
        "words",
        [
            ("ipip", "pair_auc", 0.84, 0.68, 0.05, 0.29, 0.002),
            ("mine", "pair_auc", 0.60, 0.54, -0.01, 0.10, 0.124),
            ("mine", "ami", 0.17, 0.15, -0.04, 0.08, 0.456),
        ],
    )
    zero_shot = paired_rows("other", [("mine", "pair_auc", 0.60, 0.59, -0.01, 0.02, 0.2)])
    paired = pd.concat([words, zero_shot])
    chosen = choice()
    arguments = ("mine", chosen, 0.6, 5, COMPARISON, distinctiveness(4), *overlaps([], []))
    arguments += (measure_pairs(False), FIT, AGREEMENT, nearest(False), from_ipip([]))
    text = target_findings(*arguments, paired=paired, lexical=("words",))
    assert (
        "**Beyond shared words** (`results/comparison/selected_vs_baselines.tsv`; a word-overlap "
        "baseline compares items by the words they share, TF-IDF weighted). words reaches a pair AUC "
        "of 0.540 on the mine items, against 0.600: a paired gain of 0.060 [−0.010, 0.100] (p = 0.124), "
        "where on the held-out IPIP test items it is 0.160 [0.050, 0.290] (0.680 against 0.840); on "
        "these items the model finds little that shared words do not."
    ) in text
    clear = paired.assign(ci_low=0.02)
    assert "finds little" not in target_findings(*arguments, paired=clear, lexical=("words",))
    # an interval reaching 0 that also reaches past the IPIP gain says nothing either way
    few_constructs = paired_rows("words", [("ipip", "pair_auc", 0.84, 0.68, 0.05, 0.29, 0.002)])
    few_constructs = pd.concat(
        [few_constructs, paired_rows("words", [("mine", "pair_auc", 0.76, 0.58, -0.05, 0.40, 0.126)])]
    )
    wide = target_findings(*arguments, paired=few_constructs, lexical=("words",))
    assert "finds little" not in wide
    counted_rows = few_constructs.assign(constructs_higher=4, constructs_lower=0, per_construct_p_value=0.125)
    by_construct = target_findings(*arguments, paired=counted_rows, lexical=("words",))
    assert "(p = 0.126; higher in 4 constructs, lower in 0, sign-flip p = 0.125), where on" in by_construct
    assert (
        "a paired gain of 0.180 [−0.050, 0.400] (p = 0.126), where on the held-out IPIP test items it "
        "is 0.160 [0.050, 0.290] (0.680 against 0.840); the interval reaches 0 and is too wide to say "
        "whether the model finds more than shared words on these items."
    ) in wide
    # without a word-overlap baseline in the run, no paragraph, and no empty one
    alone = target_findings(*arguments, paired=zero_shot, lexical=())
    assert "Beyond shared words" not in alone and "\n\n\n" not in alone


def test_findings_count_near_duplicate_items_within_and_across_constructs():
    pairs = pd.DataFrame(
        {
            "similarity": [0.994, 0.95, 0.87],
            "same_construct": [True, True, False],
            "constructs_a": ["C0", "C1", "C2"],
            "constructs_b": ["C0", "C1", "C3"],
            "text_a": ["Meets deadlines.", "Is kind.", "Keeps promises."],
            "text_b": ["Meets the deadlines.", "Is very kind.", "Breaks promises."],
            "measure_a": ["M1", None, "M3"],  # an item of no named measure counts as neither
            "measure_b": ["M4", "M2", "M3"],
            "opposite_keys": [False, False, True],
        }
    )
    summary = pd.DataFrame({"pair_auc": [0.5979], "pair_auc_without": [0.5957]})
    text = draft(near_duplicates=pairs, near_duplicates_summary=summary, near_duplicate_share=0.99)
    paragraph = next(p for p in text.split("\n\n") if p.startswith("**Near-duplicate items**"))
    assert "99% of the item pairs of one held-out IPIP construct" in paragraph
    assert "2 pairs within one construct (1 of them of two measures" in paragraph
    assert "and 1 pair across two constructs; 1 keyed oppositely" in paragraph
    assert "Most alike within: “Meets deadlines.” and “Meets the deadlines.” (C0, 0.99)." in paragraph
    assert paragraph.endswith(
        "Most alike across: “Keeps promises.” and “Breaks promises.” (C2 and C3, 0.87). "
        "Without these pairs the pair AUC is 0.596 (0.598 with them)."
    )
    none = draft(near_duplicates=pairs.iloc[:0], near_duplicate_share=0.95)
    assert "95% of the item pairs of one held-out IPIP construct under the same model). None" in none
    assert "**Near-duplicate items**" not in draft()


def test_the_overlaps_rank_among_the_ipip_pairs_in_plain_words():
    from constructlens.pair_findings import pair_reference_sentence

    def sentence(shares):
        return pair_reference_sentence(pd.DataFrame({"ipip_share_below": shares, "ipip_pairs": 300}))

    assert ", both are less separable than 95 % of them" in sentence([0.01, 0.02])
    assert ", all 3 are less separable" in sentence([0.01, 0.02, 0.03])
    assert ", 1 of these 2 is less separable" in sentence([0.01, 0.2])
    assert ", it is less separable" in sentence([0.01]) and ", it is not less separable" in sentence([0.2])


def test_findings_name_the_groups_and_set_their_count_beside_ipips():
    from constructlens import grouping
    from constructlens.pair_findings import groups_paragraph

    separabilities = pd.Series(
        {
            ("A", "B"): 0.52,
            ("A", "C"): 0.58,
            ("B", "C"): 0.9,
            ("A", "D"): 0.95,
            ("B", "D"): 0.97,
            ("C", "D"): 0.8,
        }
    )
    constructs = list("ABCD")
    groups = grouping.groups_table(separabilities, pd.Series(5, index=constructs), 0.6)
    draws = np.tile(separabilities.to_numpy()[:, None], (1, 10))
    counts = pd.concat(
        [
            grouping.group_counts(separabilities, draws, constructs, [0.6, 0.7]).assign(item_set="mine"),
            pd.DataFrame(
                {
                    "item_set": "ipip_test",
                    "threshold": [0.6, 0.7],
                    "n_constructs": 20,
                    "n_groups": [19, 18],
                    "ci_low": [17.0, 15.0],
                    "ci_high": [19.0, 18.0],
                    "groups_per_construct": [0.95, 0.9],
                }
            ),
        ]
    )
    text = groups_paragraph(groups, counts, "mine", 0.6)
    assert "The 4 constructs form 3 (3–3) groups" in text
    assert ": A and B; the other 2 alone." in text
    # a construct's name may hold a comma: the group's list keeps it whole
    renamed = separabilities.rename(index={"B": "Teamwork, cooperation"})
    named = grouping.groups_table(renamed, pd.Series(5, index=["A", "Teamwork, cooperation", "C", "D"]), 0.6)
    assert ": A and Teamwork, cooperation; the other 2 alone." in groups_paragraph(named, counts, "mine", 0.6)
    assert "This group also overlaps constructs outside it (`also_overlaps`)" in text
    assert (
        "the 20 held-out IPIP test constructs of `reference_min_items` or more items form 19 (17–19)" in text
    )
    assert text.endswith(
        "0.75 groups per construct against 0.95 (at 0.7: 0.75 against 0.90, `group_counts.tsv`)."
    )
    apart = pd.Series({pair: 0.9 for pair in separabilities.index})
    alone = grouping.groups_table(apart, pd.Series(5, index=constructs), 0.6)
    no_ipip = counts[counts["item_set"] == "mine"]
    text = groups_paragraph(alone, no_ipip, "mine", 0.6)
    assert text.endswith("No two constructs overlap: each of the 4 is a group of its own.")
    pair = pd.Series({("A", "B"): 0.55})
    one = grouping.group_counts(pair, np.tile([[0.55]], (1, 10)), ["A", "B"], [0.6]).assign(item_set="mine")
    together = groups_paragraph(
        grouping.groups_table(pair, pd.Series(5, index=["A", "B"]), 0.6), one, "mine", 0.6
    )
    assert "The 2 constructs form 1 (1–1) group (95 % interval from resampling items): A and B." in together
    unresampled = grouping.group_counts(pair, np.full((1, 10), np.nan), ["A", "B"], [0.6]).assign(
        item_set="mine"
    )
    two_items = groups_paragraph(
        grouping.groups_table(pair, pd.Series(2, index=["A", "B"]), 0.6), unresampled, "mine", 0.6
    )
    assert "The 2 constructs form 1 group: A and B." in two_items
    assert "**Groups**" not in draft()


def test_findings_set_the_answers_distinctness_beside_the_models():
    agreement = pd.DataFrame(
        [
            {
                "view": "responses",
                "selected": False,
                "n_texts": 25,
                "pair_auc": 0.938,
                "ci_low": 0.851,
                "ci_high": 0.996,
            },
            {
                "view": "zs",
                "selected": True,
                "n_texts": 25,
                "pair_auc": 0.706,
                "ci_low": 0.519,
                "ci_high": 0.823,
                "minus_responses": -0.232,
                "minus_responses_ci_low": -0.409,
                "minus_responses_ci_high": -0.085,
                "spearman_rho": 0.263,
                "p_value": 0.0001,
                "relabellings": 9999,
                "exact": False,
            },
        ]
    )
    scales = pd.DataFrame(
        {
            "construct": ["Openness", "Neuroticism"],
            "n_respondents": [2800, 2790],
            "alpha": [0.608, 0.816],
            "omega": [0.627, 0.818],
            "ave": [0.254, 0.480],
            "negative_item_rest": ["Avoid difficult reading material.", None],
        }
    )
    pairs = pd.DataFrame(
        {
            "construct_a": ["Agreeableness", "Agreeableness", "Conscientiousness"],
            "construct_b": ["Extraversion", "Openness", "Openness"],
            "htmt": [0.62, 0.93, 0.88],
            "htmt_ci_high": [0.71, 0.97, 0.89],
            "separability": [0.55, 0.71, 0.58],
            "answers_separability": [0.57, 0.59, 0.93],
            "fornell_larcker": [True, False, None],
            "cfa_r": [0.55, 0.95, np.nan],
            "cfa_r_ci_low": [0.45, 0.91, np.nan],
            "cfa_r_ci_high": [0.65, 0.99, np.nan],
            "cfa_problem": ["none", "moderate", None],
            "cfa_srmr": [0.03, 0.11, np.nan],
            "cfa_rmsea": [0.04, 0.09, np.nan],
            "cfa_cfi": [0.98, 0.91, np.nan],
            "cfa_one_factor_delta_chi2": [85.2, 1.9, np.nan],
            "cfa_one_factor_p": [1e-20, 0.168, np.nan],
        }
    )
    fit = pd.DataFrame(
        {
            "construct": ["Openness", "Openness", "Neuroticism"],
            "text": ["Am full of ideas.", "Spend time reflecting on things.", "Panic easily."],
            "answers_fits": [True, True, False],
            "model_fits": [True, False, False],
            "model_closest_other": ["Extraversion", "Neuroticism", "Openness"],
            "alpha_if_deleted": [0.55, 0.65, 0.83],
        }
    )
    paragraph = draft(
        responses=agreement, responses_scales=scales, responses_constructs=pairs, responses_items=fit
    )
    paragraph = paragraph.split("\n\n")[-1].rstrip()
    assert paragraph == (
        "**Item responses** (`responses.tsv`, 25 answered items, 2,800 respondents). In the answers the "
        "constructs are told apart with a pair AUC of |r| of 0.938 [0.851, 0.996]; the model's pair AUC on "
        "the same item pairs is 0.706 [0.519, 0.823], a difference of −0.232 [−0.409, −0.085]. Its cosines "
        "follow the strength of the items' correlations with ρ = 0.26 (Mantel p < 0.001, 9,999 relabellings). "
        "By the separability of `overlapping_pairs.tsv` (at most 0.6: overlapping), with the items' |r| in "
        "place of cosines (`responses_constructs.tsv`), the answers find 2 of 3 construct pairs overlapping, "
        "the model on the same items 2; both: Agreeableness – Extraversion; the answers only: Agreeableness – "
        "Openness; the model only (alike in wording, apart in the answers): Conscientiousness – Openness. "
        "By the answers' heterotrait–monotrait ratio (HTMT; Henseler, Ringle & Sarstedt, 2015: the mean |r| "
        "between two scales' items over the geometric mean of the mean |r| within each, judged by "
        "`htmt_ci_high`, the upper end of its one-sided 95 % interval over resampled respondents), 1 of 3 "
        "pairs of scales are told apart at the strict bar of 0.85 and 1 more at 0.90; not at either: "
        "Agreeableness – Openness (HTMT 0.93, bound 0.97; separability under the model 0.71). "
        "By Fornell and Larcker's (1981) criterion (each scale's average variance extracted above the pair's "
        "squared disattenuated correlation; `fornell_larcker`), 1 of the 2 pairs judged are told apart; not: "
        "Agreeableness – Openness. It rests on the scales' AVE, below 0.5 for 2 of the 2 scales with one here: "
        "with AVE that low it can fail pairs HTMT tells apart, and with high loadings it misses overlaps HTMT "
        "detects (Henseler et al., 2015). By a two-factor model of each pair's answers (confirmatory factor "
        "analysis: the correlation of two factors, each measured by its own scale's items, with its 95 % "
        "interval; `cfa_r`), Rönkkö and Cho's (2022) classes, by the end of the interval farthest from 0, "
        "find a problem of discriminant validity in 1 of 2 pairs of scales: 0 severe (at least 1 in size), "
        "1 moderate (at least 0.9), 0 marginal (at least 0.8); severe or moderate: Agreeableness – Openness "
        "(0.950 [0.910, 0.990]). The model fits 1 of the 2 pairs poorly (`cfa_srmr`, the standardised root "
        "mean square residual, above 0.08; Hu & Bentler, 1999): a scale holds more than its one factor, or "
        "items of the two go together beyond their factors, and the factors' correlation says less: "
        "Agreeableness – Openness (0.11). By RMSEA and CFI (`cfa_rmsea`, `cfa_cfi`), which weigh the misfit "
        "against the model's degrees of freedom and against items that do not correlate, 1 of the 2 pairs' "
        "models falls short of Hu and Bentler's (1999) bars (RMSEA at most 0.06, CFI at least 0.95), "
        "Agreeableness – Openness furthest: RMSEA 0.090, CFI 0.91. The answers hold more than two factors, "
        "such as items sharing wording or a facet, and the factors' correlation is that of a model that "
        "leaves this out. One factor of both scales' items fits the answers of 1 pair no "
        "worse than two (the χ² difference, scaled as Satorra & Bentler (2010) do, 1 degree of freedom; Anderson & Gerbing, 1988; p ≥ 0.05): "
        "Agreeableness – Openness (Δχ² = 1.90, p = 0.168): their answers do not tell the two scales apart. "
        "Of the 3 answered items (`responses_items.tsv`), 2 go with their own construct in the answers (a "
        "higher mean |r| with its other items than with any other construct's) and 1 under the model (mean "
        "cosine); answered like their own construct but worded like another: Spend time reflecting on things. "
        "(Openness, worded like Neuroticism). "
        "Scored from the answers (`responses_scales.tsv`), the two scales' standardised α are 0.61 "
        "(Openness) and 0.82 (Neuroticism), McDonald's ω 0.63 (Openness) and 0.82 (Neuroticism). Correlating negatively with the rest of their scale, as a "
        "reverse-keyed item left unkeyed would: Avoid difficult reading material. (Openness). Without 2 items "
        "their scale's standardised α would be higher (`alpha_if_deleted`, `responses_items.tsv`): Spend "
        "time reflecting on things. (Openness, 0.61 → 0.65); Panic easily. (Neuroticism, 0.82 → 0.83)."
    )
    assert "Item responses" not in draft()
    assert alpha_gain_sentence(fit.assign(alpha_if_deleted=0.5), scales) == ""  # no item lowers its α
    polychoric = draft(
        responses=agreement.assign(correlation="polychoric"),
        responses_scales=scales,
        responses_constructs=pairs,
        responses_items=fit,
    )
    assert (
        "(`responses.tsv`, 25 answered items, 2,800 respondents; polychoric correlations). In the"
        in polychoric
    )
    unbounded = htmt_sentence(pairs.assign(htmt_ci_high=np.nan))
    assert "judged by its value: no respondents were resampled), 1 of 3 pairs" in unbounded
    assert unbounded.endswith("Agreeableness – Openness (HTMT 0.93; separability under the model 0.71).")
    assert htmt_sentence(pairs.assign(htmt=np.nan)) == ""  # no two scales
    assert fornell_larcker_sentence(pairs.assign(fornell_larcker=None), scales) == ""  # no AVE
    assert cfa_sentence(pairs.assign(cfa_problem=None)) == ""  # no two scales of three items
    assert cfa_sentence(pairs.iloc[[0]]).endswith(
        "the two scales correlate 0.550 [0.450, 0.650]: no problem of discriminant validity by Rönkkö and "
        "Cho's (2022) classes. One factor of both scales' items fits the pair's answers worse than two (the "
        "χ² difference, scaled as Satorra & Bentler (2010) do, 1 degree of freedom; Anderson & Gerbing, 1988; p < 0.05): a weak check of "
        "discriminant validity, since with many respondents it rejects one factor unless the two correlate "
        "almost perfectly."
    )
    assert cfa_sentence(pairs.iloc[[1]]).endswith(
        "a moderate problem of discriminant validity by Rönkkö and Cho's (2022) classes. The model fits the "
        "pair's answers poorly, 0.11 (`cfa_srmr`, the standardised root mean square residual, above 0.08; "
        "Hu & Bentler, 1999): a scale holds more than its one factor, or items of the two go together beyond "
        "their factors, and the factors' correlation says less. By RMSEA and CFI (`cfa_rmsea`, `cfa_cfi`), "
        "which weigh the misfit against the model's degrees of freedom and against items that do not "
        "correlate, the pair's model falls short of Hu and Bentler's (1999) bars (RMSEA at most 0.06, CFI at "
        "least 0.95): RMSEA 0.090, CFI 0.91. The answers hold more than two factors, such as items sharing "
        "wording or a facet, and the factors' correlation is that of a model that leaves this out. One "
        "factor of both scales' items fits the "
        "answers of 1 pair no worse than two (the χ² difference, scaled as Satorra & Bentler (2010) do, 1 degree of freedom; Anderson & Gerbing, "
        "1988; p ≥ 0.05): Agreeableness – Openness (Δχ² = 1.90, p = 0.168): their answers do not tell the "
        "two scales apart."
    )
    apart = {"cfa_srmr": 0.05, "cfa_rmsea": 0.05, "cfa_cfi": 0.96, "cfa_one_factor_p": 1e-6}
    assert cfa_sentence(pairs.iloc[:2].assign(cfa_problem="none", **apart)).endswith(
        "`cfa_r`), Rönkkö and Cho's (2022) classes find no problem of discriminant validity in any of the 2 "
        "pairs of scales (every interval's end farthest from 0 below 0.8). One factor of both scales' items "
        "fits every one of the 2 pairs' answers worse than two (the χ² difference, scaled as Satorra & Bentler (2010) do, 1 degree of freedom; "
        "Anderson & Gerbing, 1988; p < 0.05): a weak check of discriminant validity, since with many "
        "respondents it rejects one factor unless the two correlate almost perfectly."
    )
    assert cfa_sentence(pairs.iloc[:2].assign(cfa_problem=["none", "marginal"], **apart)).endswith(
        "in 1 of 2 pairs of scales: 0 severe (at least 1 in size), 0 moderate (at least 0.9), 1 marginal "
        "(at least 0.8). One factor of both scales' items fits every one of the 2 pairs' answers worse than "
        "two (the χ² difference, scaled as Satorra & Bentler (2010) do, 1 degree of freedom; Anderson & Gerbing, 1988; p < 0.05): a weak check of "
        "discriminant validity, since with many respondents it rejects one factor unless the two correlate "
        "almost perfectly."
    )
    short = cfa_sentence(pairs.iloc[:2].assign(cfa_problem="none", **{**apart, "cfa_cfi": 0.9}))
    assert (
        "which weigh the misfit against the model's degrees of freedom and against items that do not "
        in short
    )
    assert "correlate, all 2 pairs' models fall short of Hu and Bentler's (1999) bars (RMSEA at most" in short
    untested = pairs.iloc[:2].assign(cfa_problem="none", **{**apart, "cfa_one_factor_p": np.nan})
    assert cfa_sentence(untested).endswith("(every interval's end farthest from 0 below 0.8).")
    one_judged = fornell_larcker_sentence(pairs.iloc[[0]], scales.assign(ave=[0.6, np.nan]))
    assert (
        "), the one pair judged is told apart. It rests on the scales' AVE, below 0.5 for 0 of the 1"
        in one_judged
    )
    joint = pairs.assign(cfa_joint_fornell_larcker=[True, False, None][: len(pairs)])
    assert fornell_larcker_sentence(joint, scales).endswith(
        "HTMT detects (Henseler et al., 2015). As Fornell and Larcker defined it, with the AVE and factor "
        "correlations of one model of all scales (`cfa_joint_fornell_larcker`), 1 of the 2 pairs are told "
        f"apart; not: {joint.construct_a.iloc[1]} – {joint.construct_b.iloc[1]}."
    )
    assert fornell_larcker_sentence(joint.assign(cfa_joint_fornell_larcker=None), scales).endswith(
        "HTMT detects (Henseler et al., 2015)."
    )
    one = pairs.iloc[[1]]  # Agreeableness – Openness: HTMT 0.93, bound 0.97
    assert htmt_sentence(one).endswith(
        "over resampled respondents), the one pair of scales is told apart at neither bar: Agreeableness "
        "– Openness (HTMT 0.93, bound 0.97; separability under the model 0.71)."
    )
    assert htmt_sentence(one.assign(htmt_ci_high=0.88)).endswith("is told apart at the liberal bar of 0.90.")
    assert htmt_sentence(one.assign(htmt_ci_high=0.8)).endswith("is told apart at the strict bar of 0.85.")
    three = scales.assign(construct=["Openness", "Neuroticism"], alpha=[0.608, 0.816])
    three = pd.concat([three, three.iloc[[0]].assign(construct="Agreeableness", alpha=0.7, omega=0.71)])
    assert (
        "the scales' standardised α run from 0.61 (Openness) to 0.82 (Neuroticism), McDonald's ω from 0.63 "
        "(Openness) to 0.82 (Neuroticism)."
    ) in draft(responses=agreement, responses_scales=three, responses_constructs=pairs, responses_items=fit)
    two_items = three.assign(omega=[np.nan, 0.818, 0.71])  # Openness: two items, no ω
    assert (
        "α run from 0.61 (Openness) to 0.82 (Neuroticism), McDonald's ω 0.71 (Agreeableness) and 0.82 "
        "(Neuroticism) (the 2 scales of three items or more)."
    ) in draft(
        responses=agreement, responses_scales=two_items, responses_constructs=pairs, responses_items=fit
    )
    assert "the one scale's standardised α is 0.61 (Openness), McDonald's ω 0.63 (Openness)." in draft(
        responses=agreement,
        responses_scales=scales.iloc[[0]],
        responses_constructs=pairs,
        responses_items=fit,
    )
    brief = draft(
        responses=agreement, responses_scales=scales, responses_constructs=pairs, responses_items=fit
    )
    assert (
        "In people's answers (`responses_constructs.tsv`), 2 of 3 construct pairs overlap (separability of "
        "|r| at most 0.6), and HTMT tells 1 of 3 pairs of scales apart at the strict bar of 0.85; two-factor "
        "models find a severe or moderate problem of discriminant validity in 1 of 2 (`cfa_problem`).\n\n"
    ) in brief
    assert answers_brief(one, 0.6) == (
        " In people's answers (`responses_constructs.tsv`), the two overlap too: separability of |r| 0.590, "
        "HTMT 0.93 (upper bound 0.97), at or above both bars (0.85, 0.90), two-factor correlation 0.950 "
        "[0.910, 0.990] (a moderate problem of discriminant validity)."
    )
    apart = pairs.iloc[[2]].assign(htmt_ci_high=np.nan)  # answers' separability 0.93, HTMT 0.88
    assert answers_brief(apart, 0.6).endswith(
        "the two are told apart: separability of |r| 0.930, HTMT 0.88, below only the liberal bar of 0.90."
    )
    assert answers_brief(pairs.assign(answers_separability=np.nan), 0.6) == ""
    one_dimension = pd.DataFrame({"retained": [True, False], "n_items": 2, "n_respondents": 80, "draws": 100})
    assert answers_brief(one, 0.6, one_dimension).endswith(
        "(a moderate problem of discriminant validity). Parallel analysis finds 1 dimension in the answers to the 2 "
        "constructs (`responses_factors.tsv`)."
    )
    fit = {"scales": 2, "chi2": 40.0, "rmsea": 0.07, "cfi": 0.96, "tli": 0.95, "srmr": 0.05}
    assert answers_brief(one, 0.6, one_dimension, pd.DataFrame([fit])).endswith(
        "(`responses_factors.tsv`). One factor model of all 2 scales (`responses_measurement.tsv`) fits the "
        "answers short of Hu and Bentler's (1999) bars (RMSEA 0.070 above 0.06)."
    )
    assert answers_brief(one, 0.6, None, pd.DataFrame([fit | {"chi2": np.nan}])).endswith(
        "discriminant validity)."
    )
    assert answers_overlap_sentence(one, 0.6).endswith(
        "(`responses_constructs.tsv`), the one construct pair, Agreeableness – Openness, overlaps in the "
        "answers only."
    )
    assert answers_overlap_sentence(pairs.iloc[[2]], 0.6).endswith(
        "overlaps under the model only (alike in wording, apart in the answers)."
    )
    assert htmt_sentence(pairs.assign(htmt_ci_high=0.8)).endswith(
        "resampled respondents), all 3 pairs of scales are told apart at the strict bar of 0.85."
    )


def test_items_against_their_scale_are_read_by_how_they_are_keyed():
    from constructlens.answer_findings import negative_items_sentence

    scales = pd.DataFrame(
        {
            "construct": ["Calm", "Kind", "Tidy"],
            "negative_item_rest": ["Worry; a lot.; Fret.", "Help.", None],
            "negative_reverse_keyed": ["Fret.", None, None],
        }
    )
    assert negative_items_sentence(scales) == (
        " Correlating negatively with the rest of their scale, as a reverse-keyed item left unkeyed "
        "would: Worry; a lot. (Calm); Help. (Kind). Correlating negatively with the rest of their scale "
        "though keyed -1, as items whose answers were reverse-scored already would (if they were, set "
        "the target's `reverse_scored: true`): Fret. (Calm)."
    )
    assert negative_items_sentence(scales.drop(columns="negative_reverse_keyed")).count("Correlating") == 1
    assert negative_items_sentence(scales.assign(negative_item_rest=None, negative_reverse_keyed=None)) == ""


def test_the_joint_intervals_of_a_single_overlap_read_as_one_pair():
    from constructlens.pair_findings import joint_sentence

    def sentence(lows, highs):
        pairs = [(f"C{i}", f"D{i}") for i in range(len(lows))]
        table = pd.DataFrame(pairs, columns=["construct_a", "construct_b"])
        return joint_sentence(table.assign(joint_ci_low=lows, joint_ci_high=highs), 0.6, 6)

    assert sentence([0.07], [1.0]).endswith(
        "on the whole set), its interval does not lie wholly at most 0.6 and reaches 0.5."
    )
    assert "its interval lies wholly at most 0.6 and stays above 0.5." in sentence([0.52], [0.58])
    assert "1 of these 2 lies wholly at most 0.6 (C0 – D0), and 1 reaches 0.5." in sentence(
        [0.52, 0.4], [0.58, 0.7]
    )


def test_the_joint_intervals_of_two_constructs_read_as_both():
    from constructlens.findings import joint_distinct_sentence

    table = pd.DataFrame(
        {"construct": ["Teamwork", "Innovation"], "rank": [1, 2], "joint_ci_low": [0.52, 0.25]}
    )
    assert joint_distinct_sentence(table) == (
        " Taking both at once (`joint_ci_low`, `joint_ci_high`: intervals that hold together), 1 of 2 is "
        "more alike within than across beyond chance; Innovation reaches 0.5."
    )
    with_pairs = pd.concat(
        [table, pd.DataFrame({"construct": ["Voice", "Trust"], "rank": [3, 4], "joint_ci_low": [np.nan] * 2})]
    )
    assert joint_distinct_sentence(with_pairs) == (
        " Taking both with an interval at once (`joint_ci_low`, `joint_ci_high`: intervals that hold "
        "together), 1 of 2 is more alike within than across beyond chance; Innovation reaches 0.5 (2 "
        "constructs of two items have no interval: a single pair of their own cannot be resampled)."
    )


def test_a_construct_with_one_item_closer_to_another_reads_in_the_singular():
    from constructlens.findings import fit_paragraph

    one_off = FIT.assign(n_fit=[5, 9], share_fit=[1.0, 0.9], misfits_closest_to=["", "C0 (1)"])
    assert fit_paragraph(one_off).endswith("fewest in C1 (9 of 10; the other leans towards C0 (1)).")
    assert fit_paragraph(FIT.assign(n_fit=[5, 10], share_fit=[1.0, 1.0])).endswith("fewest in C0 (5 of 5).")


def test_many_overlaps_with_ipip_are_listed_per_target_construct_least_separable_first():
    rows = [
        (f"T{t}", rank, f"P{t}-{rank}", 0.40 + 0.01 * t + 0.001 * rank)
        for t in range(LISTED + 2)
        for rank in range(1, 6)
    ]
    table = pd.DataFrame(rows, columns=["construct", "rank", "ipip_construct", "separability"])
    table = table.assign(ci_low=table["separability"] - 0.05, ci_high=table["separability"] + 0.05)
    table = table.assign(overlap_support=0.9, overlapping=True).sample(frac=1.0, random_state=1)
    text = nearest_paragraph(table, 0.6)
    assert f"{len(rows)} pairs of a target construct and an IPIP construct overlap" in text
    assert f"for {LISTED + 2} of the {LISTED + 2} constructs" in text
    lines = text.split("\n")
    assert (
        lines[2]
        == "- T0: P0-1 0.401 [0.351, 0.451], P0-2 0.402 [0.352, 0.452], P0-3 0.403 [0.353, 0.453] and 2 more"
    )
    assert [line.split(":")[0] for line in lines[2:]] == [f"- T{t}" for t in range(LISTED)] + [
        "- … and 2 more constructs"
    ]
    few = nearest_paragraph(table[table["construct"] == "T3"], 0.6)
    assert "Overlapping with an IPIP construct: T3 and IPIP's P3-" in few and "\n" not in few


def test_nested_constructs_are_named_after_the_overlapping_pairs():
    nested = pd.DataFrame({"construct": ["Short", "BIS"], "within": ["Long", "Anxiety"], "n_items": [4, 10]})
    text = draft(pairs=[("C0", "C1", 0.55, 0.5)], nested=nested)
    paragraphs = text.split("\n\n")
    at = next(i for i, paragraph in enumerate(paragraphs) if paragraph.startswith("**Nested"))
    assert paragraphs[at] == (
        "**Nested constructs.** Every item of Short is one of Long; every item of BIS is one of "
        "Anxiety. Such a pair shares its items by construction and has no items of one alone to "
        "compare, so it has no separability and the pair tables leave it out; the groups take it as "
        "indistinguishable."
    )
    assert paragraphs[at - 1].startswith("- C0 – C1: 0.550")  # the overlapping pairs' list
    assert "Nested" not in draft(nested=nested.iloc[:0])


def test_a_large_target_names_ten_of_its_constructs_reaching_chance_and_ten_of_its_groups():
    from constructlens import grouping
    from constructlens.findings import joint_distinct_sentence
    from constructlens.pair_findings import groups_paragraph

    n = 30
    table = pd.DataFrame(
        {
            "construct": [f"C{i}" for i in range(n)],
            "rank": range(1, n + 1),
            "joint_ci_low": [0.6] * 5 + [0.4] * 25,
        }
    )
    sentence = joint_distinct_sentence(table)
    assert sentence.endswith(
        f"5 of {n} are more alike within than across beyond chance; 25 reach 0.5, the {LISTED} least "
        f"distinct {listed([f'C{i}' for i in range(20, 30)])}."
    )
    names = [f"C{i:02d}" for i in range(n)]
    pairs = {(a, b): 0.9 for i, a in enumerate(names) for b in names[i + 1 :]}
    pairs |= {(names[2 * k], names[2 * k + 1]): 0.55 for k in range(12)}  # twelve groups of two
    separabilities = pd.Series(pairs)
    groups = grouping.groups_table(separabilities, pd.Series(5, index=names), 0.6)
    draws = np.tile(separabilities.to_numpy()[:, None], (1, 4))
    counts = grouping.group_counts(separabilities, draws, names, [0.6]).assign(item_set="mine")
    text = groups_paragraph(groups, counts, "mine", 0.6)
    assert text.count(" and C") == LISTED and "; 2 more groups of two or more; the other 6 alone." in text


def test_findings_set_the_target_beside_every_other_instrument_from_its_own_side():
    def pair(first: str, second: str, values: tuple, interval: tuple, p: float) -> pd.DataFrame:
        return pd.DataFrame(
            [
                ("best", "pair_auc", *values, values[0] - values[1], *interval, p),
                ("other", "pair_auc", 0.5, 0.5, 0, 0, 0, 1),
            ],
            columns=["model", "metric", first, second, "difference", "ci_low", "ci_high", "p_value"],
        )

    between = [
        ("alpha", "mine", pair("alpha", "mine", (0.70, 0.62), (0.01, 0.15), 0.03)),  # mine second: turned
        ("mine", "zeta", pair("mine", "zeta", (0.62, 0.60), (-0.05, 0.09), 0.5)),
    ]
    text = instruments_paragraph("mine", "best", between)
    assert text == (
        "**Other instruments.** Pair AUC of mine under best, against alpha, 0.620 to its 0.700: a "
        "difference of -0.080 [-0.150, -0.010], relabelling test p = 0.030 "
        "(`results/comparison/targets/alpha_vs_mine.tsv`); against zeta, 0.620 to its 0.600: a difference "
        "of 0.020 [-0.050, 0.090], relabelling test p = 0.500 (`results/comparison/targets/mine_vs_zeta.tsv`). "
        "A positive difference means this instrument's constructs are worded more distinctly."
    )
    assert instruments_paragraph("mine", "best", []) == ""


def test_findings_open_with_what_the_evidence_below_says_in_short():
    from constructlens.findings import brief_paragraph

    pairs = [("C1", "C2", 0.58, 0.52), ("C0", "C3", 0.55, 0.48)]
    text = draft(n_constructs=6, pairs=pairs)
    brief = text.split("\n\n")[2]
    assert brief == (
        "**In short.** Under best, the 6 constructs of mine are worded less distinctly than held-out "
        "personality constructs (pair AUC 0.620 against 0.850). 2 of their 15 construct pairs overlap "
        "(separability at most 0.6; 0.5 = indistinguishable), C0 – C3 the least separable (0.550)."
    )
    one, _ = overlaps(pairs[:1])
    counts = pd.DataFrame(
        {"item_set": ["mine", "mine", "ipip_test"], "threshold": [0.6, 0.7, 0.6], "n_groups": [5, 3, 19]}
    )
    grouped = brief_paragraph("mine", "best", COMPARISON, one, 0.6, 6, counts)
    assert grouped.endswith(
        "1 of their 15 construct pairs overlaps (separability at most 0.6; 0.5 = indistinguishable), "
        "C1 – C2 the least separable (0.580); grouped so that every two constructs of a group "
        "overlap, the 6 form 5 groups."
    )
    two = brief_paragraph("mine", "best", COMPARISON, one, 0.6, 2, counts)
    assert two.endswith("The two overlap (separability at most 0.6; 0.5 = indistinguishable): 0.580.")
    # given separability.tsv, two constructs are told by their one pair, beside the IPIP pairs
    pair = one.assign(ipip_share_below=0.02)
    assert brief_paragraph("mine", "best", COMPARISON, one, 0.6, 2, counts, pair).endswith(
        "The two overlap: separability 0.580 [0.520, 0.630] (0.5 = indistinguishable; overlapping "
        "at most 0.6), more separable than 2% of the pairs of held-out personality constructs."
    )
    apart = pair.assign(separability=0.84, ci_low=0.55, ci_high=0.96, ipip_share_below=0.463)
    assert brief_paragraph("mine", "best", COMPARISON, one[:0], 0.6, 2, counts, apart).endswith(
        "The two do not overlap: separability 0.840 [0.550, 0.960] (0.5 = indistinguishable; "
        "overlapping at most 0.6), more separable than 46% of the pairs of held-out personality constructs."
    )
    # the other way round, and a difference the interval or the test leaves open
    reversed_ = COMPARISON.assign(difference=-0.2, ci_low=-0.3, ci_high=-0.1)
    assert "are worded more distinctly than held-out" in brief_paragraph(
        "mine", "best", reversed_, one, 0.6, 6
    )
    for unclear, why in (
        (COMPARISON.assign(ci_low=-0.02), "; the difference's interval includes 0). "),
        (
            COMPARISON.assign(p_value=0.2),
            "; the difference's interval leaves out 0, but the relabelling test gives p = 0.200). ",
        ),
    ):
        text = brief_paragraph("mine", "best", unclear, one[:0], 0.6, 6, counts)
        assert "worded neither clearly more nor clearly less distinctly than held-out" in text
        assert why in text
        assert text.endswith("No pair of them overlaps (separability at most 0.6).")  # no groups then
    # two constructs: no interval, so the relabelling test alone decides
    for p_value, how in ((0.01, "less distinctly than"), (0.5, "neither clearly more nor clearly less")):
        untested = COMPARISON.assign(ci_low=np.nan, ci_high=np.nan, p_value=p_value)
        text = brief_paragraph("mine", "best", untested, one[:0], 0.6, 2)
        assert f"are worded {how}" in text and "interval includes" not in text
        assert f"0.850; relabelling test p = {p_value:.3f}, no interval from 2 constructs)" in text


def test_parallel_analysis_is_read_against_the_number_of_constructs():
    factors = pd.DataFrame(
        {"retained": [True, True, False, False], "n_items": 4, "n_respondents": 80, "draws": 100}
    )
    fewer = dimensions_sentence(factors, 3)
    assert fewer == (
        " Parallel analysis of the answers (`responses_factors.tsv`: principal components of the 4 items' "
        "correlations against the 95th percentile of 100 random data sets of as many items and 80 "
        "respondents) retains 2 components for the 3 constructs answered: fewer dimensions than "
        "constructs: the answers do not hold every construct apart."
    )
    assert dimensions_sentence(factors, 2).endswith(
        "retains 2 components for the 2 constructs answered: as many dimensions as constructs."
    )
    assert dimensions_sentence(factors.assign(retained=[True, True, True, False]), 2).endswith(
        "retains 3 components for the 2 constructs answered: more dimensions than constructs: a construct's "
        "items may span more than one."
    )
    assert dimensions_sentence(factors.iloc[:0], 2) == ""


def test_the_model_of_all_scales_is_read_against_the_bars_and_its_pairs_classed():
    row = {"scales": 5, "items": 25, "respondents": 2760, "df": 265, "chi2": 4644.63, "chi2_p": 0.0}
    row |= {"rmsea": 0.0774, "rmsea_ci_low": 0.0757, "rmsea_ci_high": 0.0794, "cfi": 0.777, "tli": 0.748}
    row |= {"srmr": 0.0748, "scales_left_out": "", "note": ""}
    measurement = pd.DataFrame([row])
    pairs = pd.DataFrame(
        {
            "construct_a": ["A", "A", "C"],
            "construct_b": ["C", "E", "E"],
            "cfa_joint_r": [0.33, 0.93, -0.2],
            "cfa_joint_r_ci_low": [0.28, 0.88, -0.25],
            "cfa_joint_r_ci_high": [0.38, 0.98, -0.15],
            "cfa_joint_problem": ["none", "moderate", "none"],
        }
    )
    assert measurement_sentence(measurement, pairs) == (
        " One factor model of all 5 scales at once (`responses_measurement.tsv`: 25 items, each measuring "
        "its own scale's factor, the factors correlating freely; 2,760 respondents) fits with χ²(265) = "
        "4,644.6, p < 0.001, RMSEA 0.077 [0.076, 0.079] (90 %), CFI 0.777, TLI 0.748, SRMR 0.075: short of "
        "Hu and Bentler's (1999) bars (RMSEA 0.077 above 0.06, CFI 0.777 below 0.95 and TLI 0.748 below "
        "0.95). Its factor correlations (`cfa_joint_r`) show a problem of discriminant validity in 1 of 3 "
        "pairs (0 severe, 1 moderate, 0 marginal); severe or moderate: A – E (0.930 [0.880, 0.980])."
    )
    assert (
        "2,760 respondents) fits with scaled χ²(265) = 4,644.6 (scaling factor 1.53), p < 0.001, RMSEA"
        in (measurement_sentence(measurement.assign(chi2_scaling=1.5345), pairs))
    )
    fitting = measurement.assign(rmsea=0.04, cfi=0.97, tli=0.96)
    apart = pairs.assign(cfa_joint_problem="none")
    assert measurement_sentence(fitting, apart).endswith(
        "SRMR 0.075: within all of Hu and Bentler's (1999) bars. Its factor correlations (`cfa_joint_r`) "
        "show no problem of discriminant validity in any of the 3 pairs."
    )
    singular = measurement.assign(chi2=np.nan, chi2_p=np.nan, rmsea=np.nan, cfi=np.nan, tli=np.nan)
    assert measurement_sentence(singular, apart) == (
        " One factor model of all 5 scales at once (`responses_measurement.tsv`: 25 items, each measuring "
        "its own scale's factor, the factors correlating freely; 2,760 respondents) has an SRMR of 0.075; the "
        "items' correlations are not positive definite (as with fewer respondents than items, or pairwise "
        "correlations that do not fit together), so no likelihood fits them: no χ², RMSEA, CFI or TLI. Its "
        "factor correlations (`cfa_joint_r`) show no problem of discriminant validity in any of the 3 pairs."
    )
    assert (
        "25 items, each measuring its own scale's factor, the items of two scales left out (`items_left_out`), the"
        in (measurement_sentence(measurement.assign(items_left_out="Talk a lot.; Relax."), pairs))
    )
    none = measurement.assign(note="the model did not converge")
    assert measurement_sentence(none, pairs.iloc[:0]) == (
        " No factor model of all scales at once (`responses_measurement.tsv`): the model did not converge."
    )
    assert measurement_sentence(None, pairs) == ""


def test_the_residuals_of_the_model_of_all_scales_are_named_largest_first():
    row = {"scales": 2, "items": 8, "respondents": 300, "df": 19, "chi2": 40.0, "chi2_p": 0.003}
    row |= {"rmsea": 0.06, "rmsea_ci_low": 0.03, "rmsea_ci_high": 0.09, "cfi": 0.96, "tli": 0.95}
    measurement = pd.DataFrame([row | {"srmr": 0.05, "scales_left_out": "", "note": ""}])
    residuals = pd.DataFrame(
        {
            "text_a": ["Talk a lot.", "Am calm."],
            "construct_a": ["E", "N"],
            "text_b": ["Make friends.", "Relax."],
            "construct_b": ["A", "N"],
            "same_scale": [False, True],
            "r": [0.45, 0.61],
            "implied_r": [0.2, 0.48],
            "residual": [0.25, 0.13],
        }
    )
    text = measurement_sentence(measurement, pd.DataFrame(), residuals)
    assert text.endswith(
        "It misses the correlation of 2 item pairs by more than 0.1 (`responses_residuals.tsv`; 1 across "
        "two scales, where items go together beyond their factors), largest first: Talk a lot. (E) – Make "
        "friends. (A): r 0.45 against 0.20; Am calm. (N) – Relax. (N): r 0.61 against 0.48."
    )
    assert measurement_sentence(measurement, pd.DataFrame(), residuals.iloc[:0]).endswith(
        "It reproduces every item pair's correlation within 0.1 (`responses_residuals.tsv`)."
    )


def length_rows(medians=(5.0, 8.0)) -> pd.DataFrame:
    """lengths.tsv's rows of one model for IPIP test and target ``mine``: bands of 1–5, 6–8 and
    9 or more words."""
    bands = [("all", 1, 27), ("words_1_5", 1, 5), ("words_6_8", 6, 8), ("words_9_up", 9, None)]
    return pd.DataFrame(
        [
            {"model": "best", "dataset": dataset, "band": band, "min_words": low, "max_words": high}
            | {"median_words": median if band == "all" else np.nan}
            for dataset, median in zip(("ipip", "mine"), medians, strict=True)
            for band, low, high in bands
        ]
    ).astype({"max_words": "Int64"})


def band_comparison(bands: dict[str, tuple[float, float, float]], overall=(0.23, 0.14, 0.28)) -> pd.DataFrame:
    """ipip_vs_mine.tsv's pair AUC row and its rows by length band: (difference, ci_low, ci_high)."""
    rows = [("pair_auc", 0.85, 0.62, *overall)]
    rows += [(f"pair_auc_{band}", 0.8, 0.8 - d, d, low, high) for band, (d, low, high) in bands.items()]
    return pd.DataFrame(
        rows, columns=["metric", "ipip_test", "mine", "difference", "ci_low", "ci_high"]
    ).assign(model="best")


def test_lengths_paragraph_says_whether_the_gap_holds_among_items_of_like_length():
    bands = {"words_1_5": (0.2, 0.1, 0.3), "words_6_8": (0.25, 0.15, 0.35), "words_9_up": (0.24, 0.1, 0.4)}
    text = lengths_paragraph(length_rows(), band_comparison(bands), "mine")
    assert text == (
        "**Item length** (`results/metrics/lengths.tsv`). Items of mine have a median of 8 words, the "
        "held-out IPIP test items 5. Scored only among pairs of two items of one length band, the pair "
        "AUC of IPIP test against mine is, for 1–5 words 0.800 against 0.600 (difference 0.200 [0.100, "
        "0.300]); 6–8 words 0.800 against 0.550 (difference 0.250 [0.150, 0.350]); 9 or more words 0.800 "
        "against 0.560 (difference 0.240 [0.100, 0.400]). The gap holds within every band: item length "
        "does not explain it."
    )
    partly = lengths_paragraph(
        length_rows(), band_comparison({**bands, "words_9_up": (0.1, -0.05, 0.2)}), "mine"
    )
    assert partly.endswith(
        "The gap holds beyond noise in 2 of 3 bands; where it does not, read the band's "
        "pairs and interval before putting the gap down to item length."
    )
    sparse = lengths_paragraph(
        length_rows(), band_comparison({**bands, "words_9_up": (0.1, np.nan, np.nan)}), "mine"
    )
    assert (
        "9 or more words 0.800 against 0.700 (difference 0.100). The gap holds beyond noise in 2 of 3 bands "
        in sparse
    )
    assert "(1 with same-construct pairs in too few constructs for an interval); where it does not" in sparse
    none_resampled = {band: (d, np.nan, np.nan) for band, (d, _, _) in bands.items()}
    open_question = lengths_paragraph(length_rows(), band_comparison(none_resampled), "mine")
    assert open_question.endswith(
        "No band has an interval (its same-construct pairs lie in too few constructs), so whether "
        "item length explains the gap stays open."
    )
    no_gap = lengths_paragraph(length_rows(), band_comparison(bands, overall=(0.02, -0.05, 0.09)), "mine")
    assert no_gap.endswith("(difference 0.240 [0.100, 0.400]).")  # nothing to explain: no verdict
    unscored = lengths_paragraph(length_rows(), band_comparison({}), "mine")
    assert unscored.endswith(
        "No length band holds same-construct pairs of both, so they are not compared by length."
    )


def test_findings_add_item_length_when_given_it():
    bands = {"words_1_5": (0.2, 0.1, 0.3)}
    comparison = pd.concat(
        [COMPARISON, band_comparison(bands).query("metric != 'pair_auc'")], ignore_index=True
    )
    with_lengths = draft(comparison, lengths=length_rows())
    assert (
        "**Item length** (`results/metrics/lengths.tsv`). Items of mine have a median of 8 words"
        in with_lengths
    )
    assert "1–5 words 0.800 against 0.600 (difference 0.200 [0.100, 0.300])." in with_lengths
    assert "The gap holds within every band" in with_lengths
    assert "Item length" not in draft(COMPARISON)


def test_an_overlap_without_an_interval_names_the_construct_too_small_to_resample():
    table, closest = overlaps([("C1", "C2", 0.55, float("nan")), ("C0", "C3", 0.58, 0.53)])
    unresampled = table["construct_b"].eq("C2")
    for column in ("ci_high", "joint_ci_low", "joint_ci_high", "overlap_support"):
        table.loc[unresampled, column] = float("nan")
    text = overlap_paragraph(table, closest, 0.6, 6, pd.Series({"C2": 2}))
    assert "- C1 – C2: 0.550 (no interval: C2 has 2 items, too few to resample); most alike items" in text
    assert "- C0 – C3: 0.580 [0.530, 0.630]; at most 0.6 in" in text
    assert (
        "the interval of C0 – C3, the only one of these with an interval, does not lie wholly at "
        "most 0.6 and reaches 0.5."
    ) in text
