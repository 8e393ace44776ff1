"""A target's items as people answered them, beside the model's reading of the items.

With item responses (one row per respondent, one column per item) a researcher sees how the
items actually covary. Three questions follow:

- item pairs: do the items the model reads as alike correlate more strongly? (Spearman's ρ of
  cosine with |r|, tested by relabelling the items of the response correlations, a Mantel test);
- constructs: how distinct are they in the responses themselves (the pair AUC of |r|, same- vs
  different-construct item pairs, overall, per construct and per construct pair as
  separability) and under the model, on the same pairs?
- scales: each construct's scale score correlations (scored by its keys), set beside the
  model's construct similarity as a table of observed correlations is (``empirical``), with
  each scale's α from the responses, and each pair's HTMT, the answers' verdict on
  discriminant validity.
"""

import json
import logging
import re
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from .analysis import pair_separabilities
from .empirical import empirical_agreement, mantel_row, spearman
from .errors import InputError
from .items import item_key, name_key
from .metrics import (
    ItemSet,
    bootstrap_weights,
    pair_auc,
    per_construct_auc,
    percentile_interval,
    similarity_and_labels,
    weighted_pair_auc,
)
from .polychoric import MAX_CATEGORIES, MIN_RESPONDENTS, polychoric_correlations
from .tables import (
    DECIMAL_COMMA,
    normalise_text,
    read_table,
    row_numbers,
    variable_labels,
    without_list_number,
    without_markup,
)

log = logging.getLogger(__name__)

MIN_SCALE_ITEMS = 2
HTMT_LEVEL = 0.95  # the one-sided upper bound of a pair's HTMT
HTMT_COLUMNS = ["htmt", "htmt_ci_high"]  # of a pair of scales, from htmt_table
CFA_COLUMNS = [
    "cfa_r",
    "cfa_r_ci_low",
    "cfa_r_ci_high",
    "cfa_problem",
    "cfa_srmr",
    "cfa_n",
]  # from cfa.discriminant_table
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


def _warn_of_straight_lines(record: pd.DataFrame, path: Path) -> None:
    """A warning naming the rows of analysed respondents who ``straight_lined`` (the
    ``row_record``'s ``one_answer``)."""
    found = pd.Index(record.loc[record["one_answer"].eq(True) & record["outcome"].eq(ANALYSED), "row"])
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
    as a spreadsheet numbers it, its ``response_id`` where the file has a ResponseId column,
    its ``outcome`` (``outcomes``), ``items_answered``, ``one_answer`` (``straight_lined``) and
    ``unfinished`` where the file has a Finished column (``responses``: the answers of the rows
    not left out by their Status)."""
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
        raise InputError(path, f"no column is named by one of the target's {by}; its columns: {shown}{more}")
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
    _warn_of_straight_lines(record, path)
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
            "%s: no responses to %d of %d item(s), left out of this analysis: %s%s",
            path,
            len(missing),
            items["text"].nunique(),
            "; ".join(missing[:5]),
            " …" if len(missing) > 5 else "",
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


def pairwise_correlations(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pearson's r of every pair of columns over the rows answering both (pairwise complete),
    and that number of rows. Pairs with fewer than ``MIN_RESPONDENTS`` rows, or a column that
    does not vary over them, get NaN; the diagonal is 1. Where every answer is given, one
    product of the centred columns does (the respondent resamples of ``htmt_table``)."""
    seen = ~np.isnan(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        if seen.all():
            n = np.full((values.shape[1],) * 2, len(values), dtype=np.float64)
            centred = values - values.mean(axis=0)
            norms = np.sqrt((centred * centred).sum(axis=0))
            r = centred.T @ centred / np.outer(norms, norms)
        else:
            x = np.where(seen, values, 0.0)
            m = seen.astype(np.float64)
            n = m.T @ m
            sums = x.T @ m  # [i, j]: the sum of column i over the rows answering j
            squares = (x * x).T @ m
            covariance = x.T @ x - sums * sums.T / n
            variance = squares - sums**2 / n
            r = covariance / np.sqrt(variance * variance.T)
    r[(n < MIN_RESPONDENTS) | ~np.isfinite(r)] = np.nan
    np.fill_diagonal(r, 1.0)
    return np.clip(r, -1.0, 1.0), n.astype(int)


Correlate = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]  # answers → (r, respondents per pair)


def correlation(method: str, answers: pd.DataFrame, path: str | Path) -> Correlate:
    """How a target's ``answers`` (read from ``path``) are correlated, by its
    ``answer_correlation``: Pearson's r (``pairwise_correlations``), or polychoric correlations
    (``polychoric.polychoric_correlations``), for answers on at most ``MAX_CATEGORIES`` ordered
    categories: more in any item is an InputError naming it."""
    if method != "polychoric":
        return pairwise_correlations
    counts = answers.nunique()
    wide = counts[counts > MAX_CATEGORIES]
    if len(wide):
        others = f", and {len(wide) - 1} more items have more than {MAX_CATEGORIES}" if len(wide) > 1 else ""
        raise InputError(
            path,
            f"answer_correlation: polychoric needs answers on at most {MAX_CATEGORIES} ordered "
            f"categories, and item {wide.index[0]!r} has {wide.iloc[0]} different answers{others}; "
            "use answer_correlation: pearson for answers on a scale",
        )
    return polychoric_correlations


def item_pair_frame(item_set: ItemSet, r: np.ndarray) -> pd.DataFrame:
    """Every pair of texts with a correlation: text_a, text_b, same (one construct), cosine, r."""
    similarity, same = similarity_and_labels(item_set)
    a, b = np.triu_indices(len(item_set.texts), k=1)
    kept = ~np.isnan(r[a, b])
    a, b = a[kept], b[kept]
    texts = np.array(item_set.texts)
    return pd.DataFrame(
        {"text_a": texts[a], "text_b": texts[b], "same": same[a, b], "cosine": similarity[a, b], "r": r[a, b]}
    )


def _interval(samples: np.ndarray) -> dict[str, float]:
    low, high = percentile_interval(samples)
    return {"ci_low": round(low, 6), "ci_high": round(high, 6)}


def item_agreement(
    item_sets: dict[str, ItemSet], selected: str, r: np.ndarray, settings: dict, seed: int
) -> pd.DataFrame:
    """How distinct the constructs are in the responses and under each model, on the same item
    pairs, and how well each model's cosines follow the responses' correlations.

    ``item_sets`` hold the answered items (one text order for all, ``r`` in that order).
    Returns one row for the responses (``view`` responses: the pair AUC of |r|, same- against
    different-construct pairs, with a construct-bootstrap interval) and one per model, the
    ``selected`` one first: its pair AUC on the same pairs, ``minus_responses`` (its AUC minus
    the responses', paired over the same bootstrap draws), Spearman's ρ of cosine with |r| over
    all pairs with a Mantel test relabelling the items (``p_value``), and ρ within the
    same-construct and within the different-construct pairs (described, not tested: relabelling
    items would mix the two kinds). ``settings``: bootstrap_resamples, permutations."""
    first = item_sets[selected]
    a, b = np.triu_indices(len(first.texts), k=1)
    kept = ~np.isnan(r[a, b])
    a, b = a[kept], b[kept]
    home = first.home
    weights = bootstrap_weights(len(first.constructs), settings["bootstrap_resamples"], seed)
    _, same = similarity_and_labels(first)
    positive = same[a, b]
    observed = np.abs(r[a, b])
    observed_samples = weighted_pair_auc(observed, positive, home[a], home[b], weights)
    observed_auc = pair_auc(observed, positive)
    shape = {"n_texts": len(first.texts), "n_constructs": len(first.constructs), "n_pairs": len(a)}
    rows = [
        {
            "view": "responses",
            "selected": False,
            **shape,
            "pair_auc": round(observed_auc, 6),
            **_interval(observed_samples),
        }
    ]
    texts = np.array(first.texts)
    index = pd.MultiIndex.from_arrays([texts[a], texts[b]])
    for model in [selected, *sorted(set(item_sets) - {selected})]:
        if item_sets[model].texts != first.texts:
            raise ValueError(f"{model}: its items differ from {selected}'s")
        similarity, _ = similarity_and_labels(item_sets[model])
        cosine = similarity[a, b]
        samples = weighted_pair_auc(cosine, positive, home[a], home[b], weights)
        auc = pair_auc(cosine, positive)
        difference = _interval(samples - observed_samples)
        mantel = mantel_row(
            pd.Series(cosine, index=index), pd.Series(observed, index=index), settings["permutations"], seed
        )
        rows.append(
            {
                "view": model,
                "selected": model == selected,
                **shape,
                "pair_auc": round(auc, 6),
                **_interval(samples),
                "minus_responses": round(auc - observed_auc, 6),
                "minus_responses_ci_low": difference["ci_low"],
                "minus_responses_ci_high": difference["ci_high"],
                **mantel,
                "spearman_rho_same": round(spearman(cosine[positive], observed[positive]), 6),
                "spearman_rho_different": round(spearman(cosine[~positive], observed[~positive]), 6),
            }
        )
    return pd.DataFrame(rows)


def construct_distinctiveness(item_set: ItemSet, r: np.ndarray) -> pd.DataFrame:
    """Per construct, how distinct it is from all others in the answers
    (``answers_distinctiveness``: the AUC of |r| of its within-pairs against its pairs with the
    other constructs' items) and under the model (``distinctiveness``, the same AUC of cosines),
    on the same answered items (``r`` in ``item_set``'s text order)."""
    similarity, same = similarity_and_labels(item_set)
    model = per_construct_auc(similarity, same, item_set)
    answers = per_construct_auc(np.abs(r), same, item_set)
    return pd.DataFrame(
        {
            "construct": item_set.constructs,
            "answers_distinctiveness": answers["auc"].round(6),
            "distinctiveness": model["auc"].round(6),
        }
    )


def _mean_by_construct(item_set: ItemSet, scores: np.ndarray) -> np.ndarray:
    """(texts, constructs): each text's mean score with the other texts of each construct
    (itself and missing scores left out)."""
    scores = scores.copy()
    np.fill_diagonal(scores, np.nan)
    known = ~np.isnan(scores)
    member = item_set.membership.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (np.where(known, scores, 0.0) @ member) / (known.astype(np.float64) @ member)


def item_fit(items: pd.DataFrame, answers: pd.DataFrame, item_set: ItemSet, r: np.ndarray) -> pd.DataFrame:
    """Per answered item and construct it belongs to: whether it goes with its own construct in
    the answers and under the model, judged alike. ``answers_own``: its mean |r| with the
    construct's other items; ``answers_closest_other``, the construct (of those it is not in)
    whose items it correlates with most strongly on average, and ``answers_fits`` (own above
    that); ``model_own``, ``model_closest_other`` and ``model_fits`` the same with cosines
    (``item_set``, ``r`` in its text order); ``item_rest_r``, its correlation with the rest of
    its construct's scale (keyed; empty for an unscored item or a scale of one; Pearson's r,
    the rest being a mean), and ``alpha_if_deleted``, the scale's standardised α without it
    (``alpha_if_deleted``, from ``r`` signed by the items' keys). Items
    that fit in neither view first within each construct."""
    similarity, _ = similarity_and_labels(item_set)
    views = {
        "answers": _mean_by_construct(item_set, np.abs(r)),
        "model": _mean_by_construct(item_set, similarity),
    }
    scored = {
        construct: signed
        for construct, signed in _scale_columns(items, answers).items()
        if signed.shape[1] >= MIN_SCALE_ITEMS
    }
    item_rest = {
        (construct, text): value
        for construct, signed in scored.items()
        for text, value in item_rest_correlations(signed).items()
    }
    position = {text: i for i, text in enumerate(item_set.texts)}
    keys = items.assign(key=item_keys(items)).set_index(["construct", "text"])["key"]
    without = {}
    for construct, signed in scored.items():
        at = [position[text] for text in signed.columns]
        sign = keys.loc[construct].loc[signed.columns].to_numpy(dtype=float)
        scale_r = r[np.ix_(at, at)] * np.outer(sign, sign)
        without |= dict(
            zip(((construct, text) for text in signed.columns), alpha_if_deleted(scale_r), strict=True)
        )
    rows = []
    for i, text in enumerate(item_set.texts):
        row = {}
        for view, means in views.items():
            others = np.where(item_set.membership[i], np.nan, means[i])
            closest = int(np.nanargmax(others)) if np.isfinite(others).any() else None
            row[view] = (closest, others[closest] if closest is not None else np.nan, means[i])
        for c in np.flatnonzero(item_set.membership[i]):
            construct = item_set.constructs[c]
            entry = {
                "construct": construct,
                "text": text,
                "item_rest_r": round(item_rest.get((construct, text), np.nan), 6),
                "alpha_if_deleted": round(without.get((construct, text), np.nan), 6),
            }
            for view, (closest, best, means) in row.items():
                entry |= {
                    f"{view}_own": round(float(means[c]), 6),
                    f"{view}_closest_other": item_set.constructs[closest] if closest is not None else "",
                    f"{view}_fits": bool(means[c] > best),
                }
            rows.append(entry)
    table = pd.DataFrame(rows)
    table["fits_in"] = table["answers_fits"].astype(int) + table["model_fits"].astype(int)
    table = table.sort_values(["construct", "fits_in", "answers_own", "text"], kind="stable")
    return table.drop(columns="fits_in").reset_index(drop=True)


def as_scored(items: pd.DataFrame, reverse_scored: bool) -> pd.DataFrame:
    """``items`` with the keys their answers are signed by when scales are scored: their
    scoring keys, or, where the answers of reverse-keyed items are already reverse-scored
    (``reverse_scored``), 1 for those items too."""
    if not reverse_scored or "key" not in items:
        return items
    return items.assign(key=items["key"].abs())


def item_keys(items: pd.DataFrame) -> pd.Series:
    """Each (construct, text) row's scoring key: the target's keys, else 1."""
    return items["key"].astype(int) if "key" in items else pd.Series(1, index=items.index)


def _standardised(responses: pd.DataFrame) -> pd.DataFrame:
    return (responses - responses.mean()) / responses.std(ddof=1)


def _keyed(items: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
    """The (construct, text) rows a scale scores: answered, with a non-zero key (``key``)."""
    keyed = items.assign(key=item_keys(items))
    return keyed[keyed["text"].isin(responses.columns) & keyed["key"].ne(0)]


def scale_items(items: pd.DataFrame, responses: pd.DataFrame) -> dict[str, list[str]]:
    """Each construct's scored items (non-zero key, answered), constructs in sorted order."""
    return {
        construct: members["text"].tolist()
        for construct, members in _keyed(items, responses).groupby("construct", sort=True)
    }


def _scale_columns(items: pd.DataFrame, responses: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each construct's scored items (``scale_items``), standardised and signed by their keys:
    the columns its scale averages."""
    z = _standardised(responses)
    return {
        construct: z[members["text"].tolist()] * members["key"].to_numpy()
        for construct, members in _keyed(items, responses).groupby("construct", sort=True)
    }


def item_rest_correlations(signed: pd.DataFrame) -> pd.Series:
    """Each column's correlation with the mean of the other columns (pairwise complete): the
    corrected item-total correlation of a scale's keyed items."""
    values = {}
    for text in signed.columns:
        rest = signed.drop(columns=text).mean(axis=1)
        r, _ = pairwise_correlations(np.column_stack([signed[text], rest]))
        values[text] = r[0, 1]
    return pd.Series(values, dtype=float)


def standardised_alpha(mean_r: float, k: int) -> float:
    """Standardised α of ``k`` items whose correlations average ``mean_r``."""
    return k * mean_r / (1 + (k - 1) * mean_r)


def alpha_if_deleted(r: np.ndarray) -> np.ndarray:
    """Per item of a scale whose keyed items correlate as ``r`` (NaN: no correlation), the
    scale's standardised α without it, from the mean correlation of the others: above the
    scale's own α, the scale is more consistent without the item. NaN for a scale of fewer
    than three items."""
    k = len(r)
    if k < 3:
        return np.full(k, np.nan)
    known = np.isfinite(r) & ~np.eye(k, dtype=bool)
    values = np.where(known, r, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        rest = (values.sum() / 2 - values.sum(axis=1)) / (known.sum() / 2 - known.sum(axis=1))
    return standardised_alpha(rest, k - 1)


OMEGA_MIN_ITEMS = 3  # one common factor of two items is not identified


def one_factor_loadings(r: np.ndarray, iterations: int = 1000, tolerance: float = 1e-10) -> np.ndarray:
    """The standardised loadings of one common factor on items whose correlations are ``r``, by
    iterated principal axis factoring: the communalities start at the squared multiple
    correlations and are replaced by the squared loadings until they settle, none above 1 (a
    Heywood case is held at that bound); signed to sum to zero or more."""
    with np.errstate(divide="ignore"):
        communality = np.clip(1 - 1 / np.diag(np.linalg.pinv(r)), 0.0, 1.0)
    for _ in range(iterations):
        reduced = r.copy()
        np.fill_diagonal(reduced, communality)
        values, vectors = np.linalg.eigh(reduced)
        loadings = vectors[:, -1] * np.sqrt(max(values[-1], 0.0))
        settled = np.abs(np.minimum(loadings**2, 1.0) - communality).max() < tolerance
        communality = np.minimum(loadings**2, 1.0)
        if settled:
            break
    loadings = np.sign(loadings) * np.sqrt(communality)
    return loadings if loadings.sum() >= 0 else -loadings


def omega_and_ave(r: np.ndarray) -> tuple[float, float]:
    """Of one common factor (``one_factor_loadings`` λ) of a scale whose standardised, keyed
    items correlate as ``r``: McDonald's ω total, the share of the variance of their sum it
    accounts for, (Σλ)² / ((Σλ)² + Σ(1 − λ²)) (unlike α it does not assume every item measures
    the construct equally well; it equals standardised α where they do), and the average
    variance extracted (AVE; Fornell & Larcker, 1981), the mean squared loading (0.5 or more is
    the usual bar of convergent validity). NaN for fewer than ``OMEGA_MIN_ITEMS`` items, whose
    one factor is not identified, or a pair without a correlation."""
    if len(r) < OMEGA_MIN_ITEMS or np.isnan(r).any():
        return float("nan"), float("nan")
    loadings = one_factor_loadings(r)
    common = loadings.sum() ** 2
    return float(common / (common + (1 - loadings**2).sum())), float(np.mean(loadings**2))


def scales(
    items: pd.DataFrame, responses: pd.DataFrame, correlate: Correlate = pairwise_correlations
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each construct's scale, scored from the responses: (table, scores); its items'
    correlations by ``correlate`` (Pearson's r, or polychoric: ``correlation``).

    A scale is a construct's answered items with a non-zero key, each standardised and signed by
    its key; a respondent's score is the mean over the items they answered. ``table``, one row
    per construct with at least ``MIN_SCALE_ITEMS`` such items: n_items, n_respondents,
    mean_inter_item_r (of the keyed items), alpha (standardised α from that mean and the number
    of items; with missing answers it uses the pairwise correlations), omega and ave
    (``omega_and_ave``),
    ``negative_item_rest``: items that correlate negatively with the rest of their scale —
    reverse keyed but not marked so, as a rule (give the target a key_column or a
    reverse_marker), and of those ``negative_reverse_keyed``, the ones keyed -1, which correlate
    so when their answers were reverse-scored already (``as_scored``). ``scores``: one column
    per scale."""
    rows, scores = [], {}
    reverse_keyed = set(items.loc[item_keys(items).eq(-1), "text"])
    for construct, signed in _scale_columns(items, responses).items():
        if signed.shape[1] < MIN_SCALE_ITEMS:
            log.info("%s: fewer than %d scored items with responses, no scale", construct, MIN_SCALE_ITEMS)
            continue
        r, _ = correlate(signed.to_numpy())
        k = signed.shape[1]
        mean_r = float(np.nanmean(r[np.triu_indices(k, k=1)])) if k > 1 else np.nan
        negative = [text for text, r_rest in item_rest_correlations(signed).items() if r_rest < 0]
        reversed_already = [text for text in negative if text in reverse_keyed]
        omega, ave = omega_and_ave(r)
        if negative:
            log.warning(
                "%s: item(s) correlating negatively with the rest of the scale: %s%s",
                construct,
                "; ".join(negative),
                " (keyed -1: if their answers are reverse-scored already, set the target's "
                "reverse_scored: true)"
                if reversed_already
                else "",
            )
        rows.append(
            {
                "construct": construct,
                "n_items": k,
                "n_respondents": int(signed.notna().any(axis=1).sum()),
                "mean_inter_item_r": round(mean_r, 6),
                "alpha": round(standardised_alpha(mean_r, k), 6),
                "omega": round(omega, 6),
                "ave": round(ave, 6),
                "negative_item_rest": "; ".join(negative),
                "negative_reverse_keyed": "; ".join(reversed_already),
            }
        )
        scores[construct] = signed.mean(axis=1)
    return pd.DataFrame(rows), pd.DataFrame(scores)


def scale_correlations(scores: pd.DataFrame) -> pd.DataFrame:
    """Correlations of the scale scores, one row per pair (construct_a, construct_b, r), as
    ``empirical.read_correlations`` gives a published table; pairs without one left out."""
    r, _ = pairwise_correlations(scores.to_numpy(dtype=float))
    names = list(scores.columns)
    rows = [
        {"construct_a": names[i], "construct_b": names[j], "r": round(float(r[i, j]), 6)}
        for i in range(len(names))
        for j in range(i + 1, len(names))
        if not np.isnan(r[i, j])
    ]
    return pd.DataFrame(rows, columns=["construct_a", "construct_b", "r"])


PARALLEL_DRAWS = 100  # random data sets of a parallel analysis
PARALLEL_LEVEL = 0.95  # the percentile of their eigenvalues an observed one must exceed
PARALLEL_COLUMNS = [
    "component",
    "eigenvalue",
    "random_mean",
    "random_q95",
    "retained",
    "n_items",
    "n_respondents",
    "draws",
]


def _complete_items(r: np.ndarray) -> np.ndarray:
    """Indices of the items left once those with a missing correlation are dropped, the item
    missing most first, until every pair left has one."""
    kept = np.arange(len(r))
    while len(kept) and np.isnan(r[np.ix_(kept, kept)]).any():
        kept = np.delete(kept, np.isnan(r[np.ix_(kept, kept)]).sum(axis=1).argmax())
    return kept


def parallel_analysis(r: np.ndarray, n: np.ndarray, seed: int, draws: int = PARALLEL_DRAWS) -> pd.DataFrame:
    """Horn's (1965) parallel analysis of the items' correlations ``r`` (``pairwise_correlations``
    with its counts ``n``; items with a missing correlation left out): per principal component,
    its eigenvalue beside the mean and the ``PARALLEL_LEVEL`` percentile of the same component's
    eigenvalue over ``draws`` data sets of uncorrelated normal answers, as many items and as
    many respondents as the median item pair has; ``retained`` for the leading components above
    that percentile (Glorfeld, 1995). Empty for fewer than three items."""
    kept = _complete_items(r)
    if len(kept) < 3:
        return pd.DataFrame(columns=PARALLEL_COLUMNS)
    observed = np.linalg.eigvalsh(r[np.ix_(kept, kept)])[::-1]
    pairs = n[np.ix_(kept, kept)][np.triu_indices(len(kept), k=1)]
    respondents = int(np.median(pairs))
    rng = np.random.default_rng(seed)
    random = np.array(
        [
            np.linalg.eigvalsh(np.corrcoef(rng.standard_normal((respondents, len(kept))), rowvar=False))[::-1]
            for _ in range(draws)
        ]
    )
    bar = np.quantile(random, PARALLEL_LEVEL, axis=0)
    above = observed > bar
    retained = np.cumprod(above).astype(bool)  # the leading run of components above the bar
    values = [
        np.arange(1, len(kept) + 1),
        observed,
        random.mean(axis=0),
        bar,
        retained,
        len(kept),
        respondents,
        draws,
    ]
    return pd.DataFrame(dict(zip(PARALLEL_COLUMNS, values, strict=True)))


def htmt(r: np.ndarray, membership: np.ndarray) -> np.ndarray:
    """The heterotrait–monotrait ratio (HTMT; Henseler, Ringle & Sarstedt, 2015) of every two
    constructs: the mean |r| between their items over the geometric mean of the mean |r| among
    each one's own items. ``r``: the items' correlations (NaN: none); ``membership``: items ×
    constructs, 1 where the item is one of the construct's. An item's correlation with itself
    counts in neither mean; the diagonal is NaN."""
    known = np.isfinite(r)
    np.fill_diagonal(known, False)
    magnitude = np.where(known, np.abs(r), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = membership.T @ magnitude @ membership / (membership.T @ known @ membership)
        within = np.diag(means).copy()
        ratio = means / np.sqrt(np.outer(within, within))
    np.fill_diagonal(ratio, np.nan)
    return ratio


def htmt_table(
    items: pd.DataFrame,
    responses: pd.DataFrame,
    n_resamples: int,
    seed: int,
    correlate: Correlate = pairwise_correlations,
) -> pd.DataFrame:
    """Per pair of scales (``scales``' constructs and items), construct_a, construct_b,
    ``htmt`` and ``htmt_ci_high``: its one-sided ``HTMT_LEVEL`` upper bound, the percentile of
    ``n_resamples`` resamples of respondents (NaN without resamples). Set against Henseler et
    al.'s bars of 0.85 and 0.90, the bound asks whether HTMT lies below a bar beyond chance, not
    only whether its estimate does."""
    columns = _scale_columns(items, responses)
    names = [construct for construct, signed in columns.items() if signed.shape[1] >= MIN_SCALE_ITEMS]
    texts = list(dict.fromkeys(text for name in names for text in columns[name].columns))
    membership = np.array([[text in columns[name].columns for name in names] for text in texts], dtype=float)
    values = responses[texts].to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    draws = np.array(
        [
            htmt(correlate(values[rng.integers(0, len(values), len(values))])[0], membership)
            for _ in range(n_resamples)
        ]
    ).reshape(n_resamples, len(names), len(names))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # no resamples, or none with a value
        bound = np.nanquantile(draws, HTMT_LEVEL, axis=0) if n_resamples else np.full(draws.shape[1:], np.nan)
    a, b = np.triu_indices(len(names), k=1)
    return pd.DataFrame(
        {
            "construct_a": np.array(names, dtype=object)[a],
            "construct_b": np.array(names, dtype=object)[b],
            "htmt": htmt(correlate(values)[0], membership)[a, b].round(6),
            "htmt_ci_high": bound[a, b].round(6),
        }
    )


def construct_agreement(
    item_sets: dict[str, ItemSet],
    selected: str,
    r: np.ndarray,
    table: pd.DataFrame,
    scores: pd.DataFrame,
    scale_pairs: pd.DataFrame,
    settings: dict,
    seed: int,
    observed_alpha: pd.Series | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The scales' correlations beside every model's view of the construct pairs
    (``empirical.empirical_agreement``), each pair with ``r_disattenuated``: r / √(α_a α_b), the
    correlation the two scales would have without measurement error (above 1 where the α
    understate the reliability), ``htmt`` and ``htmt_ci_high`` from ``scale_pairs`` (``htmt_table``;
    with every answer given and the two scales' items correlating in one direction, HTMT is
    |r_disattenuated|, the α being standardised), the selected model's ``separability`` of the
    two constructs' answered items and ``answers_separability``, the same AUC with the items' |r| (``r``, in
    the item sets' text order) in place of their cosines: 0.5 where items of the two constructs
    correlate across as strongly as within, the answers' own verdict on whether they overlap;
    and ``fornell_larcker``: whether each scale's AVE exceeds the pair's squared
    ``r_disattenuated`` (Fornell & Larcker's criterion with the α-disattenuated correlation in
    place of a latent one; empty where a scale has no AVE or the pair no correlation).
    ``observed_alpha``, by construct: the α of the scores as observed, which disattenuate their
    (Pearson) correlations where ``table``'s α come from polychoric correlations; default
    ``table``'s. The columns of ``cfa.discriminant_table`` in ``scale_pairs``, the two-factor
    model's correlation, follow ``fornell_larcker``."""
    correlations = scale_correlations(scores)
    separability = pair_separabilities(item_sets[selected])
    pairs, summary = empirical_agreement(
        item_sets, selected, separability, correlations, settings["permutations"], seed
    )
    index = pd.MultiIndex.from_frame(pairs[["construct_a", "construct_b"]])
    answers = pair_separabilities(item_sets[selected], similarity=np.abs(r))
    pairs.insert(
        pairs.columns.get_loc("separability") + 1,
        "answers_separability",
        answers.loc[index].round(6).to_numpy(),
    )
    alpha = table.set_index("construct")["alpha"] if observed_alpha is None else observed_alpha
    alpha = alpha.where(lambda a: a > 0)
    with np.errstate(invalid="ignore"):
        reliability = np.sqrt(
            alpha.loc[pairs["construct_a"]].to_numpy() * alpha.loc[pairs["construct_b"]].to_numpy()
        )
    pairs.insert(pairs.columns.get_loc("r") + 1, "r_disattenuated", (pairs["r"] / reliability).round(6))
    ave = table.set_index("construct")["ave"]
    smaller = np.minimum(ave.loc[pairs["construct_a"]].to_numpy(), ave.loc[pairs["construct_b"]].to_numpy())
    shared = pairs["r_disattenuated"].to_numpy() ** 2
    verdicts = [
        None if np.isnan(a) or np.isnan(s) else bool(a > s) for a, s in zip(smaller, shared, strict=True)
    ]
    pairs.insert(pairs.columns.get_loc("r_disattenuated") + 1, "fornell_larcker", verdicts)
    ordered = [tuple(sorted(pair)) for pair in zip(pairs["construct_a"], pairs["construct_b"], strict=True)]
    found = scale_pairs.set_index(["construct_a", "construct_b"]).reindex(pd.MultiIndex.from_tuples(ordered))
    for anchor, columns in (("r_disattenuated", HTMT_COLUMNS), ("fornell_larcker", CFA_COLUMNS)):
        given = [column for column in columns if column in found]
        for offset, column in enumerate(given, start=1):
            pairs.insert(pairs.columns.get_loc(anchor) + offset, column, found[column].to_numpy())
    return pairs, summary
