"""/metrics: request counts and latency per url rule, saves and stale-save conflicts; loopback or token only."""
import re
import uuid

import pytest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from app import create_app
from app.serving.metrics import add_live_collector
from tests.factories import bearer, make_assignment, make_project, make_text, make_user

SPAN = {"start": 0, "end": 31, "label": "sourced_readout", "attributes": {"source": "chinese_readout"}}


@pytest.fixture
def draft(session):
    annotator = make_user(session)
    assignment = make_assignment(session, text=make_text(session, make_project(session)), annotator=annotator)
    return bearer(session, annotator), assignment.annotation_set.id


def sample(client, name: str) -> float:
    """One unlabelled sample's value in the exposition text (0 when it was never incremented)."""
    body = client.get("/metrics").get_data(as_text=True)
    found = re.search(rf"^{name} ([0-9.e+]+)$", body, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_latency_is_labelled_by_url_rule_not_path(client, draft):
    headers, set_id = draft
    client.get(f"/api/v1/annotation-sets/{set_id}", headers=headers)
    body = client.get("/metrics").get_data(as_text=True)
    assert 'url_rule="/api/v1/annotation-sets/<int:annotation_set_id>"' in body
    assert f"/api/v1/annotation-sets/{set_id}\"" not in body
    assert "flask_http_request_duration_seconds_bucket" in body and "flask_http_request_total" in body


def test_saves_and_stale_conflicts_are_counted(client, draft):
    headers, set_id = draft
    saves, stale = sample(client, "factspan_annotation_saves_total"), sample(client, "factspan_stale_save_conflicts_total")
    assert client.put(f"/api/v1/annotation-sets/{set_id}", json={"version": 1, "spans": [SPAN]},
                      headers=headers).status_code == 200
    assert client.put(f"/api/v1/annotation-sets/{set_id}", json={"version": 1, "spans": []},
                      headers=headers).status_code == 409
    assert sample(client, "factspan_annotation_saves_total") == saves + 1
    assert sample(client, "factspan_stale_save_conflicts_total") == stale + 1


def test_a_remote_address_may_not_scrape(client):
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert response.status_code == 403 and response.json["reason"] == "metrics_forbidden"


def test_with_a_token_only_its_bearer_may_scrape(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "scrape-secret")
    remote = {"REMOTE_ADDR": "203.0.113.7"}
    assert client.get("/metrics").status_code == 403  # loopback alone no longer suffices
    assert client.get("/metrics", environ_base=remote, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.get("/metrics", environ_base=remote,
                      headers={"Authorization": "Bearer scrape-secret"}).status_code == 200


class QueueDepth(Collector):
    """A value read when scraped, like the job queue's depth."""

    def collect(self):
        yield GaugeMetricFamily("factspan_test_live_value", "Read at scrape time", value=7)


@pytest.mark.parametrize("multiprocess_mode", [False, True], ids=["one-process", "gunicorn-workers"])
def test_live_collectors_are_scraped_in_both_modes(tmp_path, monkeypatch, multiprocess_mode):
    if multiprocess_mode:
        monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    application = create_app({"SECRET_KEY": uuid.uuid4().hex, "DATABASE_URL": f"sqlite:///{tmp_path / 'm.sqlite'}"})
    add_live_collector(application, QueueDepth())
    body = application.test_client().get("/metrics").get_data(as_text=True)
    assert "factspan_test_live_value 7.0" in body
