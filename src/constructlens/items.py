"""Item tables shared by every dataset: one row per (construct, text)."""

import logging
import re

import pandas as pd

from .errors import InputError, meant_name
from .tables import normalise_text, row_numbers

log = logging.getLogger(__name__)

MIN_ITEMS_PER_CONSTRUCT = 2
ROW_SEPARATOR = ", "
# what became of a row read (``row_record``)
KEPT, LISTED_AGAIN = "kept", "listed again"
NO_CONSTRUCT = "left out: no construct"
TOO_SMALL = f"left out: construct of fewer than {MIN_ITEMS_PER_CONSTRUCT} items"
_CONTRACTIONS = {"i'm": "am", "i've": "have"}  # "I'm the life of the party." is IPIP's "Am the …"


def item_key(text: str) -> str:
    """What makes two wordings one item: case, punctuation and spacing ignored, and a leading
    first-person "I" dropped, since IPIP items leave it out ("Am the life of the party.")."""
    words = re.findall(r"[^\W_]+(?:'[^\W_]+)?", text.casefold().replace("\u2019", "'"))
    if words and words[0] in _CONTRACTIONS:
        words[0] = _CONTRACTIONS[words[0]]
    elif len(words) > 1 and words[0] == "i":
        words = words[1:]
    return " ".join(word.replace("'", "") for word in words)


def _marks_pair_up(text: str) -> bool:
    """Whether every quotation mark and bracket ``text`` opens is closed."""
    return text.count('"') % 2 == 0 and text.count("(") == text.count(")")


def _ends_sentence(text: str) -> bool:
    """Whether ``text`` ends in a full stop, question or exclamation mark (a closing quote or
    bracket after it allowed)."""
    return text.rstrip("\"')").endswith((".", "?", "!"))


def one_wording_per_item(items: pd.DataFrame, source: str) -> pd.DataFrame:
    """``items`` with every text written as the one wording of its item (``item_key``): the
    most frequent of its wordings, then one whose quotation marks and brackets pair up, then
    one ending a sentence, then the first in sort order. IPIP lists "Often feel blue." and
    "Often feel blue" (and "Feel comfortable around people" under ten constructs, once without
    its full stop); as two texts, one could be trained on and the other held out."""
    keys = items["text"].map(item_key)
    wording = {}
    for key, texts in items["text"].groupby(keys, sort=False):
        counts = texts.value_counts()
        wording[key] = min(
            counts.index,
            key=lambda text: (-counts[text], not _marks_pair_up(text), not _ends_sentence(text), text),
        )
    text = keys.map(wording)
    changed = text != items["text"]
    if changed.any():
        shown = [f"{old!r} → {new!r}" for old, new in zip(items["text"][changed], text[changed], strict=True)]
        log.warning(
            "%s: %d row(s) reworded as another wording of the same item (differing only in case, "
            "punctuation, spacing or a leading 'I'): %s%s",
            source,
            int(changed.sum()),
            "; ".join(shown[:5]),
            f"; … and {len(shown) - 5} more" if len(shown) > 5 else "",
        )
    return items.assign(text=text)


def name_key(name: str) -> str:
    """A construct's name with case, spacing and punctuation aside ("selfefficacy")."""
    return re.sub(r"[\W_]+", "", name.casefold())


def as_construct_names(
    names: list[str], constructs: list[str], source: str, template: str = "{}"
) -> list[str]:
    """``names`` as a side table (correlations, definitions) writes the target's constructs, each
    that is not one of ``constructs`` but differs from exactly one only in case, spacing or
    punctuation ("servant", "Self efficacy"), or from its name as the target's ``template``
    reads it ("Servant leadership" for "{} leadership"), read as that one, and logged."""
    by_key: dict[str, set[str]] = {}
    for construct in constructs:
        for written in (construct, template.format(construct)):
            by_key.setdefault(name_key(written), set()).add(construct)
    read = {
        name: next(iter(by_key[name_key(name)]))
        for name in set(names) - set(constructs)
        if len(by_key.get(name_key(name), ())) == 1
    }
    if read:
        log.info(
            "%s: read as the target's constructs: %s",
            source,
            ", ".join(f"{name!r} as {construct!r}" for name, construct in sorted(read.items())),
        )
    return [read.get(name, name) for name in names]


def warn_of_unknown_names(names, constructs: list[str], source) -> None:
    """Warn that a side table's ``names`` that are not the target's ``constructs`` are left
    out, each beside the construct it most likely misspells ('Dedicaton' (did you mean
    'Dedication'?))."""
    unknown = sorted(set(names) - set(constructs) - {""})
    if not unknown:
        return
    shown = []
    for name in unknown:
        meant = meant_name(name, constructs, key=name_key)
        shown.append(name + (f" (did you mean {meant!r}?)" if meant else ""))
    log.warning("%s: not constructs of the target, left out: %s", source, ", ".join(shown))


def _warn_of_alike_names(constructs: pd.Series, source: str) -> None:
    """Warn of construct names that differ only in case, spacing or punctuation ("Self-efficacy"
    and "Self efficacy"): most likely one construct written two ways, which stays two here."""
    names = pd.Series(constructs.unique())
    groups = names.groupby(names.map(name_key)).agg(sorted)
    alike = [group for group in groups if len(group) > 1]
    if alike:
        log.warning(
            "%s: construct names that differ only in case, spacing or punctuation are kept as "
            "different constructs: %s; write each alike if it is one construct",
            source,
            "; ".join(" and ".join(repr(name) for name in group) for group in alike),
        )


def _small_constructs_named(items: pd.DataFrame, small: list[str]) -> str:
    """Each of the ``small`` constructs with the rows listing it and, where another construct's
    name is alike, the one it most likely misspells: "'job satisfaction' (row(s) 5, as a
    spreadsheet numbers them; did you mean 'Job satisfaction'?)"."""
    others = sorted(set(items["construct"]) - set(small))
    shown = []
    for name in small:
        meant = meant_name(name, others, key=name_key)
        rows = row_numbers(items.index[items["construct"].eq(name)])
        shown.append(f"{name!r} ({rows}" + (f"; did you mean {meant!r}?)" if meant else ")"))
    return ", ".join(shown)


def finalise_items(items: pd.DataFrame, source: str, small_constructs: str = "skip") -> pd.DataFrame:
    """Check, de-duplicate and annotate a table with at least ``construct`` and ``text``.

    - an empty text or construct, or one of nothing but punctuation (a spreadsheet's "-" for
      an item left out), is an error naming the rows (the table's index: row numbers as
      ``tables.read_table`` gives them, the header being row 1);
    - construct names that differ only in case, spacing or punctuation are named in a warning;
    - wordings of one item that differ only in case, punctuation, spacing or a leading "I"
      become one text (``one_wording_per_item``);
    - the same text twice in one construct (e.g. one item in two instruments) is kept once,
      naming every source it was listed by and the α each reports (``_with_every_source``);
      ``rows`` names the rows of the source listing it (the table's index, joined by
      ``ROW_SEPARATOR``), the first of them the row kept;
    - constructs with fewer than two distinct items have no pair and no within-construct
      similarity: dropped with a warning (``small_constructs="skip"``; an error if fewer than
      two constructs are left) or an error (``"error"``);
    - ``n_constructs`` counts the constructs a text belongs to; ``multi_construct`` flags >1.
    Rows come back sorted by construct and text, so outputs do not depend on input order.
    """
    worded = items["text"].str.contains(r"\w", na=False) & items["construct"].str.contains(r"\w", na=False)
    empty = ~worded
    if empty.any():
        raise InputError(
            source,
            f"{int(empty.sum())} item(s) with empty text or construct, or one of nothing but "
            f"punctuation ({row_numbers(items.index[empty])})",
        )
    _warn_of_alike_names(items["construct"], source)
    items = one_wording_per_item(items, source)
    listings = items.index.to_series().astype(str).groupby([items["construct"], items["text"]], sort=False)
    items["rows"] = listings.transform(ROW_SEPARATOR.join)
    duplicated = items.duplicated(["construct", "text"])
    if duplicated.any():
        shown = items.loc[duplicated].head(5)
        log.warning(
            "%s: %d duplicated (construct, text) row(s) kept once: %s%s",
            source,
            int(duplicated.sum()),
            "; ".join(f"row {i}, {row.construct}: {row.text!r}" for i, row in shown.iterrows()),
            f"; … and {int(duplicated.sum()) - len(shown)} more" if duplicated.sum() > len(shown) else "",
        )
        items = _with_every_source(items).loc[~duplicated]
    sizes = items.groupby("construct")["text"].transform("size")
    small = sorted(items.loc[sizes < MIN_ITEMS_PER_CONSTRUCT, "construct"].unique())
    if small and small_constructs == "error":
        raise InputError(
            source,
            f"construct(s) with fewer than 2 items: {_small_constructs_named(items, small)}; a "
            "construct needs two items to be compared with itself: mend its name, add items, or "
            "set the target's small_constructs: skip to leave it out with a warning",
        )
    if small:
        log.warning(
            "%s: skipped construct(s) with fewer than 2 items: %s",
            source,
            _small_constructs_named(items, small),
        )
        items = items.loc[sizes >= MIN_ITEMS_PER_CONSTRUCT]
    if items["construct"].nunique() < 2:
        raise InputError(source, "fewer than 2 constructs with at least 2 items each")
    items = items.sort_values(["construct", "text"], kind="stable").reset_index(drop=True)
    items["n_constructs"] = items.groupby("text")["construct"].transform("nunique").astype("int64")
    items["multi_construct"] = items["n_constructs"] > 1
    return items


def row_record(
    read_text: pd.Series, read_construct: pd.Series, items: pd.DataFrame, **read_columns: pd.Series
) -> pd.DataFrame:
    """What became of every row read: one row per row of the source (``read_text``, its item
    text as the cell holds it, indexed by the row as a spreadsheet numbers it, or an SPSS or
    Stata file's case), with the construct it was listed under (``read_construct``; missing
    where it matched none), and of ``items`` (``finalise_items``' output) the text it was kept
    as and its ``outcome``: ``kept`` (the item's first listing), ``listed again`` (the same item
    in the same construct listed first at ``first_row``, kept once), ``left out: construct of
    fewer than 2 items`` or ``left out: no construct``; ``reworded`` where the text kept differs
    from the cell beyond spacing and quote marks (a stem removed, neutral wording, one wording
    per item). ``read_columns`` are more cells of each row as read, added as columns of their
    names."""
    kept_as = {}
    for text, rows in zip(items["text"], items["rows"], strict=True):
        listed = rows.split(ROW_SEPARATOR)
        kept_as |= {row: (text, listed[0]) for row in listed}
    records = []
    for row, cell in read_text.items():
        construct = read_construct.get(row)
        text, first = kept_as.get(str(row), ("", ""))
        if first:
            outcome = KEPT if first == str(row) else LISTED_AGAIN
        else:
            outcome = NO_CONSTRUCT if pd.isna(construct) else TOO_SMALL
        records.append(
            {
                "row": row,
                "construct": "" if pd.isna(construct) else construct,
                "text_read": cell,
                "text": text,
                "outcome": outcome,
                "first_row": int(first) if outcome == LISTED_AGAIN else pd.NA,
                "reworded": bool(text) and text != normalise_text(cell),
            }
        )
    columns = ["row", "construct", "text_read", "text", "outcome", "first_row", "reworded"]
    record = pd.DataFrame(records, columns=columns).astype({"first_row": "Int64"})
    return record.assign(**{name: cells.to_numpy() for name, cells in read_columns.items()})


def row_outcome_counts(record: pd.DataFrame) -> str:
    """A ``row_record`` in one line: rows read, how many had each outcome, how many reworded."""
    counts = record["outcome"].value_counts(sort=False)
    outcomes = "; ".join(f"{outcome} {count:,}" for outcome, count in counts.sort_index().items())
    return f"{len(record):,} rows read: {outcomes}; {int(record['reworded'].sum()):,} of them reworded"


def nested_constructs(items: pd.DataFrame) -> pd.DataFrame:
    """Constructs every item of which is also an item of another (``construct`` within
    ``within``, ``n_items`` of them; of two constructs with the same items, the first by name
    within the second). Pair analyses compare the items of one construct that are not items of
    the other, so such a pair has nothing to compare: no separability, no redundancy test."""
    texts = items.groupby("construct", sort=True)["text"].agg(frozenset)
    shared = set(items.loc[items["multi_construct"], "construct"])  # only these can be nested
    rows = [
        {"construct": inner, "within": outer, "n_items": len(texts[inner])}
        for inner in sorted(shared)
        for outer in texts.index
        if outer != inner
        and texts[inner] <= texts[outer]
        and (len(texts[inner]) < len(texts[outer]) or inner < outer)
    ]
    return pd.DataFrame(rows, columns=["construct", "within", "n_items"])


SOURCE_COLUMNS = ("instrument", "measure", "subscale")
LISTING_COLUMNS = (*SOURCE_COLUMNS, "alpha_reported")  # what one listing of an item says
SOURCE_SEPARATOR = " | "


def _with_every_source(items: pd.DataFrame) -> pd.DataFrame:
    """The first row of a (construct, text) listed by several sources (IPIP instruments, target
    measures and subscales) names them all, each with the α it reports: a column of
    ``LISTING_COLUMNS`` whose values differ holds every listing's value joined by
    ``SOURCE_SEPARATOR``, in the order of the listings; one that agrees, the one value
    (``sources`` reads them back)."""
    columns = [c for c in LISTING_COLUMNS if c in items]
    listings = items[["construct", "text", *columns]].drop_duplicates()
    several = listings[listings.duplicated(["construct", "text"], keep=False)]
    items = items.copy()
    for (construct, text), group in several.groupby(["construct", "text"], sort=False):
        first = items.index[(items["construct"] == construct) & (items["text"] == text)][0]
        for column in columns:
            values = group[column].fillna("").astype(str).tolist()
            items.at[first, column] = values[0] if len(set(values)) == 1 else SOURCE_SEPARATOR.join(values)
    return items


def sources(row: pd.Series, columns: list[str]) -> frozenset:
    """Every source of one item row: tuples of its values of ``columns`` (e.g. measure and
    subscale), one per listing as ``_with_every_source`` joined them; empty when its first
    column is empty (no named source)."""
    values = [str(row[c]) if pd.notna(row[c]) else "" for c in columns]
    parts = [value.split(SOURCE_SEPARATOR) for value in values]
    n_listings = max(len(p) for p in parts)
    if any(len(p) not in (1, n_listings) for p in parts):  # a name holding the separator itself
        parts = [[value] for value in values]
        n_listings = 1
    parts = [[v.strip() for v in (p if len(p) == n_listings else p * n_listings)] for p in parts]
    return frozenset(listing for listing in zip(*parts, strict=True) if listing[0])


def construct_stats(items: pd.DataFrame) -> pd.DataFrame:
    """One row per construct: item count, items shared with other constructs, sources."""
    grouped = items.groupby("construct", sort=True)
    stats = pd.DataFrame(
        {
            "n_items": grouped.size(),
            "n_multi_construct_items": grouped["multi_construct"].sum().astype("int64"),
        }
    )
    if "instrument" in items:
        stats["instruments"] = grouped["instrument"].agg(
            lambda s: ";".join(sorted({i for value in s for i in value.split(SOURCE_SEPARATOR)}))
        )
    if "alpha" in items:
        stats["mean_alpha"] = grouped["alpha"].mean().round(4)
    return stats.reset_index()
