"""`factspan import-texts` reads a zip as the import page does."""
import zipfile

from sqlalchemy import select

from app.texts.models import Text
from tests.factories import make_project


def test_import_texts_reads_each_member_of_a_zip(runner, session, tmp_path):
    project = make_project(session, name="zipped")
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("a.jsonl", '{"id": "a", "text": "Xi invited Putin."}\n{"text": 5}\n')
        bundle.writestr("notes/b.txt", "I think he will go.")
    result = runner.invoke(args=["import-texts", "zipped", str(archive)])
    assert "imported 2" in result.output and "rejected batch.zip/a.jsonl:2: 'text' must be a string" in result.output
    session.expire_all()
    assert sorted(session.scalars(select(Text.external_id).where(Text.project_id == project.id))) == ["a", "b"]


def test_a_refused_zip_is_one_rejection(runner, session, tmp_path):
    make_project(session, name="not zipped")
    archive = tmp_path / "fake.zip"
    archive.write_bytes(b"PK\x03\x04 not a zip")
    result = runner.invoke(args=["import-texts", "not zipped", str(archive)])
    assert "not a readable zip" in result.output and result.exit_code == 1
