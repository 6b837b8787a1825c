"""Annotation-set API: one error shape, 409 on stale saves, blind access, CSRF for cookie clients."""
import re

import pytest

from tests.factories import PASSWORD, bearer, make_assignment, make_project, make_text, make_user

TEXT = "Xi invited Putin to visit China. I think he will go."


@pytest.fixture
def annotation(session):
    project = make_project(session)
    text = make_text(session, project, TEXT)
    annotator = make_user(session)
    assignment = make_assignment(session, text=text, annotator=annotator)
    return annotator, assignment.annotation_set.id


def url(set_id, suffix=""):
    return f"/api/v1/annotation-sets/{set_id}{suffix}"


SPAN = {"start": 0, "end": 31, "label": "sourced_readout", "attributes": {"source": "chinese_readout"}}


def test_save_and_read_back(client, session, annotation):
    annotator, set_id = annotation
    headers = bearer(session, annotator)
    saved = client.put(url(set_id), json={"version": 1, "spans": [SPAN]}, headers=headers)
    assert saved.status_code == 200, saved.json
    assert saved.json["version"] == 2 and saved.json["status"] == "draft"
    read = client.get(url(set_id), headers=headers).json
    assert [(s["start"], s["end"], s["label"]) for s in read["spans"]] == [(0, 31, "sourced_readout")]


def test_stale_save_gets_409_with_reason(client, session, annotation):
    annotator, set_id = annotation
    headers = bearer(session, annotator)
    client.put(url(set_id), json={"version": 1, "spans": [SPAN]}, headers=headers)
    response = client.put(url(set_id), json={"version": 1, "spans": []}, headers=headers)
    assert response.status_code == 409
    assert response.json["reason"] == "stale_version"
    assert response.json["status"] == "Conflict"
    assert client.get(url(set_id), headers=headers).json["spans"][0]["end"] == 31


def test_malformed_body_gets_422_per_field(client, session, annotation):
    annotator, set_id = annotation
    response = client.put(url(set_id), json={"version": "x", "spans": [{"start": -1}]}, headers=bearer(session, annotator))
    assert response.status_code == 422
    assert set(response.json["errors"]) >= {"version", "spans"}
    assert response.json["message"]


def test_non_json_body_is_a_clear_4xx(client, session, annotation):
    annotator, set_id = annotation
    response = client.put(url(set_id), data="not json", headers={**bearer(session, annotator), "Content-Type": "text/plain"})
    assert 400 <= response.status_code < 500
    assert response.json["message"]


def test_other_annotator_gets_404(client, session, annotation):
    _, set_id = annotation
    other = make_user(session)
    response = client.get(url(set_id), headers=bearer(session, other))
    assert response.status_code == 404


def test_reviewer_cannot_save_someone_elses_set(client, session, annotation):
    _, set_id = annotation
    reviewer = make_user(session, role="reviewer")
    response = client.put(url(set_id), json={"version": 1, "spans": []}, headers=bearer(session, reviewer))
    assert response.status_code == 403


def test_history_lists_every_save(client, session, annotation):
    annotator, set_id = annotation
    headers = bearer(session, annotator)
    client.put(url(set_id), json={"version": 1, "spans": [SPAN]}, headers=headers)
    client.put(url(set_id), json={"version": 2, "spans": []}, headers=headers)
    history = client.get(url(set_id, "/history"), headers=headers).json
    assert [event["action"] for event in history] == ["save", "save"]
    assert history[1]["changes"]["removed"][0]["label"] == "sourced_readout"


def login(client, username):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    home = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', home).group(1)


def test_cookie_write_without_csrf_token_is_refused(client, session, annotation):
    annotator, set_id = annotation
    login(client, annotator.username)
    response = client.put(url(set_id), json={"version": 1, "spans": []})
    assert response.status_code == 400
    assert response.json["reason"] == "csrf"


def test_cookie_write_with_csrf_token_works(client, session, annotation):
    annotator, set_id = annotation
    token = login(client, annotator.username)
    response = client.put(url(set_id), json={"version": 1, "spans": [SPAN]}, headers={"X-CSRFToken": token})
    assert response.status_code == 200


@pytest.mark.parametrize(("attributes", "field", "message"), [
    ({"source": "chinese_readout", "cue_text": "x" * 2001}, "cue_text",
     "Attribution cue: is 2,001 characters long; the most is 2,000"),
    ({"source": "s" * 2001}, "source", "Source: is 2,001 characters long; the most is 2,000"),
    ({"source": "chinese_readout", "cue_text": "bell\u0007"}, "cue_text",
     "Attribution cue: contains the control character U+0007 at character 4"),
], ids=["string attribute", "other value of an enum", "control character"])
def test_save_refuses_attribute_text_the_schema_does_not_take(client, session, annotation, attributes, field, message):
    annotator, set_id = annotation
    response = client.put(url(set_id), json={"version": 1, "spans": [dict(SPAN, attributes=attributes)]},
                          headers=bearer(session, annotator))
    assert response.status_code == 422
    assert response.json["errors"] == {"spans": {"0": {field: [message]}}}


def test_save_refuses_a_nul_in_an_attribute(client, session, annotation):
    annotator, set_id = annotation
    attributes = {"source": "chinese_readout", "cue_text": "a\u0000b"}
    response = client.put(url(set_id), json={"version": 1, "spans": [dict(SPAN, attributes=attributes)]},
                          headers=bearer(session, annotator))
    assert response.status_code == 422
    assert response.json["errors"] == {
        "spans[0].attributes.cue_text": ["contains the control character U+0000 at character 1"]}
