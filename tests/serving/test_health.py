"""/healthz answers without the database; /readyz answers for the database and the job queue."""
import sys
import types
import uuid

import pytest

from app import create_app


def test_healthz_does_not_touch_the_database():
    application = create_app({"SECRET_KEY": uuid.uuid4().hex,
                              "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nowhere"})
    response = application.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_is_ready_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["status"] == "ok" and response.json["database"] == "ok"


def test_readyz_is_503_when_the_database_does_not_answer():
    application = create_app({"SECRET_KEY": uuid.uuid4().hex,
                              "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nowhere"})
    response = application.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


@pytest.fixture
def queue_answers(monkeypatch):
    """Stand in for app.jobs.queue (the jobs stream provides it) with a ping that answers as told."""
    state = {"answer": True}

    def ping_queue():
        if state["answer"] is None:
            raise ConnectionError("queue down")
        return state["answer"]

    monkeypatch.setitem(sys.modules, "app.jobs.queue", types.SimpleNamespace(ping_queue=ping_queue))
    return state


def test_readyz_asks_the_queue(client, queue_answers):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json["queue"] == "ok"


@pytest.mark.parametrize("answer", [False, None], ids=["false", "raises"])
def test_readyz_is_503_when_the_queue_does_not_answer(client, queue_answers, answer):
    queue_answers["answer"] = answer
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["queue"] == "unreachable" and response.json["database"] == "ok"


def test_request_id_is_generated_and_echoed(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first.headers["X-Request-ID"]) == 32
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


def test_a_sane_request_id_is_kept_and_a_hostile_one_replaced(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    replaced = client.get("/healthz", headers={"X-Request-ID": "evil\tid with spaces"}).headers["X-Request-ID"]
    assert replaced != "evil\tid with spaces" and len(replaced) == 32


def test_error_answers_carry_the_request_id(client):
    response = client.get("/api/v1/nothing-here", headers={"X-Request-ID": "lost-42"})
    assert response.status_code == 404 and response.headers["X-Request-ID"] == "lost-42"
