"""/metrics: request counts and latency per url rule, saves and stale-save conflicts; loopback or token only."""
import re

import pytest

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
