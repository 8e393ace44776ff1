"""A target's answers file, read as people's answers to its items.

Which columns are items (by text, by id, by a Qualtrics export's question texts, an SPSS or
Stata file's variable labels or a second header row), the answers as numbers (words coded by
the target's ``answer_labels``, missing-answer codes left out), which rows are respondents
(Qualtrics' previews, test and spam responses left out, and the rows a target's
``leave_out`` screens), and what became of every row of the file (``row_record``), which a
methods section reports as its sample.
"""

import json
import logging
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError, meant_name
from .items import item_key, name_key
from .polychoric import MIN_RESPONDENTS
from .tables import (
    DECIMAL_COMMA,
    ITEM_CODE,
    normalise_text,
    read_table,
    row_numbers,
    variable_labels,
    without_list_number,
    without_markup,
)

log = logging.getLogger(__name__)

MIN_SCALE_ITEMS = 2  # scored items a construct needs to be scored as a scale
IMPORT_ID = re.compile(r'^\{\s*"ImportId"\s*:')  # Qualtrics' third header row: {"ImportId":"QID1_1"}
MATRIX_SEPARATOR = " - "  # Qualtrics' question text of a matrix row: "<question> - <statement>"
BRACKETED = re.compile(r"\[([^\[\]]+)\]\s*$")  # a grid row's statement in a closing "[…]"
LABEL_LIMIT = 80  # Stata cuts a variable label at 80 characters
STRAIGHT_LINE_ITEMS = 5  # one answer to this many items or more is named as straight-lining
ANALYSED = "analysed"  # a row's outcome in the record of a responses file (``row_record``)
LEFT_OUT, BY_STATUS = "left out: ", " (Status)"
NO_ANSWER = LEFT_OUT + "answered no item"
SCREENS = {  # a target's leave_out: the row record's column, and the outcome of a row it leaves out
    "unfinished": ("unfinished", LEFT_OUT + "unfinished (Finished is 0)"),
    "one_answer": ("one_answer", LEFT_OUT + "one answer to every item"),
}
# Qualtrics' Status codes (a numeric export's, and an SPSS export's value labels) by response type
QUALTRICS_STATUS = {
    0: "IP Address",
    1: "Survey Preview",
    2: "Survey Test",
    4: "Imported",
    8: "Spam",
    9: "Survey Preview Spam",
    12: "Imported Spam",
    16: "Offline",
    17: "Offline Survey Preview",
    32: "EX",
    40: "EX Spam",
    48: "EX Offline",
    256: "Synthetic",
}
# responses no respondent gave: the researcher's previews, generated test and synthetic
# responses, and those Qualtrics flagged as spam
NOT_A_RESPONDENT = {"survey preview", "survey test", "spam", "survey preview spam", "imported spam"}
NOT_A_RESPONDENT |= {"offline survey preview", "ex spam", "synthetic"}


def item_keys(items: pd.DataFrame) -> pd.Series:
    """Each (construct, text) row's scoring key: the target's keys, else 1."""
    return items["key"].astype(int) if "key" in items else pd.Series(1, index=items.index)


def _id_key(name) -> str:
    """An item id as a response column is matched to it: case and spacing do not matter."""
    return normalise_text(str(name)).casefold()


def _text_key(name) -> str:
    """An item text as a response column is matched to it: case, spacing, punctuation, HTML
    markup and a list number before it ("Q3. ") do not matter (``items.item_key``, which tells
    wordings of one item from other items; ``tables.without_markup``,
    ``tables.without_list_number``)."""
    return item_key(without_list_number(without_markup(str(name))))


def qualtrics_questions(frame: pd.DataFrame) -> pd.Series | None:
    """The question text of each column of a Qualtrics export (CSV or TSV as downloaded), whose
    two rows under the column names hold each column's question text and its ImportId
    (``{"ImportId":"QID1_1"}``); None for any other table."""
    if len(frame) < 2:
        return None
    third = frame.iloc[1].fillna("").astype(str).str.strip()
    given = third[third.ne("")]
    if given.empty or not given.str.match(IMPORT_ID).all():
        return None
    return frame.iloc[0].fillna("").astype(str)


def _statements(name: str) -> list[str]:
    """A column's name or question text and, for a row of a grid question, its statement:
    whatever follows a " - " (Qualtrics; a statement may hold one too) or what a closing "[…]"
    holds (Google Forms, LimeSurvey: "How well … describes you? [I finish whatever I begin.]")."""
    parts = name.split(MATRIX_SEPARATOR)
    bracketed = BRACKETED.search(name)
    return [MATRIX_SEPARATOR.join(parts[i:]) for i in range(len(parts))] + (
        [bracketed[1]] if bracketed else []
    )


def _begun(labels: list[str], names: dict) -> list[str]:
    """The item text whose key, alone among ``names``, begins with the key of a cut label."""
    for label in labels:
        begun = {text for name, text in names.items() if name.startswith(_text_key(label))}
        if len(begun) == 1:
            return list(begun)
    return []


def item_columns(items: pd.DataFrame, headers: list, path: Path, questions: pd.Series | None = None) -> dict:
    """Response column → the text of the item it holds. An item is named by its ``item_id``
    where the items have one (a target's ``id_column``), else by its text as the table gives
    it or as cleaned, which a column's header or its question text (``questions``, by header:
    a Qualtrics export's, or an SPSS or Stata variable's label) may hold, whole or as a grid
    row's statement (``_statements``); a label of ``LABEL_LIMIT`` characters or more names the
    one item whose text it begins, as Stata cuts a long one. Columns that name no item (a
    respondent's age, an id) are left out; two columns naming one item, or one name given to
    two columns, are an error."""
    if "item_id" in items:
        key, names = _id_key, dict(zip(items["item_id"].map(_id_key), items["text"], strict=True))
    else:
        key = _text_key
        names = {
            _text_key(t): text
            for column in ("text_original", "text")
            for t, text in zip(items[column], items["text"], strict=True)
        }
    names.pop("", None)
    columns = {}
    for header in headers:
        question = None if questions is None else questions[header]
        labels = _statements(question) if question else []
        found = [names[key(name)] for name in [*_statements(str(header)), *labels] if key(name) in names]
        if not found and key is _text_key and question and len(question) >= LABEL_LIMIT:
            found = _begun(labels, names)
        if found:
            columns[header] = found[0]
    named_twice = sorted({str(h) for h in columns if headers.count(h) > 1})
    if named_twice:
        raise InputError(path, f"more than one column named {', '.join(named_twice)}; rename all but one")
    by_text: dict[str, list] = {}
    for column, text in columns.items():
        by_text.setdefault(text, []).append(column)
    twice = [
        f"{' and '.join(repr(str(c)) for c in found)} ({text!r})"
        for text, found in by_text.items()
        if len(found) > 1
    ]
    if twice:
        raise InputError(path, f"two columns hold one item: {'; '.join(twice)}")
    return columns


ANSWER_SCALES = (  # answer formats named when suggesting answer_labels (start, labels); never applied unasked
    (1, ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")),
    (
        1,
        (
            "Strongly disagree",
            "Disagree",
            "Somewhat disagree",
            "Neither agree nor disagree",
            "Somewhat agree",
            "Agree",
            "Strongly agree",
        ),
    ),
    (1, ("Never", "Rarely", "Sometimes", "Often", "Always")),
    (0, ("Not at all", "Once in a while", "Sometimes", "Fairly often", "Frequently, if not always")),  # MLQ
)


def _label_key(answer) -> str:
    """An answer's words with case, spacing and punctuation aside, as ``answer_labels`` match them
    (an answer of punctuation alone, such as "-" or "?", as it is)."""
    text = normalise_text(str(answer))
    return name_key(text) or text


def _as_numbers(
    column: pd.Series, labels: dict[str, float], missing_words: set[str], missing_numbers: list[float]
) -> tuple[pd.Series, pd.Series]:
    """One response column as numbers (a decimal comma accepted; an empty cell, a word of
    ``missing_words`` or a number of ``missing_numbers`` is missing; words coded by ``labels``;
    words keyed by ``_label_key``) and which cells are neither."""
    if pd.api.types.is_numeric_dtype(column):
        values = column.astype(float)
        return values.mask(values.isin(missing_numbers)), pd.Series(False, index=column.index)
    text = column.fillna("").astype(str).str.strip()
    if missing_words:
        text = text.mask(text.map(_label_key).isin(missing_words) & text.ne(""), "")
    text = text.where(~text.str.match(DECIMAL_COMMA.pattern), text.str.replace(",", ".", regex=False))
    values = pd.to_numeric(text.replace("", np.nan), errors="coerce").astype(float)
    if labels:
        values = values.fillna(text[text.ne("")].map(lambda answer: labels.get(_label_key(answer), np.nan)))
    return values.mask(values.isin(missing_numbers)), values.isna() & text.ne("")


def answer_numbers(
    frame: pd.DataFrame,
    columns: dict,
    path: Path,
    answer_labels: dict[str, float] | None = None,
    missing_answers: list | None = None,
) -> pd.DataFrame:
    """The answers of ``frame``'s item ``columns`` (column → item text) as numbers, one column
    per item text; answers written as words are coded by ``answer_labels`` (matched in any
    case, spacing and punctuation), and the ``missing_answers`` (codes such as -99, words such
    as "Don't know") are missing. A cell that is neither a number nor a label is an error naming
    the words found and how to code them."""
    keyed = {_label_key(label): float(number) for label, number in (answer_labels or {}).items()}
    missing = [_number_or_text(code) for code in missing_answers or []]  # "-99" is the number -99
    words = {_label_key(code) for code in missing if isinstance(code, str)}
    numbers = [code for code in missing if not isinstance(code, str)]
    read = {text: _as_numbers(frame[column], keyed, words, numbers) for column, text in columns.items()}
    unread = {column: read[text][1] for column, text in columns.items() if read[text][1].any()}
    if unread:
        raise InputError(path, _unread_answers_problem(frame, unread, answer_labels))
    return pd.DataFrame({text: values for text, (values, _) in read.items()}, index=frame.index)


def _number_or_text(code: float | str) -> float | str:
    """A code of ``missing_answers`` as a number where it is one ("-99" as -99), else as text."""
    try:
        return float(code)
    except ValueError:
        return code


def _unread_answers_problem(frame: pd.DataFrame, unread: dict, labels: dict | None) -> str:
    """What ``answer_numbers`` could not read: the first such cell, every distinct answer of
    the kind, and how to code them (``answer_labels``, suggested in a known scale's order)."""
    cells = pd.concat([frame.loc[mask, column] for column, mask in unread.items()]).map(normalise_text)
    column, mask = next(iter(unread.items()))
    row = mask.idxmax()
    problem = f"row {row}, column {str(column)!r}: {frame.loc[row, column]!r} is not a number"
    found = list(dict.fromkeys(cells))
    shown = ", ".join(repr(answer) for answer in found[:12]) + (", …" if len(found) > 12 else "")
    if labels:
        return (
            f"{problem} nor one of answer_labels ({len(cells)} such cell(s)); answers not in "
            f"answer_labels: {shown} (an answer that means no answer belongs in missing_answers)"
        )
    return (
        f"{problem} ({len(cells)} such cell(s), answers given as words: {shown}); code the answers "
        "as numbers (a Qualtrics export: download it with 'Use numeric values'), or give the "
        f"target answer_labels, the number of each answer, {_suggested_labels(found)}, and "
        "missing_answers, those that mean no answer (as ['Don't know'])"
    )


def _suggested_labels(found: list[str]) -> str:
    """An ``answer_labels`` setting for the answers ``found``: numbered as a known answer scale
    numbers them where they all belong to one (``ANSWER_SCALES``), else with N for each number."""
    keys = {_label_key(answer) for answer in found}
    for start, scale in ANSWER_SCALES:
        numbers = {_label_key(label): start + i for i, label in enumerate(scale)}
        if keys <= numbers.keys():
            pairs = ", ".join(
                f"{json.dumps(label, ensure_ascii=False)}: {numbers[_label_key(label)]}" for label in scale
            )
            return f"as that scale is often numbered (check it against your questionnaire): answer_labels: {{{pairs}}}"
    pairs = ", ".join(f"{json.dumps(answer, ensure_ascii=False)}: N" for answer in found[:12])
    return f"as in answer_labels: {{{pairs}}}"


def named_by_first_row(frame: pd.DataFrame, items: pd.DataFrame, path: Path) -> pd.DataFrame | None:
    """``frame`` without its first row, its columns named by that row's cells where they name
    items, when they name more items than the column names do (SurveyMonkey writes a grid's
    statements in a second header row, under the question); None for any other table."""
    cells = frame.iloc[0].fillna("").astype(str).tolist() if len(frame) else []
    by_cells = item_columns(items, cells, path)
    if len(by_cells) < 2 or len(by_cells) <= len(item_columns(items, list(frame.columns), path)):
        return None
    names = [cell if cell in by_cells else header for cell, header in zip(cells, frame.columns, strict=True)]
    return frame.iloc[1:].set_axis(names, axis=1)


def stray_codes(responses: pd.DataFrame) -> dict[str, pd.Series]:
    """Per column, the answers far outside the range of all the answers (a span of the 5th to
    95th percentile of every answer given, at least 1, beyond either end, or reaching it above):
    codes such as -99, 9 or 999 for a refused or unknown answer, which would otherwise count as
    answers. Columns without such answers are left out."""
    given = responses.stack()
    if given.empty:
        return {}
    low, high = given.quantile([0.05, 0.95])
    reach = max(high - low, 1)
    found = {
        column: answers[(answers < low - reach) | (answers >= high + reach)]
        for column, answers in responses.items()
    }
    return {column: codes for column, codes in found.items() if len(codes)}


def _warn_of_constant_columns(responses: pd.DataFrame, columns: dict, path: Path) -> None:
    """A warning naming the columns (as the file names them) whose every answer is the same:
    they correlate with nothing, so they count in no correlation, AUC or HTMT."""
    constant = [str(columns[text]) for text, answers in responses.items() if answers.nunique() == 1]
    if constant:
        log.warning(
            "%s: every respondent gave the same answer in %d column(s), which correlate with nothing: %s",
            path,
            len(constant),
            ", ".join(repr(c) for c in constant[:10]) + (" …" if len(constant) > 10 else ""),
        )


def _warn_of_stray_codes(responses: pd.DataFrame, columns: dict, path: Path) -> None:
    """A warning naming the columns (as the file names them) that hold ``stray_codes``."""
    found = [
        f"{str(columns[text])!r} ("
        + ", ".join(f"{value:g} ×{n}" for value, n in codes.value_counts().sort_index().items())
        + ")"
        for text, codes in stray_codes(responses).items()
    ]
    if found:
        log.warning(
            "%s: answers far outside the range of the others, perhaps codes for a missing answer, "
            "taken as answers: %s%s; list them in the target's missing_answers, blank them, or declare "
            "them missing in SPSS",
            path,
            "; ".join(found[:5]),
            f"; … and {len(found) - 5} more column(s)" if len(found) > 5 else "",
        )


def straight_lined(responses: pd.DataFrame) -> pd.Series:
    """Per respondent, whether they gave one and the same answer to every item they answered,
    ``STRAIGHT_LINE_ITEMS`` or more: a common sign of careless responding (Meade & Craig, 2012),
    which can raise the correlations between items of different constructs."""
    answered = responses.notna().sum(axis=1)
    return (answered >= STRAIGHT_LINE_ITEMS) & responses.nunique(axis=1).eq(1)


def screened_out(record: pd.DataFrame, leave_out: list[str] | None, path: Path) -> pd.DataFrame:
    """The ``row_record`` with the rows still analysed that a screen of ``leave_out``
    (``SCREENS``: unfinished responses, one answer to every item) flags marked left out; a
    screen the file cannot apply (no Finished column) is an error."""
    record = record.copy()
    for screen in leave_out or ():
        column, outcome = SCREENS[screen]
        if column not in record:
            raise InputError(path, f"leave_out {screen}: the file has no Finished column to tell them by")
        flagged = record[column].eq(True).fillna(False) & record["outcome"].eq(ANALYSED)
        record.loc[flagged, "outcome"] = outcome
    return record


def _warn_of_straight_lines(record: pd.DataFrame, path: Path, numbering: str | None) -> None:
    """A warning naming the rows of analysed respondents who ``straight_lined`` (the
    ``row_record``'s ``one_answer``), numbered as the file's index (``numbering``, its name) says."""
    straight = record["one_answer"].eq(True) & record["outcome"].eq(ANALYSED)
    found = pd.Index(record.loc[straight, "row"], name=numbering)
    if len(found):
        log.warning(
            "%s: %d of %d respondent(s) gave one answer to every item they answered (%s), perhaps "
            "without reading them; kept: set the target's leave_out to [one_answer] to leave them out",
            path,
            len(found),
            int(record["outcome"].eq(ANALYSED).sum()),
            row_numbers(found),
        )


def _named(frame: pd.DataFrame, name: str) -> str | None:
    """The column of ``frame`` named ``name``, case aside; None where there is none."""
    return next((c for c in frame.columns if str(c).strip().casefold() == name.casefold()), None)


def response_types(status: pd.Series) -> pd.Series:
    """Qualtrics' Status column as the response types it codes ("Survey Preview" for 1; a
    label as exported with choice texts stays as it is; an unknown code as written)."""

    def read(value) -> str:
        text = "" if pd.isna(value) else str(value).strip()
        try:
            return QUALTRICS_STATUS.get(float(text), text)
        except ValueError:
            return text

    return status.map(read)


def status_outcomes(frame: pd.DataFrame, qualtrics: bool) -> pd.Series:
    """Per row, ``ANALYSED``, or for a row of a Qualtrics export (``qualtrics``, or a table with
    both a Status and a ResponseId column, as an SPSS export has) whose Status marks it as given
    by no respondent (``NOT_A_RESPONDENT``), "left out: <its type> (Status)"."""
    outcomes = pd.Series(ANALYSED, index=frame.index, dtype=object)
    status = _named(frame, "Status")
    if status is None or not (qualtrics or _named(frame, "ResponseId") is not None):
        return outcomes
    types = response_types(frame[status])
    dropped = types.str.casefold().isin(NOT_A_RESPONDENT)
    return outcomes.mask(dropped, LEFT_OUT + types + BY_STATUS)


def left_out_by_status(outcomes: pd.Series) -> pd.Series:
    """The response types of the rows that ``status_outcomes`` left out, as outcomes give them."""
    by_status = outcomes[outcomes.str.startswith(LEFT_OUT) & outcomes.str.endswith(BY_STATUS)]
    return by_status.str.removeprefix(LEFT_OUT).str.removesuffix(BY_STATUS)


def _unfinished(frame: pd.DataFrame) -> pd.Series | None:
    """Per row, whether Qualtrics' Finished column says 0 (or False); None without one."""
    finished = _named(frame, "Finished")
    if finished is None:
        return None
    return frame[finished].astype(str).str.strip().str.casefold().isin({"0", "0.0", "false"})


def row_record(frame: pd.DataFrame, outcomes: pd.Series, responses: pd.DataFrame) -> pd.DataFrame:
    """What became of every row of a responses file (``frame``, blank rows aside): its ``row``
    as a spreadsheet numbers it (an SPSS or Stata file: its case number), its ``response_id``
    where the file has a ResponseId column, its ``outcome`` (``outcomes``), ``items_answered``,
    ``one_answer`` (``straight_lined``) and ``unfinished`` where the file has a Finished column
    (``responses``: the answers of the rows not left out by their Status)."""
    record = pd.DataFrame({"row": frame.index}, index=frame.index)
    response_id = _named(frame, "ResponseId")
    if response_id is not None:
        record["response_id"] = frame[response_id].astype(str)
    record["outcome"] = outcomes
    record["items_answered"] = responses.notna().sum(axis=1).reindex(frame.index).astype("Int64")
    record.loc[record["items_answered"].eq(0).fillna(False), "outcome"] = NO_ANSWER
    record["one_answer"] = straight_lined(responses).reindex(frame.index).astype("boolean")
    unfinished = _unfinished(frame)
    if unfinished is not None:
        record["unfinished"] = unfinished
    return record.reset_index(drop=True)


def _log_outcomes(record: pd.DataFrame, path: Path) -> None:
    """A warning counting the rows left out by their Status, and how many unfinished
    responses were kept and how many rows the screens of leave_out left out."""
    by_status = left_out_by_status(record["outcome"])
    if len(by_status):
        log.warning(
            "%s: %d response(s) that no respondent gave left out, by their Status: %s",
            path,
            len(by_status),
            ", ".join(f"{kind} ×{n}" for kind, n in by_status.value_counts().sort_index().items()),
        )
    if "unfinished" in record:
        unfinished = record["unfinished"] & record["outcome"].eq(ANALYSED)
        if unfinished.any():
            log.info("%s: %d unfinished response(s) (Finished is 0) kept", path, int(unfinished.sum()))
    screened = record["outcome"][record["outcome"].isin([outcome for _, outcome in SCREENS.values()])]
    for outcome, n in screened.value_counts().sort_index().items():
        log.info("%s: %d response(s) %s, as leave_out asks", path, n, outcome)


def _lookalike_columns(items: pd.DataFrame, missing: list[str], other: list[str]) -> str:
    """The columns that name no item but look like the name of one without responses (its
    ``item_id``, else its wording; ignoring case), as '; columns that name no item but look
    like one: 'Q05' for Q5'; '' where none does."""
    name_column = "item_id" if "item_id" in items else "text_original"
    names = dict(zip(items["text"], items[name_column].astype(str), strict=True))
    found = []
    for text in missing:
        if match := meant_name(names[text], other):
            found.append(f"{match!r} for {names[text]}")
    return f"; columns that name no item but look like one: {', '.join(found)}" if found else ""


def screened_responses(
    path: str | Path,
    items: pd.DataFrame,
    answer_labels: dict | None = None,
    missing_answers: list | None = None,
    leave_out: list[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Item responses, one float column per item text that has a column (NaN: not answered),
    one row per respondent who answered at least one of them, and what became of every row of
    the file (``row_record``).

    ``items`` are a target's cleaned items (``text``, ``text_original``, ``item_id`` where the
    target names an ``id_column``). A Qualtrics export is read as downloaded
    (``qualtrics_questions``) without the responses it marks as no respondent's
    (``status_outcomes``), an SPSS or Stata file's variable labels name items as a
    Qualtrics export's question texts do, and a second header row naming the items is read as
    their names (``named_by_first_row``); answers written as words are coded by
    ``answer_labels``, and ``missing_answers`` are missing (``answer_numbers``); the rows a
    screen of ``leave_out`` flags are left out (``screened_out``). Items without a column are
    named in a warning; fewer than two constructs with two answered items, or fewer than
    ``MIN_RESPONDENTS`` respondents, are an error."""
    path = Path(path)
    frame = read_table(path, [])
    questions = qualtrics_questions(frame)
    qualtrics = questions is not None
    if qualtrics:
        log.info("%s: a Qualtrics export; rows 2 and 3 read as question texts and ImportIds", path)
        frame = frame.iloc[2:]
    else:
        questions = variable_labels(path)
    named = named_by_first_row(frame, items, path) if questions is None else None
    if named is not None:
        log.info("%s: row 2 names the items (a second header row, as SurveyMonkey writes it)", path)
        frame = named
    columns = item_columns(items, list(frame.columns), path, questions)
    if not columns:
        by = "item ids (id_column)" if "item_id" in items else "item texts"
        shown = ", ".join(repr(str(c)) for c in list(frame.columns)[:5])
        more = ", …" if len(frame.columns) > 5 else ""
        coded = "item_id" not in items and any(ITEM_CODE.fullmatch(str(c)) for c in frame.columns)
        hint = (
            ": where its columns are the items' codes, give the item table a column of those codes and "
            "name it the target's id_column"
            if coded
            else ""
        )
        raise InputError(
            path, f"no column is named by one of the target's {by}; its columns: {shown}{more}{hint}"
        )
    other = [str(c) for c in frame.columns if c not in columns]
    if other:
        log.info("%s: %d column(s) name no item, left out: %s", path, len(other), ", ".join(other[:10]))
    outcomes = status_outcomes(frame, qualtrics)
    kept = frame[outcomes.eq(ANALYSED)]
    responses = answer_numbers(kept, columns, path, answer_labels, missing_answers)
    record = screened_out(row_record(frame, outcomes, responses), leave_out, path)
    _log_outcomes(record, path)
    responses = responses.loc[responses.index.isin(record.loc[record["outcome"].eq(ANALYSED), "row"])]
    responses = responses.loc[responses.notna().any(axis=1), responses.notna().any(axis=0)]
    _warn_of_constant_columns(responses, {text: column for column, text in columns.items()}, path)
    _warn_of_stray_codes(responses, {text: column for column, text in columns.items()}, path)
    _warn_of_straight_lines(record, path, frame.index.name)
    if len(responses) < MIN_RESPONDENTS:
        left_out = record["outcome"][record["outcome"].ne(ANALYSED)].value_counts().sort_index()
        why = "; ".join(f"{n} {outcome}" for outcome, n in left_out.items())
        raise InputError(
            path,
            f"{len(responses)} respondent(s) answered an item; at least {MIN_RESPONDENTS} are needed"
            + (f" (of its {len(record)} rows, {why})" if why else ""),
        )
    missing = sorted(set(items["text"]) - set(responses.columns))
    if missing:
        log.warning(
            "%s: no responses to %d of %d item(s), left out of this analysis: %s%s%s",
            path,
            len(missing),
            items["text"].nunique(),
            "; ".join(missing[:5]),
            " …" if len(missing) > 5 else "",
            _lookalike_columns(items, missing, other),
        )
    scored = items[items["text"].isin(responses.columns) & item_keys(items).ne(0)]
    if (scored.groupby("construct")["text"].nunique() >= MIN_SCALE_ITEMS).sum() < 2:
        raise InputError(
            path, f"responses to {MIN_SCALE_ITEMS} scored items of each of at least two constructs are needed"
        )
    return responses[sorted(responses.columns)], record


def read_responses(path: str | Path, items: pd.DataFrame, **reading) -> pd.DataFrame:
    """The answers of ``screened_responses`` (``reading``: its ``answer_labels``,
    ``missing_answers`` and ``leave_out``), without the record of the file's rows."""
    return screened_responses(path, items, **reading)[0]
