"""Clean the International Personality Item Pool (IPIP) table."""

import pandas as pd

from .items import finalise_items, row_record
from .tables import alpha_value, normalise_text, scoring_keys

IPIP_COLUMNS = ["instrument", "alpha", "key", "text", "label"]


def clean_ipip(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Turn the raw IPIP table (columns ``IPIP_COLUMNS``) into a clean item table.

    ``label`` becomes ``construct``; ``alpha`` is numeric (see ``tables.alpha_value``), the
    source's value stays in ``alpha_reported``.
    """
    items = pd.DataFrame(
        {
            "construct": frame["label"].map(normalise_text),
            "text": frame["text"].map(normalise_text),
            "instrument": frame["instrument"].map(normalise_text),
            "alpha": frame["alpha"].map(alpha_value),
            "alpha_reported": frame["alpha"].map(normalise_text),
            "key": scoring_keys(frame["key"], source, "key"),
        }
    )
    return finalise_items(items, source)


def ipip_row_record(frame: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """What became of every row of the raw IPIP table (``items.row_record``)."""
    return row_record(frame["text"], frame["label"].map(normalise_text), items)
