"""`factspan archive import` and `export` on the test databases: a sound archive goes in and comes out again, with progress."""
import io
import json
import zipfile

from sqlalchemy import select

from app.archive.service import export_archive, import_archive
from app.auth.models import User
from tests.archive.conftest import run_import
from tests.factories import make_user


def _manifest(path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))


def test_the_command_imports_a_sound_archive_and_says_who_needs_a_password(desk, runner, session, tmp_path):
    result = run_import(runner, tmp_path, desk.archive)
    assert result.exit_code == 0, result.output
    assert "imported project" in result.output and "factspan users set-password NAME" in result.output
    usernames = {row["username"] for row in desk.rows["user"]}
    stored = session.scalars(select(User).where(User.username.in_(usernames))).all()
    assert {user.username for user in stored} == usernames
    assert all(user.password_hash is None for user in stored)


def test_the_command_exports_what_it_imported(desk, runner, tmp_path):
    assert run_import(runner, tmp_path, desk.archive).exit_code == 0
    out = tmp_path / "again.zip"
    result = runner.invoke(args=["archive", "export", "Seed project", str(out)])
    assert result.exit_code == 0, result.output
    manifest = _manifest(out)
    assert [(t["name"], t["rows"]) for t in manifest["tables"]] == [(t["name"], t["rows"]) for t in desk.manifest["tables"]]
    assert not list(tmp_path.glob(".again.zip.*"))


def test_all_users_carries_the_accounts_the_project_does_not_name(desk, runner, session, tmp_path):
    assert run_import(runner, tmp_path, desk.archive).exit_code == 0
    bystander = make_user(session, "admin")
    named, everyone = tmp_path / "named.zip", tmp_path / "everyone.zip"
    assert runner.invoke(args=["archive", "export", "Seed project", str(named)]).exit_code == 0
    assert runner.invoke(args=["archive", "export", "--all-users", "Seed project", str(everyone)]).exit_code == 0
    assert bystander.username not in _usernames(named)
    assert _usernames(everyone) == set(session.scalars(select(User.username)))


def _usernames(path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        return {json.loads(line)["username"] for line in archive.read("tables/user.jsonl").splitlines()}


def test_progress_is_reported_up_to_every_row(desk, session):
    """What a job shows as its progress bar: counts that only grow and end at the total."""
    imported, exported = [], []
    import_archive(session, source=io.BytesIO(desk.archive), progress=lambda done, total: imported.append((done, total)))
    export_archive(session, project_id=desk.project_id, out=io.BytesIO(),
                   progress=lambda done, total: exported.append((done, total)))
    rows = sum(table["rows"] for table in desk.manifest["tables"])
    for reports in (imported, exported):
        assert [done for done, _ in reports] == sorted(done for done, _ in reports)
        assert reports[-1] == (rows, rows)
