"""Target instruments: any item table (CSV, TSV, Excel or parquet) with an item-text and a
construct column, or the leadership file."""

import pandas as pd

from .items import finalise_items
from .leadership import LEADERSHIP_COLUMNS, LEADERSHIP_TEXT, clean_leadership, neutralise, strip_stem
from .tables import normalise_text, read_table, reliabilities, scoring_keys

OPTIONAL_COLUMNS = ("key_column", "measure_column", "subscale_column", "alpha_column")


def load_target(source: str, kind: str, settings: dict, sheet: str | int | None = None) -> pd.DataFrame:
    """Read and clean one target: the leadership file (``kind`` leadership, ``settings`` the
    leadership config) or an item table (``kind`` table, ``settings`` the target's config);
    ``sheet`` picks the sheet of an Excel workbook."""
    if kind == "leadership":
        frame = read_table(source, LEADERSHIP_COLUMNS, sheet, free_text=LEADERSHIP_TEXT)
        return clean_leadership(frame, source, settings)
    columns = [settings["text_column"], settings["construct_column"]]
    columns += [settings[name] for name in OPTIONAL_COLUMNS if settings[name]]
    frame = read_table(source, columns, sheet, free_text=settings["text_column"])
    return clean_table_target(frame, source, settings)


def clean_table_target(frame: pd.DataFrame, source: str, settings: dict) -> pd.DataFrame:
    """Items of a target table: ``settings`` names ``text_column`` and ``construct_column``,
    optional leading ``stems`` (regular expressions) to remove and ``neutral_wording``, and an
    optional ``key_column`` of scoring keys (1, -1, 0), kept as ``key``, and optional
    ``measure_column`` and ``subscale_column`` naming each item's questionnaire and its
    subscale in it, kept as ``measure`` and ``subscale``, and ``alpha_column``, the Cronbach's α
    of each item's scale, kept as ``alpha`` (and as written, ``alpha_reported``).
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
    if settings["alpha_column"]:
        reported = frame[settings["alpha_column"]]
        items["alpha"] = reliabilities(reported, source, settings["alpha_column"])
        items["alpha_reported"] = reported.fillna("").astype(str).map(normalise_text)
    for column in ("measure", "subscale"):
        if settings[f"{column}_column"]:
            items[column] = frame[settings[f"{column}_column"]].map(normalise_text)
    return finalise_items(items, source, settings["small_constructs"])
