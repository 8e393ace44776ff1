"""One construct under two names? Everything a run has on each construct pair of a target, in one
row: how separable its items are, whether a permutation test finds them less alike across than
within, whether other models agree, how alike the names are, the closest items, and the observed
correlation where one is given."""

import numpy as np
import pandas as pd

from .grouping import group_of
from .near_duplicates import constructs_of


def _unordered(frame: pd.DataFrame) -> pd.MultiIndex:
    """The construct pair of each row of ``frame``, its two names sorted, whichever came first."""
    names = frame[["construct_a", "construct_b"]]
    return pd.MultiIndex.from_arrays([names.min(axis=1), names.max(axis=1)])


def _by_pair(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` indexed by its unordered construct pair."""
    return frame.set_index(_unordered(frame)).drop(columns=["construct_a", "construct_b"])


def _near_duplicates_across(near_duplicates: pd.DataFrame) -> pd.Series:
    """How many near-duplicate item pairs link each two constructs (an item of several
    constructs, ``"; "``-joined, links each of them; a pair counts once per construct pair)."""
    links = set()
    for row, (a, b) in enumerate(
        zip(near_duplicates["constructs_a"], near_duplicates["constructs_b"], strict=True)
    ):
        for x in constructs_of(a):
            for y in constructs_of(b):
                if x != y:
                    links.add((row, min(x, y), max(x, y)))
    if not links:
        return pd.Series(dtype=int)
    pairs = pd.DataFrame(sorted(links), columns=["row", "first", "second"])
    return pairs.groupby(["first", "second"]).size()


def _closest(closest_items: pd.DataFrame) -> pd.DataFrame:
    """Per pair its most alike two items, each under its own construct's name."""
    top = closest_items[closest_items["rank"] == 1]
    return pd.DataFrame(
        {
            "construct_a": top["construct_a"],
            "construct_b": top["construct_b"],
            "texts": [
                {a: text_a, b: text_b}
                for a, b, text_a, text_b in zip(
                    top["construct_a"], top["construct_b"], top["text_a"], top["text_b"], strict=True
                )
            ],
            "closest_similarity": top["similarity"],
        }
    )


def pair_evidence(
    separability: pd.DataFrame,
    threshold: float,
    redundancy: pd.DataFrame,
    agreement: pd.DataFrame,
    names: pd.DataFrame,
    closest_items: pd.DataFrame,
    near_duplicates: pd.DataFrame,
    empirical: pd.DataFrame | None = None,
    responses: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every construct pair of ``separability`` (the selected model's ``separability.tsv``), least
    separable first, beside what the other tables of the target say about it: ``overlapping``
    (separability at most ``threshold``; ``overlap_support``, in which share of item resamples;
    ``joint_ci_low`` and ``joint_ci_high``, its interval as one of all the pairs at once)
    and ``same_group`` (both in one group of overlapping constructs at ``threshold``, as
    ``groups.tsv`` forms them); the redundancy test's ``ratio``, ``p_value``, ``p_holm`` and
    ``redundant``; in how many of the run's models the pair is overlapping
    (``models_overlapping`` of ``n_models``, from ``model_agreement.tsv``); the names' cosine
    and ``name_rank_gap`` (``names.tsv``; positive: items more alike than names);
    ``near_duplicate_pairs``, items of the two that say nearly the same thing; the most alike
    two items, one of each (``closest_item_a`` of ``construct_a``); given ``empirical``,
    the observed correlation ``r``; and given ``responses`` (``responses_constructs.tsv``), the
    correlation of the two scales scored from the answers (``answers_r``), the pair's
    separability in the answers (``answers_separability``) and its HTMT with the upper bound
    (``answers_htmt``, ``answers_htmt_ci_high``), Fornell and Larcker's verdict
    (``answers_fornell_larcker``) and the two-factor model's correlation with Rönkkö and Cho's
    class of its interval (``answers_cfa_r``, ``answers_cfa_problem``, from ``cfa``) and the
    p-value of the test of one factor against two (``answers_cfa_one_factor_p``: above 0.05,
    one factor fits the two scales' answers no worse); empty for a pair a table lacks."""
    pairs = separability[
        [
            "construct_a",
            "construct_b",
            "separability",
            "ci_low",
            "ci_high",
            "joint_ci_low",
            "joint_ci_high",
            "overlap_support",
            "ipip_share_below",
        ]
    ].reset_index(drop=True)
    key = _unordered(pairs)
    pairs["overlapping"] = pairs["separability"] <= threshold
    group = group_of(pairs, threshold)
    pairs["same_group"] = [
        group[a] == group[b] for a, b in zip(pairs["construct_a"], pairs["construct_b"], strict=True)
    ]

    tested = _by_pair(redundancy).reindex(key)
    pairs["redundancy_ratio"] = tested["ratio"].to_numpy()
    pairs["redundancy_p"] = tested["p_value"].to_numpy()
    pairs["redundancy_p_holm"] = tested["p_holm"].to_numpy()
    pairs["redundant"] = tested["redundant"].to_numpy()

    models = [c for c in agreement.columns if c not in ("construct_a", "construct_b", "n_models_overlapping")]
    pairs["models_overlapping"] = _by_pair(agreement).reindex(key)["n_models_overlapping"].to_numpy()
    pairs["n_models"] = len(models)

    named = _by_pair(names).reindex(key)
    pairs["name_similarity"] = named["name_similarity"].to_numpy()
    pairs["name_rank_gap"] = named["rank_gap"].to_numpy()

    near = _near_duplicates_across(near_duplicates)
    pairs["near_duplicate_pairs"] = near.reindex(key, fill_value=0).to_numpy()

    closest = _by_pair(_closest(closest_items)).reindex(key)
    pairs["closest_similarity"] = closest["closest_similarity"].to_numpy()
    pairs["closest_item_a"] = [
        texts[a] if isinstance(texts, dict) else np.nan
        for texts, a in zip(closest["texts"], pairs["construct_a"], strict=True)
    ]
    pairs["closest_item_b"] = [
        texts[b] if isinstance(texts, dict) else np.nan
        for texts, b in zip(closest["texts"], pairs["construct_b"], strict=True)
    ]
    if empirical is not None:
        pairs["r"] = _by_pair(empirical).reindex(key)["r"].to_numpy()
    if responses is not None:
        answered = _by_pair(responses).reindex(key)
        pairs["answers_r"] = answered["r"].to_numpy()
        pairs["answers_separability"] = answered["answers_separability"].to_numpy()
        pairs["answers_htmt"] = answered["htmt"].to_numpy()
        pairs["answers_htmt_ci_high"] = answered["htmt_ci_high"].to_numpy()
        pairs["answers_fornell_larcker"] = answered["fornell_larcker"].to_numpy()
        pairs["answers_cfa_r"] = answered["cfa_r"].to_numpy()
        pairs["answers_cfa_problem"] = answered["cfa_problem"].to_numpy()
        pairs["answers_cfa_one_factor_p"] = answered["cfa_one_factor_p"].to_numpy()
    return pairs
