"""/account: own password, API tokens made, listed and revoked from the page; the one-time password gate."""
import re

from app.auth.service import create_user_with_one_time_password
from tests.auth.helpers import log_in
from tests.factories import PASSWORD, make_user


def _csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def test_a_token_made_on_the_page_is_shown_once_and_works(client, session):
    user = make_user(session)
    log_in(client, user.username)
    response = client.post("/account/tokens", data={"name": "laptop", "expires_on": "", "csrf_token": _csrf(client, "/account")})
    raw = re.search(r'data-testid="new-token-value">([^<]+)<', response.get_data(as_text=True)).group(1)
    assert response.status_code == 201
    assert raw not in client.get("/account").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": _csrf(client, "/account")})
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).json["username"] == user.username


def test_revoking_on_the_page_stops_the_token(client, session):
    user = make_user(session)
    log_in(client, user.username)
    page = client.post("/account/tokens", data={"name": "ci", "csrf_token": _csrf(client, "/account")})
    raw = re.search(r'data-testid="new-token-value">([^<]+)<', page.get_data(as_text=True)).group(1)
    revoke_path = re.search(r'action="(/account/tokens/\d+/revoke)"', page.get_data(as_text=True)).group(1)
    assert client.post(revoke_path, data={"csrf_token": _csrf(client, "/account")}).status_code == 302
    assert 'data-testid="token-status">revoked' in client.get("/account").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": _csrf(client, "/account")})  # else the cookie would answer
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_revoking_without_csrf_is_refused(client, session):
    user = make_user(session)
    log_in(client, user.username)
    assert client.post("/account/tokens/1/revoke").status_code == 400


def test_a_one_time_password_leads_only_to_the_change_page(client, session):
    user, password = create_user_with_one_time_password(session, username="newcomer", role="annotator", actor_id=None)
    log_in(client, user.username, password)
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/password")
    api = client.get("/api/v1/me")
    assert (api.status_code, api.json["reason"]) == (403, "password_change_required")


def test_choosing_a_password_lifts_the_gate_and_keeps_the_user_logged_in(client, session):
    user, password = create_user_with_one_time_password(session, username="newcomer", role="annotator", actor_id=None)
    log_in(client, user.username, password)
    response = client.post("/account/password", data={
        "current_password": password, "new_password": "my own long phrase", "csrf_token": _csrf(client, "/account/password")})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_short_new_password_is_refused(client, session):
    user = make_user(session)
    log_in(client, user.username)
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "short", "csrf_token": _csrf(client, "/account/password")})
    assert response.status_code == 422 and "at least 10 characters" in response.get_data(as_text=True)


def test_a_wrong_current_password_is_refused(client, session):
    user = make_user(session)
    log_in(client, user.username)
    response = client.post("/account/password", data={
        "current_password": "not it", "new_password": "a long new phrase", "csrf_token": _csrf(client, "/account/password")})
    assert response.status_code == 422
