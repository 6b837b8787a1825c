"""What both front-end harness servers share: paths, the strict CSP, JSON errors and the HTTP plumbing."""

from __future__ import annotations

import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
STATIC = REPO / "app" / "static"
SEED = REPO / "seed_texts" / "putin_xi_call_2026-02-04.txt"
CSRF = "harness-csrf-token"
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'"
TYPES = {".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".html": "text/html"}
SCHEMA = json.loads((HERE / "schema.json").read_text("utf-8"))
LOCK = threading.Lock()


def error(code: int, reason: str, message: str, errors: dict | None = None) -> tuple[int, dict]:
    """The app's one error shape."""
    return code, {"code": code, "status": HTTPStatus(code).phrase, "reason": reason, "message": message,
                  "errors": errors or {}}


class HarnessHandler(BaseHTTPRequestHandler):
    """Routes every method to `route(method, path, body)`, under one lock, like a single-worker app."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        return

    def send(self, code: int, payload: Any, content_type: str = "application/json") -> None:
        data = payload if isinstance(payload, bytes) else (
            payload.encode("utf-8") if isinstance(payload, str) else json.dumps(payload).encode("utf-8"))
        self.send_response(code)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.end_headers()

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        path = self.path.split("?")[0]
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}") if length else {}
        with LOCK:
            if not self.serve_static(path):
                self.route(method, path, body)

    def route(self, method: str, path: str, body: dict[str, Any]) -> None:
        raise NotImplementedError

    def serve_static(self, path: str) -> bool:
        if not (path.startswith("/static/") or path == "/harness/site.css"):
            return False
        target = (STATIC / path[len("/static/"):]) if path.startswith("/static/") else HERE / "site.css"
        if target.resolve().is_relative_to(REPO) and target.is_file():
            self.send(200, target.read_bytes(), TYPES.get(target.suffix, "application/octet-stream"))
        else:
            self.send(*error(404, "not_found", "No such file."))
        return True

    def refuse_write(self) -> bool:
        """Answer like the app does to a write without the CSRF header or a JSON body; True when refused."""
        if self.headers.get("X-CSRFToken") != CSRF:
            self.send(*error(400, "csrf", "The CSRF token is missing or wrong."))
        elif "application/json" not in (self.headers.get("Content-Type") or ""):
            self.send(*error(415, "unsupported_media_type", "Send JSON."))
        else:
            return False
        return True
