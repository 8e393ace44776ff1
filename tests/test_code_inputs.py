"""The package modules a workflow script runs, read from its imports."""

import ast
import re
import subprocess
import sys

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


# what every `snakemake` start would pay for if reading the rules imported it: scipy.stats
# alone takes 1.4 s, matplotlib 0.7 s, sentence-transformers 5 s
HEAVY = ("scipy", "matplotlib", "sklearn", "torch", "sentence_transformers", "umap", "openpyxl")


def test_reading_the_workflow_imports_no_heavy_library():
    """Snakemake imports what the Snakefile and rules/*.smk import each time it starts: for a
    no-op run, a dry run, and every job it submits to SLURM or runs as a draw."""
    texts = [path.read_text() for path in [REPO / "Snakefile", *(REPO / "rules").glob("*.smk")]]
    modules = sorted(
        {
            found
            for text in texts
            for found in re.findall(r"^(?:from|import) (constructlens[\w.]*)", text, re.M)
        }
    )
    assert "constructlens.config" in modules and "constructlens.draw_runs" in modules
    script = (
        f"import sys\nfor m in {modules!r}: __import__(m)\nprint(sorted(set(sys.modules) & set({HEAVY!r})))"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
