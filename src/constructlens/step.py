"""Run one workflow step: log to the rule's log file, show warnings and errors on the console."""

import contextlib
import json
import logging
import sys
from pathlib import Path

from .errors import InputError


@contextlib.contextmanager
def step(log_path: str):
    """Log INFO and up, and anything printed (progress bars included), to ``log_path``; our
    own WARNING and up also to the console.

    A bad-input error (``InputError`` or ``ValueError``) ends the step with its one-line
    message (traceback in the log only); Snakemake then removes the step's outputs.
    """
    console_stream = sys.stderr
    with (
        open(log_path, "w") as stream,
        contextlib.redirect_stdout(stream),
        contextlib.redirect_stderr(stream),
    ):
        file_handler = logging.StreamHandler(stream)
        file_handler.setLevel(logging.INFO)
        console = logging.StreamHandler(console_stream)
        console.setLevel(logging.WARNING)
        console.addFilter(lambda record: record.name.startswith("constructlens"))
        logging.basicConfig(
            level=logging.INFO,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
            handlers=[file_handler, console],
            force=True,
        )
        logging.captureWarnings(True)
        logging.getLogger("fontTools").setLevel(logging.WARNING)  # a line per glyph of every SVG/PDF
        log = logging.getLogger("constructlens")
        try:
            yield log
        except (InputError, ValueError) as error:
            trace = log.makeRecord(log.name, logging.INFO, __file__, 0, "traceback", (), sys.exc_info())
            file_handler.handle(trace)
            log.error("%s", error)
            raise SystemExit(1) from None
        except Exception:
            log.exception("unexpected error")  # the traceback, in the log and on the console
            raise SystemExit(1) from None


def write_json(path: str, record: dict) -> None:
    """A step's JSON output (run record, selection): indented, ending in a newline."""
    Path(path).write_text(json.dumps(record, indent=2) + "\n")
