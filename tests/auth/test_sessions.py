"""Logout, a password change and deactivation end every session of the user, even a saved cookie."""
import re

import pytest

from tests.factories import PASSWORD, bearer, make_user


class OwnContextClient:
    """A test client whose every request runs in its own app context (own DB session, own `g`), as in production."""

    def __init__(self, app) -> None:
        self.app, self.client = app, app.test_client()

    def __getattr__(self, name):
        return getattr(self.client, name)

    def open(self, *args, **kwargs):
        with self.app.app_context():
            return self.client.open(*args, **kwargs)

    def get(self, *args, **kwargs):
        return self.open(*args, method="GET", **kwargs)

    def post(self, *args, **kwargs):
        return self.open(*args, method="POST", **kwargs)


@pytest.fixture
def client(app, session):
    return OwnContextClient(app)


@pytest.fixture
def new_client(app, session):
    return lambda: OwnContextClient(app)


def log_in(client, username: str, password: str = PASSWORD) -> str:
    """Log in through the form; returns the session cookie's value, as a thief would save it."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    assert response.status_code == 302
    return client.get_cookie("session").value


def replay(client, cookie: str) -> int:
    client.set_cookie("session", cookie)
    return client.get("/api/v1/me").status_code


def page_csrf(client) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)


def test_a_cookie_saved_before_logout_is_refused_afterwards(client, session):
    user = make_user(session)
    saved = log_in(client, user.username)
    assert replay(client, saved) == 200
    client.post("/logout", data={"csrf_token": page_csrf(client)})
    assert replay(client, saved) == 401


def test_logout_ends_the_users_other_sessions(new_client, client, session):
    user = make_user(session)
    other_device = log_in(new_client(), user.username)
    log_in(client, user.username)
    client.post("/logout", data={"csrf_token": page_csrf(client)})
    assert replay(new_client(), other_device) == 401


def test_a_password_change_ends_other_sessions(new_client, client, session, runner):
    user = make_user(session)
    saved = log_in(client, user.username)
    result = runner.invoke(args=["users", "set-password", user.username, "--password", "a new password"])
    assert result.exit_code == 0, result.output
    assert replay(new_client(), saved) == 401


def test_deactivation_ends_sessions(new_client, client, session, runner):
    user = make_user(session)
    saved = log_in(client, user.username)
    assert runner.invoke(args=["users", "deactivate", user.username]).exit_code == 0
    assert replay(new_client(), saved) == 401


def test_reactivation_does_not_revive_old_sessions(new_client, client, session, runner):
    user = make_user(session)
    saved = log_in(client, user.username)
    assert runner.invoke(args=["users", "deactivate", user.username]).exit_code == 0
    assert runner.invoke(args=["users", "activate", user.username]).exit_code == 0
    assert replay(new_client(), saved) == 401


def test_deactivation_stops_bearer_tokens(client, session, runner):
    user = make_user(session)
    headers = bearer(session, user)
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert runner.invoke(args=["users", "deactivate", user.username]).exit_code == 0
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_logging_in_again_after_logout_works(client, session):
    user = make_user(session)
    log_in(client, user.username)
    client.post("/logout", data={"csrf_token": page_csrf(client)})
    log_in(client, user.username)
    assert client.get("/api/v1/me").json["username"] == user.username
