"""Result tables as one Excel workbook, the run's and each target's: numbers stay numbers
whatever the reader's locale (a TSV's "0.598" opened by a German Excel is text or a date), one
sheet per table, and a first sheet that says what each holds. The same tables give a
byte-identical file."""

from __future__ import annotations

import io
import re
import zipfile
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the workflow reads the table names at start-up, without pandas
    import pandas as pd

CONTENTS = "contents"
SHEET_NAME_LIMIT = 31  # Excel's
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
_DATES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")
NO_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry: no date, as in reproducible builds


def sheet_names(stems: list[str]) -> list[str]:
    """A valid, distinct sheet name for each table name: characters Excel refuses replaced,
    cut to 31 characters, a number added where two would coincide."""
    names, taken = [], {CONTENTS}
    for stem in stems:
        base = _NOT_IN_SHEET_NAMES.sub("_", stem)[:SHEET_NAME_LIMIT]
        name, number = base, 2
        while name.lower() in taken:
            suffix = f"~{number}"
            name, number = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix, number + 1
        taken.add(name.lower())
        names.append(name)
    return names


def _cell(sheet, value):
    """A table cell as Excel should hold it: empty for missing, numbers and booleans as such,
    text as text (never a formula, even where it begins with "="), without the control
    characters a workbook cannot hold."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or (isinstance(value, float) and value != value):
        return None
    if not isinstance(value, str):
        return value.item() if hasattr(value, "item") else value
    cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell


def _header(sheet, columns: list) -> list:
    """The header row, in bold."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cells = [WriteOnlyCell(sheet, str(column)) for column in columns]
    for cell in cells:
        cell.font = Font(bold=True)
    return cells


def _widths(rows: list[list]) -> list[float]:
    """A column width per column, from the first 200 rows: wide enough to read, at most 60."""
    return [
        min(max(max((len(str(v)) for v in column if v is not None), default=0) + 2, 8), 60)
        for column in zip(*rows[:200], strict=False)
    ]


def _without_dates(xlsx: bytes) -> bytes:
    """``xlsx`` with no time in it: the zip entries undated, the created and modified times
    left out of the document properties (openpyxl stamps the time of saving)."""
    source, target = zipfile.ZipFile(io.BytesIO(xlsx)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = _DATES.sub(b"", data)
            archive.writestr(zipfile.ZipInfo(entry.filename, NO_DATE), data, zipfile.ZIP_DEFLATED)
    return target.getvalue()


def write_workbook(sheets: list[tuple[str, str, str]], tables: list[pd.DataFrame], path: str | Path) -> None:
    """Write ``tables`` to the workbook ``path``, one sheet each, after a contents sheet listing
    every sheet with the table file it holds, its rows and what it holds: ``sheets`` gives
    (sheet name, file, description) per table, in order. Header rows frozen. Rows are streamed
    (openpyxl's write-only mode), so an item bank's tables of a million cells take seconds."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    names = sheet_names([name for name, _, _ in sheets])
    contents = [["sheet", "table", "rows", "what it holds"]]
    contents += [
        [name, file, len(table), text]
        for name, (_, file, text), table in zip(names, sheets, tables, strict=True)
    ]
    pages = [(CONTENTS, contents)] + [
        (name, [list(map(str, table.columns)), *table.itertuples(index=False)])
        for name, table in zip(names, tables, strict=True)
    ]
    for name, rows in pages:
        sheet = workbook.create_sheet(name)
        sheet.freeze_panes = "A2"
        for number, width in enumerate(_widths([rows[0], *map(list, rows[1:201])]), start=1):
            sheet.column_dimensions[get_column_letter(number)].width = width
        sheet.append(_header(sheet, rows[0]))
        for row in rows[1:]:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    Path(path).write_bytes(_without_dates(buffer.getvalue()))


# the target's tables in the workbook's order, what each holds in a line (docs/outputs.md has the detail)
TARGET_TABLES = {
    "construct_pairs": "every construct pair with what each analysis says of it, least separable first",
    "construct_profiles": "every construct with what each analysis says of it, least distinct first",
    "metrics": "the target's metrics under the selected model, with 95 % intervals",
    "distinctiveness": "per construct: AUC of its own item pairs against its pairs with all others, ranked",
    "separability": "every construct pair's separability (0.5 = indistinguishable) with its interval",
    "overlapping_pairs": "the pairs of separability at most the overlap threshold",
    "groups": "groups of constructs every two of which overlap",
    "group_counts": "how many groups at each threshold, beside held-out IPIP constructs",
    "redundancy": "per pair: within- vs between-construct similarity, permutation test",
    "closest_items": "per construct pair, the most alike items of one construct and the other",
    "near_duplicates": "item pairs more alike than 99 % of same-construct pairs of held-out IPIP items",
    "near_duplicates_summary": "near-duplicate pairs within and across constructs; pair AUC without them",
    "item_fit": "per item: its own construct's centroid against the closest other one",
    "item_fit_summary": "per construct: the share of items closer to their own construct",
    "measure_agreement": "per construct of several measures: how separable two measures' items are",
    "nearest_ipip": "per construct, the IPIP constructs whose items it resembles most",
    "nearest_ipip_items": "the most alike item pairs behind nearest_ipip",
    "items_from_ipip": "the target's items that are IPIP items",
    "model_agreement": "every construct pair's separability under every model of the run",
    "model_agreement_summary": "per model: overlapping pairs shared with the selected model, rank correlations",
    "names": "per construct pair: how alike the names are beside how separable the items are",
    "names_summary": "per model: rank correlation of name similarity with separability",
    "empirical": "per construct pair: the observed correlation beside the model's similarity",
    "empirical_summary": "per model: rank correlation of similarity with the observed correlations",
    "definitions": "per item: its own construct's definition against the others",
    "definitions_summary": "per construct: the share of items nearest their own definition",
    "definitions_models": "per model: the share of items nearest their own definition, against chance",
    "responses": "how distinct the constructs are in the answers and under each model, on the same item pairs",
    "responses_scales": "per construct: its scale scored from the answers, its alpha and omega",
    "responses_items": "per item: does it go with its own construct in the answers and under the model",
    "responses_constructs": "per construct pair: the scales' correlation, HTMT and Fornell-Larcker beside the model's similarity",
    "responses_constructs_summary": "per model: rank correlation of similarity with the scales' correlations",
    "responses_rows": "per row of the responses file: analysed, or left out and why",
    "responses_factors": "parallel analysis of the answers: each component's eigenvalue against random data",
    "responses_measurement": "the fit of one factor model of all scales: scaled chi2 and its scaling factor, RMSEA, CFI, TLI, SRMR",
    "responses_residuals": "item pairs whose correlation that model misses by more than 0.1",
    "similarity_distributions": "cosines of same- and different-construct item pairs, target and IPIP test",
    "construct_similarity": "mean cosine between the items of two constructs",
    "clusters": "the KMeans cluster of every item",
    "cluster_composition": "per cluster: its size and dominant construct",
    "confusion_matrix": "construct × cluster item counts",
}


def target_sheets(
    target: str, targets: list[str], correlations: bool, definitions: bool, responses: bool
) -> list[tuple[str, str, str]]:
    """(sheet, file, description) of every table the run writes for ``target`` (among
    ``targets``) in ``results/targets/<target>/``, in workbook order: the observed-correlation,
    definition and response tables only where given, the nearest constructs of every other
    target after the nearest IPIP constructs."""
    optional = {"empirical": correlations, "definitions": definitions, "responses": responses}
    sheets = []
    for name, description in TARGET_TABLES.items():
        if not optional.get(name.split("_")[0], True):
            continue
        sheets.append((name, f"{name}.tsv", description))
        if name == "nearest_ipip_items":
            for other in targets:
                if other != target:
                    sheets += [
                        (
                            f"nearest_{other}",
                            f"nearest_{other}.tsv",
                            f"per construct, the {other} constructs it resembles most",
                        ),
                        (
                            f"nearest_{other}_items",
                            f"nearest_{other}_items.tsv",
                            f"the most alike item pairs behind nearest_{other}",
                        ),
                    ]
    return sheets


def run_sheets(targets: list[str], split_scheme: str) -> list[tuple[str, str, str]]:
    """(sheet, file under ``results/``, description) of every table of the run as a whole, in
    workbook order: the metrics, the selection, each target against IPIP and against every other
    target, the checks, the data."""
    per_target = [
        sheet
        for target in targets
        for sheet in (
            (
                f"ipip_vs_{target}",
                f"comparison/ipip_vs_{target}.tsv",
                f"held-out IPIP test items against {target}: each metric, the difference, its interval and p",
            ),
            (
                f"ipip_vs_{target}_matched",
                f"comparison/ipip_vs_{target}_matched.tsv",
                f"{target} against random sets of equal size: as many held-out IPIP constructs, or as many of its own",
            ),
        )
    ]
    between = [
        (
            f"{first}_vs_{second}",
            f"comparison/targets/{first}_vs_{second}.tsv",
            f"{first} against {second}: each metric, the difference, its interval and p",
        )
        for first, second in combinations(targets, 2)
    ]
    return [
        ("metrics", "metrics/all.tsv", "every model's metrics per dataset and split, with 95 % intervals"),
        (
            "selection_margin",
            "selection/margin.tsv",
            "the selected model against each other model on the selection's data",
        ),
        (
            "development",
            "metrics/development.tsv",
            "every model's metrics before the test split was opened: IPIP (training, validation, all) and each target",
        ),
        (
            "all_targets",
            "comparison/all_targets.tsv",
            "every target in one row: its pair AUC, gap to IPIP, size-matched draws, centroid fit, overlaps",
        ),
        *per_target,
        *between,
        (
            "selected_vs_baselines",
            "comparison/selected_vs_baselines.tsv",
            "the selected model against each baseline, paired on the same items",
        ),
        (
            "test_per_construct",
            "metrics/test_per_construct.tsv",
            "per model and held-out test construct: its AUC against the others",
        ),
        ("keying", "metrics/keying.tsv", "same-construct pairs of equal and of opposite scoring keys"),
        ("measures", "metrics/measures.tsv", "same-construct pairs within one measure and across two"),
        (
            "lengths",
            "metrics/lengths.tsv",
            "same- against different-construct pairs among items of like length",
        ),
        (
            "reliability",
            "metrics/reliability.tsv",
            "per model: item similarity of scales beside the inter-item correlation alpha implies",
        ),
        ("reliability_scales", "metrics/reliability_scales.tsv", "the scales behind the reliability check"),
        (
            "split",
            f"splits/ipip_{split_scheme}_summary.tsv",
            "the held-out split: constructs, rows and texts in each part",
        ),
        (
            "ipip_constructs",
            "data/ipip_constructs.tsv",
            "IPIP's constructs as cleaned: items, items shared with other constructs, instruments, mean alpha",
        ),
        (
            "ipip_source_rows",
            "data/ipip_source_rows.tsv",
            "every row of the IPIP file: kept, listed again, reworded or left out",
        ),
        *(
            sheet
            for target in targets
            for sheet in (
                (
                    f"{target}_constructs",
                    f"data/{target}_constructs.tsv",
                    f"the constructs of {target} as cleaned, with their numbers of items",
                ),
                (
                    f"{target}_source_rows",
                    f"data/{target}_source_rows.tsv",
                    f"every row of the {target} file: kept, listed again, reworded or left out",
                ),
            )
        ),
    ]
