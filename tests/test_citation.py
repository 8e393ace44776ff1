"""CITATION.cff and LICENSE say what pyproject.toml says, and cite the data the workflow pins."""

import tomllib

import yaml

import constructlens

from .conftest import REPO

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
CITATION = yaml.safe_load((REPO / "CITATION.cff").read_text())
SCHEMA = yaml.safe_load((REPO / "config" / "config.schema.yaml").read_text())


def test_citation_names_the_version_and_licence_of_the_package():
    assert CITATION["cff-version"] == "1.2.0"
    assert CITATION["version"] == PROJECT["version"] == constructlens.__version__
    assert CITATION["license"] == PROJECT["license"]
    assert (REPO / "LICENSE").read_text().startswith(f"{PROJECT['license']} License")


def test_citation_cites_the_data_at_the_commit_the_workflow_downloads():
    base_url = SCHEMA["properties"]["download"]["properties"]["base_url"]["default"]
    commit = base_url.split("/")[-2]
    data = next(r for r in CITATION["references"] if r["type"] == "software")
    assert commit in data["title"] and data["repository-code"].endswith("actonbp/lead-measure")
    assert {r["journal"] for r in CITATION["references"] if r["type"] == "article"} == {
        "Journal of Research in Personality",
        "Academy of Management Annals",
    }
