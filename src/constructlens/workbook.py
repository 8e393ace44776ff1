"""A target's result tables as one Excel workbook: numbers stay numbers whatever the reader's
locale (a TSV's "0.598" opened by a German Excel is text or a date), one sheet per table, and a
first sheet that says what each holds. The same tables give a byte-identical file."""

from __future__ import annotations

import io
import re
import zipfile
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


def _cell(value):
    """A table cell as Excel should hold it: empty for missing, numbers and booleans as such,
    text without the control characters a workbook cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value.item() if hasattr(value, "item") else value


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


def write_workbook(tables: dict[str, pd.DataFrame], path: str | Path) -> None:
    """Write ``tables`` (table name → table, in sheet order) to the workbook ``path``, after a
    contents sheet listing each sheet, the table it holds (``<name>.tsv``), its rows and what
    it holds (``table_description``). Header row frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    contents = workbook.active
    contents.title = CONTENTS
    contents.append(["sheet", "table", "rows", "what it holds"])
    names = sheet_names(list(tables))
    for name, (stem, table) in zip(names, tables.items(), strict=True):
        contents.append([name, f"{stem}.tsv", len(table), table_description(stem)])
        sheet = workbook.create_sheet(name)
        sheet.append([str(column) for column in table.columns])
        for row in table.itertuples(index=False):
            sheet.append([_cell(value) for value in row])
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":  # text that begins with "=" is text, never a formula
                    cell.data_type = "s"
    for sheet in workbook.worksheets:
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            width = max(len(str(cell.value)) if cell.value is not None else 0 for cell in column[:200])
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    Path(path).write_bytes(_without_dates(buffer.getvalue()))


# the target's tables in the workbook's order, what each holds in a line (README has the detail)
TARGET_TABLES = {
    "construct_pairs": "every construct pair with what each analysis says of it, least separable first",
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
    "similarity_distributions": "cosines of same- and different-construct item pairs, target and IPIP test",
    "construct_similarity": "mean cosine between the items of two constructs",
    "clusters": "the KMeans cluster of every item",
    "cluster_composition": "per cluster: its size and dominant construct",
    "confusion_matrix": "construct × cluster item counts",
}


def target_tables(target: str, targets: list[str], correlations: bool, definitions: bool) -> list[str]:
    """The names of the tables a run writes for ``target`` (among ``targets``), in workbook
    order: the observed-correlation and definition tables only where given, the nearest
    constructs of every other target after the nearest IPIP constructs."""
    optional = {"empirical": correlations, "definitions": definitions}
    names = []
    for name in TARGET_TABLES:
        if not optional.get(name.split("_")[0], True):
            continue
        names.append(name)
        if name == "nearest_ipip_items":
            for other in targets:
                if other != target:
                    names += [f"nearest_{other}", f"nearest_{other}_items"]
    return names


def table_description(name: str) -> str:
    """What the table ``name`` holds, in a line; the nearest constructs of another target too."""
    if name in TARGET_TABLES:
        return TARGET_TABLES[name]
    other = name.removeprefix("nearest_").removesuffix("_items")
    if name.endswith("_items"):
        return f"the most alike item pairs behind nearest_{other}"
    return f"per construct, the constructs of {other} whose items it resembles most"
