"""What became of every row read: kept, listed again, reworded or left out, and why."""

import pandas as pd

from constructlens.ipip import IPIP_COLUMNS, clean_ipip, ipip_row_record
from constructlens.items import ROW_SEPARATOR, row_outcome_counts
from constructlens.leadership import (
    LEADERSHIP_COLUMNS,
    LEADERSHIP_TEXT,
    clean_leadership,
    leadership_row_record,
)
from constructlens.tables import read_table
from constructlens.targets import clean_target, load_target, read_target, target_row_record

from .test_targets import SETTINGS, table


def test_every_ipip_row_read_is_accounted_for(ipip_csv):
    frame = read_table(ipip_csv, IPIP_COLUMNS)
    items = clean_ipip(frame, str(ipip_csv))
    record = ipip_row_record(frame, items)
    assert record["row"].tolist() == frame.index.tolist()  # every row but the 200 blank ones
    assert len(record) == 3_805 and frame.index.max() == 3_806
    assert record["outcome"].value_counts().to_dict() == {"kept": len(items), "listed again": 10}
    assert int(record["reworded"].sum()) == 25  # the rows the cleaning log names as reworded
    kept = record[record["outcome"] == "kept"].set_index("row")
    again = record[record["outcome"] == "listed again"]
    first = kept.loc[again["first_row"].astype(int)]
    assert (first["construct"].to_numpy() == again["construct"].to_numpy()).all()
    assert (first["text"].to_numpy() == again["text"].to_numpy()).all()
    blue = record[record["row"] == 2218].iloc[0]  # "Often feel blue" without its full stop
    assert (blue["text_read"], blue["text"], blue["reworded"]) == (
        "Often feel blue",
        "Often feel blue.",
        True,
    )
    assert row_outcome_counts(record) == "3,805 rows read: kept 3,795; listed again 10; 25 of them reworded"


def test_a_kept_item_names_every_row_listing_it_its_own_first(ipip_items):
    merged = ipip_items[(ipip_items["construct"] == "Happiness") & (ipip_items["text"] == "Often feel blue.")]
    rows = merged["rows"].iloc[0].split(ROW_SEPARATOR)
    assert len(rows) == 2 and rows[1] == "2218" and int(rows[0]) < 2218
    assert ipip_items["rows"].str.split(ROW_SEPARATOR).str.len().sum() == 3_805


def test_leadership_rows_of_no_configured_style_are_left_out_with_their_behavior(
    leadership_csv, leadership_settings
):
    frame = read_table(leadership_csv, LEADERSHIP_COLUMNS, free_text=LEADERSHIP_TEXT)
    items = clean_leadership(frame, str(leadership_csv), leadership_settings)
    record = leadership_row_record(frame, leadership_settings, items)
    assert len(record) == 849
    counts = record["outcome"].value_counts().to_dict()
    assert counts == {"kept": 420, "left out: no construct": 412, "listed again": 17}
    left_out = record[record["outcome"] == "left out: no construct"]
    assert (left_out["construct"] == "").all() and (left_out["text"] == "").all()
    assert not left_out["reworded"].any()
    assert "Abusive Supervision" in set(record.loc[record["construct"] == "Abusive", "behavior"])
    stem = record[record["text_read"] == "Inspires others with his/her plans for the future."].iloc[0]
    assert (stem["text"], stem["reworded"]) == ("Inspires others with their plans for the future.", True)


def test_a_construct_too_small_to_keep_is_named_as_why_its_row_is_left_out():
    settings = {**SETTINGS, "small_constructs": "skip", "measure_column": "source"}
    frame = table(
        [
            "I am someone who helps him.,Warm,A",
            "Listens.,Warm,A",
            "listens,Warm,B",
            "Plans ahead.,Order,A",
            "Keeps things tidy.,Order,B",
            "Sings.,Music,A",
        ],
        "source",
    )
    items = clean_target(frame, "mine.csv", "table", settings)
    record = target_row_record(frame, "table", settings, items).set_index("row")
    assert record["outcome"].to_dict() == {
        2: "kept",
        3: "kept",
        4: "listed again",
        5: "kept",
        6: "kept",
        7: "left out: construct of fewer than 2 items",
    }
    assert record.loc[4, "first_row"] == 3 and pd.isna(record.loc[2, "first_row"])
    assert record["reworded"].tolist() == [True, False, True, False, False, False]
    assert record.loc[7, "construct"] == "Music" and record["measure"].tolist() == [
        "A",
        "A",
        "B",
        "A",
        "B",
        "A",
    ]


def test_reading_and_cleaning_a_target_apart_is_loading_it(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("item,scale\nListens.,Warm\nHelps.,Warm\nPlans.,Order\nTidies.,Order\n")
    frame = read_target(str(path), "table", SETTINGS)
    pd.testing.assert_frame_equal(
        clean_target(frame, str(path), "table", SETTINGS), load_target(str(path), "table", SETTINGS)
    )
