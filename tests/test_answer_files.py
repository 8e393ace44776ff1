from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from constructlens import answer_files
from constructlens.errors import InputError

from .simulated_responses import answers, questionnaire


def qualtrics_export(items: pd.DataFrame, data: pd.DataFrame, status=None) -> str:
    """``data`` (a column per item) as Qualtrics writes a CSV export: columns named by the
    questions' export tags, then a row of question texts (a matrix's "question - statement")
    and a row of ImportIds, after metadata columns; ``status`` gives each row's Status (0, a
    respondent's, where it is None)."""
    tags = [f"Q7_{i + 1}" for i in range(len(items))]
    header = ["StartDate", "Status", *tags, "Age"]
    questions = ["Start Date", "Response Type"]
    questions += [f"How well does each statement describe you? - {t}" for t in items["text_original"]]
    questions += ["How old are you?"]
    ids = ['{""ImportId"":""startDate"",""timeZone"":""Europe/Berlin""}', '{""ImportId"":""status""}']
    ids += [f'{{""ImportId"":""QID7_{i + 1}""}}' for i in range(len(items))] + [
        '{""ImportId"":""QID9_TEXT""}'
    ]
    rows = [",".join(header), ",".join(f'"{q}"' for q in questions), ",".join(f'"{i}"' for i in ids)]
    for n, answer in enumerate(data.itertuples(index=False)):
        code = "0" if status is None else status[n]
        cells = ["" if pd.isna(value) else str(value) for value in answer]  # a blank cell: no answer
        rows.append(",".join([f"2026-11-{n % 9 + 1:02d} 10:00:00", code, *cells, "30"]))
    return "\n".join(rows) + "\n"


def write_spss(path, data: pd.DataFrame, labels: list[str]) -> None:
    value_labels = {"V0": {1.0: "Disagree", 5.0: "Agree"}}  # the codes are read, not these
    pyreadstat.write_sav(data, str(path), column_labels=labels, variable_value_labels=value_labels)


def write_stata(path, data: pd.DataFrame, labels: list[str]) -> None:
    data.to_stata(path, write_index=False, variable_labels=dict(zip(data.columns, labels, strict=True)))


AGREEMENT = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]


def test_response_columns_are_matched_to_items_by_text_or_by_id(tmp_path):
    items = questionnaire()
    data = answers(items, n=30)
    data.columns = [
        t.upper() if i % 2 else o
        for i, (t, o) in enumerate(zip(items["text"], items["text_original"], strict=True))
    ]
    data["Age"] = 30
    path = tmp_path / "answers.csv"
    data.to_csv(path, index=False)
    read = answer_files.read_responses(path, items.drop(columns="item_id"))
    assert list(read.columns) == sorted(items["text"]) and len(read) == 30
    by_id = answers(items, n=30).set_axis([f" q{i}" for i in range(12)], axis=1)
    by_id.to_csv(path, index=False)
    assert list(answer_files.read_responses(path, items).columns) == sorted(items["text"])


def test_a_qualtrics_export_is_read_as_downloaded(tmp_path, caplog):
    items = questionnaire()
    items.loc[0, ["text", "text_original"]] = [
        "Item 00 - the first - about calm.",
        "I item 00 - the first - about calm.",
    ]
    data = answers(items, n=25).round(2)
    path = tmp_path / "qualtrics.csv"
    path.write_text(qualtrics_export(items, data), encoding="utf-8-sig")
    with caplog.at_level("INFO"):
        read = answer_files.read_responses(path, items.drop(columns="item_id"))  # by the statements
    assert "a Qualtrics export; rows 2 and 3 read as question texts and ImportIds" in caplog.text
    assert len(read) == 25 and list(read.columns) == sorted(items["text"])
    expected = data.set_axis(items["text"], axis=1)[sorted(items["text"])]
    assert np.allclose(read.to_numpy(), expected.to_numpy())
    tagged = items.assign(item_id=[f"q7_{i + 1}" for i in range(12)])  # by the export tags
    assert np.allclose(answer_files.read_responses(path, tagged).to_numpy(), expected.to_numpy())
    worded = data.astype(str)
    worded.iloc[0, 0] = "Agree"  # exported with 'Use choice text'
    path.write_text(qualtrics_export(items, worded))
    with pytest.raises(
        InputError, match=r"row 4, column 'Q7_1': 'Agree' is not a number .*'Use numeric values'"
    ):
        answer_files.read_responses(path, tagged)


def test_responses_no_respondent_gave_are_left_out_of_a_qualtrics_export(tmp_path, caplog):
    items = questionnaire()
    data = answers(items, n=30).round(2)
    data.iloc[:4] = 5.0  # the researcher's previews and Qualtrics' generated test responses
    status = ["1", "1", "2", "Spam", *["0"] * 24, "4", "16"]  # imported and offline ones count
    path = tmp_path / "qualtrics.csv"
    path.write_text(qualtrics_export(items, data, status), encoding="utf-8")
    data.iloc[4] = np.nan  # a respondent who answered no item
    data.iloc[5] = 2.0  # one who gave one answer to every item
    path.write_text(qualtrics_export(items, data, status), encoding="utf-8")
    with caplog.at_level("WARNING"):
        read, record = answer_files.screened_responses(path, items.drop(columns="item_id"))
    assert "4 response(s) that no respondent gave left out, by their Status: Spam ×1, " in caplog.text
    assert "Survey Preview ×2, Survey Test ×1" in caplog.text
    expected = data.iloc[5:].set_axis(items["text"], axis=1)[sorted(items["text"])]
    assert len(read) == 25 and np.allclose(read.to_numpy(), expected.to_numpy())
    assert record["row"].tolist() == list(range(4, 34))  # as a spreadsheet numbers the export's rows
    assert record["outcome"].head(6).tolist() == [
        "left out: Survey Preview (Status)",
        "left out: Survey Preview (Status)",
        "left out: Survey Test (Status)",
        "left out: Spam (Status)",
        "left out: answered no item",
        "analysed",
    ]
    assert record["outcome"].iloc[5:].eq("analysed").all()
    assert record["items_answered"].tolist() == [pd.NA] * 4 + [0] + [12] * 25
    assert record["one_answer"].iloc[4:].tolist() == [False, True] + [False] * 24


def test_an_spss_export_of_qualtrics_is_screened_by_status_and_another_tables_status_column_is_not(
    tmp_path, caplog
):
    items = questionnaire()
    data = answers(items, n=30).round(0).set_axis(items["item_id"], axis=1)
    meta = pd.DataFrame({"Status": [1.0] * 3 + [0.0] * 27, "Finished": [0.0] * 5 + [1.0] * 25})
    path = tmp_path / "answers.sav"
    pyreadstat.write_sav(
        pd.concat([meta.assign(ResponseId=[f"R_{i}" for i in range(30)]), data], axis=1), path
    )
    with caplog.at_level("INFO"):
        read, record = answer_files.screened_responses(path, items)
    assert len(read) == 27 and record["row"].tolist() == list(range(1, 31))  # SPSS numbers cases from 1
    assert record["response_id"].tolist() == [f"R_{i}" for i in range(30)]
    assert record["unfinished"].tolist() == [True] * 5 + [False] * 25
    assert "3 response(s) that no respondent gave left out, by their Status: Survey Preview ×3" in caplog.text
    assert "2 unfinished response(s) (Finished is 0) kept" in caplog.text
    pyreadstat.write_sav(pd.concat([meta, data], axis=1), path)  # no ResponseId: not Qualtrics'
    assert len(answer_files.read_responses(path, items)) == 30


def test_leave_out_screens_unfinished_and_one_answer_respondents_out(tmp_path, caplog):
    items = questionnaire()
    data = answers(items, n=30).round(0).set_axis(items["item_id"], axis=1)
    data.iloc[3] = 4.0  # one answer throughout from an unfinished respondent and a finished one
    data.iloc[10] = 2.0
    meta = pd.DataFrame({"Status": [1.0] * 3 + [0.0] * 27, "Finished": [0.0] * 5 + [1.0] * 25})
    path = tmp_path / "answers.sav"
    pyreadstat.write_sav(
        pd.concat([meta.assign(ResponseId=[f"R_{i}" for i in range(30)]), data], axis=1), path
    )
    kept, _ = answer_files.screened_responses(path, items)
    assert (
        "gave one answer to every item they answered (case(s) 4, 11, as SPSS and Stata number" in caplog.text
    )
    caplog.clear()
    with caplog.at_level("INFO"):
        read, record = answer_files.screened_responses(path, items, leave_out=["unfinished", "one_answer"])
    assert record["outcome"].tolist()[3:12] == [
        *["left out: unfinished (Finished is 0)"] * 2,
        *["analysed"] * 5,
        "left out: one answer to every item",
        "analysed",
    ]
    assert record["outcome"].tolist()[:3] == ["left out: Survey Preview (Status)"] * 3
    assert read.index.tolist() == [row for row in kept.index if row not in (4, 5, 11)]  # SPSS cases from 1
    pd.testing.assert_frame_equal(read, kept.loc[read.index])
    assert "2 response(s) left out: unfinished (Finished is 0), as leave_out asks" in caplog.text
    assert "gave one answer to every item" not in caplog.text  # no straight-liner left in
    pyreadstat.write_sav(data, path)
    with pytest.raises(InputError, match="leave_out unfinished: the file has no Finished column"):
        answer_files.screened_responses(path, items, leave_out=["unfinished"])


def test_html_in_a_qualtrics_question_text_does_not_hide_its_item(tmp_path):
    items = questionnaire()
    data = answers(items, n=20).round(2)
    text = qualtrics_export(items, data)
    for original in items["text_original"]:  # as a question formatted in Qualtrics' editor exports
        text = text.replace(f"- {original}", f"- <strong>{original[:-1]}</strong>&nbsp;.<br>", 1)
    assert "<strong>" in text
    path = tmp_path / "qualtrics.csv"
    path.write_text(text, encoding="utf-8")
    read = answer_files.read_responses(path, items.drop(columns="item_id"))
    assert list(read.columns) == sorted(items["text"]) and len(read) == 20


def test_a_qualtrics_tsv_export_in_utf16_reads_as_its_csv(tmp_path):
    items = questionnaire()
    text = qualtrics_export(items, answers(items, n=25).round(2), ["1"] + ["0"] * 24)
    csv_path, tsv_path = tmp_path / "qualtrics.csv", tmp_path / "qualtrics.tsv"
    csv_path.write_text(text, encoding="utf-8")
    rows = pd.read_csv(csv_path, header=None, dtype=str, keep_default_na=False).to_numpy()
    tsv_path.write_bytes(("\n".join("\t".join(row) for row in rows) + "\n").encode("utf-16"))  # with a BOM
    by_csv = answer_files.screened_responses(csv_path, items.drop(columns="item_id"))
    by_tsv = answer_files.screened_responses(tsv_path, items.drop(columns="item_id"))
    assert len(by_tsv[0]) == 24 and by_tsv[1]["outcome"].iloc[0] == "left out: Survey Preview (Status)"
    pd.testing.assert_frame_equal(by_csv[0], by_tsv[0])
    pd.testing.assert_frame_equal(by_csv[1], by_tsv[1])


def test_a_qualtrics_excel_export_reads_as_its_csv(tmp_path):
    items = questionnaire()
    csv_path, xlsx_path = tmp_path / "qualtrics.csv", tmp_path / "qualtrics.xlsx"
    csv_path.write_text(qualtrics_export(items, answers(items, n=25).round(2), ["1"] + ["0"] * 24))
    pd.read_csv(csv_path, dtype=str, keep_default_na=False).to_excel(xlsx_path, index=False)
    by_csv = answer_files.screened_responses(csv_path, items.drop(columns="item_id"))
    by_xlsx = answer_files.screened_responses(xlsx_path, items.drop(columns="item_id"))
    pd.testing.assert_frame_equal(by_csv[0], by_xlsx[0])
    assert (
        by_xlsx[1]["outcome"].iloc[0] == "left out: Survey Preview (Status)"
        and by_xlsx[1]["row"].iloc[0] == 4
    )


def test_respondents_giving_one_answer_to_every_item_are_named_and_kept(tmp_path, caplog):
    items = questionnaire()
    data = answers(items, n=30).round(0)
    data.iloc[[2, 6]] = 3.0
    data.iloc[9, : answer_files.STRAIGHT_LINE_ITEMS - 1] = 2.0  # too few answers to tell
    data.iloc[9, answer_files.STRAIGHT_LINE_ITEMS - 1 :] = np.nan
    path = tmp_path / "answers.csv"
    data.set_axis(items["item_id"], axis=1).to_csv(path, index=False)
    with caplog.at_level("WARNING"):
        read = answer_files.read_responses(path, items)
    assert len(read) == 30
    assert "2 of 30 respondent(s) gave one answer to every item they answered (row(s) 4, 8," in caplog.text


def test_an_item_column_without_answers_is_left_out_and_one_answered_alike_by_all_is_named(tmp_path, caplog):
    items = questionnaire()
    data = answers(items, n=30).round(0).set_axis(items["item_id"], axis=1).assign(Q3=np.nan, Q7=4.0)
    path = tmp_path / "answers.csv"
    data.to_csv(path, index=False)
    with caplog.at_level("WARNING"):
        read = answer_files.read_responses(path, items)
    assert items["text"][3] not in read and items["text"][7] in read
    assert f"no responses to 1 of 12 item(s), left out of this analysis: {items['text'][3]}" in caplog.text
    assert (
        "every respondent gave the same answer in 1 column(s), which correlate with nothing: 'Q7'"
        in caplog.text
    )
    assert "look like one" not in caplog.text


def test_a_column_that_misnames_an_item_is_named_beside_it(tmp_path, caplog):
    items = questionnaire()
    data = answers(items, n=30).round(0).set_axis(items["item_id"], axis=1)
    path = tmp_path / "answers.csv"
    data.rename(columns={"Q3": "q03"}).assign(age=30).to_csv(path, index=False)
    with caplog.at_level("WARNING"):
        answer_files.read_responses(path, items)
    assert (
        f"no responses to 1 of 12 item(s), left out of this analysis: {items['text'][3]}; "
        "columns that name no item but look like one: 'q03' for Q3"
    ) in caplog.text


def test_response_types_read_qualtrics_status_codes_and_labels_alike():
    status = pd.Series(["1", 2.0, "Survey Preview", "8", "", None, "77", "IP Address"])
    assert answer_files.response_types(status).tolist() == [
        "Survey Preview",
        "Survey Test",
        "Survey Preview",
        "Spam",
        "",
        "",
        "77",
        "IP Address",
    ]


@pytest.mark.parametrize(("suffix", "write"), [(".sav", write_spss), (".dta", write_stata)])
def test_a_data_files_variable_labels_name_its_items(tmp_path, suffix, write):
    items = questionnaire()
    data = answers(items, n=30).round(0)
    path = tmp_path / f"answers{suffix}"
    labels = [f"How well does each statement describe you? - {t}" for t in items["text_original"]]
    write(path, data.set_axis([f"V{i}" for i in range(12)], axis=1), labels)
    read = answer_files.read_responses(path, items.drop(columns="item_id"))
    expected = data.set_axis(items["text"], axis=1)[sorted(items["text"])]
    assert np.allclose(read.to_numpy(), expected.to_numpy())


def test_a_list_number_before_a_columns_question_does_not_hide_its_item(tmp_path):
    items = questionnaire()
    data = answers(items, n=20)
    data.columns = [f"Q{i + 1}. {t}" for i, t in enumerate(items["text_original"])]
    path = tmp_path / "numbered.csv"
    data.to_csv(path, index=False)
    read = answer_files.read_responses(path, items.drop(columns="item_id"))
    assert list(read.columns) == sorted(items["text"]) and len(read) == 20


def test_a_grid_rows_statement_in_brackets_names_its_item_as_google_forms_and_limesurvey_write_it(tmp_path):
    items = questionnaire()
    data = answers(items, n=20)
    data.columns = [f"How well does each statement describe you? [{t}]" for t in items["text_original"]]
    path = tmp_path / "form.csv"
    data.assign(Timestamp="2026/12/05 10:00:00").to_csv(path, index=False)
    read = answer_files.read_responses(path, items.drop(columns="item_id"))
    assert list(read.columns) == sorted(items["text"]) and len(read) == 20


def test_a_surveymonkey_export_names_its_items_in_its_second_header_row(tmp_path, caplog):
    items = questionnaire()
    data = answers(items, n=20).astype(int)
    header = ["Respondent ID", "How well does each statement describe you?", *[""] * 11, "Age"]
    statements = ["", *items["text_original"], "Response"]
    rows = [[str(1000 + i), *map(str, row), "30"] for i, row in enumerate(data.itertuples(index=False))]
    rows[1][3] = "agree"
    path = tmp_path / "surveymonkey.csv"
    pd.DataFrame([statements, *rows], columns=header).to_csv(path, index=False)
    with pytest.raises(InputError, match=r"row 4, column 'I item 02 about calm.': 'agree' is not a number"):
        answer_files.read_responses(path, items.drop(columns="item_id"))  # rows as the file numbers them
    rows[1][3] = "3"
    pd.DataFrame([statements, *rows], columns=header).to_csv(path, index=False)
    with caplog.at_level("INFO"):
        read = answer_files.read_responses(path, items.drop(columns="item_id"))
    assert "row 2 names the items (a second header row, as SurveyMonkey writes it)" in caplog.text
    assert list(read.columns) == sorted(items["text"]) and len(read) == 20
    plain = answers(items, n=20).set_axis(items["text"], axis=1)  # answers in the first row: names stay
    assert answer_files.named_by_first_row(plain, items.drop(columns="item_id"), path) is None


def test_a_long_label_cut_as_stata_cuts_it_names_the_one_item_it_begins():
    items = questionnaire()
    long = "Item 00 about calm, and about keeping one's head when everyone around is losing theirs."
    items.loc[0, ["text", "text_original"]] = [long, long]
    cut = f"Describe yourself - {long}"[: answer_files.LABEL_LIMIT]  # the statement cut mid-word
    labels = pd.Series({"V0": cut, "V1": items["text"][1], "V2": cut[:40]})
    columns = answer_files.item_columns(
        items.drop(columns="item_id"), ["V0", "V1", "V2"], Path("a.dta"), labels
    )
    assert columns == {"V0": long, "V1": items["text"][1]}  # a short label must match whole
    items.loc[1, ["text", "text_original"]] = [long + " Twice.", long + " Twice."]
    ambiguous = answer_files.item_columns(items.drop(columns="item_id"), ["V0"], Path("a.dta"), labels)
    assert ambiguous == {}  # it begins two items: neither


def test_codes_for_a_missing_answer_are_named_in_a_warning(tmp_path, caplog):
    items = questionnaire()
    data = answers(items, n=40).set_axis(items["item_id"], axis=1)
    data.iloc[[3, 8], 0] = -99
    data.iloc[5, 4] = 9  # "don't know" on a 1-5 scale
    path = tmp_path / "answers.csv"
    data.to_csv(path, index=False)
    with caplog.at_level("WARNING"):
        answer_files.read_responses(path, items)
    assert (
        "answers.csv: answers far outside the range of the others, perhaps codes for a missing" in caplog.text
    )
    assert (
        "'Q0' (-99 ×2); 'Q4' (9 ×1); list them in the target's missing_answers, blank them, or declare them "
        "missing in SPSS"
    ) in caplog.text
    likert = pd.DataFrame({"a": [1, 2, 3, 4, 5] * 8, "b": [1] * 36 + [5] * 4}, dtype=float)
    # a skewed item is no code, nor is a scale of -2 to 2
    assert answer_files.stray_codes(likert) == {} and answer_files.stray_codes(likert - 3) == {}
    coded = likert.assign(b=[-9.0] + [1.0] * 39)
    assert {column: codes.tolist() for column, codes in answer_files.stray_codes(coded).items()} == {
        "b": [-9.0]
    }


def test_a_table_is_not_taken_for_a_qualtrics_export_unless_its_third_row_holds_import_ids():
    items = questionnaire()
    plain = answers(items, n=3).astype(str)
    assert answer_files.qualtrics_questions(plain) is None
    assert answer_files.qualtrics_questions(plain.head(1)) is None
    marked = pd.concat([plain.head(1), plain.head(1).map(lambda _: '{"ImportId":"QID1"}'), plain])
    assert answer_files.qualtrics_questions(marked).tolist() == plain.iloc[0].tolist()
    marked.iloc[1, 3] = "4"  # a row of answers that merely begins with one ImportId-like cell
    assert answer_files.qualtrics_questions(marked) is None


def test_a_decimal_comma_and_empty_cells_are_read_and_a_word_is_an_error(tmp_path):
    items = questionnaire()
    path = tmp_path / "answers.csv"
    data = answers(items, n=20).astype(str).set_axis(items["item_id"], axis=1)
    data.iloc[0, 0], data.iloc[1, 1] = "2,5", ""
    data.to_csv(path, sep=";", index=False)
    read = answer_files.read_responses(path, items)
    assert read[items["text"][0]].iloc[0] == 2.5 and np.isnan(read[items["text"][1]].iloc[1])
    data.iloc[3, 2] = "agree"
    data.to_csv(path, sep=";", index=False)
    with pytest.raises(InputError, match=r"answers.csv: row 5, column 'Q2': 'agree' is not a number"):
        answer_files.read_responses(path, items)


def test_answers_written_as_words_are_read_by_answer_labels(tmp_path):
    items = questionnaire()
    data = answers(items, n=20).set_axis(items["item_id"], axis=1)
    worded = data.map(lambda answer: AGREEMENT[int(answer) - 1])  # a survey's choice-text export
    worded.iloc[0, 0], worded.iloc[1, 1], worded.iloc[2, 2] = "strongly  AGREE", "", "4"
    path = tmp_path / "answers.csv"
    worded.to_csv(path, index=False)
    labels = {label: number for number, label in enumerate(AGREEMENT, start=1)}
    read = answer_files.read_responses(path, items, answer_labels=labels)
    expected = data.set_axis(items["text"], axis=1).astype(float)
    expected.iloc[0, 0], expected.iloc[1, 1], expected.iloc[2, 2] = 5.0, np.nan, 4.0
    expected.index += 2  # the file's row numbers, the header being row 1
    pd.testing.assert_frame_equal(read, expected[sorted(items["text"])], check_names=False)
    marks = {**labels, "-": 0, "?": 9}  # labels of punctuation alone; the empty cell stays missing
    pd.testing.assert_frame_equal(answer_files.read_responses(path, items, answer_labels=marks), read)
    marked = worded.copy()
    marked.iloc[1, 1], marked.iloc[3, 2] = "-", "?"
    marked.to_csv(path, index=False)
    read_marks = answer_files.read_responses(path, items, answer_labels=marks)
    assert read_marks.loc[3, items["text"][1]] == 0 and read_marks.loc[5, items["text"][2]] == 9
    worded.iloc[3, 3] = "Agreee"
    worded.to_csv(path, index=False)
    with pytest.raises(
        InputError, match=r"row 5, column 'Q3': 'Agreee' is not a number nor one of answer_labels"
    ):
        answer_files.read_responses(path, items, answer_labels=labels)


def test_missing_answer_codes_and_words_are_missing(tmp_path, caplog):
    items = questionnaire()
    data = answers(items, n=20).set_axis(items["item_id"], axis=1)
    coded = data.astype(object)
    coded.iloc[0, 0], coded.iloc[1, 1], coded.iloc[2, 2] = -99, "Don't know", "99"
    path = tmp_path / "answers.csv"
    coded.to_csv(path, index=False)
    with (
        caplog.at_level("WARNING"),
        pytest.raises(InputError, match=r"\"Don't know\" is not a number .* and missing_answers"),
    ):
        answer_files.read_responses(path, items)
    read = answer_files.read_responses(path, items, missing_answers=["-99", 99, "don't KNOW"])
    expected = data.set_axis(items["text"], axis=1).astype(float)
    expected.iloc[0, 0] = expected.iloc[1, 1] = expected.iloc[2, 2] = np.nan
    expected.index += 2
    pd.testing.assert_frame_equal(read, expected[sorted(items["text"])], check_names=False)
    data.iloc[0, 0] = -99  # a numeric column (an SPSS file's, or a CSV of numbers only)
    data.to_csv(path, index=False)
    with caplog.at_level("WARNING"):
        assert answer_files.read_responses(path, items)[items["text"][0]].iloc[0] == -99
    assert "list them in the target's missing_answers" in caplog.text
    assert np.isnan(answer_files.read_responses(path, items, missing_answers=[-99])[items["text"][0]].iloc[0])
    assert answer_files.read_responses(path, items, missing_answers=["-9"])[items["text"][0]].iloc[0] == -99


def test_answers_written_as_words_without_labels_get_a_setting_to_paste(tmp_path):
    items = questionnaire()
    data = answers(items, n=20).set_axis(items["item_id"], axis=1)
    path = tmp_path / "answers.csv"
    data.map(lambda answer: AGREEMENT[int(answer) - 1]).to_csv(path, index=False)
    with pytest.raises(InputError) as known:
        answer_files.read_responses(path, items)
    assert "(240 such cell(s), answers given as words: " in str(known.value)
    assert (
        'as that scale is often numbered (check it against your questionnaire): answer_labels: {"Strongly '
        'disagree": 1, "Disagree": 2, "Neither agree nor disagree": 3, "Agree": 4, "Strongly agree": 5}'
    ) in str(known.value)
    data.map(lambda answer: ["Low", "Mid", "High"][int(answer) % 3]).to_csv(path, index=False)
    with pytest.raises(InputError, match=r'as in answer_labels: \{"\w+": N, "\w+": N, "\w+": N\}'):
        answer_files.read_responses(path, items)


def test_answers_named_by_codes_the_items_lack_are_told_to_name_an_id_column(tmp_path):
    items = questionnaire().drop(columns="item_id")  # a target without id_column
    path = tmp_path / "answers.csv"
    answers(items, n=20).set_axis([f"EXT{i}" for i in range(12)], axis=1).to_csv(path, index=False)
    with pytest.raises(InputError) as coded:
        answer_files.read_responses(path, items)
    assert str(coded.value).endswith(
        "'EXT3', 'EXT4', …: where its columns are the items' codes, give the item table a column of "
        "those codes and name it the target's id_column"
    )
    answers(items, n=20).set_axis([f"Answer {c}" for c in "ABCDEFGHIJKL"], axis=1).to_csv(path, index=False)
    with pytest.raises(InputError) as named:
        answer_files.read_responses(path, items)
    assert "id_column" not in str(named.value)  # words, not codes: no such hint


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d.set_axis([f"X{i}" for i in range(12)], axis=1),
            "no column is named by one of the target's item ids",
        ),
        (lambda d: d.head(9), "9 respondent\\(s\\) answered an item; at least 10 are needed"),
        (
            lambda d: d.assign(ResponseId="R_1", Status=[1] * 12 + [0] * 8),  # mostly survey previews
            "8 respondent\\(s\\) answered an item; at least 10 are needed \\(of its 20 rows, 12 left out: "
            "Survey Preview \\(Status\\)\\)",
        ),
        (lambda d: d[["Q0", "Q1", "Q4"]], "responses to 2 scored items of each of at least two constructs"),
        (lambda d: d.assign(**{"q0 ": d["Q0"]}), "two columns hold one item: 'Q0' and 'q0'"),
        (lambda d: d.rename(columns={"Q1": "Q0"}), "more than one column named Q0; rename all but one"),
    ],
)
def test_responses_that_cannot_be_analysed_are_one_clear_error(tmp_path, change, message):
    items = questionnaire()
    path = tmp_path / "answers.csv"
    change(answers(items, n=20).set_axis(items["item_id"], axis=1)).to_csv(path, index=False)
    with pytest.raises(InputError, match=f"answers.csv: {message}"):
        answer_files.read_responses(path, items)
    with pytest.raises(InputError, match="file not found"):
        answer_files.read_responses(tmp_path / "none.csv", items)
