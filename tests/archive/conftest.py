"""A committed SQLite desk (tests/archive/desk.py), its archive, and empty target databases to import it into."""
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask

from app import create_app
from app.annotations.service import forget_schema_documents
from app.archive.service import export_archive
from app.extensions import db
from app.gold.formats import FORMATS
from app.gold.releases import export_release, list_releases
from app.migrate import upgrade_to_head
from tests.archive.desk import PROJECT, build_desk, project_tables
from tests.conftest import create_postgres_database, make_test_config

RELEASE_FORMATS = tuple(fmt for fmt in FORMATS if fmt != "spacy")  # spaCy's JSONL is read from the same rows


@contextmanager
def database_app(url: str, tmp_path) -> Iterator[Flask]:
    """An app on its own migrated database; each `with app.app_context()` gets a real, committing session."""
    app = create_app(make_test_config(url, tmp_path))
    with app.app_context():
        upgrade_to_head(db.engine)
    forget_schema_documents()
    try:
        yield app
    finally:
        forget_schema_documents()  # cached by id, and ids mean other rows in the next database
        with app.app_context():
            db.engine.dispose()


@contextmanager
def target_app(backend: str, tmp_path) -> Iterator[Flask]:
    if backend == "sqlite":
        with database_app(f"sqlite:///{tmp_path / 'target.sqlite'}", tmp_path) as app:
            yield app
        return
    url, drop = create_postgres_database()
    try:
        with database_app(url, tmp_path) as app:
            yield app
    finally:
        drop()


def release_exports(session, project) -> dict[tuple[str, str], bytes]:
    """Every release of the project in every streamed format, as bytes.

    brat's zip stamps each member with the time of the export, so it is compared member by member.
    """
    exports = {}
    for release in list_releases(session, project=project):
        for fmt in RELEASE_FORMATS:
            out = io.BytesIO()
            export_release(session, release=release, fmt=fmt, out=out)
            if fmt == "brat":
                with zipfile.ZipFile(out) as archive:
                    for name in archive.namelist():
                        exports[release.name, fmt, name] = archive.read(name)
            else:
                exports[release.name, fmt] = out.getvalue()
    return exports


def run_import(runner, tmp_path, data: bytes):
    """`factspan archive import` of these bytes, through the test CLI runner."""
    path = tmp_path / "in.zip"
    path.write_bytes(data)
    return runner.invoke(args=["archive", "import", str(path)])


class Desk:
    """What the source database held: the archive bytes, the project's rows and its release exports."""

    def __init__(self, archive: bytes, project_id: int, rows: dict, exports: dict, manifest: dict) -> None:
        self.archive, self.project_id, self.rows, self.exports, self.manifest = (
            archive, project_id, rows, exports, manifest)


@pytest.fixture(scope="session")
def desk(tmp_path_factory) -> Desk:
    from app.archive.service import archived_tables

    tmp = tmp_path_factory.mktemp("archive-source")
    with database_app(f"sqlite:///{tmp / 'source.sqlite'}", tmp) as app, app.app_context():
        session = db.session
        project = build_desk(session)
        session.commit()
        out = io.BytesIO()
        manifest = export_archive(session, project_id=project.id, out=out)
        assert project.name == PROJECT
        return Desk(out.getvalue(), project.id, project_tables(session, archived_tables(), project.id),
                    release_exports(session, project), manifest)
