"""The job queue's depth on the app's /metrics, read when scraped."""
import re

import pytest


@pytest.fixture
def queue(app):
    return app.extensions["factspan_jobs"]


def depth_on_metrics(client) -> str:
    body = client.get("/metrics").get_data(as_text=True)
    return re.search(r"^factspan_job_queue_depth (\S+)$", body, re.MULTILINE).group(1)


def test_the_queue_depth_is_read_when_scraped(client, queue):
    queue.huey.flush()
    assert float(depth_on_metrics(client)) == 0
    queue.send(10**6)  # a message no worker takes in this test
    queue.send(10**6 + 1)
    try:
        assert float(depth_on_metrics(client)) == 2
    finally:
        queue.huey.flush()


def test_an_unreachable_queue_is_nan_not_a_failed_scrape(client, queue, monkeypatch):
    def unreachable() -> int:
        raise ConnectionError("queue down")

    monkeypatch.setattr(queue.huey, "pending_count", unreachable)
    assert depth_on_metrics(client) == "NaN"
