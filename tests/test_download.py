"""The download rule against a local HTTP server (there is no internet here)."""

import functools
import http.server
import shutil
import socket
import threading

import pytest

from constructlens.download import fetch_verified
from constructlens.errors import InputError

from .conftest import DATA, run_snakemake

IPIP_SHA256 = "a121276f5456e9ec81b05543461099f757afe879ea2552c20c71d8a2c9f7daeb"


@pytest.fixture
def serve():
    """Serve a folder on 127.0.0.1; yields a function folder → base URL."""
    servers = []

    def start(folder):
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_fetch_verifies_checksum(serve, tmp_path):
    base = serve(DATA)
    fetch_verified(f"{base}/IPIP.csv", tmp_path / "IPIP.csv", IPIP_SHA256)
    assert (tmp_path / "IPIP.csv").read_bytes() == (DATA / "IPIP.csv").read_bytes()
    with pytest.raises(InputError, match="sha256 mismatch: expected 0+, got [0-9a-f]{64}$"):
        fetch_verified(f"{base}/IPIP.csv", tmp_path / "other.csv", "0" * 64)
    assert not (tmp_path / "other.csv").exists()


def test_a_web_page_in_place_of_the_file_is_named_as_such(serve, tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    (served / "IPIP.csv").write_text("\n<!DOCTYPE html><html><body>Sign in to continue</body></html>")
    with pytest.raises(InputError, match=r"sha256 mismatch: .*the server sent a web page, not the file"):
        fetch_verified(f"{serve(served)}/IPIP.csv", tmp_path / "IPIP.csv", IPIP_SHA256)
    assert not (tmp_path / "IPIP.csv").exists()


def test_fetch_reports_unreachable_server(tmp_path):
    with pytest.raises(InputError, match="download failed") as plain:
        fetch_verified(
            f"http://127.0.0.1:{closed_port()}/IPIP.csv", tmp_path / "x.csv", IPIP_SHA256, timeout=5
        )
    assert "--config" not in str(plain.value)
    with pytest.raises(InputError, match=r"without internet, .* --config ipip_csv=PATH"):
        fetch_verified(
            f"http://127.0.0.1:{closed_port()}/IPIP.csv", tmp_path / "x.csv", IPIP_SHA256, 5, "ipip_csv"
        )


def download(workdir, base_url):
    return run_snakemake(
        workdir, "--cores", "1", "resources/IPIP.csv", "--config", f"download={{base_url: {base_url}}}"
    )


def test_download_rule_fetches_into_resources(serve, tmp_path):
    result = download(tmp_path, serve(DATA))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "resources" / "IPIP.csv").read_bytes() == (DATA / "IPIP.csv").read_bytes()


def test_download_rule_rejects_a_changed_file(serve, tmp_path):
    tampered = tmp_path / "served"
    tampered.mkdir()
    shutil.copy(DATA / "IPIP.csv", tampered / "IPIP.csv")
    with open(tampered / "IPIP.csv", "ab") as handle:
        handle.write(b"extra,row,1,x,y\n")
    result = download(tmp_path / "work", serve(tampered))
    assert result.returncode != 0
    assert "sha256 mismatch" in result.stderr and "IPIP.csv" in result.stderr
    assert not (tmp_path / "work" / "resources" / "IPIP.csv").exists()


def test_download_rule_reports_an_unreachable_server(tmp_path):
    result = download(tmp_path, f"http://127.0.0.1:{closed_port()}")
    assert result.returncode != 0
    assert "download failed" in result.stderr and "--config ipip_csv=PATH" in result.stderr
    assert not (tmp_path / "resources" / "IPIP.csv").exists()
