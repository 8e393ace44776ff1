"""What a finished run prints last: its answer per target, where the rest is, and what its jobs
warned about on the way (those warnings scroll past among Snakemake's own lines)."""

import re
from collections import Counter
from pathlib import Path

IN_SHORT = "**In short.** "
WARNING_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ WARNING (constructlens[\w.]*): (.*)")
DRAW_LOG = "_workflow.log"
"""How the log of another draw's own run ends (rules/draws.smk): its warnings are counted, not listed."""
SHOWN_CHARACTERS = 160
CLOCK_SLACK_S = 2.0
"""A file counts as written by this run up to this many seconds before it started: file systems
that keep modification times to the second (or two) round them down."""


def in_short(findings: Path) -> str | None:
    """The "In short" paragraph of a target's ``findings.md``, without its label; None where the
    file or the paragraph is missing."""
    if not findings.is_file():
        return None
    for paragraph in findings.read_text(encoding="utf-8").split("\n\n"):
        if paragraph.startswith(IN_SHORT):
            return paragraph.removeprefix(IN_SHORT).strip()
    return None


def written_since(path: Path, started: float) -> bool:
    return path.is_file() and path.stat().st_mtime >= started - CLOCK_SLACK_S


def logged_warnings(logs: Path, started: float) -> list[tuple[Path, str]]:
    """(log file, first line of the message) of every constructlens warning in the log files
    below ``logs`` that the run wrote, in the order of the files' paths and of their lines."""
    found = []
    for log in sorted(logs.rglob("*.log")) if logs.is_dir() else []:
        if written_since(log, started):
            text = log.read_text(encoding="utf-8", errors="replace")
            found += [(log, match[2].strip()) for match in WARNING_LINE.finditer(text)]
    return found


def _shortened(text: str) -> str:
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1].rstrip() + "…"


def closing_message(targets: list[str], started: float, results: Path, logs: Path) -> str:
    """The lines a run ends with: each target's "In short" paragraph from the ``findings.md``
    this run wrote (none where it wrote none), the table of every target (where there are
    several and this run wrote it), where its other draws are set beside it (where
    it drew any), how to build the report, the warnings of the
    log files this run wrote, one shortened line each, and the tables of what cleaning did to
    every row read (``items.row_record``) this run wrote."""
    lines = ["constructlens: the run finished."]
    for target in targets:
        findings = results / "targets" / target / "findings.md"
        paragraph = in_short(findings) if written_since(findings, started) else None
        if paragraph:
            lines.append(f"{target}, in short ({findings}): {paragraph}")
    overview = results / "comparison" / "all_targets.tsv"
    if len(targets) > 1 and written_since(overview, started):
        lines.append(f"Every target in one row, the most distinct first: {overview}")
    draws = results / "draws" / "summary.md"
    if written_since(draws, started):
        lines.append(f"The run beside its other draws of held-out constructs: {draws}")
    lines.append(
        f"Every table and figure, each with how to read it: snakemake --report {results / 'report.html'}"
    )
    warnings = logged_warnings(logs, started)
    drawn = [log for log, _ in warnings if log.parent == logs / "draws" and log.name.endswith(DRAW_LOG)]
    if warnings:
        lines.append(f"Its jobs logged {len(warnings)} warning(s); each in full in its log:")
        lines += [f"- {log}: {_shortened(message)}" for log, message in warnings if log not in drawn]
        lines += [
            f"- {log}: {count} warning(s) of the jobs of another draw's run (listed there)"
            for log, count in Counter(drawn).items()
        ]
    cleaned = [
        str(path)
        for path in sorted((results / "data").glob("*_source_rows.tsv"))
        if written_since(path, started)
    ]
    if cleaned:
        lines.append(f"What cleaning did to every row read: {', '.join(cleaned)}")
    return "\n".join(lines)
