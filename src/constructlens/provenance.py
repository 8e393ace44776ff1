"""What a methods section needs to reproduce a job: software, device, precision, the model
loaded. The training and encoding jobs write these records; ``run_record`` gathers them, so
that changing how a run is summarised does not re-run training."""

import hashlib
import importlib.metadata
import json
import platform
import re
from pathlib import Path

from . import __version__
from .models import fetch_record_path, hub_revision, is_hub_id, resolve_model_source

PACKAGES = [
    "constructlens",
    "torch",
    "sentence-transformers",
    "transformers",
    "peft",
    "numpy",
    "scipy",
    "scikit-learn",
    "pandas",
    "umap-learn",
    "snakemake",
]


def software_versions() -> dict[str, str]:
    """Installed version of every package whose behaviour shapes the numbers."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:  # this package, imported from a checkout
            versions[name] = (
                f"{__version__} (from source, not installed)" if name == __package__ else "not installed"
            )
    return versions


# The vector and matrix instruction sets whose presence decides which kernels torch runs, and so
# how its sums round: two CPUs that differ in one of them may differ in the third decimal.
ARITHMETIC_FLAGS = ("avx2", "avx512f", "avx512_bf16", "avx512_fp16", "amx_bf16")


def read_cpuinfo() -> str:
    """``/proc/cpuinfo`` (Linux), or nothing where there is none."""
    try:
        return Path("/proc/cpuinfo").read_text()
    except OSError:
        return ""


def cpuinfo_field(cpuinfo: str, name: str) -> str | None:
    """The first processor's value of field ``name`` in ``cpuinfo``."""
    found = re.search(rf"^{name}\s*:\s*(.*)$", cpuinfo, flags=re.MULTILINE)
    return found.group(1).strip() if found else None


def processor_name(cpuinfo: str | None = None) -> str:
    """The CPU's model name from ``/proc/cpuinfo`` (Linux), else what ``platform`` knows."""
    name = cpuinfo_field(read_cpuinfo() if cpuinfo is None else cpuinfo, "model name")
    return name or platform.processor() or platform.machine()


def processor_kind(cpuinfo: str | None = None) -> dict:
    """What tells two CPUs apart where their arithmetic may differ, since a model name such as
    "Intel(R) Xeon(R) Processor" can stand for several: vendor, family, model and stepping, and
    which of ``ARITHMETIC_FLAGS`` the CPU has (empty where ``/proc/cpuinfo`` says nothing)."""
    cpuinfo = read_cpuinfo() if cpuinfo is None else cpuinfo
    fields = {"vendor": "vendor_id", "family": "cpu family", "model": "model", "stepping": "stepping"}
    kind = {key: cpuinfo_field(cpuinfo, field) for key, field in fields.items()}
    kind = {key: int(value) if value and value.isdigit() else value for key, value in kind.items() if value}
    flags = set((cpuinfo_field(cpuinfo, "flags") or "").split())
    if kind or flags:
        kind["instructions"] = [flag for flag in ARITHMETIC_FLAGS if flag in flags]
    return kind


def compute_record(device: str, precision: str, threads: int) -> dict:
    """Where a job ran: device, its name and kind (the CPU's model and instruction sets, a
    GPU's compute capability), precision, threads, platform and software."""
    name, kind = processor_name(), processor_kind()
    if device == "cuda":
        import torch

        name = torch.cuda.get_device_name()
        kind = {"compute_capability": ".".join(map(str, torch.cuda.get_device_capability()))}
    return {
        "device": device,
        "device_name": name,
        "device_kind": kind,
        "precision": precision,
        "threads": threads,
        "platform": platform.platform(),
        "software": software_versions(),
    }


def model_record(spec: str, hub_cache: str | Path | None = None) -> dict:
    """A model spec, what it resolves to and the sha256 of its weights: a local folder (for a hub
    id fetched by the workflow, with the commit it fetched as ``revision``), or for a hub id the
    snapshot in the local Hugging Face cache with its commit."""
    source = resolve_model_source(spec)
    record = {"spec": spec, "source": source}
    folder = Path(source)
    if is_hub_id(spec) and fetch_record_path(spec).is_file():
        record["revision"] = json.loads(fetch_record_path(spec).read_text())["commit"]
    elif not folder.is_dir():
        folder = cached_hub_snapshot(source, hub_revision(spec), hub_cache)
        if folder is None:
            return record
        record["revision"] = folder.name
    weights = sorted(folder.rglob("*.safetensors")) + sorted(folder.rglob("*.bin"))
    record["weights_sha256"] = {str(p.relative_to(folder)): sha256_of(p) for p in weights}
    return record


def cached_hub_snapshot(
    repo_id: str, revision: str | None = None, cache_dir: str | Path | None = None
) -> Path | None:
    """The folder of the cached snapshot a hub id loads (named by its commit), never downloading."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        path = snapshot_download(repo_id, revision=revision, cache_dir=cache_dir, local_files_only=True)
        return Path(path)
    except (LocalEntryNotFoundError, OSError):
        return None


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
