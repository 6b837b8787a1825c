"""A real `factspan serve` (gunicorn) in a subprocess, its workers, and a tiny HTTP client for fault tests."""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

BIN = Path(sys.executable).parent
STARTUP_TIMEOUT_S = 60  # generous: a shared CI machine may take long to import the app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn started by `factspan serve` on a free port, with its own metrics folder and log file."""

    def __init__(self, database_url: str, folder: Path, workers: int = 2) -> None:
        self.port = free_port()
        self.log = open(folder / "serve.log", "w")
        env = {**os.environ, "FACTSPAN_DATABASE_URL": database_url, "FACTSPAN_SECRET_KEY": uuid.uuid4().hex,
               "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics"), "FACTSPAN_WORKER_TIMEOUT": "20"}
        self.process = subprocess.Popen([str(BIN / "factspan"), "serve", "--bind", f"127.0.0.1:{self.port}",
                                         "--workers", str(workers)], env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        self._wait_until_every_worker_answers(workers)

    def _wait_until_every_worker_answers(self, workers: int) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"factspan serve exited with {self.process.returncode}; see {self.log.name}")
            if len(self.worker_pids()) == workers and self.request("GET", "/healthz")[0] == 200:
                return
            time.sleep(0.1)  # polling for a condition (the server listening), with a deadline
        raise RuntimeError(f"factspan serve did not answer within {STARTUP_TIMEOUT_S} s; see {self.log.name}")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def kill_a_worker(self) -> int:
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def request(self, method: str, path: str, body: dict | None = None,
                headers: dict[str, str] | None = None) -> tuple[int | None, dict | None, dict[str, str]]:
        """(status, JSON body, headers); status None when the connection failed (a killed worker, a restart)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            payload = json.dumps(body).encode() if body is not None else None
            connection.request(method, path, body=payload,
                               headers={**(headers or {}), **({"Content-Type": "application/json"} if payload else {})})
            response = connection.getresponse()
            data = response.read()
            parsed = json.loads(data) if response.getheader("Content-Type", "").startswith("application/json") else None
            return response.status, parsed, dict(response.getheaders())
        except (OSError, http.client.HTTPException):
            return None, None, {}
        finally:
            connection.close()

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.log.close()
