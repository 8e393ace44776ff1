import hashlib
import importlib.metadata
import shutil
import subprocess

import pytest

from constructlens import provenance, run_record


def test_processor_name_is_read_from_cpuinfo():
    cpuinfo = (
        "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Gold 6430\nflags\t: fpu\n"
    )
    assert provenance.processor_name(cpuinfo) == "Intel(R) Xeon(R) Gold 6430"
    assert provenance.processor_name("no model line here")  # falls back to what platform knows


def test_processor_kind_tells_apart_cpus_of_one_name():
    def cpuinfo(model, flags):
        return (
            "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: "
            f"{model}\nmodel name\t: Intel(R) Xeon(R) Processor\nstepping\t: 8\nflags\t\t: {flags}\n"
            "processor\t: 1\nmodel\t\t: 1\n"
        )

    sapphire = provenance.processor_kind(cpuinfo(143, "fpu avx2 avx512f avx512_bf16 amx_bf16 amx_tile"))
    older = provenance.processor_kind(cpuinfo(85, "fpu avx2 avx512f"))
    assert sapphire == {
        "vendor": "GenuineIntel",
        "family": 6,
        "model": 143,
        "stepping": 8,
        "instructions": ["avx2", "avx512f", "avx512_bf16", "amx_bf16"],
    }
    assert older["model"] == 85 and older["instructions"] == ["avx2", "avx512f"]
    assert provenance.processor_kind("") == {}  # no /proc/cpuinfo (macOS, Windows): nothing made up


def test_compute_record_names_the_kind_of_device():
    record = provenance.compute_record("cpu", "fp32", 2)
    assert record["device_kind"] == provenance.processor_kind()
    assert record["precision"] == "fp32" and record["threads"] == 2


def test_file_record_has_size_and_sha256(tmp_path):
    path = tmp_path / "items.csv"
    path.write_bytes(b"text,construct\nListens.,Warm\n")
    record = run_record.file_record(path)
    assert record["bytes"] == 29
    assert record["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_model_record_hashes_the_weights_of_a_local_folder_only(tmp_path):
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "model.safetensors").write_bytes(b"weights")
    (tmp_path / "config.json").write_text("{}")
    record = provenance.model_record(str(tmp_path))
    assert record["weights_sha256"] == {"model.safetensors": hashlib.sha256(b"weights").hexdigest()}
    hub = provenance.model_record("sentence-transformers/all-mpnet-base-v2", hub_cache=tmp_path / "empty")
    assert hub == {  # not cached: nothing more to say
        "spec": "sentence-transformers/all-mpnet-base-v2",
        "source": "sentence-transformers/all-mpnet-base-v2",
    }
    with pytest.raises(ValueError, match="unknown model"):
        provenance.model_record("./no/such/folder")


def test_software_versions_name_the_pinned_torch():
    versions = provenance.software_versions()
    assert versions["torch"].startswith("2.13.0")
    assert set(provenance.PACKAGES) <= set(versions) and versions["python"].count(".") == 2


def test_software_versions_name_this_package_when_it_runs_from_a_checkout(monkeypatch):
    installed = importlib.metadata.version

    def version(name):
        if name in {"constructlens", "umap-learn"}:
            raise importlib.metadata.PackageNotFoundError(name)
        return installed(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    versions = provenance.software_versions()
    assert versions["constructlens"] == "0.1.0 (from source, not installed)"
    assert versions["umap-learn"] == "not installed" and versions["torch"].startswith("2.13.0")


def test_run_provenance_collects_every_part(tmp_path):
    table = tmp_path / "ipip.csv"
    table.write_text("a,b\n")
    record = run_record.run_provenance(
        {"directory": "/w", "git_commit": "abc", "uncommitted_changes": []},
        {"seed": 42},
        {"ipip": str(table)},
        {"m": {"steps": 3}},
        {"m": {"compute": {"device": "cpu"}}, "z": {"compute": {"device": "cpu"}}},
        {"best_model": "m", "rule": {"metric": "pair_auc"}, "candidates": [], "margin": {"runner_up": "z"}},
    )
    assert record["inputs"]["ipip"]["sha256"] == hashlib.sha256(b"a,b\n").hexdigest()
    assert record["selected_model"] == "m" and record["selection_rule"] == {"metric": "pair_auc"}
    assert record["selection_margin"] == {"runner_up": "z"}
    assert list(record["encoding"]) == ["m", "z"] and record["config"] == {"seed": 42}
    assert record["workflow"]["git_commit"] == "abc"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_workflow_record_names_the_commit_and_what_differs_from_it(tmp_path):
    assert run_record.workflow_record(tmp_path) == {
        "directory": str(tmp_path),
        "git_commit": None,  # not a checkout
        "uncommitted_changes": None,
    }

    def git(*args):
        command = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t", *args]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()

    git("init", "-q")
    (tmp_path / "Snakefile").write_text("rule all:\n")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "train.smk").write_text("# training\n")
    git("add", ".")
    git("commit", "-qm", "first")
    clean = run_record.workflow_record(tmp_path)
    assert clean["git_commit"] == git("rev-parse", "HEAD") and clean["uncommitted_changes"] == []
    (tmp_path / "rules" / "train.smk").write_text("# training, edited\n")
    (tmp_path / "notes.txt").write_text("untracked files are not the workflow's code\n")
    edited = run_record.workflow_record(tmp_path)
    assert edited["git_commit"] == clean["git_commit"]
    assert edited["uncommitted_changes"] == ["rules/train.smk"]


def test_model_record_of_a_cached_hub_model_names_its_commit(tmp_path):
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = tmp_path / "models--org--encoder"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit)
    snapshot = repo / "snapshots" / commit
    snapshot.mkdir(parents=True)
    (snapshot / "model.safetensors").write_bytes(b"hub weights")
    record = provenance.model_record("org/encoder", hub_cache=tmp_path)
    assert record["revision"] == commit
    assert record["weights_sha256"] == {"model.safetensors": hashlib.sha256(b"hub weights").hexdigest()}


def test_model_record_of_a_pinned_hub_model_hashes_that_snapshot(tmp_path):
    repo = tmp_path / "models--org--encoder"
    for commit, weights in (("a" * 40, b"old"), ("b" * 40, b"new")):
        (repo / "snapshots" / commit).mkdir(parents=True)
        (repo / "snapshots" / commit / "model.safetensors").write_bytes(weights)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("b" * 40)
    record = provenance.model_record(f"org/encoder@{'a' * 40}", hub_cache=tmp_path)
    assert record["source"] == "org/encoder" and record["revision"] == "a" * 40
    assert record["weights_sha256"] == {"model.safetensors": hashlib.sha256(b"old").hexdigest()}
