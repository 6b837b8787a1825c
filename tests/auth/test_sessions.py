"""Logout, a password change and deactivation end every session of the user, even a saved cookie."""
import pytest

from tests.auth.helpers import log_in, page_csrf
from tests.conftest import IsolatedClient
from tests.factories import bearer, make_user


@pytest.fixture
def new_client(app, scoped_sessions):
    """Another browser (or a thief's script) with a cookie jar of its own."""

    def make() -> IsolatedClient:
        other = IsolatedClient(app, app.response_class, use_cookies=True)
        other.sessions = scoped_sessions
        return other

    return make


def replay(client, cookie: str) -> int:
    client.set_cookie("session", cookie)
    return client.get("/api/v1/me").status_code


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
