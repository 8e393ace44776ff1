"""The package modules a workflow script runs, found by reading imports (nothing is imported),
so that each job lists them as inputs and editing one re-runs exactly the jobs that run it."""

import ast
import functools
import re
from pathlib import Path

# a ``from`` import of the package, anywhere in a file, parenthesised over lines or not
PACKAGE_IMPORT = re.compile(
    r"^[ \t]*from[ \t]+(?:\.|constructlens\b)[\w.]*[ \t]+import[ \t]+(?:\([^)]*\)|.*)$", re.MULTILINE
)


def _statement(text: str) -> ast.stmt | None:
    """The statement ``text`` parses to, or None."""
    try:
        return ast.parse(text.strip()).body[0]
    except SyntaxError:
        return None


def _from_imports(text: str) -> list[ast.ImportFrom]:
    """The ``from`` imports of the package in a file's ``text``. Only the lines that look like
    one are parsed, which is quick; where one of them does not parse (prose in a docstring, or
    a comment holding a parenthesis inside a parenthesised import) the whole file is."""
    statements = [_statement(found) for found in PACKAGE_IMPORT.findall(text)]
    if None in statements:
        statements = list(ast.walk(ast.parse(text)))
    return [node for node in statements if isinstance(node, ast.ImportFrom)]


@functools.cache
def package_imports(path: Path, package: Path) -> frozenset[Path]:
    """The modules of ``package`` (its folder) that the file ``path`` imports directly."""
    found = set()
    for node in _from_imports(path.read_text()):
        if not (node.level == 1 or (node.module or "").startswith("constructlens")):
            continue
        stem = (node.module or "").removeprefix("constructlens").lstrip(".")
        for name in [stem] if stem else [alias.name for alias in node.names]:
            if (package / f"{name}.py").is_file():
                found.add(package / f"{name}.py")
    return frozenset(found)


def script_modules(script: Path, package: Path) -> list[str]:
    """Every module of ``package`` that ``script`` runs: its imports, followed through the package."""
    pending, found = [script], set()
    while pending:
        for path in package_imports(pending.pop(), package) - found:
            found.add(path)
            pending.append(path)
    return sorted(str(path) for path in found)
