"""Fetch an input file and verify its sha256 before anything uses it."""

import hashlib
import urllib.error
import urllib.request
from pathlib import Path

from .errors import InputError


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_verified(
    url: str, destination: str | Path, sha256: str, timeout: float = 60, config_key: str | None = None
) -> None:
    """Download ``url`` to ``destination`` only if its sha256 matches; otherwise write nothing.
    ``config_key``: the config key that names a local copy instead, which a failed download's
    message offers (a machine without internet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data = response.read()
    except (urllib.error.URLError, OSError) as error:
        offline = f"; without internet, give a copy of the file instead: --config {config_key}=PATH"
        message = f"download failed: {getattr(error, 'reason', error)}{offline if config_key else ''}"
        raise InputError(url, message) from None
    actual = sha256_of(data)
    if actual != sha256:
        page = data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))
        why = "; the server sent a web page, not the file (a proxy's or a login page?)" if page else ""
        raise InputError(url, f"sha256 mismatch: expected {sha256}, got {actual}{why}")
    destination = Path(destination)
    partial = destination.with_name(destination.name + ".part")
    partial.write_bytes(data)
    partial.replace(destination)
