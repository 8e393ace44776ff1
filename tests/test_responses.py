import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest
import yaml

from constructlens import cfa, responses
from constructlens.errors import InputError
from constructlens.items import item_key
from constructlens.metrics import make_item_set
from constructlens.targets import load_target

from .conftest import BENCHMARKS, benchmark_module
from .simulated_responses import simulate_responses

sys.path.insert(0, str(BENCHMARKS))  # the bfi script imports its neighbour reverse_marker.py

SETTINGS = {"bootstrap_resamples": 200, "permutations": 199}
FACTOR_R = np.array([[1.0, 0.5, 0.0], [0.5, 1.0, -0.3], [0.0, -0.3, 1.0]])


def questionnaire(keys=(1, 1, -1, 1, 1, 1, 1, -1, 1, 1, 1, 1)) -> pd.DataFrame:
    """3 constructs × 4 items, as a target's cleaning gives them."""
    constructs = [c for c in ("Calm", "Kind", "Tidy") for _ in range(4)]
    texts = [f"Item {i:02d} about {c.lower()}." for i, c in enumerate(constructs)]
    return pd.DataFrame(
        {"construct": constructs, "text": texts, "text_original": [f"I {t[0].lower()}{t[1:]}" for t in texts]}
    ).assign(key=list(keys), item_id=[f"Q{i}" for i in range(12)])


def answers(items: pd.DataFrame, n=400, seed=0, loading=0.8) -> pd.DataFrame:
    return simulate_responses(
        items["text"].tolist(), items["construct"].tolist(), items["key"].tolist(), FACTOR_R, n, seed, loading
    )


def embeddings(items: pd.DataFrame, noise: float, seed: int = 0) -> dict[str, np.ndarray]:
    """A vector per item: its construct's direction plus noise."""
    rng = np.random.default_rng(seed)
    centre = {c: rng.normal(size=16) for c in sorted(set(items["construct"]))}
    return {
        t: centre[c] + rng.normal(0, noise, 16)
        for c, t in zip(items["construct"], items["text"], strict=True)
    }


def test_pairwise_correlations_match_pandas_over_pairwise_complete_rows():
    rng = np.random.default_rng(1)
    values = rng.normal(size=(60, 5))
    values[:, 1] += values[:, 0]
    values[rng.random(values.shape) < 0.2] = np.nan
    values[:52, 4] = np.nan  # 8 answers: fewer than MIN_RESPONDENTS with any other item
    r, n = responses.pairwise_correlations(values)
    expected = pd.DataFrame(values).corr(min_periods=responses.MIN_RESPONDENTS).to_numpy()
    assert np.allclose(r[:4, :4], expected[:4, :4])
    assert np.isnan(r[4, :4]).all() and r[4, 4] == 1
    assert n[0, 1] == int((~np.isnan(values[:, [0, 1]])).all(axis=1).sum())


def test_pairwise_correlations_of_complete_answers_follow_the_same_rules():
    rng = np.random.default_rng(2)
    values = rng.normal(size=(40, 4))
    values[:, 1] -= values[:, 0]
    values[:, 3] = 2.0  # answered alike by everyone: no correlation
    r, n = responses.pairwise_correlations(values)
    expected = pd.DataFrame(values).corr().to_numpy()
    assert np.allclose(r[:3, :3], expected[:3, :3]) and (n == 40).all()
    assert np.isnan(r[3, :3]).all() and r[3, 3] == 1
    few, _ = responses.pairwise_correlations(values[: responses.MIN_RESPONDENTS - 1, :3])
    assert np.isnan(few[np.triu_indices(3, k=1)]).all()


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
    read = responses.read_responses(path, items.drop(columns="item_id"))
    assert list(read.columns) == sorted(items["text"]) and len(read) == 30
    by_id = answers(items, n=30).set_axis([f" q{i}" for i in range(12)], axis=1)
    by_id.to_csv(path, index=False)
    assert list(responses.read_responses(path, items).columns) == sorted(items["text"])


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
        read = responses.read_responses(path, items.drop(columns="item_id"))  # by the statements
    assert "a Qualtrics export; rows 2 and 3 read as question texts and ImportIds" in caplog.text
    assert len(read) == 25 and list(read.columns) == sorted(items["text"])
    expected = data.set_axis(items["text"], axis=1)[sorted(items["text"])]
    assert np.allclose(read.to_numpy(), expected.to_numpy())
    tagged = items.assign(item_id=[f"q7_{i + 1}" for i in range(12)])  # by the export tags
    assert np.allclose(responses.read_responses(path, tagged).to_numpy(), expected.to_numpy())
    worded = data.astype(str)
    worded.iloc[0, 0] = "Agree"  # exported with 'Use choice text'
    path.write_text(qualtrics_export(items, worded))
    with pytest.raises(
        InputError, match=r"row 4, column 'Q7_1': 'Agree' is not a number .*'Use numeric values'"
    ):
        responses.read_responses(path, tagged)


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
        read, record = responses.screened_responses(path, items.drop(columns="item_id"))
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
        read, record = responses.screened_responses(path, items)
    assert len(read) == 27 and record["row"].tolist() == list(range(1, 31))  # SPSS numbers cases from 1
    assert record["response_id"].tolist() == [f"R_{i}" for i in range(30)]
    assert record["unfinished"].tolist() == [True] * 5 + [False] * 25
    assert "3 response(s) that no respondent gave left out, by their Status: Survey Preview ×3" in caplog.text
    assert "2 unfinished response(s) (Finished is 0) kept" in caplog.text
    pyreadstat.write_sav(pd.concat([meta, data], axis=1), path)  # no ResponseId: not Qualtrics'
    assert len(responses.read_responses(path, items)) == 30


def test_parallel_analysis_retains_as_many_components_as_the_answers_hold():
    items = questionnaire()
    three = answers(items, n=400).to_numpy()
    r, n = responses.pairwise_correlations(three)
    table = responses.parallel_analysis(r, n, seed=0)
    assert table["retained"].sum() == 3 and table["retained"].tolist()[:3] == [True] * 3
    assert table["eigenvalue"].sum() == pytest.approx(12) and (table["n_respondents"] == 400).all()
    assert np.allclose(
        table["eigenvalue"], np.sort(np.linalg.eigvalsh(np.corrcoef(three, rowvar=False)))[::-1]
    )
    pd.testing.assert_frame_equal(table, responses.parallel_analysis(r, n, seed=0))  # seeded
    one = simulate_responses(
        items["text"].tolist(), ["one"] * 12, items["key"].tolist(), np.ones((1, 1)), 400, 0, 0.8
    ).to_numpy()
    assert responses.parallel_analysis(*responses.pairwise_correlations(one), seed=0)["retained"].sum() == 1
    noise = np.random.default_rng(1).standard_normal((400, 12))
    assert responses.parallel_analysis(*responses.pairwise_correlations(noise), seed=0)["retained"].sum() == 0
    constant = three.copy()
    constant[:, 5] = 3.0  # correlates with nothing: left out
    table = responses.parallel_analysis(*responses.pairwise_correlations(constant), seed=0)
    assert (table["n_items"] == 11).all() and len(table) == 11
    none = responses.parallel_analysis(np.full((2, 2), np.nan), np.ones((2, 2)), seed=0)
    assert none.empty and list(none.columns) == list(table.columns)


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
    kept, _ = responses.screened_responses(path, items)
    caplog.clear()
    with caplog.at_level("INFO"):
        read, record = responses.screened_responses(path, items, leave_out=["unfinished", "one_answer"])
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
        responses.screened_responses(path, items, leave_out=["unfinished"])


def test_html_in_a_qualtrics_question_text_does_not_hide_its_item(tmp_path):
    items = questionnaire()
    data = answers(items, n=20).round(2)
    text = qualtrics_export(items, data)
    for original in items["text_original"]:  # as a question formatted in Qualtrics' editor exports
        text = text.replace(f"- {original}", f"- <strong>{original[:-1]}</strong>&nbsp;.<br>", 1)
    assert "<strong>" in text
    path = tmp_path / "qualtrics.csv"
    path.write_text(text, encoding="utf-8")
    read = responses.read_responses(path, items.drop(columns="item_id"))
    assert list(read.columns) == sorted(items["text"]) and len(read) == 20


def test_a_qualtrics_tsv_export_in_utf16_reads_as_its_csv(tmp_path):
    items = questionnaire()
    text = qualtrics_export(items, answers(items, n=25).round(2), ["1"] + ["0"] * 24)
    csv_path, tsv_path = tmp_path / "qualtrics.csv", tmp_path / "qualtrics.tsv"
    csv_path.write_text(text, encoding="utf-8")
    rows = pd.read_csv(csv_path, header=None, dtype=str, keep_default_na=False).to_numpy()
    tsv_path.write_bytes(("\n".join("\t".join(row) for row in rows) + "\n").encode("utf-16"))  # with a BOM
    by_csv = responses.screened_responses(csv_path, items.drop(columns="item_id"))
    by_tsv = responses.screened_responses(tsv_path, items.drop(columns="item_id"))
    assert len(by_tsv[0]) == 24 and by_tsv[1]["outcome"].iloc[0] == "left out: Survey Preview (Status)"
    pd.testing.assert_frame_equal(by_csv[0], by_tsv[0])
    pd.testing.assert_frame_equal(by_csv[1], by_tsv[1])


def test_a_qualtrics_excel_export_reads_as_its_csv(tmp_path):
    items = questionnaire()
    csv_path, xlsx_path = tmp_path / "qualtrics.csv", tmp_path / "qualtrics.xlsx"
    csv_path.write_text(qualtrics_export(items, answers(items, n=25).round(2), ["1"] + ["0"] * 24))
    pd.read_csv(csv_path, dtype=str, keep_default_na=False).to_excel(xlsx_path, index=False)
    by_csv = responses.screened_responses(csv_path, items.drop(columns="item_id"))
    by_xlsx = responses.screened_responses(xlsx_path, items.drop(columns="item_id"))
    pd.testing.assert_frame_equal(by_csv[0], by_xlsx[0])
    assert (
        by_xlsx[1]["outcome"].iloc[0] == "left out: Survey Preview (Status)"
        and by_xlsx[1]["row"].iloc[0] == 4
    )


def test_respondents_giving_one_answer_to_every_item_are_named_and_kept(tmp_path, caplog):
    items = questionnaire()
    data = answers(items, n=30).round(0)
    data.iloc[[2, 6]] = 3.0
    data.iloc[9, : responses.STRAIGHT_LINE_ITEMS - 1] = 2.0  # too few answers to tell
    data.iloc[9, responses.STRAIGHT_LINE_ITEMS - 1 :] = np.nan
    path = tmp_path / "answers.csv"
    data.set_axis(items["item_id"], axis=1).to_csv(path, index=False)
    with caplog.at_level("WARNING"):
        read = responses.read_responses(path, items)
    assert len(read) == 30
    assert "2 of 30 respondent(s) gave one answer to every item they answered (row(s) 4, 8," in caplog.text


def test_an_item_column_without_answers_is_left_out_and_one_answered_alike_by_all_is_named(tmp_path, caplog):
    items = questionnaire()
    data = answers(items, n=30).round(0).set_axis(items["item_id"], axis=1).assign(Q3=np.nan, Q7=4.0)
    path = tmp_path / "answers.csv"
    data.to_csv(path, index=False)
    with caplog.at_level("WARNING"):
        read = responses.read_responses(path, items)
    assert items["text"][3] not in read and items["text"][7] in read
    assert f"no responses to 1 of 12 item(s), left out of this analysis: {items['text'][3]}" in caplog.text
    assert (
        "every respondent gave the same answer in 1 column(s), which correlate with nothing: 'Q7'"
        in caplog.text
    )


def test_response_types_read_qualtrics_status_codes_and_labels_alike():
    status = pd.Series(["1", 2.0, "Survey Preview", "8", "", None, "77", "IP Address"])
    assert responses.response_types(status).tolist() == [
        "Survey Preview",
        "Survey Test",
        "Survey Preview",
        "Spam",
        "",
        "",
        "77",
        "IP Address",
    ]


def write_spss(path, data: pd.DataFrame, labels: list[str]) -> None:
    value_labels = {"V0": {1.0: "Disagree", 5.0: "Agree"}}  # the codes are read, not these
    pyreadstat.write_sav(data, str(path), column_labels=labels, variable_value_labels=value_labels)


def write_stata(path, data: pd.DataFrame, labels: list[str]) -> None:
    data.to_stata(path, write_index=False, variable_labels=dict(zip(data.columns, labels, strict=True)))


@pytest.mark.parametrize(("suffix", "write"), [(".sav", write_spss), (".dta", write_stata)])
def test_a_data_files_variable_labels_name_its_items(tmp_path, suffix, write):
    items = questionnaire()
    data = answers(items, n=30).round(0)
    path = tmp_path / f"answers{suffix}"
    labels = [f"How well does each statement describe you? - {t}" for t in items["text_original"]]
    write(path, data.set_axis([f"V{i}" for i in range(12)], axis=1), labels)
    read = responses.read_responses(path, items.drop(columns="item_id"))
    expected = data.set_axis(items["text"], axis=1)[sorted(items["text"])]
    assert np.allclose(read.to_numpy(), expected.to_numpy())


def test_a_list_number_before_a_columns_question_does_not_hide_its_item(tmp_path):
    items = questionnaire()
    data = answers(items, n=20)
    data.columns = [f"Q{i + 1}. {t}" for i, t in enumerate(items["text_original"])]
    path = tmp_path / "numbered.csv"
    data.to_csv(path, index=False)
    read = responses.read_responses(path, items.drop(columns="item_id"))
    assert list(read.columns) == sorted(items["text"]) and len(read) == 20


def test_a_grid_rows_statement_in_brackets_names_its_item_as_google_forms_and_limesurvey_write_it(tmp_path):
    items = questionnaire()
    data = answers(items, n=20)
    data.columns = [f"How well does each statement describe you? [{t}]" for t in items["text_original"]]
    path = tmp_path / "form.csv"
    data.assign(Timestamp="2026/12/05 10:00:00").to_csv(path, index=False)
    read = responses.read_responses(path, items.drop(columns="item_id"))
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
        responses.read_responses(path, items.drop(columns="item_id"))  # rows as the file numbers them
    rows[1][3] = "3"
    pd.DataFrame([statements, *rows], columns=header).to_csv(path, index=False)
    with caplog.at_level("INFO"):
        read = responses.read_responses(path, items.drop(columns="item_id"))
    assert "row 2 names the items (a second header row, as SurveyMonkey writes it)" in caplog.text
    assert list(read.columns) == sorted(items["text"]) and len(read) == 20
    plain = answers(items, n=20).set_axis(items["text"], axis=1)  # answers in the first row: names stay
    assert responses.named_by_first_row(plain, items.drop(columns="item_id"), path) is None


def test_a_long_label_cut_as_stata_cuts_it_names_the_one_item_it_begins():
    items = questionnaire()
    long = "Item 00 about calm, and about keeping one's head when everyone around is losing theirs."
    items.loc[0, ["text", "text_original"]] = [long, long]
    cut = f"Describe yourself - {long}"[: responses.LABEL_LIMIT]  # the statement cut mid-word
    labels = pd.Series({"V0": cut, "V1": items["text"][1], "V2": cut[:40]})
    columns = responses.item_columns(items.drop(columns="item_id"), ["V0", "V1", "V2"], Path("a.dta"), labels)
    assert columns == {"V0": long, "V1": items["text"][1]}  # a short label must match whole
    items.loc[1, ["text", "text_original"]] = [long + " Twice.", long + " Twice."]
    ambiguous = responses.item_columns(items.drop(columns="item_id"), ["V0"], Path("a.dta"), labels)
    assert ambiguous == {}  # it begins two items: neither


def test_codes_for_a_missing_answer_are_named_in_a_warning(tmp_path, caplog):
    items = questionnaire()
    data = answers(items, n=40).set_axis(items["item_id"], axis=1)
    data.iloc[[3, 8], 0] = -99
    data.iloc[5, 4] = 9  # "don't know" on a 1-5 scale
    path = tmp_path / "answers.csv"
    data.to_csv(path, index=False)
    with caplog.at_level("WARNING"):
        responses.read_responses(path, items)
    assert (
        "answers.csv: answers far outside the range of the others, perhaps codes for a missing" in caplog.text
    )
    assert (
        "'Q0' (-99 ×2); 'Q4' (9 ×1); list them in the target's missing_answers, blank them, or declare them "
        "missing in SPSS"
    ) in caplog.text
    likert = pd.DataFrame({"a": [1, 2, 3, 4, 5] * 8, "b": [1] * 36 + [5] * 4}, dtype=float)
    # a skewed item is no code, nor is a scale of -2 to 2
    assert responses.stray_codes(likert) == {} and responses.stray_codes(likert - 3) == {}
    coded = likert.assign(b=[-9.0] + [1.0] * 39)
    assert {column: codes.tolist() for column, codes in responses.stray_codes(coded).items()} == {"b": [-9.0]}


def test_a_table_is_not_taken_for_a_qualtrics_export_unless_its_third_row_holds_import_ids():
    items = questionnaire()
    plain = answers(items, n=3).astype(str)
    assert responses.qualtrics_questions(plain) is None
    assert responses.qualtrics_questions(plain.head(1)) is None
    marked = pd.concat([plain.head(1), plain.head(1).map(lambda _: '{"ImportId":"QID1"}'), plain])
    assert responses.qualtrics_questions(marked).tolist() == plain.iloc[0].tolist()
    marked.iloc[1, 3] = "4"  # a row of answers that merely begins with one ImportId-like cell
    assert responses.qualtrics_questions(marked) is None


def test_a_decimal_comma_and_empty_cells_are_read_and_a_word_is_an_error(tmp_path):
    items = questionnaire()
    path = tmp_path / "answers.csv"
    data = answers(items, n=20).astype(str).set_axis(items["item_id"], axis=1)
    data.iloc[0, 0], data.iloc[1, 1] = "2,5", ""
    data.to_csv(path, sep=";", index=False)
    read = responses.read_responses(path, items)
    assert read[items["text"][0]].iloc[0] == 2.5 and np.isnan(read[items["text"][1]].iloc[1])
    data.iloc[3, 2] = "agree"
    data.to_csv(path, sep=";", index=False)
    with pytest.raises(InputError, match=r"answers.csv: row 5, column 'Q2': 'agree' is not a number"):
        responses.read_responses(path, items)


AGREEMENT = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]


def test_answers_written_as_words_are_read_by_answer_labels(tmp_path):
    items = questionnaire()
    data = answers(items, n=20).set_axis(items["item_id"], axis=1)
    worded = data.map(lambda answer: AGREEMENT[int(answer) - 1])  # a survey's choice-text export
    worded.iloc[0, 0], worded.iloc[1, 1], worded.iloc[2, 2] = "strongly  AGREE", "", "4"
    path = tmp_path / "answers.csv"
    worded.to_csv(path, index=False)
    labels = {label: number for number, label in enumerate(AGREEMENT, start=1)}
    read = responses.read_responses(path, items, answer_labels=labels)
    expected = data.set_axis(items["text"], axis=1).astype(float)
    expected.iloc[0, 0], expected.iloc[1, 1], expected.iloc[2, 2] = 5.0, np.nan, 4.0
    expected.index += 2  # the file's row numbers, the header being row 1
    pd.testing.assert_frame_equal(read, expected[sorted(items["text"])], check_names=False)
    marks = {**labels, "-": 0, "?": 9}  # labels of punctuation alone; the empty cell stays missing
    pd.testing.assert_frame_equal(responses.read_responses(path, items, answer_labels=marks), read)
    marked = worded.copy()
    marked.iloc[1, 1], marked.iloc[3, 2] = "-", "?"
    marked.to_csv(path, index=False)
    read_marks = responses.read_responses(path, items, answer_labels=marks)
    assert read_marks.loc[3, items["text"][1]] == 0 and read_marks.loc[5, items["text"][2]] == 9
    worded.iloc[3, 3] = "Agreee"
    worded.to_csv(path, index=False)
    with pytest.raises(
        InputError, match=r"row 5, column 'Q3': 'Agreee' is not a number nor one of answer_labels"
    ):
        responses.read_responses(path, items, answer_labels=labels)


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
        responses.read_responses(path, items)
    read = responses.read_responses(path, items, missing_answers=["-99", 99, "don't KNOW"])
    expected = data.set_axis(items["text"], axis=1).astype(float)
    expected.iloc[0, 0] = expected.iloc[1, 1] = expected.iloc[2, 2] = np.nan
    expected.index += 2
    pd.testing.assert_frame_equal(read, expected[sorted(items["text"])], check_names=False)
    data.iloc[0, 0] = -99  # a numeric column (an SPSS file's, or a CSV of numbers only)
    data.to_csv(path, index=False)
    with caplog.at_level("WARNING"):
        assert responses.read_responses(path, items)[items["text"][0]].iloc[0] == -99
    assert "list them in the target's missing_answers" in caplog.text
    assert np.isnan(responses.read_responses(path, items, missing_answers=[-99])[items["text"][0]].iloc[0])
    assert responses.read_responses(path, items, missing_answers=["-9"])[items["text"][0]].iloc[0] == -99


def test_answers_written_as_words_without_labels_get_a_setting_to_paste(tmp_path):
    items = questionnaire()
    data = answers(items, n=20).set_axis(items["item_id"], axis=1)
    path = tmp_path / "answers.csv"
    data.map(lambda answer: AGREEMENT[int(answer) - 1]).to_csv(path, index=False)
    with pytest.raises(InputError) as known:
        responses.read_responses(path, items)
    assert "(240 such cell(s), answers given as words: " in str(known.value)
    assert (
        'as that scale is often numbered (check it against your questionnaire): answer_labels: {"Strongly '
        'disagree": 1, "Disagree": 2, "Neither agree nor disagree": 3, "Agree": 4, "Strongly agree": 5}'
    ) in str(known.value)
    data.map(lambda answer: ["Low", "Mid", "High"][int(answer) % 3]).to_csv(path, index=False)
    with pytest.raises(InputError, match=r'as in answer_labels: \{"\w+": N, "\w+": N, "\w+": N\}'):
        responses.read_responses(path, items)


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
        responses.read_responses(path, items)
    with pytest.raises(InputError, match="file not found"):
        responses.read_responses(tmp_path / "none.csv", items)


def test_constructs_distinct_in_the_answers_have_a_high_response_auc_and_noise_one_near_half():
    items = questionnaire()
    item_sets = {"model": make_item_set(items, embeddings(items, noise=0.5))}
    for loading, low, high in ((0.8, 0.9, 1.01), (0.0, 0.3, 0.7)):
        data = answers(items, loading=loading)[item_sets["model"].texts]
        r, _ = responses.pairwise_correlations(data.to_numpy())
        table = responses.item_agreement(item_sets, "model", r, SETTINGS, seed=3).set_index("view")
        observed = table.loc["responses"]
        assert low < observed["pair_auc"] < high
        assert observed["ci_low"] <= observed["pair_auc"] <= observed["ci_high"]
    assert table.loc["model", "selected"] and table["n_pairs"].eq(66).all()


def test_a_model_that_reads_items_as_they_are_answered_agrees_with_them():
    items = questionnaire()
    data = answers(items, n=2000, seed=4)
    texts = sorted(items["text"])
    r, _ = responses.pairwise_correlations(data[texts].to_numpy())
    # the factor model's own view: an item is its factor's direction (cosines = factor correlations)
    directions = np.linalg.cholesky(FACTOR_R)
    rng = np.random.default_rng(8)
    faithful = {
        t: directions[["Calm", "Kind", "Tidy"].index(c)] + rng.normal(0, 0.05, 3)
        for c, t in zip(items["construct"], items["text"], strict=True)
    }
    item_sets = {
        "faithful": make_item_set(items, faithful),
        "random": make_item_set(items, embeddings(items, noise=50.0, seed=9)),
    }
    table = responses.item_agreement(item_sets, "random", r, {**SETTINGS, "permutations": 999}, seed=5)
    table = table.set_index("view")
    assert table.index.tolist() == ["responses", "random", "faithful"]  # the selected model first
    assert table.loc["faithful", "spearman_rho"] > 0.5 and table.loc["faithful", "p_value"] <= 0.01
    assert table.loc["random", "p_value"] > 0.01
    difference = table.loc["faithful", "pair_auc"] - table.loc["responses", "pair_auc"]
    assert table.loc["faithful", "minus_responses"] == pytest.approx(difference, abs=1e-6)
    assert (
        table.loc["faithful", "minus_responses_ci_low"]
        <= difference
        <= table.loc["faithful", "minus_responses_ci_high"]
    )


def test_scales_are_scored_by_their_keys_and_an_unkeyed_reverse_item_is_named(caplog):
    items = questionnaire()
    data = answers(items, n=3000, seed=6)
    table, scores = responses.scales(items, data)
    assert (
        table["construct"].tolist() == ["Calm", "Kind", "Tidy"] and table["negative_item_rest"].eq("").all()
    )
    calm = items["text"][:4].tolist()
    keyed = data[calm] * items["key"][:4].to_numpy()
    r = np.corrcoef(keyed.to_numpy().T)[np.triu_indices(4, k=1)].mean()
    assert table.loc[0, "mean_inter_item_r"] == pytest.approx(r, abs=1e-6)
    assert table.loc[0, "alpha"] == pytest.approx(4 * r / (1 + 3 * r), abs=1e-6)
    assert table.loc[0, "omega"] == pytest.approx(
        responses.omega_and_ave(np.corrcoef(keyed.to_numpy().T))[0], abs=1e-6
    )
    assert scores.corr().loc["Calm", "Kind"] > 0.3 > -0.1 > scores.corr().loc["Kind", "Tidy"]
    unkeyed, _ = responses.scales(items.assign(key=np.where(items["key"] == 0, 0, 1)), data)
    assert unkeyed["negative_item_rest"].tolist() == [items["text"][2], items["text"][7], ""]
    assert "correlating negatively with the rest of the scale" in caplog.text
    unscored, _ = responses.scales(items.assign(key=[1, 0, 0, 0, *items["key"][4:]]), data)
    assert unscored["construct"].tolist() == ["Kind", "Tidy"]  # one scored item: no scale


def one_factor_correlations(loadings) -> np.ndarray:
    r = np.outer(loadings, loadings)
    np.fill_diagonal(r, 1.0)
    return r


def test_alpha_if_deleted_is_the_standardised_alpha_of_the_other_items():
    data = answers(questionnaire(), n=500, seed=3)
    signed = data.iloc[:, :4] * np.array([1, 1, -1, 1])
    without = responses.alpha_if_deleted(np.corrcoef(signed.to_numpy().T))
    rest = np.corrcoef(signed.drop(columns=signed.columns[1]).to_numpy().T)[np.triu_indices(3, k=1)].mean()
    assert without[1] == pytest.approx(3 * rest / (1 + 2 * rest), abs=1e-9)
    assert np.isnan(
        responses.alpha_if_deleted(np.corrcoef(signed.iloc[:, :2].to_numpy().T))
    ).all()  # one left


def test_omega_recovers_one_factor_and_equals_standardised_alpha_where_items_load_equally():
    loadings = np.array([0.8, 0.7, 0.6, 0.5])
    r = one_factor_correlations(loadings)
    assert responses.one_factor_loadings(r) == pytest.approx(loadings, abs=1e-6)
    # (Σλ)² / ((Σλ)² + Σ(1 − λ²)) = 2.6² / (2.6² + 2.26)
    assert responses.omega_and_ave(r)[0] == pytest.approx(6.76 / 9.02, abs=1e-9)
    assert responses.omega_and_ave(r)[1] == pytest.approx((0.64 + 0.49 + 0.36 + 0.25) / 4, abs=1e-9)
    mean_r = np.mean(r[np.triu_indices(4, k=1)])
    assert responses.omega_and_ave(r)[0] > 4 * mean_r / (1 + 3 * mean_r)  # α understates unequal loadings
    equal = one_factor_correlations(np.full(5, 0.6))
    assert responses.omega_and_ave(equal)[0] == pytest.approx(5 * 0.36 / (1 + 4 * 0.36), abs=1e-9)
    reversed_item = one_factor_correlations([0.9, 0.8, -0.3])
    assert responses.one_factor_loadings(reversed_item) == pytest.approx([0.9, 0.8, -0.3], abs=1e-6)


def test_omega_holds_a_heywood_case_at_one_and_needs_three_items_with_every_correlation():
    heywood = np.array([[1, 0.9, 0.9], [0.9, 1, 0.5], [0.9, 0.5, 1.0]])  # λ₁² = 0.9 × 0.9 / 0.5 > 1
    loadings = responses.one_factor_loadings(heywood)
    assert loadings.max() == pytest.approx(1.0) and 0 < responses.omega_and_ave(heywood)[0] < 1
    assert np.isnan(responses.omega_and_ave(one_factor_correlations([0.7, 0.7]))[0])
    assert np.isnan(responses.omega_and_ave(one_factor_correlations([0.7, 0.7]))[1])
    missing = one_factor_correlations([0.7, 0.6, 0.5])
    missing[0, 2] = missing[2, 0] = np.nan
    assert np.isnan(responses.omega_and_ave(missing)[0])


def test_answers_reverse_scored_already_are_scored_as_they_are_and_named_when_not_said(caplog):
    items = questionnaire()
    data = answers(items, n=3000, seed=6)
    reversed_keys = items["key"].eq(-1).to_numpy()
    recoded = data.copy()
    recoded.loc[:, reversed_keys] = 6 - data.loc[:, reversed_keys]  # 1-5 answers recoded
    expected, _ = responses.scales(items, data)
    scored, _ = responses.scales(responses.as_scored(items, reverse_scored=True), recoded)
    pd.testing.assert_frame_equal(scored, expected)
    assert responses.as_scored(items, reverse_scored=False) is items
    unsaid, _ = responses.scales(items, recoded)
    flagged = [items["text"][2], items["text"][7], ""]
    assert unsaid["negative_item_rest"].tolist() == unsaid["negative_reverse_keyed"].tolist() == flagged
    assert "if their answers are reverse-scored already, set the target's reverse_scored: true" in caplog.text


def test_scale_correlations_are_disattenuated_by_the_scales_alphas():
    items = questionnaire()
    data = answers(items, n=500, seed=7)
    item_sets = {"model": make_item_set(items, embeddings(items, noise=0.5))}
    r, _ = responses.pairwise_correlations(data[item_sets["model"].texts].to_numpy())
    table, scores = responses.scales(items, data)
    htmts = responses.htmt_table(items, data, 0, 1)
    pairs, summary = responses.construct_agreement(item_sets, "model", r, table, scores, htmts, SETTINGS, 1)
    pairs = pairs.set_index(["construct_a", "construct_b"])
    alpha = table.set_index("construct")["alpha"]
    assert pairs.loc[("Calm", "Kind"), "r"] == pytest.approx(scores.corr().loc["Calm", "Kind"], abs=1e-6)
    expected = pairs.loc[("Calm", "Kind"), "r"] / np.sqrt(alpha["Calm"] * alpha["Kind"])
    assert pairs.loc[("Calm", "Kind"), "r_disattenuated"] == pytest.approx(expected, abs=1e-5)
    ave = table.set_index("construct")["ave"]
    for (a, b), row in pairs.iterrows():  # each scale's AVE above the squared latent correlation
        assert row["fornell_larcker"] == (min(ave[a], ave[b]) > row["r_disattenuated"] ** 2)
    assert pairs["fornell_larcker"].tolist().count(True) == 3  # these constructs are distinct
    two_items, two_scores = responses.scales(items.assign(key=[1, 1, 0, 0, *items["key"][4:]]), data)
    assert two_items["ave"].isna().tolist() == [True, False, False]  # Calm keeps two scored items
    unrated, _ = responses.construct_agreement(
        item_sets, "model", r, two_items, two_scores, htmts, SETTINGS, 1
    )
    assert unrated.set_index(["construct_a", "construct_b"])["fornell_larcker"].to_dict() == {
        ("Calm", "Kind"): None,  # no AVE for a scale of two items: no verdict
        ("Calm", "Tidy"): None,
        ("Kind", "Tidy"): True,
    }
    # with every answer given, HTMT of keyed items is |r_disattenuated| (α being standardised)
    # where the two scales' items correlate in one direction; around r = 0 the magnitudes add up
    signed = pairs.loc[[("Calm", "Kind"), ("Kind", "Tidy")]]
    assert np.allclose(signed["htmt"], signed["r_disattenuated"].abs(), atol=1e-5)
    assert pairs.loc[("Calm", "Tidy"), "htmt"] > abs(pairs.loc[("Calm", "Tidy"), "r_disattenuated"])
    assert pairs["htmt_ci_high"].isna().all()  # no resamples, no bound
    assert summary["measure"].tolist() == ["abs_r", "r"] and (summary["relabellings"] == 6).all()
    # the answers keep every pair of these constructs apart: items correlate more within
    assert (pairs["answers_separability"] > 0.9).all() and pairs["separability"].between(0.5, 1).all()


def test_htmt_follows_henselers_definition_on_a_hand_worked_matrix():
    """Items 0-1 of A, 2-3 of B, 4 of both: HTMT(A, B) = mean |r| across / √(mean |r| within A ×
    mean |r| within B); an item's correlation with itself counts nowhere, a missing one neither."""
    r = np.array(
        [
            [1.0, 0.6, 0.2, -0.4, 0.5],
            [0.6, 1.0, 0.3, 0.1, np.nan],
            [0.2, 0.3, 1.0, 0.8, 0.4],
            [-0.4, 0.1, 0.8, 1.0, 0.6],
            [0.5, np.nan, 0.4, 0.6, 1.0],
        ]
    )
    membership = np.array([[1, 0], [1, 0], [0, 1], [0, 1], [1, 1]], dtype=float)
    within_a = np.mean([0.6, 0.5])  # (0,1), (0,4); (1,4) unknown
    within_b = np.mean([0.8, 0.4, 0.6])  # (2,3), (2,4), (3,4)
    across = np.mean([0.2, 0.4, 0.5, 0.3, 0.1, 0.4, 0.6])  # A's items × B's, 4 × 4 left out
    ratio = responses.htmt(r, membership)
    assert ratio[0, 1] == pytest.approx(across / np.sqrt(within_a * within_b)) and ratio[0, 1] == ratio[1, 0]
    assert np.isnan(np.diag(ratio)).all()


def test_htmt_bounds_come_from_resampled_respondents_and_repeat_with_the_seed():
    items = questionnaire()
    data = answers(items, n=300, seed=5)
    data.iloc[::7, 3] = np.nan  # missing answers: pairwise complete correlations
    first, again = responses.htmt_table(items, data, 300, 4), responses.htmt_table(items, data, 300, 4)
    pd.testing.assert_frame_equal(first, again)
    assert first[["construct_a", "construct_b"]].values.tolist() == [
        ["Calm", "Kind"],
        ["Calm", "Tidy"],
        ["Kind", "Tidy"],
    ]
    assert (first["htmt_ci_high"] > first["htmt"]).all()
    # the factors correlate 0.5, 0.0 and -0.3 (HTMT reads magnitudes)
    htmt = first.set_index(["construct_a", "construct_b"])["htmt"]
    assert htmt[("Calm", "Kind")] == pytest.approx(0.5, abs=0.1) and htmt[("Kind", "Tidy")] == pytest.approx(
        0.3, abs=0.1
    )


def test_constructs_the_answers_cannot_tell_apart_have_a_separability_near_half():
    items = questionnaire()
    merged = np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])  # Calm and Kind: one factor
    data = simulate_responses(
        items["text"].tolist(), items["construct"].tolist(), items["key"].tolist(), merged, 3000, 2
    )
    item_set = make_item_set(items, embeddings(items, noise=0.5))
    r, n = responses.pairwise_correlations(data[item_set.texts].to_numpy())
    table, scores = responses.scales(items, data)
    htmts = responses.htmt_table(items, data, 200, 1)
    named = [pd.DataFrame(m, index=item_set.texts, columns=item_set.texts) for m in (r, n)]
    factors = cfa.discriminant_table(items, data, *named)
    pairs, _ = responses.construct_agreement(
        {"model": item_set}, "model", r, table, scores, htmts.merge(factors), SETTINGS, 1
    )
    # one factor under two names: HTMT near 1 and its bound above both bars; apart ones far below
    htmt = pairs.set_index(["construct_a", "construct_b"])[["htmt", "htmt_ci_high"]]
    assert htmt.loc[("Calm", "Kind"), "htmt"] > 0.95 and htmt.loc[("Calm", "Kind"), "htmt_ci_high"] > 0.9
    assert htmt.loc[("Calm", "Tidy"), "htmt_ci_high"] < 0.2
    # and the two factors' correlation near 1, a severe problem by Rönkkö and Cho's classes
    order = pairs.columns.tolist()
    after = order.index("fornell_larcker") + 1
    assert order[after : after + len(responses.CFA_COLUMNS)] == responses.CFA_COLUMNS
    two_factor = pairs.set_index(["construct_a", "construct_b"])
    assert two_factor.loc[("Calm", "Kind"), "cfa_r"] == pytest.approx(1.0, abs=0.03)
    assert two_factor["cfa_problem"].to_dict() == {
        ("Calm", "Kind"): "severe",
        ("Calm", "Tidy"): "none",
        ("Kind", "Tidy"): "none",
    }
    separability = pairs.set_index(["construct_a", "construct_b"])["answers_separability"]
    assert separability[("Calm", "Kind")] < 0.65 < 0.95 < separability[("Calm", "Tidy")]
    distinct = responses.construct_distinctiveness(item_set, r).set_index("construct")
    assert (
        distinct.loc["Tidy", "answers_distinctiveness"]
        > 0.95
        > 0.8
        > distinct.loc["Calm", "answers_distinctiveness"]
    )
    assert distinct["distinctiveness"].between(0.5, 1).all()  # the model's, from the embeddings


def test_an_item_answered_like_another_construct_does_not_fit_its_own_in_the_answers():
    items = questionnaire()
    constructs = items["construct"].tolist()
    constructs[5] = "Tidy"  # listed under Kind, answered like the Tidy items
    data = simulate_responses(items["text"].tolist(), constructs, items["key"].tolist(), np.eye(3), 3000, 11)
    item_set = make_item_set(items, embeddings(items, noise=0.3))
    r, _ = responses.pairwise_correlations(data[item_set.texts].to_numpy())
    fit = responses.item_fit(items, data, item_set, r).set_index("text")
    stray = items["text"][5]
    assert fit.loc[stray, ["answers_fits", "answers_closest_other"]].tolist() == [False, "Tidy"]
    assert fit.loc[stray, "model_fits"]  # worded, here, like its own construct
    assert fit.drop(index=stray)["answers_fits"].all()
    assert abs(fit.loc[stray, "item_rest_r"]) < 0.1 < fit.drop(index=stray)["item_rest_r"].min()
    scales, _ = responses.scales(items, data)
    kind_alpha = scales.set_index("construct").at["Kind", "alpha"]
    kind = fit[fit["construct"] == "Kind"]
    assert kind.at[stray, "alpha_if_deleted"] > kind_alpha > kind.drop(index=stray)["alpha_if_deleted"].max()
    assert fit.index[fit["construct"] == "Kind"][0] == stray  # the items that fit nowhere first
    assert fit.loc[items["text"][2], "answers_own"] > 0.3  # |r|: a reverse-keyed item fits too


def test_the_bfi_benchmarks_items_are_ipip_items_of_their_domain(ipip_items):
    items = benchmark_module("bfi_responses").bfi_items()
    assert len(items) == 25 and items.groupby("construct").size().eq(5).all()
    assert items.set_index("item_id").loc[["A1", "O2", "O5"], "key"].eq(-1).all()
    ipip = ipip_items.assign(item=ipip_items["text"].map(item_key))
    # IPIP's Big-Five markers name two domains by their other pole or facet
    names = {"Neuroticism": {"Neuroticism", "Emotional Stability"}, "Openness": {"Openness", "Intellect"}}
    for text, construct in zip(items["text"], items["construct"], strict=True):
        constructs = set(ipip.loc[ipip["item"] == item_key(text), "construct"])
        assert constructs & names.get(construct, {construct}), text  # an IPIP item of its domain


def test_the_bfi_benchmark_writes_a_target_the_workflow_reads(tmp_path, capsys):
    bfi = benchmark_module("bfi_responses")
    ids = list(bfi.BFI)
    constructs = [bfi.DOMAINS[i[0]] for i in ids]
    keys = [-1 if i in bfi.REVERSED else 1 for i in ids]
    answers = simulate_responses(ids, constructs, keys, np.eye(5), 50, 12).assign(age=30)
    bfi.write_target(tmp_path, answers)
    entry = yaml.safe_load(capsys.readouterr().out)["targets"]["bfi"]
    schema = yaml.safe_load((BENCHMARKS.parent / "config" / "config.schema.yaml").read_text())
    defaults = schema["properties"]["targets"]["additionalProperties"]["properties"]
    settings = {key: spec.get("default") for key, spec in defaults.items()} | entry
    items = load_target(entry["path"], "table", settings)
    read = responses.read_responses(entry["responses"], items)
    assert read.shape == (50, 25) and items["item_id"].tolist() == sorted(
        ids, key=lambda i: (bfi.DOMAINS[i[0]], bfi.BFI[i])
    )


def test_polychoric_answers_raise_the_reliabilities_pearsons_r_understates():
    items = questionnaire()
    data = answers(items, n=2000, seed=12)
    coarse = data.apply(
        lambda column: (column >= column.quantile(0.7)).astype(float)
    )  # two skewed categories
    correlate = responses.correlation("polychoric", coarse, "my answers.csv")
    pearson, _ = responses.scales(items, coarse)
    polychoric, _ = responses.scales(items, coarse, correlate)
    assert (polychoric["alpha"] > pearson["alpha"] + 0.05).all() and (
        polychoric["omega"] > pearson["omega"]
    ).all()
    bounds = responses.htmt_table(items, coarse, 3, 1, correlate)
    assert bounds["htmt"].notna().all() and bounds["htmt_ci_high"].notna().all()
    item_set = make_item_set(items, embeddings(items, noise=0.5))
    r, _ = correlate(coarse[item_set.texts].to_numpy())
    _, scores = responses.scales(items, coarse)
    observed = pearson.set_index("construct")["alpha"]
    args = ({"model": item_set}, "model", r, polychoric, scores, bounds, SETTINGS, 1)
    pairs, _ = responses.construct_agreement(*args, observed_alpha=observed)
    latent, _ = responses.construct_agreement(*args)
    # the scores' Pearson r over the α of the scores as observed, not the larger ordinal α
    assert (pairs["r_disattenuated"].abs() > latent["r_disattenuated"].abs()).all()
    first = pairs.iloc[0]
    expected = first["r"] / np.sqrt(observed[first["construct_a"]] * observed[first["construct_b"]])
    assert first["r_disattenuated"] == pytest.approx(expected, abs=1e-5)
    assert responses.correlation("pearson", data, "my answers.csv") is responses.pairwise_correlations


def test_polychoric_answers_on_a_scale_are_one_clear_error_naming_the_file_and_item():
    data = answers(questionnaire(), n=300, seed=13)
    data.iloc[:, 3] = np.linspace(0, 100, len(data))  # a slider
    with pytest.raises(
        InputError, match=r"my answers.csv: answer_correlation: polychoric needs answers on at most 10"
    ):
        responses.correlation("polychoric", data, "my answers.csv")
    with pytest.raises(
        InputError, match=r"item 'Item 03 about calm.' has 300 different answers; use answer_corr"
    ):
        responses.correlation("polychoric", data, "my answers.csv")
