"""Clean the International Personality Item Pool (IPIP) table."""

import pandas as pd

from .items import finalise_items
from .tables import normalise_text, scoring_keys

IPIP_COLUMNS = ["instrument", "alpha", "key", "text", "label"]


def _alpha(reported: str) -> float:
    """Cronbach's alpha as a number: the mean when several samples are listed ("0.83,0.84");
    NaN when not reported (".") or not a reliability at all (IPIP has "1994" and "12")."""
    values = pd.to_numeric(pd.Series(reported.split(",")).str.strip(), errors="coerce")
    return float(values.mean()) if values.notna().all() and values.between(0, 1).all() else float("nan")


def clean_ipip(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Turn the raw IPIP table (columns ``IPIP_COLUMNS``) into a clean item table.

    ``label`` becomes ``construct``; ``alpha`` is numeric (see ``_alpha``), the source's value
    stays in ``alpha_reported``.
    """
    items = pd.DataFrame(
        {
            "construct": frame["label"].map(normalise_text),
            "text": frame["text"].map(normalise_text),
            "instrument": frame["instrument"].map(normalise_text),
            "alpha": frame["alpha"].map(_alpha),
            "alpha_reported": frame["alpha"].map(normalise_text),
            "key": scoring_keys(frame["key"], source, "key"),
        }
    )
    return finalise_items(items, source)
