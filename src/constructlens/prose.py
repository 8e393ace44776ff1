"""How numbers are written in the drafted prose (methods.md, findings.md)."""

import pandas as pd


def interval_text(value: float, low: float, high: float) -> str:
    """A value with its interval, as in 0.829 [0.759, 0.879]; the value alone without one."""
    return f"{value:.3f} [{low:.3f}, {high:.3f}]" if pd.notna(low) else f"{value:.3f}"


def p_text(p_value: float) -> str:
    """A p-value as p = 0.004, or p < 0.001; without one (no resamples), says so."""
    if pd.isna(p_value):
        return "p not computed"
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"
