"""The run's markdown summaries (findings, methods draft), result tables and item maps as
self-contained HTML pages, which the HTML report shows in place; it only offers other text files
as downloads."""

import base64
import html
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .tables import read_tsv

BOLD = re.compile(r"\*\*(.+?)\*\*")
ITALIC = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
CODE = re.compile(r"(`[^`]+`)")

STYLE = (
    "body{font-family:system-ui,sans-serif;line-height:1.55;max-width:52em;margin:1.5em auto;"
    "padding:0 1em;color:#1f2933}code{background:#eef1f4;padding:0 .25em;border-radius:3px}"
    "h1{font-size:1.4em}li{margin:.2em 0}"
)


def inline_html(text: str) -> str:
    """One line of markdown (code spans, **bold**, *italic*) as escaped HTML."""
    parts = CODE.split(text)
    out = []
    for i, part in enumerate(parts):
        if i % 2:  # a code span: literal
            out.append(f"<code>{html.escape(part[1:-1])}</code>")
        else:
            escaped = html.escape(part, quote=False)
            out.append(ITALIC.sub(r"<em>\1</em>", BOLD.sub(r"<strong>\1</strong>", escaped)))
    return "".join(out)


def markdown_body(text: str) -> str:
    """The subset of markdown the run writes (headings, paragraphs, ``- `` lists) as HTML."""
    blocks, paragraph, items = [], [], []

    def flush() -> None:
        if paragraph:
            blocks.append(f"<p>{inline_html(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            blocks.append("<ul>" + "".join(f"<li>{inline_html(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in text.splitlines():
        stripped = line.strip()
        heading = re.match(r"(#{1,6})\s+(.*)", stripped)
        if not stripped or heading:
            flush()
            if heading:
                level = len(heading.group(1))
                blocks.append(f"<h{level}>{inline_html(heading.group(2))}</h{level}>")
        elif stripped.startswith("- "):
            if paragraph:
                flush()
            items.append(stripped[2:])
        else:
            if items:
                flush()
            paragraph.append(stripped)
    flush()
    return "\n".join(blocks)


def _page(title: str, style: str, body: str) -> str:
    """A self-contained HTML page: ``body`` under ``title``, styled inline."""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{style}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def markdown_page(text: str) -> str:
    """A self-contained HTML page of ``text``, titled by its first heading."""
    title = next((m.group(1) for m in re.finditer(r"^#+\s+(.*)$", text, flags=re.MULTILINE)), "")
    return _page(title, STYLE, markdown_body(text))


TABLE_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:1.5em 1em;color:#1f2933}h1{font-size:1.3em}"
    ".note{color:#52606d}table{border-collapse:collapse;font-size:.9em}"
    "th,td{padding:.25em .6em;border-bottom:1px solid #d9dee3;text-align:left;vertical-align:top}"
    "th{position:sticky;top:0;background:#f4f6f8;cursor:pointer;white-space:nowrap}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.w{min-width:22em}"
)

SORT_SCRIPT = """document.querySelectorAll("th").forEach((th, column) => th.addEventListener("click", () => {
  const body = th.closest("table").tBodies[0], up = th.dataset.order !== "up";
  const key = (row) => row.cells[column].dataset.v ?? row.cells[column].textContent;
  const rows = [...body.rows].sort((a, b) => {
    const x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
    const order = isNaN(nx) || isNaN(ny) ? x.localeCompare(y) : nx - ny;
    return up ? order : -order;
  });
  th.dataset.order = up ? "up" : "down";
  body.append(...rows);
}));"""


def display_number(value: float) -> str:
    """A float as a table shows it: three decimals, or three significant digits when tiny or huge;
    a whole number of 2 or more (a count in a column of scores) without decimals."""
    if value.is_integer() and 2 <= abs(value) < 1e6:
        return f"{value:.0f}"
    if value == 0 or 0.001 <= abs(value) < 1e6:
        return f"{value:.3f}"
    return f"{value:.3g}"


def _cell(value) -> str:
    if isinstance(value, bool):
        return f"<td>{'yes' if value else 'no'}</td>"
    if isinstance(value, int):
        return f'<td class="n">{value}</td>'
    if isinstance(value, float):
        if value != value:  # missing
            return '<td class="n" data-v=""></td>'
        return f'<td class="n" data-v="{value!r}">{display_number(value)}</td>'
    text = str(value)
    wide = ' class="w"' if len(text) > 40 else ""  # a sentence: wide enough to read, not squeezed
    return f"<td{wide}>{html.escape(text)}</td>"


def table_page(table: bytes, path: str) -> str:
    """A self-contained HTML page of a tab-separated result table (``table``, the bytes of the
    file at ``path``): rounded for reading, sortable by any column, and the exact file to
    download."""
    frame = read_tsv(io.BytesIO(table))
    name = Path(path).name
    header = "".join(f"<th>{html.escape(str(column))}</th>" for column in frame.columns)
    rows = "\n".join(
        "<tr>" + "".join(_cell(value) for value in row) + "</tr>"
        for row in frame.astype(object).itertuples(index=False)
    )
    download = base64.b64encode(table).decode("ascii")
    shape = f"{len(frame)} row{'' if len(frame) == 1 else 's'}" if len(frame) else "no rows"
    return _page(
        name,
        TABLE_STYLE,
        f"<h1>{html.escape(name)}</h1>\n"
        f'<p class="note"><code>{html.escape(path)}</code>, {shape}; numbers rounded to three '
        "decimals here; click a column's name to sort by it; "
        f'<a download="{html.escape(name)}" href="data:text/tab-separated-values;charset=utf-8;base64,'
        f'{download}">download the table</a> at full precision.</p>\n'
        f"<table><thead><tr>{header}</tr></thead><tbody>\n{rows}\n</tbody></table>\n"
        f"<script>{SORT_SCRIPT}</script>",
    )


def write_table_page(table_path: str, page_path: str) -> None:
    """Write the HTML page of the result table at ``table_path`` (see ``table_page``)."""
    Path(page_path).write_text(table_page(Path(table_path).read_bytes(), str(table_path)))


MAP_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:1.5em 1em;color:#1f2933}h1{font-size:1.3em}"
    ".note{color:#52606d;max-width:60em}#item{min-height:3em;max-width:60em;white-space:pre-line}"
    ".map{display:flex;gap:1.5em;align-items:flex-start}svg{border:1px solid #d9dee3;flex:none}"
    "circle{fill-opacity:.85;stroke:#fff;stroke-width:.5}circle:hover{stroke:#1f2933;stroke-width:2}"
    "ul{list-style:none;padding:0;margin:0;font-size:.85em}li{cursor:default;padding:.1em .3em}"
    "li:hover{background:#eef1f4}li span{display:inline-block;width:.8em;height:.8em;margin-right:.4em}"
)

MAP_SCRIPT = """const map = document.querySelector("svg"), shown = document.getElementById("item");
map.addEventListener("mouseover", (event) => {
  if (event.target.localName === "circle") shown.textContent = event.target.textContent;
});
document.querySelectorAll("li").forEach((entry) => {
  entry.addEventListener("mouseenter", () => map.setAttribute("data-on", entry.dataset.c));
  entry.addEventListener("mouseleave", () => map.removeAttribute("data-on"));
});"""

MAP_SIZE, MAP_MARGIN = 640, 12  # the square drawing area in pixels, and the space kept around the points


ITEM_NOTES = ("measure", "subscale", "instrument")  # columns of an item table, where it has them
KEY_WORDS = {1: "keyed", -1: "reverse keyed", 0: "unscored"}


def item_notes(items: pd.DataFrame) -> dict[str, str]:
    """Where each item text of a cleaned item table comes from, in a line: its measure,
    subscale, IPIP instrument and scoring key where the table has them (every distinct value
    of the text's rows), and its source wording where cleaning changed it."""
    notes = {}
    for text, rows in items.groupby("text", sort=False):
        parts = []
        for column in ITEM_NOTES:
            values = sorted({str(v) for v in rows.get(column, []) if pd.notna(v) and str(v).strip()})
            if values:
                parts.append(f"{column} {', '.join(values)}")
        parts += sorted({KEY_WORDS[int(key)] for key in rows.get("key", [])})
        if "text_original" in rows:
            parts += [f"source: {w}" for w in sorted(set(rows["text_original"])) if w and w != text]
        notes[text] = "; ".join(parts)
    return notes


def map_page(
    coordinates: pd.DataFrame,
    colours: dict[str, str],
    title: str,
    path: str,
    notes: dict[str, str] | None = None,
) -> str:
    """A 2-D item map (the table ``plots.map_table`` writes) as a self-contained HTML page to
    explore: every item a point coloured by its construct, whose wording and constructs (and its
    line of ``notes``, see ``item_notes``) show on hovering it; hovering a construct's name in
    the legend picks out all its items (those it shares with other constructs too). ``colours``
    gives each construct's colour, as in the figure; ``path`` is the coordinates table's, named
    on the page."""
    notes = notes or {}
    names = list(colours)
    index = {name: i for i, name in enumerate(names)}
    x, y = coordinates["x"].to_numpy(float), coordinates["y"].to_numpy(float)
    span = max(np.ptp(x), np.ptp(y)) or 1.0  # one scale for both axes: the map is not stretched
    inner = MAP_SIZE - 2 * MAP_MARGIN
    left = MAP_MARGIN + (inner - np.ptp(x) / span * inner) / 2
    top = MAP_MARGIN + (inner - np.ptp(y) / span * inner) / 2
    px = left + (x - x.min()) / span * inner
    py = top + (y.max() - y) / span * inner  # north up, as in the figure
    points = []
    for row, cx, cy in zip(coordinates.itertuples(index=False), px, py, strict=True):
        constructs = [c for c in str(row.constructs).split(";") if c in index]
        classes = " ".join(f"c{index[c]}" for c in constructs)
        tip = f"{', '.join(constructs)}: {row.text}" + (f"\n{notes[row.text]}" if notes.get(row.text) else "")
        points.append(
            f'<circle class="{classes}" cx="{cx:.1f}" cy="{cy:.1f}" r="4" '
            f'fill="{colours[row.colour_construct]}"><title>{html.escape(tip)}</title></circle>'
        )
    picked = "".join(f'svg[data-on="{i}"] circle:not(.c{i}){{opacity:.08}}' for i in range(len(names)))
    legend = "".join(
        f'<li data-c="{i}"><span style="background:{colours[name]}"></span>{html.escape(name)}</li>'
        for i, name in enumerate(names)
    )
    return _page(
        title,
        MAP_STYLE + picked,
        f"<h1>{html.escape(title)}</h1>\n"
        f'<p class="note">{len(coordinates)} items of {len(names)} constructs from <code>'
        f"{html.escape(path)}</code>. Hover over an item to read it; hover over a construct's name "
        "to pick out its items. Distances in such a map are only roughly faithful: it shows which "
        "constructs mix, the metrics and tables measure how much.</p>\n"
        '<p id="item"></p>\n<div class="map">'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{MAP_SIZE}" height="{MAP_SIZE}" '
        f'viewBox="0 0 {MAP_SIZE} {MAP_SIZE}">\n' + "\n".join(points) + f"\n</svg><ul>{legend}</ul></div>\n"
        f"<script>{MAP_SCRIPT}</script>",
    )
