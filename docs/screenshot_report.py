"""Render the workflow's HTML report headless and save what a reader sees first.

snakemake --report results/report.html
python docs/screenshot_report.py results/report.html docs/report.png
"""

import sys

from constructlens.report import screenshot

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    screenshot(sys.argv[1], sys.argv[2])
    print(f"wrote {sys.argv[2]}")
