"""The session cookie is marked Secure when the app is reached over HTTPS, directly or through the proxy."""
import uuid

import pytest

from app import create_app


def make_app(tmp_path, **config):
    return create_app({"TESTING": True, "SECRET_KEY": uuid.uuid4().hex,
                       "DATABASE_URL": f"sqlite:///{tmp_path / 'cookie.sqlite'}", **config})


def session_cookie(response) -> str:
    return next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("session="))


@pytest.mark.parametrize("behind_proxy", [True, False])
def test_plain_http_sets_a_cookie_without_secure(tmp_path, behind_proxy):
    client = make_app(tmp_path, BEHIND_PROXY=behind_proxy).test_client()
    assert "Secure" not in session_cookie(client.get("/login"))


def test_https_forwarded_by_the_trusted_proxy_marks_the_cookie_secure(tmp_path):
    client = make_app(tmp_path, BEHIND_PROXY=True).test_client()
    assert "Secure" in session_cookie(client.get("/login", headers={"X-Forwarded-Proto": "https"}))


def test_a_forwarded_https_header_is_ignored_without_a_proxy(tmp_path):
    client = make_app(tmp_path).test_client()
    assert "Secure" not in session_cookie(client.get("/login", headers={"X-Forwarded-Proto": "https"}))


def test_direct_https_marks_the_cookie_secure(tmp_path):
    client = make_app(tmp_path).test_client()
    assert "Secure" in session_cookie(client.get("/login", base_url="https://localhost"))


def test_session_cookie_secure_setting_forces_it(tmp_path):
    client = make_app(tmp_path, SESSION_COOKIE_SECURE=True).test_client()
    assert "Secure" in session_cookie(client.get("/login"))
