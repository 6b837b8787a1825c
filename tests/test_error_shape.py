"""One error shape for every API failure, an OpenAPI document that describes it, and datetimes with an offset."""
from datetime import datetime, timedelta

import jsonschema_rs
import pytest

from app.gold.formats import FORMAT_MEDIA_TYPE
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


def test_the_export_documents_every_download_content_type(client):
    content = _openapi(client)["paths"][EXPORT_PATH]["get"]["responses"]["200"]["content"]
    assert set(content) == {media_type.split(";")[0] for media_type in FORMAT_MEDIA_TYPE.values()}


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
