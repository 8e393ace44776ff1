"""How numbers and tables are written in drafted text (methods.md, findings.md, the tables the
benchmark scripts print for docs/experiments.md)."""

import re

import pandas as pd

from .reliability import MIN_SCORED_ITEMS

FEW = 5  # resampling fewer items (or constructs) than this understates the uncertainty
LISTED = 10  # pairs, items or constructs a sentence spells out before "and N more"


# What drafted text quotes as written: code spans (settings a user types) and quoted item wordings.
_VERBATIM = re.compile(r'(`[^`]*`|"[^"\n]*"|“[^”\n]*”)')
_HYPHEN_BEFORE_NUMBER = re.compile(r"(?<![\w.\-–])-(?=\.?\d)")  # not in 2026-12-02, split-1, 1e-4


def minus_signs(markdown: str) -> str:
    """``markdown`` with each negative number's hyphen typeset as a minus sign (−0.33, as a journal
    prints it and as the documentation writes it), except in code spans and quoted items."""
    parts = _VERBATIM.split(markdown)
    return "".join(
        part if index % 2 else _HYPHEN_BEFORE_NUMBER.sub("−", part) for index, part in enumerate(parts)
    )


def possessive(name: str) -> str:
    """'leadership's', but 'attitudes'': a name's possessive as drafted text writes it."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def counted(n: int, noun: str) -> str:
    """'1 construct', '3 constructs': a count with its noun, plural with an s."""
    return f"{n} {noun}" if n == 1 else f"{n:,} {noun}s"


def shown_of(shown: list[str], total: int) -> str:
    """The ``shown`` parts of ``total`` (at most ``LISTED`` of them), "; "-joined, with
    "and N more" for those left out."""
    return "; ".join(shown) + (f" and {total - LISTED:,} more" if total > LISTED else "")


def listed(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def pair_auc_row(comparison: pd.DataFrame, model: str) -> pd.Series:
    """The ``model``'s pair AUC row of a comparison table (``ipip_vs_<target>.tsv``, or
    ``targets/<first>_vs_<second>.tsv``)."""
    return comparison[(comparison["model"] == model) & (comparison["metric"] == "pair_auc")].iloc[0]


def interval_text(value: float, low: float, high: float) -> str:
    """A value with its interval, as in 0.829 [0.759, 0.879]; the value alone without one."""
    return f"{value:.3f} [{low:.3f}, {high:.3f}]" if pd.notna(low) else f"{value:.3f}"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A pipe table: the header, its separator, then one line per row of cells."""
    lines = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def frame_table(table: pd.DataFrame, signed: tuple[str, ...] = ()) -> str:
    """``table`` as a pipe table, numbers to three decimals (with their sign in ``signed``
    columns), whole numbers as they are."""
    columns = list(map(str, table.columns))
    cells = [
        [
            (f"{v:+.3f}" if column in signed else f"{v:.3f}") if isinstance(v, float) else str(v)
            for column, v in zip(columns, row, strict=True)
        ]
        for row in table.itertuples(index=False)
    ]
    return markdown_table(columns, cells)


def p_text(p_value: float) -> str:
    """A p-value as p = 0.004, or p < 0.001; without one (no resamples), says so."""
    if pd.isna(p_value):
        return "p not computed"
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


def margin_text(margin: dict) -> str:
    """The selected model's paired margin over the runner-up (``best_model.json``'s
    ``margin``), as a sentence."""
    text = (
        f"Its margin over {margin['runner_up']}, paired on the same items (bootstrap over "
        f"constructs), was {interval_text(margin['difference'], margin['ci_low'], margin['ci_high'])}"
        + (f", {p_text(margin['p_value'])}" if margin.get("p_value") is not None else "")
    )
    if margin.get("per_construct_p_value") is not None:
        higher, lower = int(margin["constructs_higher"]), int(margin["constructs_lower"])
        text += (
            f"; {higher} of {higher + lower} constructs scored higher under it "
            f"(sign-flip {p_text(margin['per_construct_p_value'])}; ties and constructs of one "
            "text, which have no AUC of their own, left out)"
        )
    return text + "."


def reliability_sentence(reliability: pd.DataFrame) -> str:
    """The summary of ``reliability_checks`` for one item set in a sentence: the selected
    model's ρ and each baseline's."""
    selected = reliability[reliability["role"] == "selected"].iloc[0]
    baselines = [row for _, row in reliability.iterrows() if row["role"] != "selected"]
    where = "IPIP test" if selected["dataset"] == "ipip" else selected["dataset"]
    if pd.isna(selected["spearman_rho"]):
        return (
            f"Only {selected['n_scales']} {where} scale(s) with a reported α kept {MIN_SCORED_ITEMS} "
            "or more scored items, too few to set the model's similarities beside them."
        )
    text = (
        f"Across the {selected['n_scales']} {where} scales with a reported α, the mean cosine among a "
        f"scale's items under {selected['model']} rank-correlated with the inter-item correlation its α "
        f"implies at ρ = {interval_text(*selected[['spearman_rho', 'ci_low', 'ci_high']])}"
    )
    for row in baselines:
        difference = interval_text(*row[["selected_minus_this", "difference_ci_low", "difference_ci_high"]])
        text += (
            f"; under {row['model']} at {interval_text(*row[['spearman_rho', 'ci_low', 'ci_high']])} "
            f"(difference {difference}, {p_text(row['difference_p_value'])})"
        )
    if selected["n_scales"] < FEW:
        text += (
            f". With only {selected['n_scales']} scales, ρ takes few values and resampling them "
            "understates its uncertainty"
        )
    return text + "."


def mantel_text(row, views: str) -> str:
    """ρ with its Mantel test in words, from a row of a Mantel summary table."""
    if pd.isna(row.spearman_rho):
        return f"ρ not defined ({views} do not vary)"
    relabellings = f"{int(row.relabellings):,} relabellings"
    how = f"exact over all {relabellings}" if row.exact else relabellings
    return f"ρ = {row.spearman_rho:.2f} (Mantel {p_text(row.p_value)}, {how})"


def share_percent(share: float) -> str:
    """A share of draws in words, where rounding would hide that some or not all are meant."""
    if 0 < share < 0.01:
        return "fewer than 1%"
    if 0.99 < share < 1:
        return "more than 99%"
    return f"{share:.0%}"


def share_text(share: float, wording: tuple[str, str, str]) -> str:
    """``wording`` for a share of draws: for none of them, for all, and for some ({} the share)."""
    none, every, some = wording
    return none if share == 0 else every if share == 1 else some.format(share_percent(share))


# where the target's value falls among the draws, and how the draws stand to a whole reference
TARGET_AMONG_DRAWS = ("below every draw", "at or above every draw", "at or above {} of the draws")
DRAWS_TO_REFERENCE = ("every draw below", "every draw at or above", "{} of the draws at or above")


def matched_rows(matched: pd.DataFrame, model: str) -> pd.DataFrame:
    """``model``'s rows of a size-matched table (``ipip_vs_<target>_matched.tsv``), by metric;
    none where it has no draws."""
    rows = matched[matched["model"] == model].set_index("metric")
    return rows.iloc[:0] if rows.empty or rows["n_draws"].iloc[0] == 0 else rows


def matched_sets(target: str, first: pd.Series) -> str:
    """What the draws of a size-matched table are (``first``, any of its rows)."""
    size, draws = int(first["n_constructs"]), int(first["n_draws"])
    if first["drawn"] == "reference":
        return (
            f"Set against {draws:,} random sets of {size:,} held-out IPIP test constructs, as many "
            f"as {target} has"
        )
    return (
        f"Drawn down to {draws:,} random sets of {size:,} of its {int(first['n_target_constructs']):,} "
        "constructs, as many as the held-out IPIP test split has"
    )


def matched_score(row: pd.Series, target: str, label: str, number, whole: str, whose: str = "its") -> str:
    """One metric of a size-matched table (``row``) in words, its values written by ``number``:
    where the target lies among the draws of reference sets, or, where the target was drawn
    down, its draws' mean and range beside the ``whole`` reference's value."""
    if row["drawn"] == "reference":
        where = share_text(row["share_at_most_target"], TARGET_AMONG_DRAWS)
        return (
            f"{whose} {label} ({number(row[target])}) lies {where} (95 % range "
            f"{number(row['reference_low'])}–{number(row['reference_high'])})"
        )
    return (
        f"{whose} {label} averages {number(row[target])} ({number(row[f'{target}_low'])}–"
        f"{number(row[f'{target}_high'])}), {share_text(row['share_at_most_target'], DRAWS_TO_REFERENCE)} "
        f"{whole}, {number(row['reference_mean'])}"
    )
