"""Read item tables with checks that name the file and the problem.

The format is detected from the file's first bytes, not its name: an Excel workbook (.xlsx),
parquet, an SPSS (.sav, .zsav) or Stata (.dta) data file, or delimited text — comma, semicolon
(what Excel writes where the decimal mark is a comma) or tab (Excel's "Unicode text", UTF-16)
— whose encoding is detected too.
"""

import csv
import html
import io
import logging
import re
import zipfile
from pathlib import Path

import pandas as pd

from .encoding import read_text
from .errors import InputError, meant_name

log = logging.getLogger(__name__)

DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")  # 0,45 as some locales print 0.45
ITEM_CODE = re.compile(r"\S*\d\S*")  # "EXT1", "Q12", "7": one token holding a digit, an item's code
DELIMITERS = (",", ";", "\t")
_HEADER_ROWS = 10  # a table's header is looked for in this many rows from the top
CASES = "case"  # the index name of a data file's rows (SPSS, Stata): cases, numbered from 1
# a file's first bytes → its format
_MAGIC = {
    b"PK\x03\x04": "workbook",  # .xlsx, a zip archive
    b"\xd0\xcf\x11\xe0": "old_workbook",  # .xls
    b"PAR1": "parquet",
    b"$FL2": "spss",  # .sav
    b"$FL3": "spss",  # .zsav, compressed
    b"<stata_dta>": "stata",  # Stata 13 and later
    # Stata 8 to 12: the format (113-115), the byte order, then 1 and 0
    **{bytes([version, order, 1, 0]): "stata" for version in (113, 114, 115) for order in (1, 2)},
}


def _strict_rows(text: str, delimiter: str) -> list[list[str]] | None:
    """Parse CSV strictly; return None when quoting is broken or a row has the wrong width."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    while rows and not rows[0]:  # empty lines above the header
        rows.pop(0)
    width = len(rows[0]) if rows else 0
    rows = [row or [""] * width for row in rows]  # an empty line below it is a blank row, still counted
    return rows if all(len(row) == width for row in rows) else None


def _free_text_rows(text: str, width: int, delimiter: str) -> list[list[str]]:
    """Recover rows whose last column is free text with broken quotes or line breaks.

    A record starts at a line whose first ``width - 1`` fields are plain (or fully quoted)
    values followed by the delimiter; every other line continues the previous record's text.
    """
    d = re.escape(delimiter)
    lead = rf'(?:"[^"\r\n]*"|[^"{d}\r\n]*)'
    record_start = re.compile(rf"^({lead}(?:{d}{lead}){{{width - 2}}}){d}(.*)$")
    rows: list[list[str]] = []
    for line in re.split(r"\r\n|\r|\n", text.lstrip("\r\n"))[1:]:  # the header, below any empty lines
        match = record_start.match(line)
        if match and match.group(1)[:1] not in ("", delimiter):
            lead_fields = next(csv.reader([match.group(1)], delimiter=delimiter))
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


def _names(line: str, delimiter: str) -> set[str]:
    """The column names a header ``line`` holds when split at ``delimiter``."""
    return {name.strip() for name in next(csv.reader([line], delimiter=delimiter), [])}


def guess_delimiter(text: str, required: list[str]) -> str:
    """Of the delimiters whose header row holds every ``required`` column (any, when none is
    required), the one that splits the header into most columns; so also where none holds them
    (a missing-column error then lists real names)."""
    first_line = text.lstrip().splitlines()[0] if text.strip() else ""
    headers = {d: _names(first_line, d) for d in DELIMITERS}
    complete = [d for d in DELIMITERS if set(required) <= headers[d]]
    return max(complete or DELIMITERS, key=lambda d: len(headers[d]))


def _header_line(text: str, required: list[str]) -> int:
    """The line (1-based) of the first of the top ``_HEADER_ROWS`` lines that holds every
    ``required`` column name under one of the delimiters; 1 where none does."""
    for number, line in enumerate(text.splitlines()[:_HEADER_ROWS], start=1):
        if any(set(required) <= _names(line, delimiter) for delimiter in DELIMITERS):
            return number
    return 1


def _misfit(text: str, delimiter: str) -> str:
    """Where strict parsing fails, and the likely mend: the first record whose quoting is
    broken or whose number of cells differs from the header's, by the line it starts on (as an
    editor numbers lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    width, start = None, 1
    try:
        for row in reader:
            if width is None:
                width = len(row) or None  # empty lines above the header
            elif row and len(row) > width:
                return (
                    f"the record starting on line {start} has {len(row)} cells, the header {width}; "
                    f"quote a cell that holds the delimiter {delimiter!r}"
                )
            elif row and len(row) < width:
                return (
                    f"the record starting on line {start} has {len(row)} cells, the header {width}; "
                    "give every row all its cells, empty ones too, and quote a cell that holds a "
                    "line break"
                )
            start = reader.line_num + 1
    except csv.Error as error:
        return (
            f"the record starting on line {start}: {error}; close every quote it opens, and "
            'write a quote inside a quoted cell as two ("")'
        )
    return "unreadable"


def parse_csv(
    text: str, source: str | Path, delimiter: str = ",", free_text: str | None = None
) -> pd.DataFrame:
    """Parse delimited text into a DataFrame of strings (blank rows dropped).

    Broken quoting is recovered only where the last column is ``free_text`` (the item text,
    whose stray quotes and line breaks are read as text); elsewhere it is an error naming the
    line, since reading a misplaced cell as text would silently merge records.
    """
    if not text.strip():
        raise InputError(source, "file is empty")
    rows = _strict_rows(text, delimiter)
    if rows is None:
        header = next(csv.reader(io.StringIO(text.lstrip("\r\n")), delimiter=delimiter))
        if free_text is None or header[-1].strip() != free_text:
            raise InputError(source, f"malformed CSV: {_misfit(text, delimiter)}")
        try:
            rows = [header, *_free_text_rows(text, len(header), delimiter)]
        except ValueError as error:
            raise InputError(source, f"malformed CSV: {error}") from None
        log.warning(
            "%s: broken quoting; recovered %d records by reading the last column (%s) as free text",
            source,
            len(rows) - 1,
            header[-1],
        )
    header, body = rows[0], rows[1:]
    return _without_blank_rows(pd.DataFrame(body, columns=header, dtype=str), source)


def _without_blank_rows(frame: pd.DataFrame, source: str | Path, header_row: int = 1) -> pd.DataFrame:
    """Every cell as text (a missing cell is ""), column names stripped, blank rows of
    ``source`` dropped, their number logged.

    The index is each row's number as a spreadsheet shows it (the header is row
    ``header_row``), kept through the blank rows, so that an error can point at the row to mend;
    ``header_row`` 0 marks a data file without one (SPSS, Stata), whose rows are cases numbered
    from 1, as those programs show them (an index named ``CASES``).
    """
    frame = frame.astype(object).where(frame.notna(), "").astype(str)
    frame.columns = [str(name).strip() for name in frame.columns]
    frame.index = pd.RangeIndex(
        header_row + 1, header_row + 1 + len(frame), name=CASES if header_row == 0 else None
    )
    blank = frame.apply(lambda column: column.str.strip().eq("")).all(axis=1)
    if blank.any():
        log.info(
            "%s: %d blank row(s) skipped (%s)", source, int(blank.sum()), row_numbers(frame.index[blank])
        )
    return frame.loc[~blank]


def _header_row(cells: pd.DataFrame, required: list[str]) -> int:
    """The 0-based position of the first of a sheet's top ``_HEADER_ROWS`` rows that holds every
    ``required`` column name (a title or a note may stand above it); 0 where none does."""
    for position in range(min(_HEADER_ROWS, len(cells))):
        names = {str(cell).strip() for cell in cells.iloc[position]}
        if set(required) <= names:
            return position
    return 0


def _is_opendocument(path: Path) -> bool:
    """Whether a zip archive is an OpenDocument file (LibreOffice's .ods), by its mimetype entry."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def read_workbook(
    path: Path, sheet: str | int | None, required: tuple[str, ...] | list[str] = ()
) -> pd.DataFrame:
    """One sheet of an Excel workbook (the first unless ``sheet`` names one or gives its
    0-based position); its header the first row that names every ``required`` column (rows
    above it, such as a title, are left out with a warning), else the first. A cell reads as
    written: "NA" (negative affect, say) is a label, not a missing value; only an empty cell
    is empty."""
    try:
        workbook = pd.ExcelFile(path, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        if _is_opendocument(path):
            raise InputError(
                path, "an OpenDocument spreadsheet (.ods) is not read; save it as .xlsx or CSV"
            ) from None
        raise InputError(path, f"not a readable Excel workbook: {error}") from None
    with workbook:
        names = workbook.sheet_names
        known = sheet is None or (sheet in range(len(names)) if isinstance(sheet, int) else sheet in names)
        if not known:
            raise InputError(path, f"no sheet {sheet!r}; the workbook has {', '.join(map(repr, names))}")
        cells = pd.read_excel(
            workbook, sheet_name=sheet or 0, dtype=object, keep_default_na=False, header=None
        )
    at = _header_row(cells, list(required))
    if at:
        log.warning("%s: the header is row %d; the %d row(s) above it left out", path, at + 1, at)
    # the header as written: pandas would rename a second "text" column "text.1"
    header = [str(name) for name in cells.iloc[at]] if len(cells) else []
    return _without_blank_rows(pd.DataFrame(cells.iloc[at + 1 :].to_numpy(), columns=header), path, at + 1)


def file_format(path: Path) -> str:
    """The format of a file, read from its first bytes (``_MAGIC``); "text" for any other."""
    with path.open("rb") as handle:
        head = handle.read(max(map(len, _MAGIC)))
    return next((name for magic, name in _MAGIC.items() if head.startswith(magic)), "text")


def read_spss(path: Path) -> pd.DataFrame:
    """An SPSS data file: a column per variable, a row per case, numbered as SPSS's data view
    numbers them (from 1). Value labels are left aside, so answers stay the codes they were
    entered as; user-defined missing values are missing."""
    import pyreadstat

    try:
        frame, _ = pyreadstat.read_sav(str(path), apply_value_formats=False, user_missing=False)
    except pyreadstat.ReadstatError as error:
        raise InputError(path, f"not a readable SPSS data file: {error}") from None
    return _without_blank_rows(frame, path, header_row=0)


def read_stata(path: Path) -> pd.DataFrame:
    """A Stata data file, as ``read_spss`` reads an SPSS one: value labels left aside, Stata's
    missing values (., .a, …) missing."""
    try:
        frame = pd.read_stata(path, convert_categoricals=False)
    except (ValueError, OSError) as error:
        raise InputError(path, f"not a readable Stata data file: {error}") from None
    return _without_blank_rows(frame, path, header_row=0)


def variable_labels(path: str | Path) -> pd.Series | None:
    """The variable labels of an SPSS or Stata data file by variable name (where a
    questionnaire's data keep an item's text), "" for a variable without one; None for any
    other file."""
    path = Path(path)
    found = file_format(path)
    if found == "spss":
        import pyreadstat

        _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
        labels = {name: meta.column_names_to_labels.get(name) for name in meta.column_names}
    elif found == "stata":
        with pd.io.stata.StataReader(path) as reader:
            labels = reader.variable_labels()
    else:
        return None
    return pd.Series({name.strip(): label or "" for name, label in labels.items()}, dtype=object)


def _meant_columns(missing: list[str], columns) -> str:
    """The found column each missing one most likely is, ignoring case ('Item' for item, 'itm'
    for item), as the config's key for it should name it: ' (did you mean 'Item'?)'."""
    meant = {name: meant_name(name, columns) for name in missing}
    guesses = [
        f"{match!r}" + (f" for {name}" if len(missing) > 1 else "") for name, match in meant.items() if match
    ]
    return f" (did you mean {', '.join(guesses)}?)" if guesses else ""


def read_table(
    path: str | Path, required: list[str], sheet: str | int | None = None, free_text: str | None = None
) -> pd.DataFrame:
    """Read an item table (format and encoding detected) and check its columns.

    ``sheet`` chooses the sheet of an Excel workbook and is an error for any other format;
    ``free_text`` names the column of item text, whose broken quoting a CSV may recover from
    where it is the last column (see ``parse_csv``).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    found = file_format(path)
    if found == "old_workbook":
        raise InputError(path, "old Excel format (.xls) is not read; save it as .xlsx or CSV")
    if sheet is not None and found != "workbook":
        raise InputError(path, f"sheet {sheet!r} given, but this is not an Excel workbook")
    text = None  # of a delimited file
    if found == "workbook":
        frame = read_workbook(path, sheet, required)
    elif found == "spss":
        frame = read_spss(path)
    elif found == "stata":
        frame = read_stata(path)
    elif found == "parquet":
        try:
            frame = _without_blank_rows(pd.read_parquet(path), path)
        except (OSError, ValueError) as error:
            raise InputError(path, f"not a readable parquet file: {error}") from None
    else:
        text, _ = read_text(path)
        frame = parse_csv(text, path, guess_delimiter(text, required), free_text)
    twice = sorted({name for name in required if list(frame.columns).count(name) > 1})
    if twice:
        raise InputError(path, f"more than one column named {', '.join(twice)}; rename all but one")
    missing = [name for name in required if name not in frame.columns]
    if missing:
        below = _header_line(text, required) if text else 1
        hint = f"; line {below} holds them: delete the lines above it" if below > 1 else ""
        raise InputError(
            path,
            f"missing column(s) {', '.join(missing)}; found {', '.join(map(str, frame.columns))}"
            f"{_meant_columns(missing, frame.columns)}{hint}",
        )
    if frame.empty:
        raise InputError(path, "no data rows")
    return frame


def read_tsv(path) -> pd.DataFrame:
    """A result table this workflow wrote: an empty cell is missing, any other cell as written,
    so that a construct, model or target called "NA" (negative affect, say) stays a name."""
    return pd.read_csv(path, sep="\t", keep_default_na=False, na_values=[""])


def optional_tsv(path) -> pd.DataFrame | None:
    """A result table a rule may be given or not: an optional input Snakemake hands a script
    as an empty list where the config gives the target nothing to make it from."""
    return read_tsv(path) if isinstance(path, str) else None


_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise_text(text: str) -> str:
    """Collapse whitespace (line breaks, no-break spaces) and fold curly quotes to ASCII.

    Folding matters: IPIP holds "Feel others’ emotions." (BFAS) and "Feel others' emotions."
    (five other scales); they are one item and must be recognised as one.
    """
    return " ".join(text.translate(_TYPOGRAPHIC).split())


BLOCK_TAG = re.compile(r"<\s*/?\s*(?:br|p|div|li|tr|td)\b[^<>]*>", re.IGNORECASE)  # a line or cell break
INLINE_TAG = re.compile(r"</?[A-Za-z][^<>]*>")  # <b>, </span>, <font color="red">


def without_markup(text: str) -> str:
    """``text`` without HTML tags (a break read as a space) and with its character entities
    decoded (``&amp;`` → &), as survey software's question texts, and items copied from them,
    hold them."""
    return normalise_text(html.unescape(INLINE_TAG.sub("", BLOCK_TAG.sub(" ", text))))


LIST_NUMBER = re.compile(r"^(?:[Qq]|#)?\(?(\d{1,3})[.):]\s+")  # "1. ", "12) ", "(3) ", "Q4: "
NUMBER_ONLY = re.compile(r"^\(?(\d{1,3})(?:\.0)?[.):]?$")  # "1", "2.", "(3)", or 4.0 as a workbook's number


def without_list_number(text: str) -> str:
    """``text`` without a list number before it ("1. ", "12) ", "(3) ", "Q4: "), as items
    copied from a printed questionnaire, or the rows of a paper's correlation table, carry them."""
    return LIST_NUMBER.sub("", text)


def list_number(text: str) -> str | None:
    """The number of a list number before ``text`` ("12" of "12. Servant"); None without one."""
    found = LIST_NUMBER.match(text)
    return str(int(found[1])) if found else None


def number_only(text: str) -> str | None:
    """The number a text that is nothing but a list number names ("12" of "12", "12.", "(12)"
    or a workbook's 12.0); None for any other."""
    found = NUMBER_ONLY.match(text.strip())
    return str(int(found[1])) if found else None


def row_numbers(index: pd.Index) -> str:
    """The rows to mend (a table's index, ``_without_blank_rows``), as the file's own program
    numbers them: a spreadsheet's rows, or the cases of an SPSS or Stata data file."""
    shown = ", ".join(str(row) for row in index[:10])
    more = f" and {len(index) - 10} more" if len(index) > 10 else ""
    if index.name == CASES:
        return f"case(s) {shown}{more}, as SPSS and Stata number them"
    return f"row(s) {shown}{more}, as a spreadsheet numbers them"


def _found(cells: pd.Series) -> str:
    """The distinct values of ``cells`` (an empty one named as such), and the rows holding them."""
    values = sorted({repr(value) if value.strip() else "an empty cell" for value in cells.astype(str)})
    return f"{', '.join(values[:5])} ({row_numbers(cells.index)})"


# how item tables write the keys: IPIP's own pages group items as "+ keyed" and "– keyed", and
# papers mark reversed items "R"
_KEY_WORDS = {"+": "1", "-": "-1", "r": "-1"}
# the characters themselves, not \u escapes: pandas 3.0.6 handed this pattern to pyarrow's RE2,
# which rejects \u escapes (seen on a GPU machine's image; the pinned pandas 3.1 took both)
LEADING_DASH = "^[\u2212\u2013\u2014]"


def scoring_keys(column: pd.Series, source: str | Path, name: str) -> pd.Series:
    """Scoring key of every item: +1 (keyed), -1 (reverse keyed) or 0 (unscored in its scale),
    also written as "+", "-" (any dash or minus sign) or "R"; anything else is an error naming
    the file and the column."""
    text = column.astype(str).str.strip().str.replace(LEADING_DASH, "-", regex=True)
    keys = pd.to_numeric(text.map(lambda value: _KEY_WORDS.get(value.lower(), value)), errors="coerce")
    bad = keys.isna() | ~keys.isin([-1, 0, 1])
    if bad.any():
        raise InputError(
            source, f"column '{name}' must be 1, -1 or 0 (or +, -, R); found {_found(column[bad])}"
        )
    return keys.astype("int64")


def alpha_value(reported: str) -> float:
    """Cronbach's α as written, as a number: a decimal comma accepted ("0,81"), the mean where
    several samples are listed ("0.83,0.84"); NaN where none is reported (".", "") or the value
    is no reliability (IPIP has "1994" and "12")."""
    text = reported.strip()
    text = text.replace(",", ".") if DECIMAL_COMMA.match(text) else text
    values = pd.to_numeric(pd.Series(text.split(",")).str.strip(), errors="coerce")
    return float(values.mean()) if values.notna().all() and values.between(0, 1).all() else float("nan")


def reliabilities(column: pd.Series, source: str | Path, name: str) -> pd.Series:
    """Cronbach's α of every item's scale as a number (read by ``alpha_value``); an empty cell
    is missing (the scale is not checked); anything else that is no α is an error naming the
    file and the column."""
    text = column.fillna("").astype(str).str.strip()
    values = text.map(alpha_value).where(text != "")
    bad = (text != "") & values.isna()
    if bad.any():
        raise InputError(
            source,
            f"column '{name}' must hold Cronbach's alpha, a number from 0 to 1; found {_found(column[bad])}",
        )
    return values.astype("float64")
