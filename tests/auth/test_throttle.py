"""Failed logins are throttled per account and per address (Flask-Limiter), before any password hashing."""
import os
import re
import uuid

import pytest
import redis
from limits.storage import MemoryStorage, RedisStorage

from app import create_app
from app.auth import service
from tests.conftest import make_test_config
from tests.factories import PASSWORD, make_user

REDIS_URI = os.environ.get("FACTSPAN_TEST_REDIS_URI", "redis://127.0.0.1:6379")


def throttled_app(database_url, tmp_path, **config):
    """An app with small login limits (the shared test app raises them so other tests never trip them)."""
    return create_app({**make_test_config(database_url, tmp_path), "LOGIN_LIMIT_PER_ACCOUNT": "3 per minute",
                       "LOGIN_LIMIT_PER_ADDRESS": "5 per minute", **config})


def attempt(client, username: str, password: str = "wrong password", address: str = "192.0.2.1"):
    environ = {"REMOTE_ADDR": address}
    page = client.get("/login", environ_base=environ).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       environ_base=environ)


@pytest.fixture
def client(database_url, tmp_path, session):
    return throttled_app(database_url, tmp_path).test_client()


def test_failed_logins_for_one_account_are_throttled_from_any_address(client, session):
    user = make_user(session)
    for n in range(3):
        assert attempt(client, user.username, address=f"192.0.2.{n + 1}").status_code == 401
    assert attempt(client, user.username, PASSWORD, address="198.51.100.7").status_code == 429


def test_failed_logins_from_one_address_are_throttled_for_any_account(client, session):
    for n in range(5):
        assert attempt(client, f"nobody-{n}").status_code == 401
    assert attempt(client, "someone-else").status_code == 429
    assert attempt(client, "someone-else", address="198.51.100.7").status_code == 401


def test_the_throttled_login_page_says_when_to_try_again(client, session):
    user = make_user(session)
    for _ in range(3):
        attempt(client, user.username)
    response = attempt(client, user.username)
    retry_after = int(response.headers["Retry-After"])
    assert 0 < retry_after <= 60
    page = response.get_data(as_text=True)
    assert "Too many failed logins" in page and f"{retry_after} seconds" in page
    assert 'data-testid="login-form"' in page


def test_a_throttled_attempt_costs_no_password_hashing(client, session, monkeypatch):
    user = make_user(session)
    for _ in range(3):
        attempt(client, user.username)
    checks = []
    monkeypatch.setattr(service, "check_password_hash", lambda *args: checks.append(args))
    attempt(client, user.username)
    assert checks == []


def test_successful_logins_do_not_count(client, session):
    user = make_user(session)
    for _ in range(4):
        assert attempt(client, user.username, PASSWORD).status_code == 302
        client.delete_cookie("session")
    assert attempt(client, user.username).status_code == 401


def test_redis_storage_counts_across_workers(database_url, tmp_path, session):
    try:
        redis.Redis.from_url(REDIS_URI).ping()
    except redis.ConnectionError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required under CI=true: {exc}")
        pytest.skip(f"Redis not reachable at {REDIS_URI}: {exc}")
    shared = {"RATELIMIT_STORAGE_URI": REDIS_URI, "RATELIMIT_KEY_PREFIX": f"factspan-test-{uuid.uuid4().hex}"}
    first, second = (throttled_app(database_url, tmp_path, **shared).test_client() for _ in range(2))
    user = make_user(session)
    for client in (first, second, first):
        assert attempt(client, user.username).status_code == 401
    assert attempt(second, user.username).status_code == 429


def limiter_storage(app):
    (limiter,) = app.extensions["limiter"]
    return limiter.storage


def test_memory_storage_is_the_default(tmp_path, monkeypatch):
    monkeypatch.delenv("FACTSPAN_RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.setenv("FACTSPAN_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    monkeypatch.setenv("FACTSPAN_SECRET_KEY", "from-env")
    assert isinstance(limiter_storage(create_app()), MemoryStorage)


def test_storage_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTSPAN_RATELIMIT_STORAGE_URI", REDIS_URI)
    monkeypatch.setenv("FACTSPAN_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    monkeypatch.setenv("FACTSPAN_SECRET_KEY", "from-env")
    assert isinstance(limiter_storage(create_app()), RedisStorage)


def test_a_limit_on_an_api_route_answers_429_in_the_error_shape(database_url, tmp_path, session):
    app = throttled_app(database_url, tmp_path)
    (limiter,) = app.extensions["limiter"]
    app.view_functions["auth_api.me"] = limiter.limit("1 per minute")(app.view_functions["auth_api.me"])
    client = app.test_client()
    client.get("/api/v1/me")
    response = client.get("/api/v1/me")
    assert response.status_code == 429
    assert response.json["reason"] == "too_many_requests" and "Retry-After" in response.json["message"]
    assert int(response.headers["Retry-After"]) > 0
