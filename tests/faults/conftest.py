"""Fixtures for fault tests: a migrated database (SQLite file or PostgreSQL) that a gunicorn subprocess serves."""
import uuid

import pytest

from app import create_app
from app.extensions import db
from app.migrate import upgrade_to_head
from tests.conftest import create_postgres_database



@pytest.fixture(params=["sqlite", "postgresql"])
def served_app(request, tmp_path):
    """An app on a fresh database with real commits; the test serves the same database with `factspan serve`."""
    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'faults.sqlite'}"
    else:
        url, drop = create_postgres_database()
    application = create_app({"SECRET_KEY": uuid.uuid4().hex, "DATABASE_URL": url})
    with application.app_context():
        upgrade_to_head(db.engine)
    yield application
    with application.app_context():
        db.engine.dispose()
    if drop is not None:
        drop()
