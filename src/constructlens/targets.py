"""Target instruments: any item table (CSV or parquet) with an item-text and a construct column."""

import pandas as pd

from .items import finalise_items
from .leadership import neutralise, strip_stem
from .tables import normalise_text, scoring_keys


def clean_table_target(frame: pd.DataFrame, source: str, settings: dict) -> pd.DataFrame:
    """Items of a target table: ``settings`` names ``text_column`` and ``construct_column``,
    optional leading ``stems`` (regular expressions) to remove and ``neutral_wording``, and an
    optional ``key_column`` of scoring keys (1, -1, 0), kept as ``key``, and optional
    ``measure_column`` and ``subscale_column`` naming each item's questionnaire and its
    subscale in it, kept as ``measure`` and ``subscale``.
    A construct with fewer than two items is an error unless ``small_constructs`` is ``skip``."""
    original = frame[settings["text_column"]].map(normalise_text)
    text = original.map(lambda t: strip_stem(t, settings["stems"]))
    if settings["neutral_wording"]:
        text = text.map(neutralise)
    items = pd.DataFrame(
        {
            "construct": frame[settings["construct_column"]].map(normalise_text),
            "text": text.map(normalise_text),
            "text_original": original,
        }
    )
    if settings["key_column"]:
        items["key"] = scoring_keys(frame[settings["key_column"]], source, settings["key_column"])
    for column in ("measure", "subscale"):
        if settings[f"{column}_column"]:
            items[column] = frame[settings[f"{column}_column"]].map(normalise_text)
    return finalise_items(items, source, settings["small_constructs"])
