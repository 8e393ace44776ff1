"""One exception type for bad input, so every message names the file and the problem."""

from pathlib import Path


class InputError(ValueError):
    """Bad user input: a missing or malformed file, or an invalid setting."""

    def __init__(self, source: str | Path, problem: str):
        self.source = str(source)
        self.problem = problem
        super().__init__(f"{source}: {problem}")
