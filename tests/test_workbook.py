import io
import zipfile

import numpy as np
import openpyxl
import pandas as pd

from constructlens.workbook import NO_DATE, run_sheets, sheet_names, target_sheets, write_workbook


def test_cells_keep_their_kind_and_text_stays_text(tmp_path):
    table = pd.DataFrame(
        {
            "construct": ["NA", "Warmth"],  # a construct abbreviated NA stays a name
            "separability": [0.55, np.nan],
            "n_items": [4, 7],
            "overlapping": [True, False],
            "text": ["=1+1 is not a formula", "Tab\x01led"],
        }
    )
    path = tmp_path / "tables.xlsx"
    write_workbook([("construct_pairs", "construct_pairs.tsv", "every pair")], [table], path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["contents", "construct_pairs"]
    rows = list(workbook["construct_pairs"].iter_rows(values_only=True))
    assert rows == [
        ("construct", "separability", "n_items", "overlapping", "text"),
        ("NA", 0.55, 4, True, "=1+1 is not a formula"),
        ("Warmth", None, 7, False, "Tabled"),
    ]
    assert workbook["construct_pairs"]["E2"].data_type == "s"
    contents = list(workbook["contents"].iter_rows(values_only=True))
    assert contents[1] == ("construct_pairs", "construct_pairs.tsv", 2, "every pair")


def test_the_same_tables_give_the_same_bytes_with_no_date_in_them(tmp_path):
    sheets, tables = (
        [("metrics", "metrics/all.tsv", "")],
        [pd.DataFrame({"metric": ["pair_auc"], "value": [0.6]})],
    )
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_workbook(sheets, tables, first)
    write_workbook(sheets, tables, second)
    assert first.read_bytes() == second.read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(first.read_bytes()))
    assert {entry.date_time for entry in archive.infolist()} == {NO_DATE}
    assert b"dcterms:modified" not in archive.read("docProps/core.xml")
    assert openpyxl.load_workbook(first)["metrics"]["B2"].value == 0.6


def test_sheet_names_are_valid_distinct_and_at_most_31_characters():
    long = "nearest_" + "a_very_long_target_name_indeed"
    names = sheet_names([long, long + "_items", "what/is:this?", "Contents", "x" * 40, "x" * 41])
    assert all(len(name) <= 31 for name in names) and len({n.lower() for n in names}) == len(names)
    assert names[2] == "what_is_this_" and names[3] != "Contents"  # the contents sheet is taken
    assert names[0] == long[:31] and names[1].endswith("~2")


def test_a_targets_tables_follow_what_the_config_gives_it():
    def names(**given) -> list[str]:
        return [name for name, _, _ in target_sheets(**given)]

    plain = names(target="mine", targets=["mine"], correlations=False, definitions=False, responses=False)
    assert plain[0] == "construct_pairs" and not {"empirical", "definitions_summary", "responses"} & set(
        plain
    )
    full = names(
        target="mine", targets=["leadership", "mine"], correlations=True, definitions=True, responses=True
    )
    assert {
        "empirical",
        "empirical_summary",
        "definitions",
        "definitions_summary",
        "definitions_models",
        "responses",
        "responses_scales",
        "responses_items",
        "responses_constructs",
        "responses_constructs_summary",
        "responses_rows",
        "responses_factors",
    } <= set(full)
    at = full.index("nearest_ipip_items")
    assert full[at + 1 : at + 3] == ["nearest_leadership", "nearest_leadership_items"]
    assert "nearest_mine" not in full
    assert all(
        file == f"{name}.tsv" and text
        for name, file, text in target_sheets("mine", ["mine"], True, True, True)
    )


def test_the_runs_tables_name_each_target_and_the_split():
    sheets = run_sheets(["leadership", "mine"], "item")
    files = [file for _, file, _ in sheets]
    assert files[0] == "metrics/all.tsv" and "splits/ipip_item_summary.tsv" in files
    for target in ("leadership", "mine"):
        assert {
            f"comparison/ipip_vs_{target}.tsv",
            f"data/{target}_constructs.tsv",
            f"data/{target}_source_rows.tsv",
        } <= set(files)
    assert "data/ipip_source_rows.tsv" in files
    assert len(set(files)) == len(files) and all(text for _, _, text in sheets)
