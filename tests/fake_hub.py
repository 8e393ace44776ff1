"""A stand-in for the Hugging Face hub on loopback: each repository served from a local folder at
one commit, through the endpoints huggingface_hub's model_info and snapshot_download call
(repository info, the file tree, and HEAD / GET of each file). Requests are recorded."""

import contextlib
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

COMMIT = "0123456789abcdef0123456789abcdef01234567"


class FakeHub:
    def __init__(self, repos: dict[str, Path]):
        self.repos = {repo_id: Path(folder) for repo_id, folder in repos.items()}
        self.requests: list[tuple[str, str]] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_HEAD(self):
                self.respond(send_body=False)

            def do_GET(self):
                self.respond(send_body=True)

            def respond(self, send_body: bool):
                path = unquote(urlparse(self.path).path)
                hub.requests.append((self.command, path))
                body, headers = hub.answer(path)
                self.send_response(200 if body is not None else 404)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                if send_body and body:
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def files(self, repo_id: str) -> list[str]:
        folder = self.repos[repo_id]
        return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())

    def answer(self, path: str) -> tuple[bytes | None, dict]:
        for repo_id, folder in self.repos.items():
            api = f"/api/models/{repo_id}"
            if path == api or path.startswith(api + "/revision/"):
                siblings = [{"rfilename": name} for name in self.files(repo_id)]
                return json.dumps({"id": repo_id, "sha": COMMIT, "siblings": siblings}).encode(), {}
            if path.startswith(api + "/tree/"):
                tree = [
                    {
                        "type": "file",
                        "path": name,
                        "size": (folder / name).stat().st_size,
                        "oid": hashlib.sha1((folder / name).read_bytes()).hexdigest(),
                    }
                    for name in self.files(repo_id)
                ]
                return json.dumps(tree).encode(), {}
            if path.startswith(f"/{repo_id}/resolve/{COMMIT}/"):
                file = folder / path.removeprefix(f"/{repo_id}/resolve/{COMMIT}/")
                if file.is_file():
                    data = file.read_bytes()
                    return data, {"X-Repo-Commit": COMMIT, "ETag": f'"{hashlib.sha256(data).hexdigest()}"'}
        return None, {}

    @contextlib.contextmanager
    def serving(self):
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()
