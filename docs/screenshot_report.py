"""Render the workflow's HTML report headless and save a page of it as a PNG.

snakemake --report results/report.html
python docs/screenshot_report.py results/report.html docs/report.png \
    --menu "IPIP vs targets" --result results/figures/ipip_vs_leadership.png --height 1620

Without --result: the report's first page. --menu names the sidebar entries to click first
(a category, then any subcategory); --caption shows the result's caption instead of the file.
"""

import argparse
import sys
import tempfile
from pathlib import Path

from constructlens.report import open_report_at, screenshot


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("report", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--menu", action="append", default=[], help="a sidebar entry to click (repeat)")
    parser.add_argument("--result", help="the result to open, as the report lists it")
    parser.add_argument("--caption", action="store_true", help="show the result's caption, not the file")
    parser.add_argument("--height", type=int, default=1000, help="the window's height in pixels (1400 wide)")
    args = parser.parse_args()
    if args.result is None:
        screenshot(args.report, args.png, height=args.height)
    else:
        view = "caption" if args.caption else "file"
        with tempfile.TemporaryDirectory() as folder:
            opened = Path(folder) / "report.html"
            try:
                open_report_at(args.report, args.menu, args.result, view, opened)
            except ValueError as error:  # a menu entry or result the report does not have
                sys.exit(str(error))
            screenshot(opened, args.png, height=args.height)
    print(f"wrote {args.png}")


if __name__ == "__main__":
    main()
