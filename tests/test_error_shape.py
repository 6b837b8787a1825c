"""One error shape for every API failure, an OpenAPI document that describes it, and datetimes with an offset."""
import gc
from datetime import datetime, timedelta

import jsonschema_rs
import pytest

from app.gold.formats import FORMAT_MEDIA_TYPE
from app.review.exporting import EXPORT_MEDIA_TYPE
from tests.factories import bearer, make_assignment, make_project, make_text, make_user

EXPORT_PATH = "/api/v1/projects/{project_id}/gold/releases/{name}/export"


@pytest.fixture
def annotation_set_url(session):
    annotator = make_user(session)
    assignment = make_assignment(session, text=make_text(session, make_project(session)), annotator=annotator)
    return f"/api/v1/annotation-sets/{assignment.annotation_set.id}", bearer(session, annotator)


def _openapi(client) -> dict:
    return client.get("/api/v1/openapi.json").json


def _error_schema(client) -> dict:
    return _openapi(client)["components"]["schemas"]["Error"]


@pytest.mark.parametrize("body", ["{not json", "[1, 2", '{"version": 1, "spans": [}'])
def test_an_invalid_json_body_has_errors_as_an_object(client, annotation_set_url, body):
    url, headers = annotation_set_url
    response = client.put(url, data=body, content_type="application/json", headers=headers)
    assert response.status_code == 400
    assert isinstance(response.json["errors"], dict) and response.json["errors"]


def test_a_json_body_of_the_wrong_type_has_errors_as_an_object(client, annotation_set_url):
    url, headers = annotation_set_url
    response = client.put(url, json=[1, 2], headers=headers)
    assert response.status_code == 422
    assert isinstance(response.json["errors"], dict) and response.json["errors"]


def test_405_names_the_allowed_methods(client, session):
    response = client.delete("/api/v1/me", headers=bearer(session, make_user(session)))
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_the_openapi_error_schema_has_reason(client):
    error = _openapi(client)["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "status", "reason", "message", "errors"}
    assert error["properties"]["errors"]["type"] == "object"


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/me", "/api/v1/texts/999999"])
def test_error_payloads_match_the_documented_schema(client, session, path):
    headers = bearer(session, make_user(session, role="reviewer")) if path.startswith("/api/v1/texts") else {}
    response = client.get(path, headers=headers)
    assert response.status_code in (401, 404)
    jsonschema_rs.validate(_error_schema(client), response.json)


def test_422_payloads_match_the_documented_schema(client, annotation_set_url):
    url, headers = annotation_set_url
    response = client.put(url, json={"version": "one"}, headers=headers)
    assert response.status_code == 422
    jsonschema_rs.validate(_error_schema(client), response.json)


@pytest.mark.parametrize(("path", "media_types"), [
    (EXPORT_PATH, FORMAT_MEDIA_TYPE.values()),
    ("/api/v1/projects/{project_id}/review/export", EXPORT_MEDIA_TYPE.values()),
])
def test_downloads_document_every_content_type(client, path, media_types):
    content = _openapi(client)["paths"][path]["get"]["responses"]["200"]["content"]
    assert set(content) == {media_type.split(";")[0] for media_type in media_types}


def test_datetimes_read_back_from_the_database_carry_utc(session):
    project = make_project(session)
    session.flush()
    session.expire(project)
    assert project.created_at.utcoffset() == timedelta(0)


def test_api_datetimes_carry_an_offset(client, session):
    project = make_project(session)
    headers = bearer(session, make_user(session, role="reviewer"))
    session.expire_all()
    created = client.get(f"/api/v1/projects/{project.id}", headers=headers).json["created_at"]
    assert datetime.fromisoformat(created).utcoffset() == timedelta(0)


def test_a_failed_export_closes_its_temporary_file(client, session):
    project = make_project(session)
    # filterwarnings = error: an unclosed SpooledTemporaryFile would fail this test with a ResourceWarning.
    response = client.get(f"/api/v1/projects/{project.id}/review/export?format=jsonl&release=nope",
                          headers=bearer(session, make_user(session, role="editor")))
    assert response.status_code == 404
    gc.collect()
