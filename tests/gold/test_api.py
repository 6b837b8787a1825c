"""Gold API: roles, decisions, releases, downloads, diff and imports, all with the one error shape."""
import json

import pytest

from app.gold.workflow import start_adjudication
from tests.factories import bearer, make_user
from tests.gold.helpers import submitted_project


@pytest.fixture
def adjudication(session):
    project, text, users = submitted_project(session)
    reviewer = make_user(session, role="reviewer")
    return project, text, users, bearer(session, reviewer)


def test_annotators_cannot_see_adjudication(client, session, adjudication):
    _, text, users, _ = adjudication
    response = client.get(f"/api/v1/texts/{text.id}/adjudication", headers=bearer(session, users["ann_a"]))
    assert response.status_code == 403 and response.json["reason"] == "forbidden"


def test_start_then_decide_then_adjudicated(client, session, adjudication):
    _, text, users, headers = adjudication
    started = client.post(f"/api/v1/texts/{text.id}/adjudication/start", headers=headers)
    assert started.status_code == 200 and started.json["open_count"] == 2
    open_items = [item for item in started.json["items"] if item["status"] == "open"]
    first = client.post(f"/api/v1/adjudication-items/{open_items[0]['id']}/decision", headers=headers,
                        json={"action": "accept_annotator", "annotator": users["ann_a"].username, "reason": "clause"})
    assert first.status_code == 200 and first.json["open_count"] == 1
    second = client.post(f"/api/v1/adjudication-items/{open_items[1]['id']}/decision", headers=headers,
                         json={"action": "reject_all"})
    assert second.json["text"]["adjudication_status"] == "adjudicated"
    decided = [item["decision"] for item in second.json["items"]]
    assert decided[1]["decided_by"].startswith("reviewer") and decided[1]["reason"] == "clause"


def test_decision_validation_is_422_per_field(client, session, adjudication):
    _, text, _, headers = adjudication
    item = [i for i in start_adjudication(session, text=text) if i.status == "open"][0]
    response = client.post(f"/api/v1/adjudication-items/{item.id}/decision", headers=headers,
                           json={"action": "accept_annotator"})
    assert response.status_code == 422 and "annotator" in response.json["errors"]
    response = client.post(f"/api/v1/adjudication-items/{item.id}/decision", headers=headers, json={"action": "x"})
    assert response.status_code == 422 and "action" in response.json["errors"]


def test_release_download_and_diff(client, session, adjudication):
    project, _, _, headers = adjudication
    client.post(f"/api/v1/projects/{project.id}/gold/adjudicate", headers=headers, json={"policy": "majority"})
    created = client.post(f"/api/v1/projects/{project.id}/gold/releases", headers=headers, json={"name": "v1"})
    assert created.status_code == 201 and created.json["span_count"] == 3
    again = client.post(f"/api/v1/projects/{project.id}/gold/releases", headers=headers, json={"name": "v1"})
    assert again.status_code == 409 and again.json["reason"] == "release_exists"
    download = client.get(f"/api/v1/projects/{project.id}/gold/releases/v1/export?format=jsonl", headers=headers)
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    assert json.loads(download.data.decode().splitlines()[0])["meta"]["release"] == "v1"
    bad = client.get(f"/api/v1/projects/{project.id}/gold/releases/v1/export?format=docx", headers=headers)
    assert bad.status_code == 422
    client.post(f"/api/v1/projects/{project.id}/gold/releases", headers=headers,
                json={"name": "v2", "allow_unchanged": True})
    diff = client.get(f"/api/v1/projects/{project.id}/gold/diff?from=v1&to=v2", headers=headers)
    assert diff.status_code == 200 and diff.json["added"] == [] and diff.json["removed"] == []


def test_feedback_shows_own_spans_against_gold_when_enabled(client, session, adjudication):
    from app.gold.service import adjudicate_project
    from app.texts.service import update_project_settings

    project, _, users, _ = adjudication
    adjudicate_project(session, project=project, policy="majority", min_annotators=2)
    own = client.get("/api/v1/assignments", headers=bearer(session, users["ann_c"])).json[0]["id"]
    headers = bearer(session, users["ann_c"])
    assert client.get(f"/api/v1/assignments/{own}/feedback", headers=headers).status_code == 403
    update_project_settings(session, project=project, changes={"show_gold_to_annotators": True})
    feedback = client.get(f"/api/v1/assignments/{own}/feedback", headers=headers).json
    assert len(feedback["matched"]) == 1 and len(feedback["missed"]) == 2 and len(feedback["extra"]) == 2
