"""The run's markdown summaries (findings, methods draft) as self-contained HTML pages, which the
HTML report shows in place; it only offers other text files as downloads."""

import html
import re

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


def markdown_page(text: str) -> str:
    """A self-contained HTML page of ``text``, titled by its first heading."""
    title = next((m.group(1) for m in re.finditer(r"^#+\s+(.*)$", text, flags=re.MULTILINE)), "")
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head>\n<body>\n{markdown_body(text)}\n</body></html>\n"
    )
