"""One exception type for bad input, so every message names the file and the problem."""

import difflib
from collections.abc import Callable, Iterable
from pathlib import Path

MEANT_CUTOFF = 0.75  # how alike a name must be to the one it most likely misspells


class InputError(ValueError):
    """Bad user input: a missing or malformed file, or an invalid setting."""

    def __init__(self, source: str | Path, problem: str):
        self.source = str(source)
        self.problem = problem
        super().__init__(f"{source}: {problem}")


def meant_name(name: str, known: Iterable, key: Callable[[str], str] = str.lower) -> str | None:
    """The one of ``known`` that ``name`` most likely misspells, compared as ``key`` writes both
    (case aside by default), or None where none is alike enough: the "did you mean" of every
    message about a misnamed key, column, item or construct."""
    by_key = {key(str(candidate)): str(candidate) for candidate in known}
    found = difflib.get_close_matches(key(str(name)), list(by_key), n=1, cutoff=MEANT_CUTOFF)
    return by_key[found[0]] if found else None
