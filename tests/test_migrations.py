"""Migrations: one head, upgrade an empty database to match the models, downgrade to base."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

import app.models  # noqa: F401  (registers every table on the metadata)
from app.database import normalise_url
from app.db import Base
from app.migrate import alembic_config, current_revision, downgrade_to_base, head_revision, upgrade_to_head
from tests.conftest import create_postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request, tmp_path):
    if request.param == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
        yield engine
        engine.dispose()
        return
    url, drop = create_postgres_database()
    engine = create_engine(normalise_url(url))
    yield engine
    engine.dispose()
    drop()


def test_single_head(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    script = ScriptDirectory.from_config(alembic_config(engine))
    assert len(script.get_heads()) == 1


def test_upgrade_empty_database_matches_models(empty_engine):
    upgrade_to_head(empty_engine)
    assert current_revision(empty_engine) == head_revision(empty_engine)
    with empty_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_removes_every_table(empty_engine):
    upgrade_to_head(empty_engine)
    downgrade_to_base(empty_engine)
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}


def test_upgrade_twice_is_a_no_op(empty_engine):
    assert upgrade_to_head(empty_engine) is True
    assert upgrade_to_head(empty_engine) is False
