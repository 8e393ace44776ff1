"""One construct, every analysis: what a run has on each construct of a target, in one row: how
distinct it is, which constructs it overlaps and groups with, how many of its items fit it, the
personality construct it reads most like, its near-duplicate items and, where definitions are
given, how many of its items read most like its own definition, and where answers are given, how
distinct it is in them."""

import pandas as pd

from .grouping import group_of
from .near_duplicates import constructs_of


def _partners(separability: pd.DataFrame, construct: str) -> pd.DataFrame:
    """Every other construct with its separability from ``construct``, least separable first."""
    rows = separability[
        (separability["construct_a"] == construct) | (separability["construct_b"] == construct)
    ]
    other = rows["construct_b"].where(rows["construct_a"] == construct, rows["construct_a"])
    partners = pd.DataFrame({"other": other, "separability": rows["separability"]})
    return partners.sort_values(["separability", "other"], kind="stable")


def _group_companions(separability: pd.DataFrame, threshold: float) -> dict[str, list[str]]:
    """Each construct's companions in its group of overlapping constructs at ``threshold``, as
    ``groups.tsv`` forms them (none for a group of one)."""
    group = group_of(separability, threshold)
    return {
        name: [other for other in group if other != name and group[other] == label]
        for name, label in group.items()
    }


def _listed(rows: pd.DataFrame, column: str) -> str:
    """The constructs of ``column`` with their separabilities, as in "Ethical (0.558); Servant (0.572)"."""
    return "; ".join(
        f"{name} ({value:.3f})" for name, value in zip(rows[column], rows["separability"], strict=True)
    )


def _near_duplicate_counts(near_duplicates: pd.DataFrame, construct: str) -> tuple[int, int]:
    """Near-duplicate item pairs within ``construct`` and linking it with another construct (an
    item of several constructs, ``"; "``-joined, is an item of each)."""
    within = across = 0
    for a, b in zip(near_duplicates["constructs_a"], near_duplicates["constructs_b"], strict=True):
        first, second = constructs_of(a), constructs_of(b)
        if construct in first & second:
            within += 1
        elif construct in first | second:
            across += 1
    return within, across


def construct_profiles(
    distinctiveness: pd.DataFrame,
    separability: pd.DataFrame,
    threshold: float,
    item_fit_summary: pd.DataFrame,
    nearest_ipip: pd.DataFrame,
    near_duplicates: pd.DataFrame,
    items: pd.DataFrame,
    definitions_summary: pd.DataFrame | None = None,
    responses_scales: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every construct of ``distinctiveness`` (the selected model's ``distinctiveness.tsv``),
    least distinct first: its ``n_items`` and, where the items name their measures,
    ``n_measures``; its distinctiveness AUC with interval and ``ipip_share_below``; the
    construct it is least separable from (``nearest_construct``, from ``separability.tsv``)
    and every construct it overlaps (separability at most ``threshold``), least separable
    first, with the values; its companions in its group of overlapping constructs (as
    ``groups.tsv`` forms them); ``share_fit`` of its items closer to its own centroid and where
    the others lean most (``item_fit_summary.tsv``); the IPIP construct whose items it
    resembles most (``nearest_ipip.tsv``, rank 1, by mean cosine) and those of the listed ones
    it overlaps (separability at most the threshold); near-duplicate item pairs within it and
    linking it with another construct; and, given ``definitions_summary``, the
    ``definition_share_fit`` of its items nearest its own definition; and given
    ``responses_scales``, its ``answers_distinctiveness`` (how distinct it is in the answers) and
    its scale's ``answers_alpha`` and ``answers_omega``. A value a table lacks (a construct without a definition) is
    left empty."""
    rows = []
    names = distinctiveness["construct"]
    fit = item_fit_summary.set_index("construct").reindex(names)
    nearest = nearest_ipip[nearest_ipip["rank"] == 1].set_index("construct").reindex(names)
    ipip_overlaps = nearest_ipip[nearest_ipip["overlapping"].astype(bool)].sort_values(
        "separability", kind="stable"
    )
    companions = _group_companions(separability, threshold)
    measured = "measure" in items
    defined = {} if definitions_summary is None else definitions_summary.set_index("construct")["share_fit"]
    if responses_scales is not None:
        answered = responses_scales.set_index("construct").reindex(names)
    for row in distinctiveness.sort_values(["auc", "construct"], kind="stable").itertuples():
        partners = _partners(separability, row.construct)
        overlaps = partners[partners["separability"] <= threshold]
        within, across = _near_duplicate_counts(near_duplicates, row.construct)
        leaning = fit.at[row.construct, "misfits_closest_to"]
        profile = {
            "construct": row.construct,
            "n_items": row.n_items,
            **(
                {"n_measures": items.loc[items["construct"] == row.construct, "measure"].nunique()}
                if measured
                else {}
            ),
            "distinctiveness": row.auc,
            "ci_low": row.ci_low,
            "ci_high": row.ci_high,
            "ipip_share_below": row.ipip_share_below,
            "nearest_construct": partners["other"].iloc[0] if len(partners) else "",
            "nearest_separability": partners["separability"].iloc[0] if len(partners) else float("nan"),
            "n_overlapping": len(overlaps),
            "overlaps_with": _listed(overlaps, "other"),
            "group_with": "; ".join(companions.get(row.construct, [])),
            "share_fit": fit.at[row.construct, "share_fit"],
            "items_lean_to": "" if pd.isna(leaning) else leaning.split("; ")[0],
            "nearest_ipip": nearest.at[row.construct, "ipip_construct"],
            "nearest_ipip_cosine": nearest.at[row.construct, "mean_cosine"],
            "ipip_overlaps_with": _listed(
                ipip_overlaps[ipip_overlaps["construct"] == row.construct], "ipip_construct"
            ),
            "near_duplicates_within": within,
            "near_duplicates_across": across,
        }
        if definitions_summary is not None:
            profile["definition_share_fit"] = defined.get(row.construct, float("nan"))
        if responses_scales is not None:
            profile["answers_distinctiveness"] = answered.at[row.construct, "answers_distinctiveness"]
            profile["answers_alpha"] = answered.at[row.construct, "alpha"]
            profile["answers_omega"] = answered.at[row.construct, "omega"]
        rows.append(profile)
    return pd.DataFrame(rows)
