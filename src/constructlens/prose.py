"""How numbers and tables are written in drafted text (methods.md, findings.md, the tables the
benchmark scripts print for docs/experiments.md)."""

import pandas as pd


def interval_text(value: float, low: float, high: float) -> str:
    """A value with its interval, as in 0.829 [0.759, 0.879]; the value alone without one."""
    return f"{value:.3f} [{low:.3f}, {high:.3f}]" if pd.notna(low) else f"{value:.3f}"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A pipe table: the header, its separator, then one line per row of cells."""
    lines = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


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
            f"(sign-flip {p_text(margin['per_construct_p_value'])})"
        )
    return text + "."
