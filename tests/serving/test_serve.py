"""`factspan serve`: gunicorn with our config file — request ids in the access log, metrics summed over
workers, a graceful reload on SIGHUP."""
import http.client
import os
import re
import signal
import time
import uuid
from pathlib import Path

import pytest

from app import create_app
from app.extensions import db
from app.migrate import upgrade_to_head
from tests.faults.server import Server

pytestmark = pytest.mark.faults


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    url = f"sqlite:///{folder / 'serve.sqlite'}"
    application = create_app({"SECRET_KEY": uuid.uuid4().hex, "DATABASE_URL": url})
    with application.app_context():
        upgrade_to_head(db.engine)
        db.engine.dispose()
    started = Server(url, folder, workers=2)
    yield started
    started.stop()


def test_the_access_log_names_the_request_id(server):
    status, _, headers = server.request("GET", "/healthz", headers={"X-Request-ID": "trace-me-42"})
    assert status == 200 and headers["X-Request-ID"] == "trace-me-42"
    line = re.compile(r'"GET /healthz HTTP/1.1" 200 .* rid=trace-me-42')
    deadline = time.monotonic() + 10
    while not line.search(log := Path(server.log.name).read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)  # gunicorn writes the access line just after sending the answer
    assert line.search(log), log[-2000:]


def test_metrics_count_the_requests_of_every_worker(server):
    def login_pages_counted() -> float:
        body = server_text(server, "/metrics")
        return sum(float(value) for value in re.findall(
            r'^flask_http_request_duration_seconds_count\{method="GET",status="200",url_rule="/login"\} (\S+)$',
            body, re.MULTILINE))

    before = login_pages_counted()
    for _ in range(20):  # new connections, so both workers answer some of them
        assert server.request("GET", "/login")[0] == 200
    assert login_pages_counted() == before + 20


def test_sighup_replaces_the_workers_and_the_service_keeps_answering(server):
    old = set(server.worker_pids())
    os.kill(server.process.pid, signal.SIGHUP)
    deadline = time.monotonic() + 30
    while (set(server.worker_pids()) & old or len(server.worker_pids()) < 2) and time.monotonic() < deadline:
        time.sleep(0.1)  # polling for the new workers, with a deadline
    assert not set(server.worker_pids()) & old
    assert server.request("GET", "/readyz")[0] == 200


def server_text(server, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    connection.request("GET", path)
    return connection.getresponse().read().decode()
