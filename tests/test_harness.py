"""The test harness isolates requests as production does, so the tests can see a forgotten commit or a leaked identity."""
from app import database
from app.annotations import api as annotations_api
from app.annotations.models import AnnotationSet
from app.extensions import db
from tests.factories import bearer, make_assignment, make_project, make_text, make_user

SPAN = {"start": 0, "end": 31, "label": "sourced_readout", "attributes": {"source": "chinese_readout"}}


class ForgetsToCommit:
    """The request's session, except that commit only flushes: a route that forgot its commit."""

    def __init__(self, real):
        self._real = real

    def commit(self) -> None:
        self._real.flush()

    def __getattr__(self, name):
        return getattr(self._real, name)


def _draft(session):
    annotator = make_user(session)
    text = make_text(session, make_project(session), "Xi invited Putin to visit China. I think he will go.")
    return annotator, make_assignment(session, text=text, annotator=annotator).annotation_set.id


def test_a_committed_save_is_stored(client, session):
    annotator, set_id = _draft(session)
    response = client.put(f"/api/v1/annotation-sets/{set_id}", json={"version": 1, "spans": [SPAN]},
                          headers=bearer(session, annotator))
    assert response.status_code == 200
    assert session.get(AnnotationSet, set_id).version == 2


def test_a_route_that_forgets_to_commit_loses_its_write(client, session, monkeypatch):
    annotator, set_id = _draft(session)
    # The API routes commit in app.database.serialize_then_commit, once the response is serialized.
    monkeypatch.setattr(database, "session", lambda: ForgetsToCommit(db.session()))
    response = client.put(f"/api/v1/annotation-sets/{set_id}", json={"version": 1, "spans": [SPAN]},
                          headers=bearer(session, annotator))
    assert response.status_code == 200 and response.json["version"] == 2
    stored = session.get(AnnotationSet, set_id)
    assert stored.version == 1 and stored.spans == []


def test_an_identity_does_not_leak_into_the_next_request(client, session):
    user = make_user(session)
    assert client.get("/api/v1/me", headers=bearer(session, user)).status_code == 200
    anonymous = client.get("/api/v1/me")
    assert anonymous.status_code == 401 and anonymous.json["reason"] == "unauthorized"


def test_each_request_has_its_own_session(client, session, monkeypatch):
    seen = []
    real_session = annotations_api.session

    def recording_session():
        seen.append(db.session())  # the object itself: an id() may be reused once it is freed
        return real_session()

    monkeypatch.setattr(annotations_api, "session", recording_session)
    annotator, _ = _draft(session)
    headers = bearer(session, annotator)
    client.get("/api/v1/assignments", headers=headers)
    client.get("/api/v1/assignments", headers=headers)
    assert len(seen) == 2 and seen[0] is not seen[1] and session not in seen
