"""Fixtures: an app per database backend (SQLite, PostgreSQL), a rolled-back session per test, login helpers."""
import os
import uuid
from collections.abc import Iterator

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from flask.testing import FlaskCliRunner, FlaskClient
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.orm import scoped_session, sessionmaker

from app import create_app
from app.annotations.service import forget_schema_documents
from app.database import normalise_url
from app.extensions import db
from app.migrate import upgrade_to_head

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", "postgresql")

# Under CI property tests are derandomised (the same examples every run, so a red build can be re-run)
# and keep no example database between runs.
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


def postgres_server_url() -> str:
    return normalise_url(os.environ.get("FACTSPAN_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))


def _postgres_unavailable(reason: str) -> None:
    # In CI a missing PostgreSQL must fail the run, not quietly halve it.
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required under CI=true: {reason}")
    pytest.skip(f"PostgreSQL not reachable: {reason}")


def create_postgres_database() -> tuple[str, callable]:
    """Create a throwaway database on the test server; returns its URL and a drop function."""
    server = make_url(postgres_server_url())
    name = f"factspan_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        _postgres_unavailable(str(exc).splitlines()[0])

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return server.set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="session")
def database_url(request, tmp_path_factory) -> Iterator[str]:
    """A fresh, empty database for one backend (parametrised through `backend`)."""
    backend = request.param
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'factspan.sqlite'}"
        return
    url, drop = create_postgres_database()
    yield url
    drop()


def pytest_generate_tests(metafunc):
    if "database_url" in metafunc.fixturenames:
        metafunc.parametrize("database_url", BACKENDS, indirect=True, scope="session")


def make_test_config(database_url: str, tmp_path) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-" + uuid.uuid4().hex,
        "DATABASE_URL": database_url,
        "DEMO_PASSWORD": "demo-pass",
        # Tests log in often from one address; tests/auth/test_throttle.py checks the real limits.
        "LOGIN_LIMIT_PER_ACCOUNT": "10000 per minute",
        "LOGIN_LIMIT_PER_ADDRESS": "10000 per minute",
    }
    if tmp_path is not None:  # job messages, uploads and files stay in the test's folder
        config.update(QUEUE_SQLITE_PATH=str(tmp_path / "jobs-queue.sqlite"), JOBS_DIR=str(tmp_path / "jobs"),
                      UPLOADS_DIR=str(tmp_path / "uploads"))
    return config


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    application = create_app(make_test_config(database_url, tmp_path_factory.mktemp("instance")))
    with application.app_context():
        upgrade_to_head(db.engine)
    yield application
    with application.app_context():
        db.engine.dispose()


class RequestScopedSessions:
    """Sessions on one test connection, so a test's work is rolled back at the end.

    Each app context (a test-client request, a CLI invocation) gets its own session, as in production:
    a route that forgets to commit loses its work when the request ends, and nothing a request
    loaded (the user, Flask's `g`) is seen by the next one. The test's own session is separate.
    """

    def __init__(self, app):
        with app.app_context():
            self.connection = db.engine.connect()
        self.outer = self.connection.begin()
        self.factory = sessionmaker(bind=self.connection, join_transaction_mode="create_savepoint",
                                    expire_on_commit=False)
        self.test_session = self.factory()

    def before_request(self) -> None:
        """Make the test's own changes visible to the request, as a commit would."""
        self.test_session.flush()

    def after_request(self) -> None:
        """Forget what the test session loaded, so assertions read what the request stored."""
        self.test_session.expire_all()

    def close(self) -> None:
        self.test_session.close()
        self.outer.rollback()
        self.connection.close()


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own app context and database session."""

    sessions: RequestScopedSessions

    def open(self, *args, **kwargs):
        self.sessions.before_request()
        try:
            return super().open(*args, **kwargs)
        finally:
            self.sessions.after_request()


class IsolatedRunner(FlaskCliRunner):
    """A CLI runner whose commands run in their own app context and database session.

    The installed `factspan` command (a FlaskGroup) pushes one app context per command; the test
    runner invokes `app.cli` directly, so it pushes that context itself.
    """

    sessions: RequestScopedSessions

    def invoke(self, *args, **kwargs):
        self.sessions.before_request()
        try:
            with self.app.app_context():
                return super().invoke(*args, **kwargs)
        finally:
            self.sessions.after_request()


@pytest.fixture
def scoped_sessions(app) -> Iterator[RequestScopedSessions]:
    sessions = RequestScopedSessions(app)
    original = db.session
    # Flask-SQLAlchemy's teardown removes `db.session` per app context, so each request's session closes
    # (rolling back what it did not commit) when its context ends.
    db.session = scoped_session(sessions.factory, scopefunc=_app_ctx_id)
    try:
        yield sessions
    finally:
        db.session = original
        forget_schema_documents()  # the rollback may hand the same ids to other versions
        sessions.close()


@pytest.fixture
def session(scoped_sessions):
    """The test's own session, on the connection whose work is rolled back after the test."""
    return scoped_sessions.test_session


@pytest.fixture
def client(app, scoped_sessions):
    test_client = IsolatedClient(app, app.response_class, use_cookies=True)
    test_client.sessions = scoped_sessions
    return test_client


@pytest.fixture
def runner(app, scoped_sessions):
    test_runner = IsolatedRunner(app)
    test_runner.sessions = scoped_sessions
    return test_runner


def pytest_terminal_summary(terminalreporter):
    """Say how many database tests ran on each backend, so a missing PostgreSQL run is visible."""
    counts = {backend: {"passed": 0, "failed": 0, "skipped": 0} for backend in BACKENDS}
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            for backend in BACKENDS:
                if f"[{backend}" in nodeid or f"-{backend}]" in nodeid or f"-{backend}-" in nodeid:
                    counts[backend]["failed" if outcome == "error" else outcome] += 1
    terminalreporter.write_sep("-", "database tests by backend")
    for backend, numbers in counts.items():
        terminalreporter.write_line(
            f"{backend}: {numbers['passed']} passed, {numbers['failed']} failed, {numbers['skipped']} skipped"
        )
