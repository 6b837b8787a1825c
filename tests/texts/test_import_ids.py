"""A text import answers with the ids it created (and their external ids), so a script need not list the project."""
import json

from sqlalchemy import select

from app.texts.models import Text
from tests.factories import bearer, make_project, make_text, make_user

RECORDS = [{"id": "a-1", "text": "The first new text."}, {"text": "A text without an id."},
           {"id": "dup", "text": "Already there."}, {"id": "bad", "text": ""}, {"id": "c-3", "text": "The last one."}]


def stored(session, text_id):
    return session.get(Text, text_id)


def test_the_api_returns_the_created_texts_in_order_with_their_external_ids(client, session):
    project = make_project(session)
    make_text(session, project, "Already there.")
    response = client.post(f"/api/v1/projects/{project.id}/texts", json={"texts": RECORDS},
                           headers=bearer(session, make_user(session, role="admin")))
    assert response.status_code == 201, response.json
    created = response.json["texts"]
    assert [entry["external_id"] for entry in created] == ["a-1", None, "c-3"]
    assert [stored(session, entry["id"]).content for entry in created] == \
        ["The first new text.", "A text without an id.", "The last one."]
    assert response.json["imported"] == 3


def test_the_cli_prints_the_created_ids_when_asked(runner, session, tmp_path):
    project = make_project(session)
    make_text(session, project, "Already there.")
    path = tmp_path / "texts.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in RECORDS))
    result = runner.invoke(args=["import-texts", str(project.id), str(path), "--print-ids"])
    assert result.exit_code == 0, result.output
    printed = [line.split("\t") for line in result.stdout.splitlines() if "\t" in line]
    ids = session.execute(select(Text.id, Text.external_id).where(Text.project_id == project.id,
                                                                  Text.content != "Already there.")
                          .order_by(Text.id)).all()
    assert printed == [[str(text_id), external_id or ""] for text_id, external_id in ids]
    assert [external_id for _, external_id in ids] == ["a-1", None, "c-3"]


def test_the_cli_prints_no_ids_unless_asked(runner, session, tmp_path):
    project = make_project(session)
    path = tmp_path / "texts.jsonl"
    path.write_text(json.dumps(RECORDS[0]) + "\n")
    result = runner.invoke(args=["import-texts", str(project.id), str(path)])
    assert result.exit_code == 0, result.output
    assert "\t" not in result.stdout
