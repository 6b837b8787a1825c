"""Idempotency-Key on API writes: a retry is answered from the stored response and applied once."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.annotations.models import AnnotationEvent
from app.db import utcnow
from app.extensions import db
from app.idempotency.models import IdempotencyKey
from app.idempotency.service import StoredAnswer, store_answer
from app.jobs.worker import sweep
from app.texts.models import Text
from tests.factories import bearer, make_assignment, make_project, make_text, make_user
from tests.jobs.workers import committed_app, worker_config

SPAN = {"start": 0, "end": 31, "label": "sourced_readout", "attributes": {"source": "chinese_readout"}}


@pytest.fixture
def draft(session):
    annotator = make_user(session)
    assignment = make_assignment(session, text=make_text(session, make_project(session)), annotator=annotator)
    return annotator, assignment.annotation_set.id


def save(client, headers, set_id, key, body=None):
    return client.put(f"/api/v1/annotation-sets/{set_id}", json=body or {"version": 1, "spans": [SPAN]},
                      headers={**headers, "Idempotency-Key": key})


def history_length(session, set_id) -> int:
    return session.scalar(select(func.count()).select_from(AnnotationEvent)
                          .where(AnnotationEvent.annotation_set_id == set_id))


def test_a_retried_save_gets_the_stored_answer_and_is_applied_once(client, session, draft):
    annotator, set_id = draft
    headers = bearer(session, annotator)
    first = save(client, headers, set_id, "save-1")
    events = history_length(session, set_id)
    retry = save(client, headers, set_id, "save-1")
    assert first.status_code == retry.status_code == 200
    assert retry.json == first.json and retry.json["version"] == 2
    assert retry.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert history_length(session, set_id) == events


def test_without_a_key_the_same_body_is_a_stale_save(client, session, draft):
    annotator, set_id = draft
    headers = bearer(session, annotator)
    body = {"version": 1, "spans": [SPAN]}
    assert client.put(f"/api/v1/annotation-sets/{set_id}", json=body, headers=headers).status_code == 200
    assert client.put(f"/api/v1/annotation-sets/{set_id}", json=body, headers=headers).status_code == 409


def test_the_same_key_with_another_body_is_refused(client, session, draft):
    annotator, set_id = draft
    headers = bearer(session, annotator)
    save(client, headers, set_id, "save-2")
    other = save(client, headers, set_id, "save-2", {"version": 2, "spans": []})
    assert other.status_code == 422 and other.json["reason"] == "idempotency_key_reused"
    read = client.get(f"/api/v1/annotation-sets/{set_id}", headers=headers).json
    assert read["version"] == 2 and len(read["spans"]) == 1


def test_keys_belong_to_their_user(client, session, draft):
    annotator, set_id = draft
    save(client, bearer(session, annotator), set_id, "shared-key")
    stranger = make_user(session)
    response = save(client, bearer(session, stranger), set_id, "shared-key")
    assert response.status_code == 404  # not replayed: the stranger's request runs, and sees no such set


def test_an_unusable_key_is_422(client, session, draft):
    annotator, set_id = draft
    response = save(client, bearer(session, annotator), set_id, "x" * 256)
    assert response.status_code == 422 and response.json["reason"] == "idempotency_key_invalid"


def test_a_failed_write_stores_no_answer(client, session, draft):
    annotator, set_id = draft
    headers = bearer(session, annotator)
    assert save(client, headers, set_id, "stale", {"version": 7, "spans": [SPAN]}).status_code == 409
    assert session.scalar(select(func.count()).select_from(IdempotencyKey)) == 0
    assert save(client, headers, set_id, "fresh").status_code == 200


def test_a_retried_submit_is_applied_once(client, session, draft):
    annotator, set_id = draft
    headers = {**bearer(session, annotator), "Idempotency-Key": "submit-1"}
    save(client, headers, set_id, "save-before-submit")
    first = client.post(f"/api/v1/annotation-sets/{set_id}/submit", json={"version": 2}, headers=headers)
    retry = client.post(f"/api/v1/annotation-sets/{set_id}/submit", json={"version": 2}, headers=headers)
    assert first.status_code == retry.status_code == 200 and retry.json == first.json
    assert retry.json["status"] == "submitted" and retry.headers["Idempotent-Replayed"] == "true"


def test_a_retried_text_import_imports_once(client, session):
    project = make_project(session)
    headers = {**bearer(session, make_user(session, role="admin")), "Idempotency-Key": "import-1"}
    body = {"texts": [{"text": "The minister said the talks went well."}, {"text": "I doubt they did."}]}
    first = client.post(f"/api/v1/projects/{project.id}/texts", json=body, headers=headers)
    retry = client.post(f"/api/v1/projects/{project.id}/texts", json=body, headers=headers)
    assert first.status_code == retry.status_code == 201 and retry.json == first.json
    assert first.json["imported"] == 2
    assert session.scalar(select(func.count()).select_from(Text).where(Text.project_id == project.id)) == 2
    assert session.scalar(select(func.count()).select_from(IdempotencyKey)) == 1


def test_an_expired_answer_is_not_replayed_and_its_key_is_free_again(client, session, draft, app):
    annotator, set_id = draft
    ttl = timedelta(hours=app.config["IDEMPOTENCY_KEY_TTL_HOURS"])
    store_answer(session, user_id=annotator.id, key="old", fingerprint="0" * 64,
                 answer=StoredAnswer(200, "application/json", "{}"), now=utcnow() - ttl - timedelta(minutes=1))
    response = save(client, bearer(session, annotator), set_id, "old")
    assert response.status_code == 200 and "Idempotent-Replayed" not in response.headers
    assert session.scalars(select(IdempotencyKey.request_sha256).where(IdempotencyKey.key == "old")).one() != "0" * 64


def test_the_job_sweep_drops_expired_answers_and_keeps_live_ones(tmp_path):
    """Saves leave expired answers behind; the worker's sweep (committed database, as in production) drops them."""
    app = committed_app(worker_config(f"sqlite:///{tmp_path / 'sweep.sqlite'}", tmp_path))
    ttl = timedelta(hours=app.config["IDEMPOTENCY_KEY_TTL_HOURS"])
    with app.app_context():
        user_id = make_user(db.session).id
        for key, age in (("expired", ttl + timedelta(minutes=1)), ("live", ttl - timedelta(minutes=1))):
            store_answer(db.session, user_id=user_id, key=key, fingerprint="0" * 64,
                         answer=StoredAnswer(200, "application/json", "{}"), now=utcnow() - age)
        db.session.commit()
    sweep(app, app.extensions["factspan_jobs"])
    with app.app_context():
        assert db.session.scalars(select(IdempotencyKey.key)).all() == ["live"]
        db.engine.dispose()
