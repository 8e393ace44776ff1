"""Read item tables (CSV or parquet) with checks that name the file and the problem."""

import csv
import io
import logging
import re
from pathlib import Path

import pandas as pd

from .encoding import read_text
from .errors import InputError

log = logging.getLogger(__name__)


def _strict_rows(text: str) -> list[list[str]] | None:
    """Parse CSV strictly; return None when quoting is broken or a row has the wrong width."""
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline=""), strict=True) if row]
    except csv.Error:
        return None
    width = len(rows[0]) if rows else 0
    return rows if all(len(row) == width for row in rows) else None


def _unquote(field: str) -> str:
    if len(field) >= 2 and field[0] == field[-1] == '"':
        field = field[1:-1]
    return field.replace('""', '"')


def _free_text_rows(text: str, width: int) -> list[list[str]]:
    """Recover rows whose last column is free text with broken quotes or line breaks.

    A record starts at a line whose first ``width - 1`` fields are plain (or fully quoted)
    values followed by a comma; every other line continues the previous record's text.
    """
    lead = r'(?:"[^"\r\n]*"|[^",\r\n]*)'
    record_start = re.compile(rf"^({lead}(?:,{lead}){{{width - 2}}}),(.*)$")
    rows: list[list[str]] = []
    for line in re.split(r"\r\n|\r|\n", text)[1:]:
        match = record_start.match(line)
        if match and match.group(1)[:1] not in ("", ","):
            lead_fields = next(csv.reader([match.group(1)]))
            rows.append([*lead_fields, match.group(2)])
        elif rows:
            rows[-1][-1] += "\n" + line
        elif line.strip():
            raise ValueError(f"line after the header does not start a record: {line[:60]!r}")
    for row in rows:
        last = row[-1].strip()
        if last.startswith('"'):
            last = last[1:]
            last = last[:-1] if last.endswith('"') else last
        row[-1] = last.replace('""', '"')
    return rows


def parse_csv(text: str, source: str | Path) -> pd.DataFrame:
    """Parse CSV text into a DataFrame of strings (blank rows dropped)."""
    if not text.strip():
        raise InputError(source, "file is empty")
    rows = _strict_rows(text)
    if rows is None:
        header = next(csv.reader(io.StringIO(text)))
        try:
            rows = [header, *_free_text_rows(text, len(header))]
        except ValueError as error:
            raise InputError(source, f"malformed CSV: {error}") from None
        log.warning(
            "%s: broken quoting; recovered %d records by reading the last column (%s) as free text",
            source,
            len(rows) - 1,
            header[-1],
        )
    header, body = rows[0], rows[1:]
    frame = pd.DataFrame(body, columns=[name.strip() for name in header], dtype=str)
    blank = frame.apply(lambda column: column.str.strip().eq("")).all(axis=1)
    return frame.loc[~blank].reset_index(drop=True)


def read_table(path: str | Path, required: list[str]) -> pd.DataFrame:
    """Read a CSV (encoding detected) or parquet item table and check its columns."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    if path.suffix == ".parquet":
        try:
            frame = pd.read_parquet(path).astype(str)
        except (OSError, ValueError) as error:
            raise InputError(path, f"not a readable parquet file: {error}") from None
    else:
        text, _ = read_text(path)
        frame = parse_csv(text, path)
    missing = [name for name in required if name not in frame.columns]
    if missing:
        raise InputError(
            path,
            f"missing column(s) {', '.join(missing)}; found {', '.join(frame.columns)}",
        )
    if frame.empty:
        raise InputError(path, "no data rows")
    return frame


_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise_text(text: str) -> str:
    """Collapse whitespace (line breaks, no-break spaces) and fold curly quotes to ASCII.

    Folding matters: IPIP holds "Feel others’ emotions." (BFAS) and "Feel others' emotions."
    (five other scales); they are one item and must be recognised as one.
    """
    return " ".join(text.translate(_TYPOGRAPHIC).split())


def scoring_keys(column: pd.Series, source: str | Path, name: str) -> pd.Series:
    """Scoring key of every item: +1 (keyed), -1 (reverse keyed) or 0 (unscored in its scale);
    anything else is an error naming the file and the column."""
    keys = pd.to_numeric(column.astype(str).str.strip(), errors="coerce")
    bad = keys.isna() | ~keys.isin([-1, 0, 1])
    if bad.any():
        values = ", ".join(sorted(set(column[bad].astype(str)))[:5])
        raise InputError(source, f"column '{name}' must be 1, -1 or 0; found {values}")
    return keys.astype("int64")
