"""Export from SQLite, import into an empty PostgreSQL database or a SQLite one that already has accounts and
schemas: every table holds the same rows, and every release exports byte for byte as before."""
import hashlib
import io

import pytest
from sqlalchemy import select

from app.archive.service import archived_tables, import_archive
from app.archive.tables import SHARED_KEYS
from app.auth.models import User
from app.auth.service import create_user
from app.annotation_schemas.service import load_schema_folder
from app.errors import Conflict
from app.extensions import db
from app.gold.releases import list_releases
from app.texts.service import require_project
from tests.archive.conftest import release_exports, target_app
from tests.archive.desk import PROJECT, project_tables, shared_id_maps, translated
from tests.factories import REPO, make_text


def _prepare(app, backend: str) -> None:
    """PostgreSQL stays empty; SQLite already has the schemas, another account and one of the desk's usernames."""
    if backend == "postgresql":
        return
    with app.app_context():
        load_schema_folder(db.session, REPO / "annotation_schemas")
        create_user(db.session, username="someone-else", role="admin", password="x" * 12)
        create_user(db.session, username="desk-admin", role="admin", password="kept password")
        db.session.commit()


def archived_table(name: str):
    [entry] = [entry for entry in archived_tables() if entry.name == name]
    return entry.table


def _import(app, archive: bytes):
    with app.app_context():
        report = import_archive(db.session, source=io.BytesIO(archive))
        db.session.commit()
        return report


@pytest.fixture(params=[pytest.param("postgresql", marks=pytest.mark.postgres), "sqlite"])
def imported(request, desk, tmp_path):
    with target_app(request.param, tmp_path) as app:
        _prepare(app, request.param)
        with app.app_context():
            before = {name: {tuple(row) for row in db.session.execute(select(*(archived_table(name).c[k] for k in keys)))}
                      for name, keys in SHARED_KEYS.items()}
        report = _import(app, desk.archive)
        yield app, report, before


def _kept_rows_as_keys(rows: list[dict], name: str, existing: set) -> list[dict]:
    """A shared row this database already had stays as it was: compare only its id and natural key."""
    keys = ("id", *SHARED_KEYS[name])
    return [{k: row[k] for k in keys} if tuple(row[k] for k in SHARED_KEYS[name]) in existing else row for row in rows]


def test_every_table_holds_the_projects_rows(desk, imported):
    app, _, before = imported
    plan = archived_tables()
    with app.app_context():
        target = project_tables(db.session, plan, desk.project_id)
    expected = translated(plan, desk.rows, shared_id_maps(desk.rows, target))
    for entry in plan:
        if entry.kind == "shared":
            existing = before[entry.name]
            target[entry.name] = _kept_rows_as_keys(target[entry.name], entry.name, existing)
            expected[entry.name] = _kept_rows_as_keys(expected[entry.name], entry.name, existing)
        assert target[entry.name] == expected[entry.name], entry.name
    assert all(desk.rows[name] for name in ("span", "annotation_event", "adjudication_decision", "gold_release_text",
                                            "verdict", "evidence_item", "suggestion_decision", "text_import"))


def test_the_archive_carries_only_its_project(desk):
    counts = {table["name"]: table["rows"] for table in desk.manifest["tables"]}
    assert counts == {name: len(rows) for name, rows in desk.rows.items()}
    assert {row["name"] for row in desk.rows["project"]} == {PROJECT}
    assert {row["project_id"] for row in desk.rows["text"]} == {desk.project_id}
    # Three annotators on the adjudicated text and one on the suggested text; their own project's are left out.
    assert counts["assignment"] == 4


def test_releases_export_byte_for_byte_as_before(desk, imported):
    app, *_ = imported
    with app.app_context():
        project = require_project(db.session, PROJECT)
        assert release_exports(db.session, project) == desk.exports
        for release in list_releases(db.session, project=project):
            assert hashlib.sha256(desk.exports[release.name, "jsonl"]).hexdigest() == release.sha256


def test_imported_accounts_have_no_password_and_existing_ones_keep_theirs(desk, imported):
    app, report, _ = imported
    with app.app_context():
        users = {u.username: u for u in db.session.scalars(select(User))}
    assert all(users[name].password_hash is None for name in report.new_users)
    if "desk-admin" in report.existing_users:
        assert users["desk-admin"].password_hash is not None
    assert set(report.new_users) | set(report.existing_users) == {row["username"] for row in desk.rows["user"]}


def test_new_rows_after_the_import_get_fresh_ids(desk, imported):
    app, *_ = imported
    with app.app_context():
        project = require_project(db.session, PROJECT)
        text = make_text(db.session, project, "Written after the move.")
        db.session.commit()
    assert text.id > max(row["id"] for row in desk.rows["text"])


def test_a_second_import_of_the_same_project_is_refused(desk, imported):
    app, *_ = imported
    with pytest.raises(Conflict, match="already has a project named"):
        _import(app, desk.archive)


def test_an_archive_whose_ids_are_taken_is_refused(desk, imported):
    app, *_ = imported
    with app.app_context():
        require_project(db.session, PROJECT).name = "Renamed before the second import"
        db.session.commit()
    with pytest.raises(Conflict, match="already has project rows with the archive's ids"):
        _import(app, desk.archive)
