import pandas as pd
import pytest

from constructlens.errors import InputError
from constructlens.leadership import LEADERSHIP_COLUMNS
from constructlens.tables import normalise_text, parse_csv, read_table


def test_blank_rows_are_dropped():
    frame = parse_csv("a,b\n1,x\n,\n2,y\n,\n", "t.csv")
    assert frame.to_dict("list") == {"a": ["1", "2"], "b": ["x", "y"]}


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
    frame = parse_csv(text, "t.csv")
    assert frame["id"].tolist() == ["1", "2", "3", "4"]
    assert [normalise_text(t) for t in frame["text"]] == [
        'Encourages employees to be "team players"',
        'Encourages members to be "team players."',
        "Develops a team spirit.",
        "Resolves friction in the interest of teamwork.",
    ]


def test_real_leadership_file_recovers_all_849_records(leadership_csv):
    frame = read_table(leadership_csv, LEADERSHIP_COLUMNS)
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


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(InputError, match=r"empty\.csv: file is empty"):
        read_table(path, ["a"])


def test_header_only(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("text,label\n")
    with pytest.raises(InputError, match=r"header\.csv: no data rows"):
        read_table(path, ["text", "label"])


def test_missing_column_lists_what_was_found(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("item,label\nx,y\n")
    with pytest.raises(InputError, match=r"cols\.csv: missing column\(s\) text; found item, label"):
        read_table(path, ["text", "label"])


def test_parquet_input(tmp_path):
    path = tmp_path / "items.parquet"
    pd.DataFrame({"text": ["a", "b"], "label": ["x", "y"]}).to_parquet(path)
    assert read_table(path, ["text", "label"])["text"].tolist() == ["a", "b"]
