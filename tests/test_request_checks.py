"""Request data no database can store is refused before any view: 404 in a path, 422 in a query, form or body."""
import pytest

from app.web_extensions import ApiBlueprint
from tests.auth.test_pages import csrf
from tests.factories import bearer, make_project, make_user


@pytest.fixture
def reviewer_headers(session):
    return bearer(session, make_user(session, role="reviewer"))


def test_every_api_blueprint_reads_bodies_with_the_safe_parser(app):
    api_blueprints = [bp for name, bp in app.blueprints.items() if name.endswith("_api")]
    assert api_blueprints and all(isinstance(bp, ApiBlueprint) for bp in api_blueprints)


def test_a_nul_in_the_path_is_404(client, session, reviewer_headers):
    project = make_project(session)
    response = client.get(f"/api/v1/projects/{project.id}/gold/releases/v%001", headers=reviewer_headers)
    assert (response.status_code, response.json["reason"]) == (404, "not_found")


def test_a_nul_in_the_query_is_422(client, session, reviewer_headers):
    project = make_project(session)
    response = client.get(f"/api/v1/projects/{project.id}/gold/diff?from=v%001&to=v2", headers=reviewer_headers)
    assert response.status_code == 422
    assert response.json["errors"] == {"from": ["Contains a NUL character."]}


def test_a_nul_in_a_form_is_422(client, session):
    response = client.post("/login", data={"username": "a\x00b", "password": "x", "csrf_token": csrf(client)})
    assert response.status_code == 422


def test_a_nul_in_a_json_body_is_422_naming_the_field(client, session):
    response = client.post("/api/v1/projects", json={"name": "Pro\x00ject", "schema_id": "fact_opinion"},
                           headers=bearer(session, make_user(session, role="admin")))
    assert response.status_code == 422
    assert response.json["errors"] == {"name": ["contains the control character U+0000 at character 3"]}


@pytest.mark.parametrize("body", ['{"name": "x", "schema_id": "fact_opinion", "description": NaN}',
                                  '{"name": "x", "schema_id": "fact_opinion", "description": 1e400}'])
def test_a_non_finite_number_in_a_json_body_is_422(client, session, body):
    response = client.post("/api/v1/projects", data=body, content_type="application/json",
                           headers=bearer(session, make_user(session, role="admin")))
    assert response.status_code == 422
    assert response.json["errors"] == {"description": ["must be a finite number (NaN and Infinity are not JSON)"]}


def test_a_form_part_without_a_name_is_no_server_error(client, session):
    project = make_project(session)
    body = b'--B\r\nContent-Disposition: form-data\r\n\r\n[1]\r\n--B--\r\n'
    response = client.post(f"/api/v1/projects/{project.id}/annotations/import", data=body,
                           content_type="multipart/form-data; boundary=B",
                           headers=bearer(session, make_user(session, role="admin")))
    assert response.status_code == 422
