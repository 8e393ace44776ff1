"""Records the top-level modules each Snakemake script job imported (tests/job_imports.py)."""

import atexit
import json
import os
import sys
import time
from pathlib import Path


def _record() -> None:
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is None or script.parent.parts[-2:] != (".snakemake", "scripts"):
        return
    modules = sorted({name.split(".")[0] for name in sys.modules})
    record = {"script": script.name.split(".", 1)[1], "modules": modules}
    Path(os.environ["CONSTRUCTLENS_IMPORTS"], f"{os.getpid()}-{time.time_ns()}.json").write_text(
        json.dumps(record)
    )


if os.environ.get("CONSTRUCTLENS_IMPORTS"):
    atexit.register(_record)
