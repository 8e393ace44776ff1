"""Look at the built HTML report in a real headless browser."""

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]

# the report's two buttons beside every result: show the file, or its caption and provenance
VIEWS = {"file": "eye", "caption": "information-circle"}

# Clicks through the report's sidebar, waiting for each element to appear; the report is a
# single-page app without addresses for its pages, so this is the one way to open one.
NAVIGATION = """<script>
(function (steps) {
  function find(step) {
    if (step.icon) {
      const cell = [...document.querySelectorAll("td")].find(e => e.textContent.trim() === step.text);
      return cell && cell.parentElement.querySelector('a[iconname="' + step.icon + '"]');
    }
    return [...document.querySelectorAll("a, button, li, span, div")]
      .filter(e => e.textContent.trim() === step.text).pop();
  }
  const root = document.documentElement;
  function next(i) {
    if (i >= steps.length) { root.setAttribute("data-opened", "yes"); return; }
    root.setAttribute("data-waiting-for", steps[i].text);
    const element = find(steps[i]);
    if (element) { element.click(); setTimeout(() => next(i + 1), 500); }
    else setTimeout(() => next(i), 250);
  }
  window.addEventListener("load", () => next(0));
})(STEPS);
</script>"""


def find_chromium() -> str | None:
    """Debian's chromium (or Chrome) on PATH, or None."""
    return next(
        (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None
    )


def opened_at(report_html: str, menu: list[str], result: str, view: str = "file") -> str:
    """``report_html`` with a script that, once loaded, clicks the sidebar entries ``menu`` in
    turn (a category, then any subcategory) and shows ``result`` (its path as the report lists
    it): the file itself (``view="file"``) or its caption (``"caption"``)."""
    if view not in VIEWS:
        raise ValueError(f"view {view!r}: expected one of {', '.join(VIEWS)}")
    steps = [{"text": label} for label in menu] + [{"text": result, "icon": VIEWS[view]}]
    script = NAVIGATION.replace("STEPS", json.dumps(steps).replace("</", "<\\/"))  # no early </script>
    end = report_html.rfind("</body>")
    if end < 0:
        raise ValueError("not an HTML report: no </body>")
    return report_html[:end] + script + report_html[end:]


def open_report_at(report: str | Path, menu: list[str], result: str, view: str, page: str | Path) -> str:
    """Write ``page``, the report opened at ``result`` (``opened_at``), and check in headless
    Chromium that every click found its element; return the rendered document."""
    Path(page).write_text(opened_at(Path(report).read_text(), menu, result, view))
    dom = rendered_dom(page)
    if 'data-opened="yes"' not in dom:
        waiting = re.search(r'data-waiting-for="([^"]*)"', dom)
        missing = html.unescape(waiting.group(1)) if waiting else "the report's sidebar"
        raise ValueError(f"{report}: found no {missing!r} to click (menu {menu}, result {result!r})")
    return dom


def _run_chromium(html: str | Path, args: list[str], width: int, height: int, timeout: int) -> str:
    """Render ``html`` with scripts and 15 s of virtual time; what Chromium prints."""
    browser = find_chromium()
    if browser is None:
        raise FileNotFoundError("no chromium on PATH (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                browser,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                "--virtual-time-budget=15000",
                *args,
                Path(html).resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
        ).stdout


def screenshot(
    html: str | Path, png: str | Path, width: int = 1400, height: int = 1000, timeout: int = 120
) -> None:
    """Render ``html`` in headless Chromium into ``png``."""
    _run_chromium(html, [f"--screenshot={Path(png).resolve()}"], width, height, timeout)


def rendered_dom(html: str | Path, width: int = 1400, height: int = 1000, timeout: int = 120) -> str:
    """The document as headless Chromium has rendered it (after its scripts ran)."""
    return _run_chromium(html, ["--dump-dom"], width, height, timeout)
