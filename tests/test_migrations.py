"""Migrations: one head, upgrade an empty database to match the models, downgrade to base."""
import re

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import CheckConstraint, DefaultClause, Engine, MetaData, create_engine, inspect, text

import app.models  # noqa: F401  (registers every table on the metadata)
from app.database import normalise_url
from app.db import Base
from app.migrate import alembic_config, current_revision, downgrade_to_base, head_revision, upgrade_to_head
from tests.conftest import create_postgres_database


def _engine(backend: str, tmp_path, name: str):
    """An empty database of the backend and a function that disposes of it."""
    if backend == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / f'{name}.sqlite'}")
        return engine, engine.dispose
    url, drop = create_postgres_database()
    engine = create_engine(normalise_url(url))

    def dispose() -> None:
        engine.dispose()
        drop()

    return engine, dispose


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def empty_engine(backend, tmp_path):
    engine, dispose = _engine(backend, tmp_path, "empty")
    yield engine
    dispose()


@pytest.fixture
def models_engine(backend, tmp_path):
    """A second empty database of the same backend, for the models' own DDL."""
    engine, dispose = _engine(backend, tmp_path, "models")
    yield engine
    dispose()


def _normalised(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip().lower()


def _check_constraints(engine: Engine, metadata: MetaData) -> dict[str, set[tuple[str, str]]]:
    inspector = inspect(engine)
    return {table: {(c["name"], _normalised(c["sqltext"])) for c in inspector.get_check_constraints(table)}
            for table in metadata.tables}


# Full-text search objects of migration 0010 that the models cannot declare (FTS5 tables, a generated
# tsvector column and its GIN index); only these are left out of the comparison.
SEARCH_OBJECTS = {
    ("table", name) for name in ("text_search", "text_search_data", "text_search_idx", "text_search_docsize",
                                 "text_search_config")
} | {("column", "text.search_vector"), ("index", "text.ix_text_search_vector")}


def _not_a_search_object(name: str | None, type_: str, parent_names: dict) -> bool:
    qualified = f"{parent_names.get('table_name')}.{name}" if type_ in ("column", "index") else name
    return (type_, qualified) not in SEARCH_OBJECTS


def schema_differences(migrated: Engine, models: Engine, metadata: MetaData) -> list:
    """Autogenerate's differences (types and server defaults included) plus CHECK constraints.

    Alembic does not compare CHECK constraints, and each server rewrites their SQL its own way
    (PostgreSQL turns IN into = ANY (ARRAY[...])), so the models' constraints are created in a second
    database of the same backend and both are reflected.
    """
    with migrated.connect() as connection:
        options = {"compare_type": True, "compare_server_default": True, "include_name": _not_a_search_object}
        differences = list(compare_metadata(MigrationContext.configure(connection, opts=options), metadata))
    metadata.create_all(models)
    found, wanted = _check_constraints(migrated, metadata), _check_constraints(models, metadata)
    for table in metadata.tables:
        if found[table] != wanted[table]:
            differences.append(("check_constraints", table, sorted(found[table] - wanted[table]),
                                sorted(wanted[table] - found[table])))
    return differences


def _models_with(change) -> MetaData:
    """A copy of the models' metadata with one change applied to it."""
    metadata = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    change(metadata)
    return metadata


def test_single_head(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    script = ScriptDirectory.from_config(alembic_config(engine))
    assert len(script.get_heads()) == 1


def test_upgrade_empty_database_matches_models(empty_engine, models_engine):
    upgrade_to_head(empty_engine)
    assert current_revision(empty_engine) == head_revision(empty_engine)
    assert schema_differences(empty_engine, models_engine, Base.metadata) == []


def test_a_changed_check_constraint_is_a_difference(empty_engine, models_engine):
    def stricter_start(metadata: MetaData) -> None:
        span = metadata.tables["span"]
        [old] = [c for c in span.constraints if isinstance(c, CheckConstraint) and str(c.sqltext) == "start >= 0"]
        span.constraints.remove(old)
        span.append_constraint(CheckConstraint("start >= 1", name=old.name))

    upgrade_to_head(empty_engine)
    [difference] = schema_differences(empty_engine, models_engine, _models_with(stricter_start))
    assert difference == ("check_constraints", "span", [("ck_span_start_not_negative", "start >= 0")],
                          [("ck_span_start_not_negative", "start >= 1")])


def test_a_server_default_missing_from_the_migrations_is_a_difference(empty_engine, models_engine):
    def default_title(metadata: MetaData) -> None:
        metadata.tables["text"].c.title.server_default = DefaultClause("untitled")

    upgrade_to_head(empty_engine)
    [difference] = schema_differences(empty_engine, models_engine, _models_with(default_title))
    assert difference[0][0] == "modify_default" and difference[0][2:4] == ("text", "title")


def test_downgrade_to_base_removes_every_table(empty_engine):
    upgrade_to_head(empty_engine)
    downgrade_to_base(empty_engine)
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}


def test_upgrade_twice_is_a_no_op(empty_engine):
    assert upgrade_to_head(empty_engine) is True
    assert upgrade_to_head(empty_engine) is False


def test_source_links_that_are_not_http_are_dropped(empty_engine):
    config = alembic_config(empty_engine)
    command.upgrade(config, ScriptDirectory.from_config(config).get_revision("0008").down_revision)
    links = ["https://example.org/readout", " http://example.org/x", "javascript:alert(1)", " JAVASCRIPT:x",
             "data:text/html,x", "https:relative", None]
    with empty_engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO annotation_schema_version (id, schema_id, revision, version, sha256, source_path, content, "
            "document, created_at) VALUES (1, 's', 1, '1.0.0', 'x', 's.yaml', '', '{}', CURRENT_TIMESTAMP)"))
        connection.execute(text(
            "INSERT INTO project (id, name, description, annotation_schema_version_id, annotators_per_text, settings, "
            "created_at) VALUES (1, 'p', '', 1, 1, '{}', CURRENT_TIMESTAMP)"))
        for number, link in enumerate(links):
            connection.execute(text(
                "INSERT INTO text (project_id, title, source_url, content, sha256, char_count, meta, "
                "adjudication_status, created_at) VALUES (1, '', :link, 'x', :sha, 1, '{}', 'pending', "
                "CURRENT_TIMESTAMP)"), {"link": link, "sha": str(number)})
    upgrade_to_head(empty_engine)
    with empty_engine.connect() as connection:
        kept = connection.execute(text("SELECT source_url FROM text ORDER BY id")).scalars().all()
    assert kept == ["https://example.org/readout", " http://example.org/x", None, None, None, None, None]


def test_only_the_search_objects_are_left_out_of_the_comparison(empty_engine, backend):
    upgrade_to_head(empty_engine)
    with empty_engine.connect() as connection:
        options = {"compare_type": True, "compare_server_default": True}
        differences = compare_metadata(MigrationContext.configure(connection, opts=options), Base.metadata)
    left_out = set()
    for difference in differences:
        kind, what = difference[0], difference[-1]
        if kind == "remove_table":
            left_out.add(("table", what.name))
        elif kind == "remove_index":
            left_out.add(("index", f"{what.table.name}.{what.name}"))
        else:  # ('remove_column', schema, table, column)
            left_out.add(("column", f"{difference[2]}.{what.name}"))
    expected = {o for o in SEARCH_OBJECTS if (o[0] == "table") == (backend == "sqlite")}
    assert left_out == expected
