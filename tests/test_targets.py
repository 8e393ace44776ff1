import itertools
import logging
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest
import yaml
from PIL import Image

from constructlens import analysis, plots
from constructlens.comparison import holm_adjusted
from constructlens.errors import InputError
from constructlens.items import nested_constructs
from constructlens.metrics import (
    bias_corrected_interval,
    make_item_set,
    per_construct_auc,
    similarity_and_labels,
)
from constructlens.plots import map_table
from constructlens.tables import parse_csv
from constructlens.targets import clean_table_target, load_target, strip_reverse_marker

from .test_metrics import synthetic_items

SETTINGS = {
    "text_column": "item",
    "construct_column": "scale",
    "stems": ["I am someone who\\s+"],
    "plural_stems": [],
    "neutral_wording": True,
    "small_constructs": "error",
    "key_column": None,
    "measure_column": None,
    "subscale_column": None,
    "alpha_column": None,
    "id_column": None,
    "reverse_marker": None,
}
SCHEMA = yaml.safe_load((Path(__file__).parents[1] / "config" / "config.schema.yaml").read_text())
TARGET_SETTINGS = SCHEMA["properties"]["targets"]["additionalProperties"]["properties"]
REVERSE_MARKER = TARGET_SETTINGS["reverse_marker"]["default"]


def table(rows: list[str], *columns: str) -> pd.DataFrame:
    """mine.csv of ``rows`` under the header item, scale and any further ``columns``."""
    return parse_csv(",".join(["item", "scale", *columns]) + "\n" + "\n".join(rows) + "\n", "mine.csv")


def test_table_target_is_cleaned():
    items = clean_table_target(
        table(
            [
                "I am someone who helps him.,Warm",
                "Listens.,Warm",
                "Plans ahead.,Order",
                "Keeps things tidy.,Order",
            ]
        ),
        "mine.csv",
        SETTINGS,
    )
    assert set(items["construct"]) == {"Warm", "Order"}
    assert "Helps them." in set(items["text"])
    assert "I am someone who helps him." in set(items["text_original"])


def test_list_numbers_and_html_markup_are_removed_before_the_stem_and_named_in_a_warning(caplog):
    rows = [
        "1. I am someone who helps him.,Warm",
        "(2) Listens <b>carefully</b>.,Warm",
        "Q3: Plans ahead &amp; on time.,Order",
        "Keeps things tidy.<br/>Every day.,Order",
        "3 times a week checks the plan.,Order",  # a number that is part of the item stays
    ]
    with caplog.at_level("WARNING"):
        items = clean_table_target(table(rows), "mine.csv", SETTINGS).set_index("text_original")
    assert items["text"].to_dict() == {
        "1. I am someone who helps him.": "Helps them.",
        "(2) Listens <b>carefully</b>.": "Listens carefully.",
        "Q3: Plans ahead &amp; on time.": "Plans ahead & on time.",
        "Keeps things tidy.<br/>Every day.": "Keeps things tidy. Every day.",
        "3 times a week checks the plan.": "3 times a week checks the plan.",
    }
    assert "mine.csv: 3 item(s) held HTML markup (tags such as <b>, entities such as &amp;)" in caplog.text
    assert "mine.csv: 3 item(s) held a list number before the text (as '1. ')" in caplog.text
    assert "no item begins with stem" not in caplog.text  # the stem is matched after the number
    assert set(items.index[items["list_number_removed"]]) == {
        "(2) Listens <b>carefully</b>.",
        "1. I am someone who helps him.",
        "Q3: Plans ahead &amp; on time.",
    }
    assert items["markup_removed"].sum() == 3


def test_texts_without_numbers_or_markup_get_no_flag_columns():
    items = clean_table_target(
        table(["Helps.,Warm", "Listens.,Warm", "Plans.,Order", "Tidies.,Order"]), "mine.csv", SETTINGS
    )
    assert not {"list_number_removed", "markup_removed"} & set(items.columns)


def test_an_asterisk_left_at_an_items_end_is_named_unless_it_is_the_reverse_marker(caplog):
    rows = ["Am reserved.*,Warm", "Listens.,Warm", "*Plans ahead.,Order", "Keeps things tidy.,Order"]
    settings = {**SETTINGS, "reverse_marker": REVERSE_MARKER}
    with caplog.at_level("WARNING"):
        clean_table_target(table(rows), "mine.csv", settings)
    assert (
        "mine.csv: 2 item(s) start or end with *, † or ‡, which the model reads as a word they share"
        in caplog.text
    )
    caplog.clear()
    with caplog.at_level("WARNING"):
        items = clean_table_target(table(rows), "mine.csv", {**settings, "reverse_marker": r"\*"})
    assert "start or end with *" not in caplog.text
    assert items.set_index("text")["key"].to_dict() == {
        "Am reserved.": -1,
        "Listens.": 1,
        "Plans ahead.": -1,
        "Keeps things tidy.": 1,
    }


def test_after_a_plural_stem_the_verb_is_made_singular():
    rows = [
        "My colleagues help each other.,Warm",
        "My colleagues: often listen to me.,Warm",
        "I am someone who plans ahead.,Order",
        "Keep things tidy.,Order",  # no stem: left as written
    ]
    settings = {**SETTINGS, "plural_stems": ["my colleagues\\s*:?\\s*"]}
    items = clean_table_target(table(rows), "mine.csv", settings).set_index("text_original")
    assert items["text"].to_dict() == {
        "My colleagues help each other.": "Helps each other.",
        "My colleagues: often listen to me.": "Often listens to me.",
        "I am someone who plans ahead.": "Plans ahead.",
        "Keep things tidy.": "Keep things tidy.",
    }


def test_scoring_keys_of_a_target_are_kept_and_checked():
    rows = ["Listens.,Warm,1", "Ignores people.,Warm,-1", "Plans ahead.,Order,1", "Tidies.,Order,0"]
    keyed = table(rows, "keyed")
    items = clean_table_target(keyed, "mine.csv", {**SETTINGS, "key_column": "keyed"})
    assert items.set_index("text")["key"].to_dict() == {
        "Listens.": 1,
        "Ignores people.": -1,
        "Plans ahead.": 1,
        "Tidies.": 0,
    }
    assert "key" not in clean_table_target(keyed, "mine.csv", SETTINGS)
    keyed.loc[keyed.index[1], "keyed"] = "x"
    with pytest.raises(
        InputError,
        match=r"mine.csv: column 'keyed' must be 1, -1 or 0 \(or \+, -, R\); found 'x' \(row\(s\) 3, as a spreadsheet numbers them",
    ):
        clean_table_target(keyed, "mine.csv", {**SETTINGS, "key_column": "keyed"})
    keyed.loc[keyed.index[[0, 3]], "keyed"] = ["", " "]  # blank cells: unscored is 0, not nothing
    with pytest.raises(
        InputError, match=r"found 'x', an empty cell \(row\(s\) 2, 3, 5, as a spreadsheet numbers them\)"
    ):
        clean_table_target(keyed, "mine.csv", {**SETTINGS, "key_column": "keyed"})


@pytest.mark.parametrize(
    ("written", "key"),
    [("+", 1), ("+1", 1), ("-", -1), ("\u2013", -1), ("\u22121", -1), ("R", -1), ("r", -1), (" 0 ", 0)],
)
def test_scoring_keys_as_item_tables_write_them(written, key):
    rows = [f"Listens.,Warm,{written}", "Ignores people.,Warm,1", "Plans ahead.,Order,1", "Tidies.,Order,1"]
    keyed = table(rows, "keyed")
    items = clean_table_target(keyed, "mine.csv", {**SETTINGS, "key_column": "keyed"})
    assert items.set_index("text")["key"]["Listens."] == key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Am relaxed most of the time (R).", "Am relaxed most of the time."),
        ("Am relaxed most of the time. (r)", "Am relaxed most of the time."),
        ("(R) Am relaxed most of the time.", "Am relaxed most of the time."),
        ("Am relaxed most of the time [reversed]", "Am relaxed most of the time"),
        ("Am relaxed most of the time (reverse-scored).", "Am relaxed most of the time."),
        ("Am relaxed most of the time (Rev.)", "Am relaxed most of the time"),
    ],
)
def test_the_default_reverse_marker_is_removed_at_either_end(text, expected):
    assert strip_reverse_marker(text, REVERSE_MARKER) == (expected, True)


@pytest.mark.parametrize(
    "text", ["Like (Rock) music.", "Am (R) relaxed.", "Rarely rest.", "Use R for statistics."]
)
def test_a_text_without_a_reverse_marker_at_its_ends_is_left_alone(text):
    assert strip_reverse_marker(text, REVERSE_MARKER) == (text, False)


def test_items_marked_reverse_keyed_are_keyed_minus_one_the_others_one():
    rows = ["Listens.,Warm", "Ignores people (R).,Warm", "Plans ahead.,Order", "(R) Leaves a mess.,Order"]
    items = clean_table_target(table(rows), "mine.csv", {**SETTINGS, "reverse_marker": REVERSE_MARKER})
    assert items.set_index("text")["key"].to_dict() == {
        "Listens.": 1,
        "Ignores people.": -1,
        "Plans ahead.": 1,
        "Leaves a mess.": -1,
    }
    assert "Ignores people (R)." in set(items["text_original"])
    assert items.set_index("text")["reverse_marked"].to_dict() == {
        "Listens.": False,
        "Ignores people.": True,
        "Plans ahead.": False,
        "Leaves a mess.": True,
    }
    unmarked = clean_table_target(table(rows), "mine.csv", SETTINGS)
    assert "key" not in unmarked and "Ignores people (R)." in set(unmarked["text"])
    assert "reverse_marked" not in unmarked


def test_a_reverse_marker_must_agree_with_the_key_column():
    settings = {**SETTINGS, "reverse_marker": REVERSE_MARKER, "key_column": "keyed"}
    rows = [
        "Listens.,Warm,1",
        "Ignores people (R).,Warm,-1",
        "Plans ahead.,Order,1",
        "Leaves a mess (R).,Order,1",
    ]
    keyed = table(rows, "keyed")
    with pytest.raises(
        InputError, match=r"mine.csv: 1 item\(s\) marked reverse-keyed .* column 'keyed' \(row\(s\) 5, as a"
    ):
        clean_table_target(keyed, "mine.csv", settings)
    keyed.loc[5, "keyed"] = "-1"
    assert clean_table_target(keyed, "mine.csv", settings).set_index("text")["key"]["Leaves a mess."] == -1


def test_the_alpha_of_each_targets_scale_is_read_as_published():
    rows = ['Listens.,Warm,".81"', 'Ignores people.,Warm,"0,81"', "Plans ahead.,Order,", "Tidies.,Order,0.7"]
    frame = table(rows, "alpha")
    items = clean_table_target(frame, "mine.csv", {**SETTINGS, "alpha_column": "alpha"}).set_index("text")
    assert items["alpha"].to_dict() == pytest.approx(
        {"Listens.": 0.81, "Ignores people.": 0.81, "Plans ahead.": np.nan, "Tidies.": 0.7}, nan_ok=True
    )
    assert items["alpha_reported"].to_dict() == {
        "Listens.": ".81",
        "Ignores people.": "0,81",
        "Plans ahead.": "",
        "Tidies.": "0.7",
    }
    assert "alpha" not in clean_table_target(frame, "mine.csv", SETTINGS)
    for bad in ("high", "81", "0.8;0.9"):
        frame.loc[frame.index[0], "alpha"] = bad
        message = (
            f"mine.csv: column 'alpha' must hold Cronbach's alpha, a number from 0 to 1; found {bad!r} "
            "(row(s) 2, as a spreadsheet numbers them)"
        )
        with pytest.raises(InputError, match=re.escape(message)):
            clean_table_target(frame, "mine.csv", {**SETTINGS, "alpha_column": "alpha"})


def test_the_measure_and_subscale_of_each_target_item_are_kept():
    rows = [
        "Listens.,Warm, LMX-7,",
        "Ignores people.,Warm,SLQ,Care",
        "Plans ahead.,Order,SLQ,Structure",
        "Tidies.,Order,SLQ,Structure",
    ]
    frame = table(rows, "source", "part")
    settings = {**SETTINGS, "measure_column": "source", "subscale_column": "part"}
    items = clean_table_target(frame, "mine.csv", settings).set_index("text")
    assert items["measure"].to_dict() == {
        "Listens.": "LMX-7",
        "Ignores people.": "SLQ",
        "Plans ahead.": "SLQ",
        "Tidies.": "SLQ",
    }
    assert items["subscale"].to_dict() == {
        "Listens.": "",
        "Ignores people.": "Care",
        "Plans ahead.": "Structure",
        "Tidies.": "Structure",
    }
    assert not {"measure", "subscale"} & set(clean_table_target(frame, "mine.csv", SETTINGS))


def test_item_ids_are_kept_as_text_and_checked():
    frame = table(
        ["Helps.,Warm,7.0", "Listens.,Warm,B2", "Plans ahead.,Order,3", "Keeps things tidy.,Order,4"], "id"
    )
    frame["id"] = [7.0, "B2", 3, " 4 "]  # as a workbook gives them
    items = clean_table_target(frame, "mine.csv", {**SETTINGS, "id_column": "id"}).set_index("text")
    assert items["item_id"].to_dict() == {
        "Helps.": "7",
        "Listens.": "B2",
        "Plans ahead.": "3",
        "Keeps things tidy.": "4",
    }
    clash = table(
        ["Helps.,Warm,1", "Listens.,Warm,1", "Plans ahead.,Order,3", "Keeps things tidy.,Order,4"], "id"
    )
    with pytest.raises(InputError, match=r"mine.csv: column 'id': one id given to different items: 1"):
        clean_table_target(clash, "mine.csv", {**SETTINGS, "id_column": "id"})
    blank = table(
        ["Helps.,Warm,1", "Listens.,Warm,", "Plans ahead.,Order,3", "Keeps things tidy.,Order,4"], "id"
    )
    with pytest.raises(InputError, match=r"column 'id': item\(s\) without an id \(row\(s\) 3, as a"):
        clean_table_target(blank, "mine.csv", {**SETTINGS, "id_column": "id"})


def test_an_item_without_text_or_construct_is_an_error_naming_its_row():
    rows = ["Listens.,Warm", ",Warm", "", "Plans ahead.,Order", "Tidies.,", "Keeps lists.,Order"]
    with pytest.raises(
        InputError,
        match=r"mine\.csv: 2 item\(s\) with empty text or construct, or one of nothing but punctuation \(row\(s\) 3, 6, as a",
    ):
        clean_table_target(table(rows), "mine.csv", SETTINGS)


@pytest.mark.parametrize("suffix", [".sav", ".dta"])
def test_the_rows_of_an_spss_or_stata_file_are_named_by_their_case_numbers(tmp_path, suffix):
    items = pd.DataFrame(
        {"item": ["Listens.", "", "Helps.", "Plans ahead.", "Tidies."], "scale": ["W", "W", "W", "O", "O"]}
    )
    path = tmp_path / f"mine{suffix}"
    if suffix == ".sav":
        pyreadstat.write_sav(items, str(path))
    else:
        items.to_stata(path, write_index=False)
    with pytest.raises(InputError, match=r"\(case\(s\) 2, as SPSS and Stata number them\)"):
        load_target(str(path), "table", SETTINGS)
    items.to_csv(tmp_path / "mine.csv", index=False)  # the same row in a spreadsheet, below its header
    with pytest.raises(InputError, match=r"\(row\(s\) 3, as a spreadsheet numbers them\)"):
        load_target(str(tmp_path / "mine.csv"), "table", SETTINGS)


def test_a_dash_for_an_item_left_out_is_an_empty_item_not_an_item():
    rows = ["Listens.,Warm", "-,Warm", "Helps.,Warm", "Plans ahead.,Order", "Tidies.,…", "Keeps lists.,Order"]
    with pytest.raises(InputError, match=r"mine\.csv: 2 item\(s\) with empty text .* \(row\(s\) 3, 6, as a"):
        clean_table_target(table(rows), "mine.csv", SETTINGS)
    kept = clean_table_target(
        table(["Zufrieden?,Glück", "Froh.,Glück", "Plant.,Ordnung", "Räumt auf.,Ordnung"]),
        "mine.csv",
        SETTINGS,
    )
    assert len(kept) == 4  # letters of any language are words


def test_a_text_column_of_codes_is_an_error_naming_the_column_of_wordings():
    ids = table(
        ["Helps others.,Warm,W1", "Listens.,Warm,W2", "Plans ahead.,Order,O1", "Tidies.,Order,O2"], "id"
    )
    with pytest.raises(
        InputError,
        match=r"mine\.csv: column 'id' \(text_column\) holds codes such as 'W1'; 'W2'; 'O1' …, not the "
        r"items' wording.*; column\(s\) 'item' hold words$",
    ):
        clean_table_target(ids, "mine.csv", {**SETTINGS, "text_column": "id"})
    numbers = table(["1,Warm", "2,Warm", "3,Order", "4,Order"])
    with pytest.raises(
        InputError, match=r"column 'item' \(text_column\) holds codes such as '1'; '2'; '3' …"
    ):
        clean_table_target(numbers, "mine.csv", SETTINGS)


def test_a_few_coded_texts_are_named_in_a_warning_and_one_word_items_pass(caplog):
    rows = ["Talkative,Warm", "Q7,Warm", "Plans ahead.,Order", "Works 9 to 5.,Order"]
    items = clean_table_target(table(rows), "mine.csv", SETTINGS)
    assert len(items) == 4
    assert "mine.csv: 1 item(s) of column 'item' read as codes, not wordings: 'Q7'" in caplog.text


def test_an_item_listed_twice_in_a_construct_is_kept_once_with_its_rows_named(caplog):
    rows = ["Listens.,Warm", "Smiles.,Warm", "Listens.,Warm", "Plans.,Order", "Tidies.,Order"]
    rows += [f"Item {i}.,Order" for i in range(6)] + [f"Item {i}.,Order" for i in range(6)]
    with caplog.at_level("WARNING"):
        items = clean_table_target(table(rows), "mine.csv", SETTINGS)
    assert len(items) == 10 and items.groupby("construct").size().to_dict() == {"Order": 8, "Warm": 2}
    assert (
        "mine.csv: 7 duplicated (construct, text) row(s) kept once: row 4, Warm: 'Listens.'; "
        "row 13, Order: 'Item 0.'; row 14, Order: 'Item 1.'; row 15, Order: 'Item 2.'; "
        "row 16, Order: 'Item 3.'; … and 2 more"
    ) in caplog.text


def test_construct_names_written_two_ways_are_named_in_a_warning(caplog):
    rows = [
        "Listens.,Self-efficacy",
        "Helps.,Self efficacy",
        "Plans.,Self-Efficacy",
        "Tidies.,Order",
        "Sorts.,Order",
    ]
    rows += ["Cares.,Self efficacy", "Leads.,Self-efficacy", "Acts.,Self-Efficacy"]
    with caplog.at_level(logging.WARNING, logger="constructlens"):
        items = clean_table_target(table(rows), "mine.csv", SETTINGS)
    assert items["construct"].nunique() == 4  # kept apart: the warning only says so
    assert (
        "mine.csv: construct names that differ only in case, spacing or punctuation are kept as different "
        "constructs: 'Self efficacy' and 'Self-Efficacy' and 'Self-efficacy'; write each alike" in caplog.text
    )
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="constructlens"):
        clean_table_target(
            table(["Tidies.,Order", "Sorts.,Order", "Cares.,Warm", "Helps.,Warm"]), "mine.csv", SETTINGS
        )
    assert "differ only in case" not in caplog.text


def test_a_construct_whose_every_item_belongs_to_another_is_named_as_nested(tmp_path, caplog):
    path = tmp_path / "mine.csv"
    rows = ["Listens.,Warm", "Smiles.,Warm", "Helps others.,Warm", "Listens.,Warm (short)"]
    rows += ["Helps others.,Warm (short)", "Plans.,Order", "Sorts.,Order", "Plans.,Tidy", "Sorts.,Tidy"]
    path.write_text("item,scale\n" + "\n".join(rows) + "\n")
    with caplog.at_level(logging.WARNING, logger="constructlens"):
        items = load_target(str(path), "table", SETTINGS)
    assert nested_constructs(items).to_dict("records") == [
        {"construct": "Order", "within": "Tidy", "n_items": 2},  # the same items: named once
        {"construct": "Warm (short)", "within": "Warm", "n_items": 2},  # not Warm within it
    ]
    assert (
        f"{path}: every item of 'Order' is one of 'Tidy'; every item of 'Warm (short)' is one of "
        "'Warm': such a pair shares its items by construction"
    ) in caplog.text
    item_set = make_item_set(items, {text: np.eye(5)[i] for i, text in enumerate(sorted(set(items["text"])))})
    separability = analysis.pair_separabilities(item_set)
    assert np.isnan(separability[("Order", "Tidy")]) and np.isnan(separability[("Warm", "Warm (short)")])


def test_an_item_listed_under_two_constructs_is_named_in_a_warning(tmp_path, caplog):
    path = tmp_path / "mine.csv"
    rows = ["Listens.,Warm", "Smiles.,Warm", "Helps others.,Warm", "Helps others.,Kind", "Gives.,Kind"]
    path.write_text("item,scale\n" + "\n".join(rows) + "\n")
    with caplog.at_level(logging.WARNING, logger="constructlens"):
        items = load_target(str(path), "table", SETTINGS)
    assert items.loc[items["text"] == "Helps others.", "construct"].tolist() == ["Kind", "Warm"]
    assert (
        f"{path}: 1 item(s) listed under more than one construct, each counted as an item of every "
        "one: 'Helps others.' (Kind, Warm)"
    ) in caplog.text
    caplog.clear()
    path.write_text("item,scale\n" + "\n".join(rows[:3] + ["Gives.,Kind", "Shares.,Kind"]) + "\n")
    with caplog.at_level(logging.WARNING, logger="constructlens"):
        load_target(str(path), "table", SETTINGS)
    assert "more than one construct" not in caplog.text


def test_construct_with_one_item_is_an_error_for_targets():
    rows = ["Listens.,Warm", "Smiles.,Warm", "Plans.,Order", "Tidies.,Order", "Alone.,Lonely"]
    with pytest.raises(InputError, match=r"mine.csv: construct\(s\) with fewer than 2 items: 'Lonely' \(row"):
        clean_table_target(table(rows), "mine.csv", SETTINGS)
    skipped = clean_table_target(table(rows), "mine.csv", {**SETTINGS, "small_constructs": "skip"})
    assert "Lonely" not in set(skipped["construct"])


def test_a_construct_of_one_item_named_like_another_is_named_with_its_row_and_the_likely_name():
    rows = ["Listens.,Warm", "Smiles.,Warm", "Hugs.,warm ", "Plans.,Order", "Tidies.,Order"]
    with pytest.raises(InputError) as error:
        clean_table_target(table(rows), "mine.csv", SETTINGS)
    assert "'warm' (row(s) 4, as a spreadsheet numbers them; did you mean 'Warm'?)" in str(error.value)


def test_nearest_constructs_hand_worked():
    reference = make_item_set(
        pd.DataFrame({"construct": ["X", "X", "Y", "Y"], "text": ["x1", "x2", "y1", "y2"]}),
        {"x1": np.r_[1.0, 0], "x2": np.r_[1.0, 0.1], "y1": np.r_[0.0, 1], "y2": np.r_[0.1, 1]},
    )
    target = make_item_set(
        pd.DataFrame({"construct": ["A", "A"], "text": ["a1", "a2"]}),
        {"a1": np.r_[1.0, 0.0], "a2": np.r_[0.0, 1.0]},
    )
    nearest = analysis.nearest_constructs(target, reference, k=2, threshold=0.6)
    assert nearest["rank"].tolist() == [1, 2]
    # both centroids are symmetric about the diagonal; A's mean direction is the diagonal
    assert nearest["mean_cosine"].iloc[0] == pytest.approx(nearest["mean_cosine"].iloc[1])
    x2 = np.r_[1.0, 0.1] / np.linalg.norm([1.0, 0.1])
    centroid = (np.r_[1.0, 0.0] + x2) / np.linalg.norm(np.r_[1.0, 0.0] + x2)
    # mean of cos(a1, centroid) = centroid[0] and cos(a2, centroid) = centroid[1]
    assert nearest["mean_cosine"].iloc[0] == pytest.approx(centroid.mean(), abs=1e-6)


def renamed_and_novel(n: int) -> tuple:
    """A reference of three constructs of ``n`` items, and a target of two: "Renamed", worded
    like reference construct c0 (same centroid, new items), and "Novel", like nothing in it."""
    items, vectors = synthetic_items(3, n, 1.0, 12)
    rng = np.random.default_rng(13)
    centroid = np.mean([vectors[f"c0-t{i}"] for i in range(n)], axis=0)
    renamed = {f"r{i}": centroid + rng.normal(size=32) for i in range(n)}
    novel_centre = rng.normal(size=32)
    novel = {f"n{i}": novel_centre + rng.normal(size=32) for i in range(n)}
    target_items = pd.DataFrame({"construct": ["Renamed"] * n + ["Novel"] * n, "text": [*renamed, *novel]})
    return make_item_set(items, vectors), make_item_set(target_items, renamed | novel), renamed, vectors


def test_cross_separability_tells_a_renamed_construct_from_a_different_one():
    reference, target, renamed, vectors = renamed_and_novel(8)
    novel_index, renamed_index = target.constructs.index("Novel"), target.constructs.index("Renamed")
    same, *_ = analysis.cross_separability(target, renamed_index, reference, 0)
    different, *_ = analysis.cross_separability(target, novel_index, reference, 0)
    assert 0.3 < same < 0.65 and different > 0.95
    nearest = analysis.nearest_constructs(target, reference, k=1, threshold=0.65).set_index("construct")
    assert nearest.loc["Renamed", "ipip_construct"] == "c0" and nearest.loc["Renamed", "overlapping"]
    assert not nearest.loc["Novel", "overlapping"]
    # pooled by hand: the pair separability of one set holding both constructs
    pooled = make_item_set(
        pd.DataFrame(
            {"construct": ["A"] * 8 + ["B"] * 8, "text": [*renamed, *(f"c0-t{i}" for i in range(8))]}
        ),
        renamed | vectors,
    )
    assert same == pytest.approx(analysis.pair_separability(pooled, 0, 1))


def test_distinctiveness_matches_per_construct_auc_and_ranks():
    item_set = make_item_set(*synthetic_items(6, 8, 2.0, 5))
    table = analysis.distinctiveness(item_set, 200, seed=1)
    similarity, same = similarity_and_labels(item_set)
    expected = per_construct_auc(similarity, same, item_set).set_index("construct")["auc"]
    assert table.set_index("construct")["auc"].to_dict() == pytest.approx(expected.to_dict())
    assert table["rank"].tolist() == list(range(1, 7))
    assert table["auc"].is_monotonic_decreasing
    assert ((table["ci_low"] <= table["auc"]) & (table["auc"] <= table["ci_high"])).all()
    # the joint intervals hold for all six at once: around each value, and wider than its own
    assert ((table["joint_ci_low"] <= table["auc"]) & (table["auc"] <= table["joint_ci_high"])).all()
    joint_width = table["joint_ci_high"] - table["joint_ci_low"]
    assert (joint_width > table["ci_high"] - table["ci_low"]).all()


def test_redundancy_flags_indistinguishable_constructs_only():
    items, vectors = synthetic_items(3, 10, 0.5, 2)
    # construct c2 is a second name for c0: its items are drawn around c0's centroid
    rng = np.random.default_rng(0)
    centre = np.mean([vectors[f"c0-t{i}"] for i in range(10)], axis=0)
    for i in range(10):
        vectors[f"c2-t{i}"] = centre + 0.5 * rng.normal(size=32)
    result = analysis.redundancy(make_item_set(items, vectors), 999, seed=1)
    flagged = {(r.construct_a, r.construct_b) for r in result.itertuples() if r.redundant}
    assert flagged == {("c0", "c2")}
    by_pair = result.set_index(["construct_a", "construct_b"])
    assert by_pair.loc[("c0", "c1"), "p_value"] < 0.01
    assert by_pair.loc[("c0", "c2"), "ratio"] > 0.95 > by_pair.loc[("c0", "c1"), "ratio"]
    assert result["ratio"].iloc[0] == result["ratio"].max()  # the most alike pair comes first
    # Holm over the three pairs: the distinct pairs stay below 0.05, the redundant one does not
    assert list(result["p_holm"]) == pytest.approx(list(holm_adjusted(result["p_value"].to_numpy())))
    assert by_pair.loc[("c0", "c1"), "p_holm"] < 0.05 <= by_pair.loc[("c0", "c2"), "p_holm"]


def test_a_small_coherent_construct_is_not_redundant_with_a_large_loose_one():
    # like Abusive supervision (8 tight items) beside Consideration (42 items, several facets):
    # pooled over item pairs, the large construct's low within-similarity hid the small one's
    rng = np.random.default_rng(2)
    common, own = rng.normal(size=64), rng.normal(size=64)
    rows, vectors = [], {}
    for i in range(6):
        rows.append(("small", f"s{i}"))
        vectors[f"s{i}"] = common + 0.8 * own + 0.3 * rng.normal(size=64)
    for facet in range(8):
        centre = rng.normal(size=64)
        for i in range(5):
            rows.append(("large", f"l{facet}-{i}"))
            vectors[f"l{facet}-{i}"] = common + 0.8 * centre + 0.3 * rng.normal(size=64)
    items = pd.DataFrame(rows, columns=["construct", "text"])
    result = analysis.redundancy(make_item_set(items, vectors), 999, seed=1).iloc[0]
    assert not result["redundant"] and result["p_value"] < 0.01
    assert result["mean_similarity_within"] > result["mean_similarity_between"] + 0.1


def within_minus_between_by_hand(vectors: np.ndarray, in_a: tuple[int, ...]) -> float:
    """The redundancy statistic with explicit loops over item pairs."""
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    side = ["a" if i in in_a else "b" for i in range(len(unit))]
    cosines = {"aa": [], "bb": [], "ab": []}
    for i in range(len(unit)):
        for j in range(i + 1, len(unit)):
            kind = "".join(sorted(side[i] + side[j]))
            cosines[kind].append(float(unit[i] @ unit[j]))
    return (np.mean(cosines["aa"]) + np.mean(cosines["bb"])) / 2 - np.mean(cosines["ab"])


def test_redundancy_with_few_items_is_an_exact_permutation_test():
    rng = np.random.default_rng(4)
    vectors = rng.normal(size=(7, 16))
    vectors[:3, 0] += 2.0  # construct A: three items; construct B: four
    items = pd.DataFrame({"construct": ["A"] * 3 + ["B"] * 4, "text": [f"t{i}" for i in range(7)]})
    item_set = make_item_set(items, dict(zip(items["text"], vectors, strict=True)))
    observed = within_minus_between_by_hand(vectors, (0, 1, 2))
    null = [within_minus_between_by_hand(vectors, c) for c in itertools.combinations(range(7), 3)]
    expected = np.mean(np.array(null) >= observed - 1e-12)  # all 35 relabellings, the observed one included
    row = analysis.redundancy(item_set, 999, seed=1).iloc[0]
    assert row["p_value"] == pytest.approx(expected) and row["smallest_p"] == pytest.approx(1 / 35)
    assert row["difference"] == pytest.approx(observed, abs=1e-6)
    assert row["redundant"] == (expected >= 0.05)
    # the same seed or another: an exact test draws nothing
    assert analysis.redundancy(item_set, 999, seed=7).iloc[0]["p_value"] == row["p_value"]


def test_constructs_too_small_to_test_are_not_called_redundant():
    # 3 + 3 items: 10 distinct relabellings, so no p-value below 0.1 exists, however far apart
    items, vectors = synthetic_items(2, 3, 0.01, 3)
    row = analysis.redundancy(make_item_set(items, vectors), 999, seed=1).iloc[0]
    assert row["smallest_p"] == pytest.approx(0.1) and row["p_value"] == pytest.approx(0.1)
    assert row["ratio"] < 0.5 and pd.isna(row["redundant"])
    # with more items than permutations the test samples, and can go no lower than 1 / 1,000
    items, vectors = synthetic_items(2, 10, 0.01, 3)
    row = analysis.redundancy(make_item_set(items, vectors), 999, seed=1).iloc[0]
    assert row["smallest_p"] == pytest.approx(0.001) and row["p_value"] == pytest.approx(0.001)
    assert not row["redundant"]


@pytest.mark.parametrize("project", [plots.tsne_coordinates, plots.umap_coordinates])
def test_both_maps_draw_the_smallest_target_there_can_be(project):
    # two constructs of two items: t-SNE once refused it (perplexity 5 needs more than 5 items)
    item_set = make_item_set(*synthetic_items(2, 2, 0.5, 1))
    coordinates = project(item_set, 1)
    assert coordinates.shape == (4, 2) and np.isfinite(coordinates).all()


def test_overlap_is_rank_based_so_lifting_every_cosine_changes_nothing():
    items, vectors = synthetic_items(3, 10, 0.5, 2)
    rng = np.random.default_rng(0)
    centre = np.mean([vectors[f"c0-t{i}"] for i in range(10)], axis=0)
    for i in range(10):  # c2: a second name for c0
        vectors[f"c2-t{i}"] = centre + 0.5 * rng.normal(size=32)
    plain = make_item_set(items, vectors)
    listed = analysis.overlapping_pairs(
        plain, analysis.construct_similarity(plain), analysis.pair_separabilities(plain), 0.6
    )
    assert list(zip(listed["construct_a"], listed["construct_b"], strict=True)) == [("c0", "c2")]
    assert analysis.pair_separability(plain, 0, 1) > 0.95
    # a shared direction added to every item raises every cosine, as fine-tuning did (0.15 → 0.64)
    shared = 3 * rng.normal(size=32)
    lifted = make_item_set(items, {text: vector + shared for text, vector in vectors.items()})
    similarity = analysis.construct_similarity(lifted)
    assert similarity.loc["c0", "c1"] > analysis.construct_similarity(plain).loc["c0", "c1"] + 0.3
    again = analysis.overlapping_pairs(lifted, similarity, analysis.pair_separabilities(lifted), 0.6)
    assert list(zip(again["construct_a"], again["construct_b"], strict=True)) == [("c0", "c2")]


def test_linkage_joins_the_most_similar_constructs_first():
    similarity = pd.DataFrame(
        [[0.8, 0.7, 0.1], [0.7, 0.8, 0.2], [0.1, 0.2, 0.9]], index=list("abc"), columns=list("abc")
    )
    tree = analysis.construct_linkage(similarity)
    assert sorted(tree[0, :2]) == [0, 1]
    assert tree[0, 2] == pytest.approx(0.3)


def test_item_fit_hand_worked_finds_the_item_worded_like_another_construct():
    vectors = {
        "a1": np.r_[1.0, 0.0],
        "a2": np.r_[0.8, 0.6],
        "a3": np.r_[0.28, 0.96],  # labelled A, worded like B
        "b1": np.r_[0.0, 1.0],
        "b2": np.r_[0.6, 0.8],
    }
    items = pd.DataFrame({"construct": list("AAABB"), "text": ["a1", "a2", "a3", "b1", "b2"]})
    fit = analysis.item_fit(make_item_set(items, vectors)).set_index("text")
    # a3: A without a3 sums to (1.8, 0.6), B to (0.6, 1.8); both have norm √3.6
    assert fit.loc["a3", "own_similarity"] == pytest.approx(1.08 / np.sqrt(3.6), abs=1e-6)
    assert fit.loc["a3", "closest_other_similarity"] == pytest.approx(1.896 / np.sqrt(3.6), abs=1e-6)
    assert not fit.loc["a3", "fits"] and fit.loc["a3", "closest_other_construct"] == "B"
    # b2: own centroid is b1 (cosine 0.8); A sums to (2.08, 1.56), norm 2.6: cosine 0.96
    assert fit.loc["b2", "margin"] == pytest.approx(0.8 - 0.96, abs=1e-6)
    # a2: A without a2 sums to (1.28, 0.96), the direction of a2 itself
    assert fit.loc["a2", "own_similarity"] == pytest.approx(1.0, abs=1e-6)
    assert set(fit.index[~fit["fits"]]) == {"a3", "b2"}
    assert fit.reset_index()["text"].tolist()[0] == "a3"  # the worst item of A comes first
    summary = analysis.item_fit_summary(fit.reset_index()).set_index("construct")
    assert summary.loc["A", ["n_items", "n_fit"]].tolist() == [3, 2]
    assert summary.loc["A", "misfits_closest_to"] == "B (1)"
    assert summary.loc["B", "share_fit"] == 0.5


def test_item_fit_matches_leave_one_out_nearest_centroid():
    items, vectors = synthetic_items(4, 6, 1.5, 7)
    item_set = make_item_set(items, vectors)
    fit = analysis.item_fit(item_set).set_index("text")

    def unit(vector):
        return vector / np.linalg.norm(vector)

    for i, text in enumerate(item_set.texts):
        cosines = {}
        for c, name in enumerate(item_set.constructs):
            members = [j for j in np.flatnonzero(item_set.membership[:, c]) if j != i]
            cosines[name] = item_set.embeddings[i] @ unit(item_set.embeddings[members].sum(axis=0))
        own_name = item_set.constructs[item_set.home[i]]
        closest = max((n for n in cosines if n != own_name), key=cosines.get)
        assert fit.loc[text, "own_similarity"] == pytest.approx(cosines[own_name], abs=1e-6)
        assert fit.loc[text, "closest_other_similarity"] == pytest.approx(cosines[closest], abs=1e-6)
        assert fit.loc[text, "closest_other_construct"] == closest
        assert fit.loc[text, "fits"] == (cosines[own_name] > cosines[closest])
    assert 0 < (~fit["fits"]).sum() < len(fit)  # the spread leaves some items misfitting


def test_item_fit_scores_a_shared_text_once_per_construct_and_never_against_its_own():
    items, vectors = synthetic_items(3, 4, 0.5, 3)
    items = pd.concat([items, pd.DataFrame({"construct": ["c1"], "text": ["c0-t0"]})])
    fit = analysis.item_fit(make_item_set(items, vectors))
    shared = fit[fit["text"] == "c0-t0"]
    assert sorted(shared["construct"]) == ["c0", "c1"]
    assert set(shared["closest_other_construct"]) == {"c2"}
    assert len(fit) == len(items)


def test_map_table_lists_every_text_with_its_constructs():
    items = pd.DataFrame({"construct": ["A", "A", "B", "B"], "text": ["a", "both", "both", "b"]})
    item_set = make_item_set(items, {t: np.r_[1.0, len(t)] for t in ("a", "b", "both")})
    coordinates = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
    table = map_table(coordinates, item_set).set_index("text")
    assert table.loc["both", "constructs"] == "A;B" and table.loc["both", "colour_construct"] == "A"
    assert table.loc["b", "constructs"] == "B" and tuple(table.loc["b", ["x", "y"]]) == (2.0, 3.0)


def test_distinctiveness_without_resamples_has_no_interval():
    table = analysis.distinctiveness(make_item_set(*synthetic_items(3, 4, 1.0, 1)), 0, seed=1)
    assert table["auc"].notna().all()
    assert table[["ci_low", "ci_high", "joint_ci_low", "joint_ci_high"]].isna().all().all()


def test_nearest_plot_outlines_overlaps_for_any_reference_name(tmp_path):
    items, vectors = synthetic_items(3, 6, 1.0, 4)
    reference = make_item_set(items, vectors)
    nearest = analysis.nearest_constructs(
        reference, reference, k=2, threshold=0.99, reference_name="my-scale"
    )
    assert nearest["my-scale_construct"].notna().all() and nearest["overlapping"].any()
    plots.nearest_plot(nearest, "title", tmp_path / "nearest.png", reference_name="my-scale")
    assert (tmp_path / "nearest.png").stat().st_size > 0


def test_figures_of_a_large_item_bank_stay_a_readable_size(tmp_path):
    """100 constructs would otherwise draw heatmaps of nearly ten thousand pixels a side."""
    items, vectors = synthetic_items(100, 2, 1.0, 5)
    item_set = make_item_set(items, vectors)
    similarity = analysis.construct_similarity(item_set)
    nearest = analysis.nearest_constructs(item_set, item_set, k=3, threshold=0.6)
    plots.similarity_heatmap(similarity, "bank", tmp_path / "heatmap.png")
    plots.nearest_plot(nearest, "bank", tmp_path / "nearest.png")
    plots.dendrogram_plot(
        analysis.construct_linkage(similarity), list(similarity.index), "bank", tmp_path / "tree.png"
    )
    plots.item_map(np.random.default_rng(0).normal(size=(200, 2)), item_set, "bank", tmp_path / "map.png")
    separabilities = analysis.pair_separabilities(item_set)
    plots.separability_heatmap(
        separabilities, item_set.constructs, 0.6, "bank", tmp_path / "separability.png"
    )
    distinct = analysis.distinctiveness(item_set, 0, seed=1)
    plots.distinctiveness_plot(distinct, distinct["auc"].to_numpy(), "bank", tmp_path / "distinct.png")
    dpi = plots.DEFAULT_DPI
    for name in ("heatmap", "nearest", "tree", "map", "separability", "distinct"):
        width, height = Image.open(tmp_path / f"{name}.png").size
        assert max(width, height) <= (plots._MAX_INCHES + 3) * dpi, name


def test_model_agreement_compares_every_model_with_the_selected_one():
    items, vectors = synthetic_items(5, 6, 2.5, 21)  # loose constructs: some pairs overlap
    rng = np.random.default_rng(22)
    item_sets = {
        "chosen": make_item_set(items, vectors),
        "twin": make_item_set(items, {t: 3.0 * v for t, v in vectors.items()}),  # same cosines
        "noise": make_item_set(items, {t: rng.normal(size=32) for t in vectors}),  # no structure
    }
    pairs, summary = analysis.model_agreement(item_sets, "chosen", threshold=0.7)
    assert list(pairs.columns) == [
        "construct_a",
        "construct_b",
        "chosen",
        "noise",
        "twin",
        "n_models_overlapping",
    ]
    assert len(pairs) == 10 and pairs["chosen"].is_monotonic_increasing
    by_hand = analysis.pair_separability(item_sets["chosen"], 0, 1)
    first = pairs.set_index(["construct_a", "construct_b"]).loc[("c0", "c1")]
    assert first["chosen"] == pytest.approx(by_hand, abs=1e-6) and first["twin"] == first["chosen"]
    overlapping = pairs[["chosen", "noise", "twin"]] <= 0.7
    assert (pairs["n_models_overlapping"] == overlapping.sum(axis=1)).all()
    summary = summary.set_index("model")
    assert summary.index.tolist() == ["chosen", "noise", "twin"] and summary.loc["chosen", "selected"]
    assert 0 < summary.loc["chosen", "n_pairs_overlapping"] < 10
    assert summary.loc["twin", "n_shared_with_selected"] == summary.loc["chosen", "n_pairs_overlapping"]
    assert summary.loc["twin", "separability_rho"] == summary.loc["twin", "distinctiveness_rho"] == 1.0
    assert summary.loc["noise", "n_pairs_overlapping"] == 10  # nothing is separable without structure
    assert summary.loc["noise", "separability_rho"] < 0.9


def test_closest_items_hand_worked_leaves_out_texts_of_both_constructs():
    vectors = {
        "a1": np.r_[1.0, 0.0],
        "a2": np.r_[0.6, 0.8],  # worded like B
        "b1": np.r_[0.0, 1.0],
        "b2": np.r_[0.8, -0.6],
        "ab": np.r_[0.7, 0.7],  # in both constructs: never paired across them
    }
    items = pd.DataFrame(
        {"construct": ["A", "A", "A", "B", "B", "B"], "text": ["a1", "a2", "ab", "b1", "b2", "ab"]}
    )
    item_set = make_item_set(items, vectors)
    closest = analysis.closest_items(item_set, analysis.pair_separabilities(item_set), k=3, threshold=0.6)
    # ties in the order of the texts; "ab" with itself (cosine 1) is never a pair
    assert closest[["text_a", "text_b"]].values.tolist() == [["a1", "b2"], ["a2", "b1"], ["a1", "b1"]]
    assert closest["similarity"].tolist() == pytest.approx([0.8, 0.8, 0.0], abs=1e-6)
    assert closest["rank"].tolist() == [1, 2, 3]
    separability = analysis.pair_separability(item_set, 0, 1)
    assert closest["separability"].eq(round(separability, 6)).all()
    assert closest["overlapping"].eq(separability <= 0.6).all()


def test_closest_items_lists_every_construct_pair_least_separable_first():
    items, vectors = synthetic_items(4, 6, 1.5, 7)
    item_set = make_item_set(items, vectors)
    closest = analysis.closest_items(item_set, analysis.pair_separabilities(item_set), k=2, threshold=0.9)
    assert len(closest) == 6 * 2
    assert closest["separability"].is_monotonic_increasing
    separabilities = analysis.pair_separabilities(item_set).round(6)
    by_pair = closest.groupby(["construct_a", "construct_b"])["separability"].first()
    assert by_pair.to_dict() == separabilities.to_dict()
    similarity = item_set.embeddings @ item_set.embeddings.T
    index = {text: i for i, text in enumerate(item_set.texts)}
    for (a, b), group in closest.groupby(["construct_a", "construct_b"]):
        in_a = [index[t] for t in items.loc[items["construct"] == a, "text"]]
        in_b = [index[t] for t in items.loc[items["construct"] == b, "text"]]
        top = np.sort(similarity[np.ix_(in_a, in_b)].ravel())[::-1][:2]
        assert group["similarity"].tolist() == pytest.approx(top, abs=1e-6)
        assert group["similarity"].is_monotonic_decreasing


def test_nearest_items_follow_the_nearest_table_and_score_a_shared_wording_one():
    reference = make_item_set(
        pd.DataFrame({"construct": ["X", "X", "Y"], "text": ["same", "x2", "y1"]}),
        {"same": np.r_[1.0, 0.0], "x2": np.r_[0.6, 0.8], "y1": np.r_[0.0, 1.0]},
    )
    target = make_item_set(
        pd.DataFrame({"construct": ["A", "A"], "text": ["same", "a2"]}),
        {"same": np.r_[1.0, 0.0], "a2": np.r_[0.8, 0.6]},
    )
    nearest = analysis.nearest_constructs(target, reference, k=2, threshold=0.6, reference_name="ref")
    pairs = analysis.nearest_items(target, reference, nearest, k=2, reference_name="ref")
    assert pairs["ref_construct"].tolist() == ["X", "X", "Y", "Y"]
    assert pairs["nearest_rank"].tolist() == [1, 1, 2, 2]
    assert pairs[["text", "ref_text"]].values.tolist() == [
        ["same", "same"],
        ["a2", "x2"],
        ["a2", "y1"],
        ["same", "y1"],
    ]
    assert pairs["similarity"].tolist() == pytest.approx([1.0, 0.96, 0.6, 0.0], abs=1e-6)
    merged = nearest.set_index("ref_construct").loc[pairs["ref_construct"], "separability"]
    assert pairs["separability"].tolist() == merged.tolist()


def test_item_details_are_attached_to_either_side_of_a_pair():
    pairs = pd.DataFrame({"construct_a": ["A"], "text_a": ["a1"], "construct_b": ["B"], "text_b": ["b1"]})
    items = pd.DataFrame(
        {
            "construct": ["A", "B", "B"],
            "text": ["a1", "b1", "a1"],
            "text_original": ["My leader a1", "b1", "a1"],
            "measure": ["M1", "M2", "M3"],
            "n_constructs": [2, 1, 2],
        }
    )
    described = analysis.with_item_details(pairs, items, "{}_a")
    described = analysis.with_item_details(described, items, "{}_b")
    row = described.iloc[0]
    assert (row["text_original_a"], row["measure_a"]) == ("My leader a1", "M1")
    assert (row["text_original_b"], row["measure_b"]) == ("b1", "M2")
    assert "n_constructs_a" not in described
    ipip = pd.DataFrame({"construct": ["X"], "text": ["x1"], "instrument": ["NEO"], "key": [1]})
    across = pd.DataFrame({"ipip_construct": ["X"], "ipip_text": ["x1"]})
    described = analysis.with_item_details(across, ipip, "ipip_{}")
    assert described[["ipip_instrument", "ipip_key"]].values.tolist() == [["NEO", 1]]


def test_separability_resampled_with_unit_weights_is_the_separability():
    items, vectors = synthetic_items(3, 7, 1.5, 21)
    item_set = make_item_set(items, vectors)
    ones = np.ones((2, len(item_set.texts)))
    for a, b in [(0, 1), (1, 2)]:
        assert analysis.pair_separability(item_set, a, b, ones) == pytest.approx(
            [analysis.pair_separability(item_set, a, b)] * 2
        )


def test_pairs_without_resamples_have_no_interval():
    item_set = make_item_set(*synthetic_items(3, 4, 1.5, 2))
    separabilities = analysis.pair_separabilities(item_set)
    similarity = analysis.construct_similarity(item_set)
    for draws in (None, np.empty((3, 0))):  # bootstrap_resamples: 0
        table = analysis.overlapping_pairs(item_set, similarity, separabilities, np.inf, draws)
        assert len(table) == 3 and table[["ci_low", "ci_high"]].isna().all().all()


def test_worker_processes_draw_every_pair_as_one_process_does_in_the_same_order(monkeypatch):
    item_set = make_item_set(*synthetic_items(6, 5, 1.5, 9))
    separabilities = analysis.pair_separabilities(item_set)  # 15 pairs
    alone = analysis.separability_draws(item_set, separabilities, 120, seed=4)
    monkeypatch.setattr(analysis, "PAIRS_PER_PROCESS", 4)  # 15 pairs: 3 processes of 5
    shared = analysis.separability_draws(item_set, separabilities, 120, seed=4, workers=8)
    assert alone.shape == (15, 120) and np.array_equal(alone, shared, equal_nan=True)
    k = 7  # a pair in the second share: its own values, in its own row
    a, b = (item_set.constructs.index(name) for name in separabilities.index[k])
    weights = analysis.item_bootstrap_weights(item_set, 120, 4)
    assert np.array_equal(shared[k], analysis.pair_separability(item_set, a, b, weights), equal_nan=True)


def test_overlap_interval_covers_chance_for_one_construct_under_two_names_only():
    rng = np.random.default_rng(4)
    centre, other = rng.normal(size=32), rng.normal(size=32)
    vectors = {f"a{i}": centre + rng.normal(size=32) for i in range(15)}
    vectors |= {f"b{i}": centre + rng.normal(size=32) for i in range(15)}  # A under another name
    vectors |= {f"c{i}": other + 0.8 * rng.normal(size=32) for i in range(15)}
    items = pd.DataFrame({"construct": [t[0].upper() for t in vectors], "text": list(vectors)})
    item_set = make_item_set(items, vectors)
    similarity, separabilities = (
        analysis.construct_similarity(item_set),
        analysis.pair_separabilities(item_set),
    )
    draws = analysis.separability_draws(item_set, separabilities, 500, seed=2)
    table = analysis.overlapping_pairs(item_set, similarity, separabilities, 1.0, draws)
    table = table.set_index(["construct_a", "construct_b"])
    renamed, distinct = table.loc[("A", "B")], table.loc[("A", "C")]
    assert renamed["ci_low"] <= 0.5 <= renamed["ci_high"]
    assert renamed["ci_low"] <= renamed["separability"] <= renamed["ci_high"]
    assert distinct["ci_low"] > 0.9
    no_interval = analysis.overlapping_pairs(item_set, similarity, separabilities, 1.0)
    assert no_interval[["ci_low", "ci_high"]].isna().all().all()


def test_overlap_support_is_the_share_of_resamples_at_most_the_threshold():
    separabilities = pd.Series(
        [0.55, 0.7, 0.6], index=pd.MultiIndex.from_tuples([("A", "B"), ("A", "C"), ("B", "C")])
    )
    draws = np.array([[0.5, 0.58, 0.62, np.nan], [0.7, 0.72, 0.69, 0.75], [0.6, 0.6, 0.61, 0.59]])
    # listed in another order than the draws, as separability.tsv sorts its pairs
    table = pd.DataFrame(
        {
            "construct_a": ["B", "A", "A"],
            "construct_b": ["C", "B", "C"],
            "ci_low": [0.0] * 3,
            "ci_high": [1.0] * 3,
            "after": [1, 2, 3],
        }
    )
    supported = analysis.with_resampling_columns(table, separabilities, draws, 0.6)
    # a resample without a value (a construct drawn with one text) is left out; the threshold counts
    assert supported["overlap_support"].tolist() == pytest.approx([0.75, 2 / 3, 0.0])
    assert list(supported.columns) == [
        "construct_a",
        "construct_b",
        "ci_low",
        "ci_high",
        "joint_ci_low",
        "joint_ci_high",
        "overlap_support",
        "after",
    ]
    low, high = analysis.joint_intervals(separabilities.to_numpy(), draws)
    assert supported["joint_ci_low"].tolist() == pytest.approx(np.round(low[[2, 0, 1]], 6).tolist())
    none = analysis.with_resampling_columns(table, separabilities, np.empty((3, 0)), 0.6)
    assert none[["joint_ci_low", "joint_ci_high", "overlap_support"]].isna().all().all()


def test_joint_intervals_cover_every_true_value_at_once_as_often_as_the_level_says():
    """Ten statistics (means of 100 observations each) bootstrapped together: over 300 data
    sets the joint intervals hold all ten true values in about 95 % of them (a little less, as
    bootstrap intervals of few observations and resamples do: with these 500 resamples 0.89 at
    40 observations, 0.91 at 100, 0.92 at 200; with 1,000 0.93 at 100, 0.94 at 200, in trials),
    where one 95 % interval per value holds all ten in about 0.95^10 = 60 %."""
    rng = np.random.default_rng(7)
    truth = np.linspace(0.55, 0.8, 10)
    joint = marginal = 0
    for _ in range(300):
        data = truth[:, None] + 0.1 * rng.standard_normal((10, 100))
        resampled = rng.integers(0, 100, size=(500, 100))  # one resample of every statistic together
        draws = data[:, resampled].mean(axis=-1)
        low, high = analysis.joint_intervals(data.mean(axis=1), draws)
        joint += np.all((low <= truth) & (truth <= high))
        each = np.quantile(draws, [0.025, 0.975], axis=1)
        marginal += np.all((each[0] <= truth) & (truth <= each[1]))
    assert 0.89 <= joint / 300 <= 0.99
    assert marginal / 300 < 0.75


def test_joint_intervals_widen_the_single_ones_and_keep_a_constant_value():
    rng = np.random.default_rng(3)
    values = np.array([0.55, 0.7, 1.0, np.nan])
    draws = np.vstack(
        [
            0.55 + 0.02 * rng.standard_normal(2000),
            0.7 + 0.05 * rng.standard_normal(2000),
            np.ones(2000),  # fully separable in every resample
            np.full(2000, np.nan),  # a pair without any within-construct pair
        ]
    )
    low, high = analysis.joint_intervals(values, draws)
    single = 1.96 * np.array([0.02, 0.05])
    assert np.all(high[:2] - values[:2] > single) and np.all(values[:2] - low[:2] > single)
    assert (low[2], high[2]) == (1.0, 1.0) and np.isnan([low[3], high[3]]).all()
    alone = analysis.joint_intervals(values[:1], draws[:1])  # one value: its own interval
    assert np.ravel(alone) == pytest.approx(bias_corrected_interval(values[0], draws[0]), abs=0.001)
    own = np.array([bias_corrected_interval(v, d) for v, d in zip(values[:2], draws[:2], strict=True)])
    assert np.all(low[:2] < own[:, 0]) and np.all(high[:2] > own[:, 1])  # joint: wider on both sides


def test_nearest_interval_covers_chance_for_a_renamed_construct_only():
    reference, target, *_ = renamed_and_novel(10)
    nearest = analysis.nearest_constructs(target, reference, k=1, threshold=0.6, n_resamples=400, seed=3)
    nearest = nearest.set_index("construct")
    assert nearest.loc["Renamed", "ci_low"] <= 0.5 <= nearest.loc["Renamed", "ci_high"]
    assert nearest.loc["Novel", "ci_low"] > 0.75  # well above any overlap bar
    # the renamed construct overlaps in (nearly) every resample, the novel one in none
    assert nearest.loc["Renamed", "overlap_support"] > 0.95 and nearest.loc["Novel", "overlap_support"] == 0
    plain = analysis.nearest_constructs(target, reference, k=1, threshold=0.6).set_index("construct")
    assert plain[["ci_low", "ci_high", "overlap_support"]].isna().all().all()
    assert plain["separability"].equals(nearest["separability"])


def test_a_construct_ranks_among_the_reference_constructs_ties_counting_half():
    distinct = pd.DataFrame({"construct": ["a", "b", "c", "d", "e"], "auc": [0.95, 0.8, 0.7, 0.5, np.nan]})
    reference = np.array([0.9, 0.8, 0.6, 0.75, np.nan])  # four with an AUC: 0.6, 0.75, 0.8, 0.9
    ranked = analysis.against_reference(distinct, reference).set_index("construct")
    assert ranked["ipip_share_below"].iloc[:4].tolist() == [1.0, 2.5 / 4, 0.25, 0.0]
    assert np.isnan(ranked.loc["e", "ipip_share_below"])
    assert (ranked["ipip_constructs"] == 4).all()
    empty = analysis.against_reference(distinct, np.array([np.nan]))
    assert empty["ipip_share_below"].isna().all() and (empty["ipip_constructs"] == 0).all()


def test_reference_pairs_leave_out_constructs_of_few_items():
    rng = np.random.default_rng(6)
    centres = {name: rng.normal(size=16) for name in "ABCD"}
    sizes = {"A": 6, "B": 6, "C": 6, "D": 2}  # D: two texts, one within-pair
    vectors = {f"{n}{i}": centres[n] + rng.normal(size=16) for n, k in sizes.items() for i in range(k)}
    item_set = make_item_set(
        pd.DataFrame({"construct": [t[0] for t in vectors], "text": list(vectors)}), vectors
    )
    reference = analysis.reference_pairs(item_set, min_items=5)
    assert sorted(reference.index) == [("A", "B"), ("A", "C"), ("B", "C")]
    assert reference.is_monotonic_increasing
    every = analysis.pair_separabilities(item_set)
    assert reference.to_dict() == {pair: every[pair] for pair in reference.index}
    assert len(analysis.reference_pairs(item_set, min_items=2)) == 6


def test_an_overlapping_pair_ranks_among_the_reference_pairs_with_the_nearest_named():
    overlaps = pd.DataFrame(
        {"construct_a": ["x", "y"], "construct_b": ["z", "z"], "separability": [0.55, 0.62]}
    )
    reference = pd.Series(
        [0.52, 0.56, 0.62, 0.8],
        index=pd.MultiIndex.from_tuples([("P", "Q"), ("P", "R"), ("Q", "R"), ("Q", "S")]),
    )
    ranked = analysis.pairs_against_reference(overlaps, reference)
    assert ranked["ipip_share_below"].tolist() == [0.25, 2.5 / 4]
    assert ranked["ipip_like_pair"].tolist() == ["P – R", "Q – R"]
    assert ranked["ipip_like_separability"].tolist() == [0.56, 0.62]
    assert (ranked["ipip_pairs"] == 4).all()
    alone = analysis.pairs_against_reference(overlaps, reference.iloc[:0])
    assert alone["ipip_share_below"].isna().all() and (alone["ipip_pairs"] == 0).all()


def test_distinctiveness_plot_draws_with_and_without_a_reference(tmp_path):
    distinct = pd.DataFrame(
        {
            "construct": ["a", "b"],
            "auc": [0.9, 0.6],
            "ci_low": [0.8, np.nan],
            "ci_high": [1.0, np.nan],
            "rank": [1, 2],
        }
    )
    for name, reference in (("with.png", np.array([0.7, 0.8, np.nan, 0.9])), ("without.png", np.array([]))):
        plots.distinctiveness_plot(distinct, reference, "t", str(tmp_path / name))
        assert (tmp_path / name).read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "with.png").read_bytes() != (tmp_path / "without.png").read_bytes()
    # the intervals for all constructs at once are drawn too, where the table has them
    joint = distinct.assign(joint_ci_low=[0.7, np.nan], joint_ci_high=[1.0, np.nan])
    plots.distinctiveness_plot(joint, np.array([]), "t", str(tmp_path / "joint.png"))
    assert (tmp_path / "joint.png").read_bytes() != (tmp_path / "without.png").read_bytes()


def test_separability_heatmap_draws_any_number_of_constructs(tmp_path):
    pairs = {("a", "b"): 0.55, ("a", "c"): 0.9, ("b", "c"): np.nan}
    for n in (1, 2, 3):
        names = ["a", "b", "c"][:n]
        shown = pd.Series(
            {pair: value for pair, value in pairs.items() if set(pair) <= set(names)}, dtype=float
        )
        path = tmp_path / f"{n}.png"
        plots.separability_heatmap(shown, names, 0.6, "t", str(path))
        assert path.read_bytes().startswith(b"\x89PNG")


def test_a_stem_that_begins_no_item_is_named_in_a_warning(caplog):
    rows = ["I am someone who listens.,Warm", "Smiles.,Warm", "Plans ahead.,Order", "Tidies.,Order"]
    settings = {
        **SETTINGS,
        "stems": ["I am someone who\\s+", "My supervisor\\s+"],
        "plural_stems": ["We\\s+"],
    }
    with caplog.at_level(logging.WARNING, logger="constructlens"):
        items = clean_table_target(table(rows), "mine.csv", settings)
    assert "Listens." in set(items["text"])
    assert (
        "mine.csv: no item begins with stem(s) 'My supervisor\\\\s+', 'We\\\\s+': check the spelling"
        in caplog.text
    )


def test_a_construct_of_two_items_gets_no_distinctiveness_interval():
    # c0 keeps two of its texts: one pair of its own, in every resample that holds both
    items, vectors = synthetic_items(4, 6, 2.0, 5)
    items = items[(items["construct"] != "c0") | items["text"].isin(["c0-t0", "c0-t1"])]
    table = analysis.distinctiveness(make_item_set(items, vectors), 200, seed=1).set_index("construct")
    columns = ["ci_low", "ci_high", "joint_ci_low", "joint_ci_high"]
    assert table.loc["c0", columns].isna().all() and pd.notna(table.loc["c0", "auc"])
    assert table.drop(index="c0")[columns].notna().all(axis=None)
