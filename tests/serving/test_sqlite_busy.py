"""SQLite writers wait at most the busy timeout, then get 503 database_busy with Retry-After (API, pages, CLI)."""
import re
import sqlite3
import threading
import uuid

import pytest
from sqlalchemy import select

from app import create_app
from app.annotations.models import AnnotationSet
from app.extensions import db, session
from app.migrate import upgrade_to_head
from tests.factories import PASSWORD, bearer, make_assignment, make_project, make_text, make_user

SPAN = {"start": 0, "end": 31, "label": "sourced_readout", "attributes": {"source": "chinese_readout"}}
BUSY_TIMEOUT_MS = 300


@pytest.fixture
def app(tmp_path):
    """An app on its own SQLite file with real commits and a short busy timeout."""
    application = create_app({"SECRET_KEY": uuid.uuid4().hex, "DATABASE_URL": f"sqlite:///{tmp_path / 'busy.sqlite'}",
                              "SQLITE_BUSY_TIMEOUT_MS": BUSY_TIMEOUT_MS})
    with application.app_context():
        upgrade_to_head(db.engine)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def draft(app):
    with app.app_context():
        annotator = make_user(session(), username="busy-annotator")
        assignment = make_assignment(session(), text=make_text(session(), make_project(session())), annotator=annotator)
        headers, set_id = bearer(session(), annotator), assignment.annotation_set.id
        session().commit()
    return headers, set_id


@pytest.fixture
def sqlite_lock_held(app):
    """Another process's view: a plain sqlite3 connection holding SQLite's write lock (not the writer queue)."""
    holder = sqlite3.connect(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield
    holder.execute("ROLLBACK")
    holder.close()


@pytest.fixture
def writer_queue_held(app):
    """Another thread of this process inside a write transaction of the app's own engine."""
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with app.app_context():
            with db.engine.connect().execution_options(sqlite_begin_immediate=True) as connection:
                with connection.begin():
                    holding.set()
                    release.wait(30)

    def let_go() -> None:
        release.set()
        thread.join(10)

    thread = threading.Thread(target=hold)
    thread.start()
    assert holding.wait(10)
    yield let_go
    let_go()


def assert_busy_answer(response) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.headers["Retry-After"].isdigit()  # the login page's throttle rounds it down to whole seconds
    assert "locked" not in response.get_data(as_text=True)


def stored_version(app, set_id: int) -> int:
    with app.app_context():
        return session().scalars(select(AnnotationSet.version).where(AnnotationSet.id == set_id)).one()


@pytest.mark.parametrize("holder", ["sqlite_lock_held", "writer_queue_held"])
def test_an_api_save_behind_a_held_lock_is_503_database_busy(app, draft, holder, request):
    headers, set_id = draft
    request.getfixturevalue(holder)
    response = app.test_client().put(f"/api/v1/annotation-sets/{set_id}", json={"version": 1, "spans": [SPAN]},
                                     headers=headers)
    assert_busy_answer(response)
    assert response.json["reason"] == "database_busy" and response.headers["Retry-After"] == "1"
    assert set(response.json) == {"code", "status", "reason", "message", "errors"}
    assert stored_version(app, set_id) == 1


def test_a_save_goes_through_once_the_other_writer_commits(app, draft, writer_queue_held):
    headers, set_id = draft
    client = app.test_client()
    body = {"version": 1, "spans": [SPAN]}
    assert client.put(f"/api/v1/annotation-sets/{set_id}", json=body, headers=headers).status_code == 503
    writer_queue_held()
    response = client.put(f"/api/v1/annotation-sets/{set_id}", json=body, headers=headers)
    assert response.status_code == 200 and stored_version(app, set_id) == 2


def test_a_page_write_behind_a_held_lock_is_an_html_503(app, draft, sqlite_lock_held):
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"username": "busy-annotator", "password": PASSWORD, "csrf_token": token})
    assert_busy_answer(response)
    assert response.mimetype == "text/html"


def test_a_command_behind_a_held_lock_says_busy_in_one_line(app, draft, sqlite_lock_held):
    with app.app_context():  # the installed command pushes one per command; app.cli needs it pushed
        result = app.test_cli_runner().invoke(args=["projects", "create", "Busy desk", "--schema", "fact_opinion"])
    assert result.exit_code != 0
    assert "database is busy" in result.output and "Traceback" not in result.output
