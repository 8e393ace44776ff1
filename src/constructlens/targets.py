"""Target instruments: any item table (CSV, TSV, Excel or parquet) with an item-text and a
construct column, or the leadership file."""

import logging
import re

import numpy as np
import pandas as pd

from .errors import InputError
from .items import finalise_items, nested_constructs, row_record
from .leadership import (
    LEADERSHIP_COLUMNS,
    LEADERSHIP_TEXT,
    clean_leadership,
    leadership_row_record,
    neutralise,
    without_stem,
)
from .tables import (
    ITEM_CODE,
    normalise_text,
    read_table,
    reliabilities,
    row_numbers,
    scoring_keys,
    without_list_number,
    without_markup,
)

OPTIONAL_COLUMNS = ("key_column", "measure_column", "subscale_column", "alpha_column", "id_column")

log = logging.getLogger(__name__)


def strip_reverse_marker(text: str, marker: str) -> tuple[str, bool]:
    """``text`` without a reverse-keying marker (the regular expression ``marker``, any case) at
    its start or its end, before a closing full stop or not ("Am relaxed most of the time (R)."),
    and whether it had one."""
    pattern = rf"^\s*(?:{marker})\s*|\s*(?:{marker})(?=\s*[.!?]?\s*$)"
    stripped, found = re.subn(pattern, "", text, flags=re.IGNORECASE)
    return stripped.strip(), found > 0


def reverse_keys(
    marked: pd.Series, keys: pd.Series | None, source: str, key_column: str | None
) -> pd.Series | None:
    """Scoring keys given the items ``marked`` reverse-keyed in their text: without a key
    column, -1 for them and 1 for the others (None when no item is marked); with one, its
    ``keys``, which must say -1 for every marked item."""
    if keys is None:
        return pd.Series(np.where(marked, -1, 1), index=marked.index) if marked.any() else None
    conflict = marked & (keys != -1)
    if conflict.any():
        raise InputError(
            source,
            f"{int(conflict.sum())} item(s) marked reverse-keyed in their text but not keyed -1 in "
            f"column '{key_column}' ({row_numbers(marked.index[conflict])})",
        )
    return keys


def read_target(source: str, kind: str, settings: dict, sheet: str | int | None = None) -> pd.DataFrame:
    """The rows of one target's file: the leadership file (``kind`` leadership, ``settings`` the
    leadership config) or an item table (``kind`` table, ``settings`` the target's config);
    ``sheet`` picks the sheet of an Excel workbook."""
    if kind == "leadership":
        return read_table(source, LEADERSHIP_COLUMNS, sheet, free_text=LEADERSHIP_TEXT)
    columns = [settings["text_column"], settings["construct_column"]]
    columns += [settings[name] for name in OPTIONAL_COLUMNS if settings[name]]
    return read_table(source, columns, sheet, free_text=settings["text_column"])


def clean_target(frame: pd.DataFrame, source: str, kind: str, settings: dict) -> pd.DataFrame:
    """The items of one target's rows (``read_target``); items listed under several constructs
    are named in a warning."""
    if kind == "leadership":
        items = clean_leadership(frame, source, settings)
    else:
        items = clean_table_target(frame, source, settings)
    _warn_of_shared_items(items, source)
    return items


def load_target(source: str, kind: str, settings: dict, sheet: str | int | None = None) -> pd.DataFrame:
    """Read and clean one target (``read_target``, ``clean_target``)."""
    return clean_target(read_target(source, kind, settings, sheet), source, kind, settings)


def target_row_record(frame: pd.DataFrame, kind: str, settings: dict, items: pd.DataFrame) -> pd.DataFrame:
    """What became of every row of one target's file (``items.row_record``), with its measure
    and subscale where the target names their columns."""
    if kind == "leadership":
        return leadership_row_record(frame, settings, items)
    construct = frame[settings["construct_column"]].map(normalise_text)
    sources = {
        name: frame[settings[f"{name}_column"]]
        for name in ("measure", "subscale")
        if settings[f"{name}_column"]
    }
    return row_record(frame[settings["text_column"]], construct, items, **sources)


def _warn_of_shared_items(items: pd.DataFrame, source: str) -> None:
    """Warn of items a target lists under two or more constructs: each counts as an item of
    every one of them, so those constructs share it by construction; and of constructs nested
    in another (``nested_constructs``), whose pair has nothing to compare."""
    shared = items[items["multi_construct"]].groupby("text", sort=True)["construct"].agg(", ".join)
    if shared.empty:
        return
    log.warning(
        "%s: %d item(s) listed under more than one construct, each counted as an item of every one: %s%s",
        source,
        len(shared),
        "; ".join(f"{text!r} ({constructs})" for text, constructs in shared.head(5).items()),
        f"; … and {len(shared) - 5} more" if len(shared) > 5 else "",
    )
    nested = [f"{row.construct!r} is one of {row.within!r}" for row in nested_constructs(items).itertuples()]
    if nested:
        log.warning(
            "%s: every item of %s%s: such a pair shares its items by construction, leaving no "
            "items of one alone to compare, so it has no separability or redundancy test and the "
            "pair tables leave it out (a subscale or short form listed apart from its scale, "
            "e.g. as a target of its own, compares with the other constructs)",
            source,
            "; every item of ".join(nested[:5]),
            f"; … and {len(nested) - 5} more" if len(nested) > 5 else "",
        )


def _plain_texts(original: pd.Series, source: str) -> pd.DataFrame:
    """Item texts without markup (``without_markup``) and list numbers
    (``without_list_number``): columns ``text``, ``markup_removed`` and
    ``list_number_removed``, with a warning counting the items that had either: numbers that
    follow a questionnaire's order, one construct after another, would tell its constructs apart
    by themselves."""
    unmarked = original.map(without_markup)
    plain = unmarked.map(without_list_number)
    removed = {
        "markup_removed": (unmarked.ne(original), "HTML markup (tags such as <b>, entities such as &amp;)"),
        "list_number_removed": (plain.ne(unmarked), "a list number before the text (as '1. ')"),
    }
    for changed, what in removed.values():
        if changed.any():
            log.warning(
                "%s: %d item(s) held %s, removed before encoding (text_original keeps them): %s",
                source,
                int(changed.sum()),
                what,
                "; ".join(repr(t) for t in original[changed].head(3)) + (" …" if changed.sum() > 3 else ""),
            )
    return pd.DataFrame({"text": plain} | {name: changed for name, (changed, _) in removed.items()})


FOOTNOTE_MARK = re.compile(r"^\s*[*†‡]|[*†‡]\s*[.!?]?\s*$")  # "Am reserved.*", "*Tend to be lazy"


def _warn_of_footnote_marks(texts: pd.Series, source: str) -> None:
    """Name the items that still start or end with an asterisk or dagger, after any reverse
    marker was removed: printed questionnaires mark reversed items (or footnotes) so, and the
    model would read the mark as a word all such items share."""
    marked = texts[texts.str.contains(FOOTNOTE_MARK)]
    if len(marked):
        log.warning(
            "%s: %d item(s) start or end with *, † or ‡, which the model reads as a word they share: "
            "%s; if it marks reversed items, set reverse_marker to it (as '\\*'), else remove it",
            source,
            len(marked),
            "; ".join(repr(t) for t in marked.head(3)) + (" …" if len(marked) > 3 else ""),
        )


WORDED = re.compile(r"[^\W\d_]+\s+[^\W\d_]+")  # two words in a row


def _check_wordings(original: pd.Series, frame: pd.DataFrame, source: str, column: str) -> None:
    """An error where every item's text reads as a code (``ITEM_CODE``): ``column`` then holds the
    items' ids, not their wording, and the model would compare the codes; it names the columns
    that hold words in most rows. A warning naming the items where only some do."""
    given = original[original.ne("")]
    coded = given[given.str.fullmatch(ITEM_CODE)]
    if coded.empty:
        return
    examples = "; ".join(repr(t) for t in coded.head(3)) + (" …" if len(coded) > 3 else "")
    if len(coded) < len(given):
        log.warning(
            "%s: %d item(s) of column %r read as codes, not wordings: %s; the model compares them as written",
            source,
            len(coded),
            column,
            examples,
        )
        return
    worded = [
        name
        for name in frame.columns
        if name != column and frame[name].astype(str).str.contains(WORDED).mean() >= 0.5
    ]
    hint = f"; column(s) {', '.join(map(repr, worded))} hold words" if worded else ""
    raise InputError(
        source,
        f"column {column!r} (text_column) holds codes such as {examples}, not the items' "
        f"wording, which the model compares: set text_column to the column of wordings{hint}",
    )


def _warn_of_unused_stems(texts: pd.Series, source: str, stems: list[str]) -> None:
    """Name the configured stems that begin no item: most likely misspelt, or their spacing
    differs from the items' (a stem is a regular expression, matched in any case)."""
    unused = [stem for stem in stems if not any(re.match(stem, text, flags=re.IGNORECASE) for text in texts)]
    if unused:
        log.warning(
            "%s: no item begins with stem(s) %s: check the spelling and spacing (a regular "
            "expression, matched in any case at an item's start)",
            source,
            ", ".join(repr(stem) for stem in unused),
        )


def clean_table_target(frame: pd.DataFrame, source: str, settings: dict) -> pd.DataFrame:
    """Items of a target table: ``settings`` names ``text_column`` and ``construct_column``,
    optional leading ``stems`` (regular expressions) to remove, ``plural_stems`` removed alike
    with the verb after them made singular, and ``neutral_wording``, and an
    optional ``key_column`` of scoring keys (1, -1, 0), kept as ``key``; a ``reverse_marker`` in
    an item's text ("(R)") is removed and makes its key -1 (``reverse_keys``), and
    ``reverse_marked`` says which items had one (where any had); optional
    ``measure_column`` and ``subscale_column`` naming each item's questionnaire and its
    subscale in it, kept as ``measure`` and ``subscale``, ``alpha_column``, the Cronbach's α
    of each item's scale, kept as ``alpha`` (and as written, ``alpha_reported``), and
    ``id_column``, the items' ids as a responses table names them, kept as ``item_id``.
    HTML markup and list numbers are removed first (``_plain_texts``; ``markup_removed`` and
    ``list_number_removed`` say which items had them, where any had). A construct with fewer
    than two items is an error unless ``small_constructs`` is ``skip``."""
    original = frame[settings["text_column"]].map(normalise_text)
    _check_wordings(original, frame, source, settings["text_column"])
    plain_texts = _plain_texts(original, source)
    plain = plain_texts["text"]
    _warn_of_unused_stems(plain, source, [*settings["stems"], *settings["plural_stems"]])
    text = plain.map(lambda t: without_stem(t, settings["stems"], settings["plural_stems"]))
    marked = pd.Series(False, index=text.index)
    if settings["reverse_marker"]:
        stripped = text.map(lambda t: strip_reverse_marker(t, settings["reverse_marker"]))
        text, marked = stripped.str[0], stripped.str[1].astype(bool)
    _warn_of_footnote_marks(text, source)
    if settings["neutral_wording"]:
        text = text.map(neutralise)
    items = pd.DataFrame(
        {
            "construct": frame[settings["construct_column"]].map(normalise_text),
            "text": text.map(normalise_text),
            "text_original": original,
        }
    )
    key_column = settings["key_column"]
    keys = scoring_keys(frame[key_column], source, key_column) if key_column else None
    keys = reverse_keys(marked, keys, source, key_column)
    if keys is not None:
        items["key"] = keys
    for flag in ("markup_removed", "list_number_removed"):
        if plain_texts[flag].any():
            items[flag] = plain_texts[flag]
    if marked.any():
        items["reverse_marked"] = marked
        log.info(
            "%s: %d item(s) marked reverse-keyed in their text (reverse_marker), the marker removed%s",
            source,
            int(marked.sum()),
            "" if key_column else "; the others taken as keyed (key 1)",
        )
    if settings["alpha_column"]:
        reported = frame[settings["alpha_column"]]
        items["alpha"] = reliabilities(reported, source, settings["alpha_column"])
        items["alpha_reported"] = reported.fillna("").astype(str).map(normalise_text)
    for column in ("measure", "subscale"):
        if settings[f"{column}_column"]:
            items[column] = frame[settings[f"{column}_column"]].map(normalise_text)
    if settings["id_column"]:
        items["item_id"] = item_ids(
            frame[settings["id_column"]], items["text"], source, settings["id_column"]
        )
    return finalise_items(items, source, settings["small_constructs"])


def item_ids(column: pd.Series, texts: pd.Series, source: str, name: str) -> pd.Series:
    """Item ids as text (a whole number read as 7.0 stays "7"); one id naming two different
    items is an error, as is an item without one."""
    ids = column.map(
        lambda v: "" if pd.isna(v) else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
    )
    ids = ids.map(normalise_text)
    if ids.eq("").any():
        raise InputError(
            source, f"column '{name}': item(s) without an id ({row_numbers(ids.index[ids.eq('')])})"
        )
    clashing = sorted(i for i, named in texts.groupby(ids) if named.nunique() > 1)
    if clashing:
        raise InputError(
            source, f"column '{name}': one id given to different items: {', '.join(clashing[:5])}"
        )
    return ids
