"""The package modules a workflow script runs, read from its imports."""

import ast

from constructlens.code_inputs import package_imports, script_modules

from .conftest import REPO

PACKAGE = REPO / "src" / "constructlens"


def imports_by_parsing_the_whole_file(path):
    """The package modules ``path`` imports, read from its whole syntax tree (the slow way)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (
            node.level == 1 or (node.module or "").startswith("constructlens")
        ):
            stem = (node.module or "").removeprefix("constructlens").lstrip(".")
            found |= {PACKAGE / f"{name}.py" for name in ([stem] if stem else [a.name for a in node.names])}
    return {path for path in found if path.is_file()}


def test_every_script_and_module_imports_what_its_syntax_tree_says():
    files = [*(REPO / "workflow" / "scripts").glob("*.py"), *PACKAGE.glob("*.py")]
    assert len(files) > 40
    for path in files:
        assert package_imports(path, PACKAGE) == imports_by_parsing_the_whole_file(path), path


def write_package(folder, **modules):
    package = folder / "constructlens"
    package.mkdir()
    for name, text in modules.items():
        (package / f"{name}.py").write_text(text)
    return package


def test_imports_are_followed_through_the_package(tmp_path):
    package = write_package(
        tmp_path,
        a="from .b import f\n",
        b="def f():\n    from constructlens.c import g  # imported where it is used\n",
        c="",
        d="",
    )
    script = tmp_path / "script.py"
    script.write_text("import numpy\nfrom constructlens.a import f\n")
    assert script_modules(script, package) == [str(package / f"{name}.py") for name in "abc"]


def test_prose_and_parentheses_in_comments_do_not_hide_an_import(tmp_path):
    package = write_package(
        tmp_path,
        a='"""Run it as follows:\nfrom constructlens import the results (see below).\n"""\n'
        "from . import (\n    b,  # reads f(x)\n    c,\n)\n",
        b="",
        c="",
    )
    assert package_imports(package / "a.py", package) == {package / "b.py", package / "c.py"}
