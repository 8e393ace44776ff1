"""Run one workflow step: log to the rule's log file, show warnings and errors on the console."""

import logging
import sys
from contextlib import contextmanager

from .errors import InputError


@contextmanager
def step(log_path: str):
    """Log INFO and up to ``log_path`` and WARNING and up to the console.

    A bad-input error (``InputError`` or ``ValueError``) ends the step with its one-line
    message (traceback in the log only); Snakemake then removes the step's outputs.
    """
    file_handler = logging.FileHandler(log_path, mode="w")
    file_handler.setLevel(logging.INFO)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[file_handler, console],
        force=True,
    )
    logging.captureWarnings(True)
    log = logging.getLogger("constructlens")
    try:
        yield log
    except (InputError, ValueError) as error:
        trace = log.makeRecord(log.name, logging.INFO, __file__, 0, "traceback", (), sys.exc_info())
        file_handler.handle(trace)
        log.error("%s", error)
        raise SystemExit(1) from None
