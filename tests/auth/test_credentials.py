"""The credential that is valid decides who is asking; every cookie-authenticated API write carries CSRF."""
import pytest

from tests.auth.helpers import log_in, page_csrf
from tests.factories import bearer, make_assignment, make_project, make_text, make_user

SPAN = {"start": 0, "end": 31, "label": "sourced_readout", "attributes": {"source": "chinese_readout"}}


@pytest.fixture
def annotation(session):
    project = make_project(session)
    annotator = make_user(session)
    assignment = make_assignment(session, text=make_text(session, project), annotator=annotator)
    return annotator, f"/api/v1/annotation-sets/{assignment.annotation_set.id}"


def test_a_junk_bearer_header_does_not_lift_csrf_from_a_cookie_write(client, annotation):
    annotator, url = annotation
    log_in(client, annotator.username)
    response = client.put(url, json={"version": 1, "spans": [SPAN]}, headers={"Authorization": "Bearer garbage"})
    assert response.status_code == 400
    assert response.json["reason"] == "csrf"


def test_a_cookie_write_with_a_junk_bearer_header_and_csrf_is_the_cookie_users(client, annotation):
    annotator, url = annotation
    log_in(client, annotator.username)
    response = client.put(url, json={"version": 1, "spans": [SPAN]},
                          headers={"Authorization": "Bearer garbage", "X-CSRFToken": page_csrf(client)})
    assert response.status_code == 200, response.json


def test_a_valid_token_needs_no_csrf_even_beside_a_cookie(client, session, annotation):
    annotator, url = annotation
    log_in(client, annotator.username)
    response = client.put(url, json={"version": 1, "spans": [SPAN]}, headers=bearer(session, annotator))
    assert response.status_code == 200, response.json


def test_a_valid_token_speaks_for_its_own_user_beside_anothers_cookie(client, session):
    cookie_user, token_user = make_user(session), make_user(session)
    log_in(client, cookie_user.username)
    assert client.get("/api/v1/me", headers=bearer(session, token_user)).json["username"] == token_user.username


def test_an_anonymous_api_write_is_401_not_csrf(client, annotation):
    _, url = annotation
    response = client.put(url, json={"version": 1, "spans": []})
    assert response.status_code == 401
    assert response.json["reason"] == "unauthorized"


def test_an_invalid_token_alone_is_401(client, annotation):
    _, url = annotation
    response = client.put(url, json={"version": 1, "spans": []}, headers={"Authorization": "Bearer garbage"})
    assert response.status_code == 401
    assert response.json["reason"] == "unauthorized"
