"""Conda envs pin what the project pins; the workflow lints clean and is snakefmt-formatted."""

import re
import subprocess
import sys
import tomllib

import pytest
import yaml

from .conftest import REPO, run_snakemake


def pins(requirements: list[str]) -> dict[str, str]:
    found = {}
    for requirement in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^;\s]+)", requirement.strip())
        assert match, f"not an exact pin: {requirement}"
        found[match[1].lower().replace("_", "-")] = match[2]
    return found


PROJECT = pins(tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"])
ENVS = sorted((REPO / "envs").glob("*.yaml"))


def test_project_pins_torch():
    assert PROJECT["torch"] == "2.13.0"


@pytest.mark.parametrize("env", ENVS, ids=lambda p: p.name)
def test_env_pins_match_the_project(env):
    spec = yaml.safe_load(env.read_text())
    pip_lists = [d["pip"] for d in spec["dependencies"] if isinstance(d, dict)]
    assert len(pip_lists) == 1
    for name, version in pins(pip_lists[0]).items():
        assert PROJECT.get(name) == version, (
            f"{env.name}: {name}=={version}, pyproject has {PROJECT.get(name)}"
        )
    assert (env.parent / f"{env.stem}.post-deploy.sh").exists()


def test_every_rule_names_an_existing_env():
    text = "\n".join(p.read_text() for p in (REPO / "rules").glob("*.smk"))
    rules = re.findall(r"^rule (\w+):", text, flags=re.MULTILINE)
    envs = re.findall(r'conda:\n\s+"\.\./envs/([\w.-]+)"', text)
    assert len(envs) == len(rules)
    assert {f"{name}" for name in envs} <= {p.name for p in ENVS}


def test_snakemake_lint_is_clean(tmp_path, ipip_csv, leadership_csv):
    result = run_snakemake(
        tmp_path, "--lint", "--config", f"ipip_csv={ipip_csv}", f"leadership_csv={leadership_csv}"
    )
    assert "Congratulations, your workflow is in a good condition!" in result.stdout + result.stderr, (
        result.stdout
    )


def test_snakefmt_check_passes():
    files = [REPO / "Snakefile", *(REPO / "rules").glob("*.smk")]
    result = subprocess.run(
        [sys.executable, "-m", "snakefmt", "--check", *map(str, files)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
