"""A write that committed answers 2xx with what it committed, even if the database goes away right after COMMIT;
with the database away, an API error is still the one JSON shape."""
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.annotations.models import AnnotationSet, Assignment
from app.extensions import db
from app.gold.models import AdjudicationDecision, AdjudicationItem, GoldRelease
from app.gold.workflow import start_adjudication
from app.texts.models import Project, Text
from tests.factories import bearer, make_assignment, make_project, make_text, make_user
from tests.gold.helpers import submitted_project

SPAN = {"start": 0, "end": 31, "label": "sourced_readout", "attributes": {"source": "chinese_readout"}}


@pytest.fixture
def database_lost(app):
    """`after_commit()`: every SQL statement after the COMMIT of a request's writes fails, as in a server
    restart; `now()`: every statement fails."""
    state = {"lost": False, "armed": False, "wrote": False}

    def on_commit(committed: Session) -> None:
        # Only the commit that carries writes (SQLite's write lock ends a read-only transaction first),
        # and not a SAVEPOINT's release within the request.
        if state["armed"] and state["wrote"] and not committed.in_nested_transaction():
            state["lost"] = True

    def refuse(_conn, _cursor, statement, parameters, _context, _executemany) -> None:
        if state["lost"]:
            raise OperationalError(statement, parameters, ConnectionError("server closed the connection unexpectedly"))
        state["wrote"] = state["wrote"] or statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))

    with app.app_context():
        engine = db.engine
    event.listen(Session, "after_commit", on_commit)
    event.listen(engine, "before_cursor_execute", refuse)

    class Control:
        @contextmanager
        def after_commit(self):
            state.update(armed=True, wrote=False)
            try:
                yield
            finally:
                state.update(armed=False, lost=False, wrote=False)

        @contextmanager
        def now(self):
            state["lost"] = True
            try:
                yield
            finally:
                state["lost"] = False

    yield Control()
    event.remove(Session, "after_commit", on_commit)
    event.remove(engine, "before_cursor_execute", refuse)


@pytest.fixture
def draft(session):
    annotator = make_user(session)
    assignment = make_assignment(session, text=make_text(session, make_project(session)), annotator=annotator)
    return bearer(session, annotator), assignment.annotation_set.id


@pytest.fixture
def adjudication(session):
    project, text, _ = submitted_project(session)
    return project, text, bearer(session, make_user(session, role="reviewer"))


def test_a_committed_save_answers_200_with_the_saved_set(client, session, database_lost, draft):
    headers, set_id = draft
    with database_lost.after_commit():
        response = client.put(f"/api/v1/annotation-sets/{set_id}", json={"version": 1, "spans": [SPAN]},
                              headers=headers)
    assert response.status_code == 200, response.json
    assert response.json["version"] == 2 and [s["end"] for s in response.json["spans"]] == [31]
    assert session.get(AnnotationSet, set_id).version == 2


def test_a_committed_submit_answers_200(client, session, database_lost, draft):
    headers, set_id = draft
    client.put(f"/api/v1/annotation-sets/{set_id}", json={"version": 1, "spans": [SPAN]}, headers=headers)
    with database_lost.after_commit():
        response = client.post(f"/api/v1/annotation-sets/{set_id}/submit", json={"version": 2}, headers=headers)
    assert response.status_code == 200, response.json
    assert response.json["status"] == "submitted"
    assert session.get(AnnotationSet, set_id).assignment.status == "submitted"


def test_a_committed_reopen_answers_200(client, session, database_lost, draft):
    headers, set_id = draft
    client.put(f"/api/v1/annotation-sets/{set_id}", json={"version": 1, "spans": [SPAN]}, headers=headers)
    client.post(f"/api/v1/annotation-sets/{set_id}/submit", json={"version": 2}, headers=headers)
    with database_lost.after_commit():
        response = client.post(f"/api/v1/annotation-sets/{set_id}/reopen", json={"version": 3}, headers=headers)
    assert response.status_code == 200, response.json
    assert response.json["status"] == "draft" and response.json["can_reopen"] is False
    assert session.scalars(select(Assignment.status).join(AnnotationSet)
                           .where(AnnotationSet.id == set_id)).one() == "draft"


def test_a_committed_start_of_adjudication_answers_200_with_the_items(client, session, database_lost, adjudication):
    _, text, headers = adjudication
    with database_lost.after_commit():
        response = client.post(f"/api/v1/texts/{text.id}/adjudication/start", headers=headers)
    assert response.status_code == 200, response.json
    assert len(response.json["items"]) == 3
    assert len(session.scalars(select(AdjudicationItem).where(AdjudicationItem.text_id == text.id)).all()) == 3


def test_a_committed_decision_answers_200_with_the_new_gold(client, session, database_lost, adjudication):
    _, text, headers = adjudication
    item = next(i for i in start_adjudication(session, text=text) if i.status == "open")
    with database_lost.after_commit():
        response = client.post(f"/api/v1/adjudication-items/{item.id}/decision", json={"action": "reject_all"},
                               headers=headers)
    assert response.status_code == 200, response.json
    assert next(i for i in response.json["items"] if i["id"] == item.id)["status"] == "resolved"
    assert session.scalars(select(AdjudicationDecision.action)
                           .where(AdjudicationDecision.item_id == item.id)).all() == ["reject_all"]


def test_a_committed_policy_run_answers_200_with_its_report(client, session, database_lost, adjudication):
    project, text, headers = adjudication
    with database_lost.after_commit():
        response = client.post(f"/api/v1/projects/{project.id}/gold/adjudicate", json={"policy": "majority"},
                               headers=headers)
    assert response.status_code == 200, response.json
    assert response.json["texts_adjudicated"] == 1
    assert session.get(Text, text.id).adjudication_status == "adjudicated"


def test_a_committed_release_answers_201_with_the_release(client, session, database_lost, adjudication):
    project, _, headers = adjudication
    client.post(f"/api/v1/projects/{project.id}/gold/adjudicate", json={"policy": "majority"}, headers=headers)
    with database_lost.after_commit():
        response = client.post(f"/api/v1/projects/{project.id}/gold/releases", json={"name": "v1"}, headers=headers)
    assert response.status_code == 201, response.json
    assert response.json["name"] == "v1" and response.json["text_count"] == 1
    assert session.scalars(select(GoldRelease.name).where(GoldRelease.project_id == project.id)).all() == ["v1"]


def test_a_committed_project_answers_201_with_the_project(client, session, database_lost):
    make_project(session)  # loads the annotation schema
    headers = bearer(session, make_user(session, role="admin"))
    with database_lost.after_commit():
        response = client.post("/api/v1/projects", json={"name": "Lost and found", "schema_id": "fact_opinion"},
                               headers=headers)
    assert response.status_code == 201, response.json
    assert response.json["name"] == "Lost and found"
    assert session.scalars(select(Project.id).where(Project.name == "Lost and found")).one() == response.json["id"]


def test_a_committed_text_import_answers_201_with_its_report(client, session, database_lost):
    project = make_project(session)
    headers = bearer(session, make_user(session, role="admin"))
    with database_lost.after_commit():
        response = client.post(f"/api/v1/projects/{project.id}/texts", json={"texts": [{"text": "One new text."}]},
                               headers=headers)
    assert response.status_code == 201, response.json
    assert response.json["imported"] == 1
    assert session.scalars(select(Text.content).where(Text.project_id == project.id)).all() == ["One new text."]


def test_an_api_404_with_the_database_away_is_the_json_404(client, session, database_lost):
    user = make_user(session)
    headers = bearer(session, user)
    with database_lost.now():
        response = client.get("/api/v1/nothing-here", headers=headers)
    assert response.status_code == 404
    assert response.json["reason"] == "not_found"


def test_an_api_call_with_the_database_away_is_a_json_503(client, session, database_lost):
    headers = bearer(session, make_user(session))
    with database_lost.now():
        response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 503
    assert set(response.json) == {"code", "status", "reason", "message", "errors"}
    assert response.json["reason"] == "database_unavailable"


def test_every_api_write_commits_only_after_serializing_its_answer(app):
    writes = {rule.rule: app.view_functions[rule.endpoint] for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/") and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}}
    assert writes
    assert [url for url, view in writes.items() if not getattr(view, "commits_after_serializing", False)] == []
