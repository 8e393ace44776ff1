"""Hugging Face hub models fetched once, where the hub can be reached (the node a workflow is
started from), into a folder that jobs load from disk: compute nodes of a cluster often have
no internet, and a fetched folder stays the same revision for the whole run."""

import json
import logging
import posixpath
import shutil
from fnmatch import fnmatch
from pathlib import Path

from .models import saved_atomically
from .provenance import cached_hub_snapshot

log = logging.getLogger(__name__)

# other frameworks' exports, which sentence-transformers does not load
SKIPPED_FILES = (
    "onnx/*",
    "openvino/*",
    "coreml/*",
    "*.onnx",
    "*.onnx_data",
    "*.h5",
    "*.msgpack",
    "*.ot",
    "*.tflite",
    "*.gguf",
    "*.mlmodel",
)


def files_to_fetch(files: list[str]) -> list[str]:
    """What sentence-transformers loads from a hub repository: every file but other frameworks'
    exports, and no PyTorch pickle weights (``*.bin``) in a folder that holds safetensors ones."""
    kept = [f for f in files if not any(fnmatch(f, pattern) for pattern in SKIPPED_FILES)]
    with_safetensors = {posixpath.dirname(f) for f in kept if f.endswith(".safetensors")}
    return sorted(f for f in kept if not (f.endswith(".bin") and posixpath.dirname(f) in with_safetensors))


def fetch_hub_model(
    spec: str, destination: str | Path, endpoint: str | None = None, cache_dir: str | Path | None = None
) -> dict:
    """Fetch hub model ``spec`` (``ID`` or ``ID@REVISION``) into the folder ``destination``, which
    appears only once complete and loads without the hub. Code the model's config takes from
    another repository (``auto_map`` entries ``ORG/REPO--module.Class``, as nomic-embed's and
    gte's do) is fetched into the folder too, and the entries point at the copies. Returns what
    was fetched: the repository, the revision asked for, the commit, where it came from and the
    commit of every code repository."""
    repo_id, _, revision = spec.partition("@")
    with saved_atomically(Path(destination)) as scratch:
        model = scratch / "model"
        fetched = _snapshot(f"hub model {spec!r}", repo_id, revision or None, model, endpoint, cache_dir)
        code = {}
        for code_repo in code_repositories(model):
            what, where = f"the code of {spec!r} in {code_repo!r}", scratch / "code" / code_repo
            got = _snapshot(what, code_repo, None, where, endpoint, cache_dir, _top_level_code)
            code[code_repo] = got["commit"]
            for name in got["files"]:
                _copy_new(where / name, model / name)
        if code:
            point_auto_maps_at_local_code(model)
    return {"spec": spec, "repo_id": repo_id, "revision": revision or None, **fetched, "code": code}


def _snapshot(what, repo_id, revision, local_dir, endpoint, cache_dir, select=files_to_fetch) -> dict:
    """Download the ``select``-ed files of a hub repository into ``local_dir``; where the hub
    cannot be reached, copy them from a snapshot in the local Hugging Face cache."""
    import httpx2
    from huggingface_hub import HfApi, constants, snapshot_download

    try:
        info = HfApi(endpoint=endpoint).model_info(repo_id, revision=revision)
        files = select([sibling.rfilename for sibling in info.siblings])
        snapshot_download(
            repo_id, revision=info.sha, local_dir=local_dir, allow_patterns=files, endpoint=endpoint
        )
        shutil.rmtree(Path(local_dir) / ".cache", ignore_errors=True)  # download bookkeeping
        return {"commit": info.sha, "source": endpoint or constants.ENDPOINT, "files": files}
    except (OSError, httpx2.HTTPError) as error:
        hub_error = f"{error.__class__.__name__}: {str(error).splitlines()[0] if str(error) else ''}"
    cached = cached_hub_snapshot(repo_id, revision, cache_dir)
    if cached is None:
        raise ValueError(
            f"{what} could not be fetched ({hub_error}), and the local Hugging Face cache holds no "
            "snapshot of it: start the workflow where the hub can be reached, or give the model as "
            "a local folder"
        )
    log.warning(
        "%s could not be fetched (%s): copying commit %s from the Hugging Face cache",
        repo_id,
        hub_error,
        cached.name,
    )
    files = select(sorted(p.relative_to(cached).as_posix() for p in cached.rglob("*") if p.is_file()))
    for name in files:
        (Path(local_dir) / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached / name, Path(local_dir) / name)  # follows the cache's links
    return {"commit": cached.name, "source": f"Hugging Face cache ({hub_error})", "files": files}


AUTO_MAP_FILES = ("config.json", "tokenizer_config.json")


def _auto_maps(folder: Path) -> dict[str, dict]:
    """{config file: its ``auto_map``} of the model's configs that have one."""
    maps = {}
    for name in AUTO_MAP_FILES:
        if (folder / name).is_file():
            auto_map = json.loads((folder / name).read_text()).get("auto_map")
            if auto_map:
                maps[name] = auto_map
    return maps


def code_repositories(folder: Path) -> list[str]:
    """Other repositories the model's ``auto_map`` takes code from (``ORG/REPO--module.Class``;
    a tokenizer's entry is a list of its slow and fast classes)."""
    references = [
        reference
        for auto_map in _auto_maps(folder).values()
        for value in auto_map.values()
        for reference in (value if isinstance(value, list) else [value])
        if isinstance(reference, str) and "--" in reference
    ]
    return sorted({reference.split("--")[0] for reference in references})


def point_auto_maps_at_local_code(folder: Path) -> None:
    """``ORG/REPO--module.Class`` → ``module.Class`` in the model's configs, once the module is
    in the folder."""

    def local(value):
        if isinstance(value, list):
            return [local(v) for v in value]
        return value.split("--", 1)[1] if isinstance(value, str) and "--" in value else value

    for name, auto_map in _auto_maps(folder).items():
        config = json.loads((folder / name).read_text())
        config["auto_map"] = {key: local(value) for key, value in auto_map.items()}
        (folder / name).write_text(json.dumps(config, indent=2) + "\n")


def _top_level_code(files: list[str]) -> list[str]:
    return sorted(f for f in files if f.endswith(".py") and "/" not in f)


def _copy_new(source: Path, target: Path) -> None:
    """Copy a code file into the model's folder, refusing to replace a different one."""
    if target.exists() and target.read_bytes() != source.read_bytes():
        raise ValueError(f"{target.name} comes both with the model and with the code it names")
    shutil.copyfile(source, target)
