"""What each script job of a workflow run imported, set against what its rule's conda env
installs. ``import_hook/sitecustomize.py``, put on the jobs' PYTHONPATH, records the modules
of every job; of those, the ones this project's own code names are the job's needs (a library
may try optional imports that happen to succeed here)."""

import ast
import functools
import importlib.metadata
import json
import os
import re
import sys
from pathlib import Path

import yaml
from packaging.requirements import Requirement

from constructlens.code_inputs import script_modules

from .conftest import REPO

HOOK = Path(__file__).parent / "import_hook"
PACKAGE = REPO / "src" / "constructlens"


def recording_env(folder: Path) -> dict:
    """Environment variables under which every script job records its imports in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = os.pathsep.join(filter(None, [str(HOOK), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "CONSTRUCTLENS_IMPORTS": str(folder)}


def recorded_jobs(folder: Path) -> list[dict]:
    """Each recorded job: its ``script`` (a file of workflow/scripts) and the top-level
    ``modules`` it had imported when it ended."""
    return [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))]


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def script_envs() -> dict[str, set[str]]:
    """Script file name → the env files of the rules that run it."""
    text = "\n".join(path.read_text() for path in sorted((REPO / "rules").glob("*.smk")))
    envs: dict[str, set[str]] = {}
    for rule in re.finditer(r"^rule \w+:\n((?:[ \t]+.*\n|\n)*)", text, flags=re.MULTILINE):
        script = re.search(r'script:\n\s+"[^"]*/(\w+\.py)"', rule[1])
        env = re.search(r'conda:\n\s+"\.\./envs/([\w.-]+)"', rule[1])
        if script and env:
            envs.setdefault(script[1], set()).add(env[1])
    return envs


@functools.cache
def _distributions_by_module() -> dict[str, list[str]]:
    """Top-level module → the installed distributions that provide it (read once: it parses
    the metadata of every installed distribution, about half a second)."""
    return importlib.metadata.packages_distributions()


@functools.cache
def env_packages(env_file: str) -> frozenset[str]:
    """The distributions an env installs: its pins and, as installed here, what they require,
    transitively (extras left out)."""
    spec = yaml.safe_load((REPO / "envs" / env_file).read_text())
    pending = [
        _normalised(Requirement(r).name)
        for d in spec["dependencies"]
        if isinstance(d, dict)
        for r in d["pip"]
    ]
    found: set[str] = set()
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found.add(name)
        try:
            requirements = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for text in requirements:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(_normalised(requirement.name))
    return frozenset(found)


@functools.cache
def _imported_names(path: Path) -> frozenset[str]:
    """The top-level names of every module ``path`` imports, at its top or in a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return frozenset(names)


def job_needs(job: dict) -> set[str]:
    """The distributions a recorded job imported because this project's code names them (the
    script and the package modules it runs); Snakemake, whose script preamble every job runs
    from the calling installation, left out."""
    script = REPO / "workflow" / "scripts" / job["script"]
    ours = set().union(*map(_imported_names, [script, *map(Path, script_modules(script, PACKAGE))]))
    modules = (set(job["modules"]) & ours) - set(sys.stdlib_module_names)
    by_module = _distributions_by_module()
    return {_normalised(d) for m in modules for d in by_module.get(m, [])} - {"constructlens", "snakemake"}
