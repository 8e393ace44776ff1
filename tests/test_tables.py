import logging
import re
import zipfile

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyreadstat
import pytest

from constructlens.errors import InputError
from constructlens.leadership import LEADERSHIP_COLUMNS, LEADERSHIP_TEXT
from constructlens.tables import (
    LEADING_DASH,
    normalise_text,
    optional_tsv,
    parse_csv,
    read_table,
    scoring_keys,
    variable_labels,
)


def test_blank_rows_are_dropped_and_counted_in_the_log(caplog):
    with caplog.at_level(logging.INFO, logger="constructlens.tables"):
        frame = parse_csv("a,b\n1,x\n,\n2,y\n,\n", "t.csv")
    assert frame.to_dict("list") == {"a": ["1", "2"], "b": ["x", "y"]}
    assert "t.csv: 2 blank row(s) skipped (row(s) 3, 5, as a spreadsheet numbers them)" in caplog.text


def test_well_formed_multiline_quotes_parse_strictly():
    frame = parse_csv('id,text\n1,"line one\n\nline two"\n2,plain\n', "t.csv")
    assert frame["text"].tolist() == ["line one\n\nline two", "plain"]


def test_broken_quotes_in_last_column_are_recovered_record_by_record():
    text = (
        "id,group,text\n"
        '1,a,"Encourages employees to be "team\n\nplayers""\n'
        '2,a,"Encourages members to be "team players."\n\n"\n'
        "3,b,Develops a team spirit.\n"
        '4,b,"Resolves friction in the interest of\n\nteamwork."\n'
    )
    frame = parse_csv(text, "t.csv", free_text="text")
    assert frame["id"].tolist() == ["1", "2", "3", "4"]
    assert parse_csv("\n\n" + text, "t.csv", free_text="text").equals(frame)  # empty lines above the header
    assert [normalise_text(t) for t in frame["text"]] == [
        'Encourages employees to be "team players"',
        'Encourages members to be "team players."',
        "Develops a team spirit.",
        "Resolves friction in the interest of teamwork.",
    ]


@pytest.mark.parametrize(
    ("text", "free_text", "message"),
    [  # the last column is not the item text: reading it as free text would merge records
        (
            'text,construct,note\nI like it,A,"fine\nI love it,A,x\n',
            "text",
            "the record starting on line 2: unexpected end of data; close every quote it opens",
        ),
        (  # a row without its trailing empty cell, as some tools write it
            "text,construct,note\nI like it,A,x\nI love it,A\n",
            "text",
            "the record starting on line 3 has 2 cells, the header 3; give every row all its cells",
        ),
        (
            "text,construct\nI like it, a lot,A\n",
            None,
            "the record starting on line 2 has 3 cells, the header 2; quote a cell that holds the delimiter ','",
        ),
    ],
)
def test_broken_rows_elsewhere_are_an_error_naming_the_line(text, free_text, message):
    with pytest.raises(InputError, match=rf"t\.csv: malformed CSV: {re.escape(message)}"):
        parse_csv(text, "t.csv", free_text=free_text)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_required_column_named_twice_is_an_error(tmp_path, suffix):
    path = tmp_path / f"items.{suffix}"
    rows = [["text", "construct", "text "], ["I like it", "A", "x"], ["I love it", "A", "y"]]
    if suffix == "csv":
        path.write_text("".join(",".join(row) + "\n" for row in rows))
    else:
        write_workbook(path, {"items": rows})
    with pytest.raises(
        InputError, match=rf"items\.{suffix}: more than one column named text; rename all but one"
    ):
        read_table(path, ["text", "construct"])


def test_real_leadership_file_recovers_all_849_records(leadership_csv):
    frame = read_table(leadership_csv, LEADERSHIP_COLUMNS, free_text=LEADERSHIP_TEXT)
    # Xnum numbers the records 1..849; a plain CSV parse merges four of them into others
    assert sorted(frame["Xnum"].astype(int)) == list(range(1, 850))
    texts = dict(zip(frame["Xnum"].astype(int), frame["Text"].map(normalise_text), strict=True))
    assert texts[563] == "Develops a team attitude and spirit among team members."
    assert texts[565] == "Resolves friction among team members in the interest of teamwork."


def test_curly_quotes_and_odd_whitespace_are_normalised():
    assert normalise_text(" Feel\u00a0others’\n emotions. ") == "Feel others' emotions."


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"missing\.csv: file not found"):
        read_table(tmp_path / "missing.csv", ["a"])


@pytest.mark.parametrize(
    ("content", "required", "message"),
    [
        ("", ["a"], r"file is empty"),
        ("text,label\n", ["text", "label"], r"no data rows"),
        ("item,label\nx,y\n", ["text", "label"], r"missing column\(s\) text; found item, label$"),
        # a semicolon file missing a column: the error lists its real columns, not one merged name
        ("text;scale\nx;A\n", ["item", "scale"], r"missing column\(s\) item; found text, scale$"),
        # a column that differs in case or by a typo is named as the one most likely meant
        (
            "Item,scale\nx,A\n",
            ["item", "scale"],
            r"missing column\(s\) item; found Item, scale \(did you mean 'Item'\?\)$",
        ),
        (
            "itm,Scales\nx,A\n",
            ["item", "scale"],
            r"missing column\(s\) item, scale; found itm, Scales \(did you mean 'itm' for item, 'Scales' for scale\?\)$",
        ),
    ],
)
def test_a_bad_table_is_one_error_naming_the_file_and_the_problem(tmp_path, content, required, message):
    path = tmp_path / "items.csv"
    path.write_text(content)
    with pytest.raises(InputError, match=rf"items\.csv: {message}"):
        read_table(path, required)


def test_parquet_input(tmp_path):
    path = tmp_path / "items.parquet"
    pd.DataFrame({"text": ["a", "b"], "label": ["x", "y"]}).to_parquet(path)
    assert read_table(path, ["text", "label"])["text"].tolist() == ["a", "b"]


def test_an_spss_data_file_is_read_with_its_codes_and_its_variable_labels(tmp_path):
    answers = pd.DataFrame(
        {"Q1": [1.0, 5.0, 9.0, None], "Q2": [2.0, None, 4.0, None], "group": ["a", "b", "", ""]}
    )
    path = tmp_path / "answers.sav"
    pyreadstat.write_sav(
        answers,
        str(path),
        column_labels=["I finish whatever I begin.", "", "Group"],
        variable_value_labels={"Q1": {1.0: "Disagree", 5.0: "Agree"}},
        missing_ranges={"Q1": [9.0]},  # a user-defined missing value
    )
    frame = read_table(path, ["Q1"])
    assert frame.to_dict("list") == {
        "Q1": ["1.0", "5.0", ""],
        "Q2": ["2.0", "", "4.0"],
        "group": ["a", "b", ""],
    }
    assert frame.index.tolist() == [1, 2, 3]  # cases as SPSS numbers them; the blank fourth left out
    assert variable_labels(path).to_dict() == {"Q1": "I finish whatever I begin.", "Q2": "", "group": "Group"}
    answers.to_csv(tmp_path / "answers.csv", index=False)
    assert variable_labels(tmp_path / "answers.csv") is None
    broken = tmp_path / "broken.sav"
    broken.write_bytes(b"$FL2 not really an SPSS file")
    with pytest.raises(InputError, match=r"broken\.sav: not a readable SPSS data file"):
        read_table(broken, [])


@pytest.mark.parametrize("version", [114, 118])  # Stata 10's format, and Stata 14's
def test_a_stata_data_file_is_read_with_its_codes_and_its_variable_labels(tmp_path, version):
    answers = pd.DataFrame({"Q1": [1.0, 5.0, None], "group": ["a", "b", "c"]})
    path = tmp_path / "answers.dta"
    answers.to_stata(
        path, write_index=False, version=version, variable_labels={"Q1": "I finish whatever I begin."}
    )
    frame = read_table(path, ["Q1"])
    assert frame.to_dict("list") == {"Q1": ["1.0", "5.0", ""], "group": ["a", "b", "c"]}
    assert frame.index.tolist() == [1, 2, 3]  # observations as Stata numbers them
    assert variable_labels(path).to_dict() == {"Q1": "I finish whatever I begin.", "group": ""}
    broken = tmp_path / "broken.dta"
    broken.write_bytes(b"<stata_dta><header>not really a Stata file")
    with pytest.raises(InputError, match=r"broken\.dta: not a readable Stata data file"):
        read_table(broken, [])


def write_workbook(path, sheets: dict[str, list[list]]) -> None:
    """An .xlsx workbook with one sheet per entry, rows as given (first row the header)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def test_labels_pandas_would_read_as_missing_stay_labels_in_every_format(tmp_path):
    """PANAS's "NA" is negative affect; no format may turn it (or "N/A", "null") into a blank."""
    rows = [["text", "construct"], ["Upset", "NA"], ["Scared", "NA"], ["Unsure", "N/A"], ["Void", "null"]]
    write_workbook(tmp_path / "items.xlsx", {"Items": rows})
    (tmp_path / "items.csv").write_text("\n".join(",".join(row) for row in rows) + "\n")
    pd.DataFrame(rows[1:], columns=rows[0]).to_parquet(tmp_path / "items.parquet")
    for name in ("items.xlsx", "items.csv", "items.parquet"):
        frame = read_table(tmp_path / name, ["text", "construct"])
        assert frame["construct"].tolist() == ["NA", "NA", "N/A", "null"], name


def test_semicolon_separated_file_keeps_commas_inside_items(tmp_path):
    path = tmp_path / "items.csv"  # what Excel saves as "CSV" where the decimal mark is a comma
    path.write_text("item;scale;alpha\nListens, then speaks.;Warm;0,81\nPlans ahead.;Order;0,77\n")
    frame = read_table(path, ["item", "scale"])
    assert frame.to_dict("list") == {
        "item": ["Listens, then speaks.", "Plans ahead."],
        "scale": ["Warm", "Order"],
        "alpha": ["0,81", "0,77"],
    }


def test_excel_unicode_text_export_is_read(tmp_path):
    path = tmp_path / "items.txt"  # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
    path.write_bytes("item\tscale\nFeel others’ emotions, often.\tEmpathy\nAm calm.\tCalm\n".encode("utf-16"))
    frame = read_table(path, ["item", "scale"])
    assert frame["item"].tolist() == ["Feel others’ emotions, often.", "Am calm."]


def test_excel_sheet_by_name_or_position_with_blank_and_missing_cells(tmp_path):
    path = tmp_path / "items.xlsx"
    write_workbook(
        path,
        {
            "Notes": [["Read me first"]],
            "Items": [
                ["item", "scale", "keyed"],
                ["Listens, then speaks.", "Warm", 1],
                [None, None, None],
                ["Ignores people.", "Warm", -1],
                ["Plans ahead.", None, 1],
            ],
        },
    )
    for sheet in ("Items", 1):
        frame = read_table(path, ["item", "scale", "keyed"], sheet=sheet)
        assert frame.to_dict("list") == {
            "item": ["Listens, then speaks.", "Ignores people.", "Plans ahead."],
            "scale": ["Warm", "Warm", ""],
            "keyed": ["1", "-1", "1"],
        }
        assert frame.index.tolist() == [2, 4, 5]  # the rows Excel shows them in
    with pytest.raises(InputError, match=r"items\.xlsx: missing column\(s\) item; found Read me first"):
        read_table(path, ["item"])  # the first sheet unless one is named


def test_a_title_above_a_sheets_header_is_left_out_with_a_warning(tmp_path, caplog):
    path = tmp_path / "items.xlsx"
    rows = [["Teamwork questionnaire, version 2"], [], ["item", "scale"], ["Helps others.", "Warm"]]
    write_workbook(path, {"Items": [*rows, [None, None], ["Plans ahead.", ""]]})
    with caplog.at_level("WARNING"):
        frame = read_table(path, ["item", "scale"])
    assert frame.to_dict("list") == {"item": ["Helps others.", "Plans ahead."], "scale": ["Warm", ""]}
    assert frame.index.tolist() == [4, 6]  # the rows Excel shows them in
    assert "items.xlsx: the header is row 3; the 2 row(s) above it left out" in caplog.text
    # a header that names no required column stays the first row, and the error says what it found
    with pytest.raises(InputError, match=r"missing column\(s\) text; found Teamwork questionnaire"):
        read_table(path, ["text"])


def test_unknown_sheet_lists_the_sheets(tmp_path):
    path = tmp_path / "items.xlsx"
    write_workbook(path, {"Notes": [["x"]], "Items": [["item"], ["a"]]})
    with pytest.raises(InputError, match=r"items\.xlsx: no sheet 'items'; the workbook has 'Notes', 'Items'"):
        read_table(path, ["item"], sheet="items")
    with pytest.raises(InputError, match=r"items\.xlsx: no sheet 2;"):
        read_table(path, ["item"], sheet=2)


def test_sheet_of_a_file_that_is_no_workbook(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text("item\na\n")
    with pytest.raises(
        InputError, match=r"items\.csv: sheet 'Items' given, but this is not an Excel workbook"
    ):
        read_table(path, ["item"], sheet="Items")


def test_old_excel_and_broken_workbooks_are_named(tmp_path):
    legacy = tmp_path / "items.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(InputError, match=r"items\.xls: old Excel format \(\.xls\) is not read"):
        read_table(legacy, ["item"])
    broken = tmp_path / "items.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip archive")
    with pytest.raises(InputError, match=r"items\.xlsx: not a readable Excel workbook"):
        read_table(broken, ["item"])
    opendocument = tmp_path / "items.ods"  # LibreOffice's own format, a zip archive too
    with zipfile.ZipFile(opendocument, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(
        InputError, match=r"items\.ods: an OpenDocument spreadsheet \(\.ods\) is not read; save it"
    ):
        read_table(opendocument, ["item"])


def test_format_is_detected_from_the_bytes_not_the_name(tmp_path):
    path = tmp_path / "items.csv"  # a parquet file under a misleading name
    pd.DataFrame({"text": ["a", None, "c"], "label": ["x", "y", None]}).to_parquet(path)
    frame = read_table(path, ["text", "label"])
    assert frame.to_dict("list") == {"text": ["a", "", "c"], "label": ["x", "y", ""]}  # not "None"


def test_rows_keep_the_numbers_a_spreadsheet_shows():
    frame = parse_csv("text,label\na,x\n,\nb,y\n", "t.csv")
    assert frame.index.tolist() == [2, 4]  # the header is row 1; the blank row 3 is gone


def test_an_optional_table_is_read_where_given_and_none_where_not(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("construct_a\tconstruct_b\tr\nNA\tPlanning\t\n")
    table = optional_tsv(str(path))
    assert table["construct_a"].tolist() == ["NA"] and table["r"].isna().all()  # a name stays a name
    assert optional_tsv([]) is None  # what Snakemake hands a script for an input it was not given


def test_a_key_written_with_any_dash_reads_as_reversed_under_pyarrows_regular_expressions_too():
    keys = pd.Series(["\u22121", "\u20131", "\u20141", "+", "R", "0"])
    assert scoring_keys(keys, "items.csv", "key").tolist() == [-1, -1, -1, 1, -1, 0]
    # pandas 3.0 hands the pattern to pyarrow's RE2 engine: it must read it there as well
    replaced = pc.replace_substring_regex(pa.array(["\u22121", "\u20131", "1"]), LEADING_DASH, "-")
    assert replaced.to_pylist() == ["-1", "-1", "1"]


def test_a_csv_whose_header_sits_below_a_title_is_told_which_line_holds_it(tmp_path):
    path = tmp_path / "items.csv"  # a workbook with a title row, saved as CSV by Excel
    path.write_text("Teamwork questionnaire,\n,\nitem,scale\nHelps others.,Warm\n")
    with pytest.raises(
        InputError, match=r"missing column\(s\) item, scale; found .*; line 3 holds them: delete"
    ):
        read_table(path, ["item", "scale"])
    path.write_text("text,construct\nHelps others.,Warm\n")
    with pytest.raises(InputError, match=r"missing column\(s\) item; found text, construct$"):
        read_table(path, ["item"])


def test_the_meant_name_is_the_closest_alike_enough_one():
    from constructlens.errors import meant_name
    from constructlens.items import name_key

    assert meant_name("itm", ["item", "scale"]) == "item"
    assert meant_name("ITEM", ["Item", "scale"]) == "Item"  # case aside by default
    assert meant_name("ITEM", ["Item"], key=str) is None  # a key as typed, case and all
    assert meant_name("self efficacy", ["Self-efficacy"], key=name_key) == "Self-efficacy"
    assert meant_name("age", ["item", "scale"]) is None
