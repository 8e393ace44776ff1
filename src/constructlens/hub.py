"""Hugging Face hub models fetched once, where the hub can be reached (the node a workflow is
started from), into a folder that jobs load from disk: compute nodes of a cluster often have
no internet, and a fetched folder stays the same revision for the whole run."""

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
    appears only once complete. The hub is asked first; where it cannot be reached, a snapshot of
    that revision in the local Hugging Face cache is copied instead. Returns what was fetched:
    the repository, the revision asked for, the commit and where it came from."""
    import httpx2
    from huggingface_hub import HfApi, constants, snapshot_download

    repo_id, _, revision = spec.partition("@")
    record = {"spec": spec, "repo_id": repo_id, "revision": revision or None}
    destination = Path(destination)
    try:
        info = HfApi(endpoint=endpoint).model_info(repo_id, revision=revision or None)
        files = files_to_fetch([sibling.rfilename for sibling in info.siblings])
        with saved_atomically(destination) as scratch:
            snapshot_download(
                repo_id,
                revision=info.sha,
                local_dir=scratch / "model",
                allow_patterns=files,
                endpoint=endpoint,
            )
            shutil.rmtree(scratch / "model" / ".cache", ignore_errors=True)  # download bookkeeping
        return {**record, "commit": info.sha, "source": endpoint or constants.ENDPOINT, "files": files}
    except (OSError, httpx2.HTTPError) as error:
        hub_error = f"{error.__class__.__name__}: {str(error).splitlines()[0] if str(error) else ''}"
    cached = cached_hub_snapshot(repo_id, revision or None, cache_dir)
    if cached is None:
        raise ValueError(
            f"hub model {spec!r} could not be fetched ({hub_error}), and the local Hugging Face "
            "cache holds no snapshot of it: start the workflow where the hub can be reached, or "
            "give the model as a local folder"
        )
    log.warning(
        "hub model %s could not be fetched (%s): copying commit %s from the Hugging Face cache",
        spec,
        hub_error,
        cached.name,
    )
    files = files_to_fetch(sorted(p.relative_to(cached).as_posix() for p in cached.rglob("*") if p.is_file()))
    with saved_atomically(destination) as scratch:
        for name in files:
            (scratch / "model" / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached / name, scratch / "model" / name)  # follows the cache's links
    return {**record, "commit": cached.name, "source": f"Hugging Face cache ({hub_error})", "files": files}
