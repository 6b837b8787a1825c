"""Database URL resolution, SQLite connection settings (WAL, foreign keys, busy timeout) and write transactions."""
from collections.abc import Callable
from functools import wraps
from pathlib import Path

from flask import Flask
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app import sqlite_writers  # also registers the write-ordering events
from app.extensions import session


def resolve_database_url(app: Flask) -> str:
    url = app.config.get("DATABASE_URL")
    if url:
        return normalise_url(url)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / 'factspan.sqlite'}"


def normalise_url(url: str) -> str:
    """Accept plain postgresql:// URLs and route them to psycopg 3, the driver we ship."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def configure_database(app: Flask) -> None:
    url = resolve_database_url(app)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if make_url(url).get_backend_name() == "sqlite":
        timeout_ms = app.config["SQLITE_BUSY_TIMEOUT_MS"]
        # SQLite's own busy handler and the writer queue in app.sqlite_writers wait at most this long.
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {
            "connect_args": {"timeout": timeout_ms / 1000},
            "execution_options": {sqlite_writers.BUSY_TIMEOUT_OPTION: timeout_ms},
        })
    else:
        # A server restart leaves every pooled connection dead; a ping on checkout replaces them
        # instead of failing each worker's first request after it.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True,
                                                   **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Foreign keys are off by default in SQLite; WAL lets readers run beside one writer."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    # Let SQLAlchemy emit BEGIN itself (app.sqlite_writers): pysqlite's own transaction handling breaks SAVEPOINTs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def begin_writes_immediately(session: Session) -> None:
    """On SQLite, end the read-only transaction (login lookups) and start one holding the write lock.

    A deferred SQLite transaction that reads and then writes fails at once (SQLITE_BUSY) when
    another writer committed in between; taking the lock at BEGIN makes it wait its turn instead.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            return
        session.commit()
    if not session.in_transaction():
        session.connection(execution_options={"sqlite_begin_immediate": True})


def serialize_then_commit(view: Callable) -> Callable:
    """API route decorator, placed above @blueprint.response: commit once the response body is built.

    Nothing is read after COMMIT, so a connection lost right after it (a server restart) cannot turn
    a committed write into a 500: the client gets what was committed. If the commit fails, the
    error handler answers instead and nothing was stored.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        response = view(*args, **kwargs)
        session().commit()
        return response

    wrapped.commits_after_serializing = True  # type: ignore[attr-defined]  # outer decorators copy it (wraps)
    return wrapped


def write_transaction(view: Callable) -> Callable:
    """Route decorator (innermost, after parsing): run the view's writes under begin_writes_immediately."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        begin_writes_immediately(session())
        return view(*args, **kwargs)

    return wrapped
