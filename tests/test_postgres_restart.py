"""A real PostgreSQL restart: a throwaway cluster this module starts (initdb + pg_ctl) on a port of its own."""
import subprocess
import uuid

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app import create_app
from app.annotations.models import AnnotationSet
from app.extensions import db, session
from app.migrate import upgrade_to_head
from tests.factories import bearer, make_assignment, make_project, make_text, make_user
from tests.pg_cluster import cluster  # noqa: F401  # the module-scoped fixture

pytestmark = pytest.mark.postgres
SPAN = {"start": 0, "end": 31, "label": "sourced_readout", "attributes": {"source": "chinese_readout"}}


@pytest.fixture
def app(cluster):
    """An app on a fresh database of the throwaway cluster, with real commits (no test transaction)."""
    name = f"restart_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-qc",
                    f'CREATE DATABASE "{name}"'], check=True, timeout=60)
    application = create_app({"TESTING": False, "SECRET_KEY": uuid.uuid4().hex,
                              "DATABASE_URL": cluster.url.rsplit("/", 1)[0] + f"/{name}"})
    with application.app_context():
        upgrade_to_head(db.engine)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def draft(app):
    """An annotator's token and draft, committed."""
    with app.app_context():
        annotator = make_user(session())
        assignment = make_assignment(session(), text=make_text(session(), make_project(session())), annotator=annotator)
        headers, set_id = bearer(session(), annotator), assignment.annotation_set.id
        session().commit()
    return headers, set_id


def test_the_first_request_after_a_restart_succeeds(app, cluster, draft):
    headers, set_id = draft
    client = app.test_client()
    assert client.get(f"/api/v1/annotation-sets/{set_id}", headers=headers).status_code == 200
    cluster.restart()  # every pooled connection is now dead
    response = client.get(f"/api/v1/annotation-sets/{set_id}", headers=headers)
    assert response.status_code == 200, response.json


def test_a_save_committed_just_before_the_server_stops_answers_200(app, cluster, draft):
    headers, set_id = draft
    wrote = []
    with app.app_context():
        engine = db.engine

    def note_writes(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            wrote.append(statement)

    def stop_after_writes(_committed: Session) -> None:
        if wrote:
            wrote.clear()
            cluster.stop()

    event.listen(engine, "before_cursor_execute", note_writes)
    event.listen(Session, "after_commit", stop_after_writes)
    try:
        response = app.test_client().put(f"/api/v1/annotation-sets/{set_id}", json={"version": 1, "spans": [SPAN]},
                                         headers=headers)
    finally:
        event.remove(engine, "before_cursor_execute", note_writes)
        event.remove(Session, "after_commit", stop_after_writes)
        cluster.start()
    assert response.status_code == 200, response.json
    assert response.json["version"] == 2 and [s["end"] for s in response.json["spans"]] == [31]
    with app.app_context():
        assert session().scalars(select(AnnotationSet.version).where(AnnotationSet.id == set_id)).one() == 2
