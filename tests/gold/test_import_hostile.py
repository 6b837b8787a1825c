"""Annotation imports refuse hostile lines by number and store nothing of them; the other lines still import."""
import hashlib
import json

import pytest
from sqlalchemy import select

from app.gold.importing import import_annotations
from app.texts.models import Text
from tests.factories import bearer, make_project, make_user

READOUT = {"start": 0, "end": 8, "label": "sourced_readout", "attributes": {"source": "chinese_readout"}}


def annotations_line(text: str = "Xi spoke. I think so.", annotator: str = "ext_anna", doc_id: str = "d") -> bytes:
    record = {"id": doc_id, "text": text, "annotations": [{"annotator": annotator, "spans": [READOUT]}]}
    return json.dumps(record).encode("utf-8")


def gold_line(text: str = "Xi spoke. I think so.", **meta) -> bytes:
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return json.dumps({"id": "g", "text": text, "sha256": sha256, "spans": [READOUT], "meta": meta}).encode("utf-8")


def _texts(session) -> list[str]:
    session.expire_all()
    return session.scalars(select(Text.content).order_by(Text.id)).all()


def test_cli_reports_a_line_that_is_not_utf8_and_imports_the_rest(runner, session, tmp_path):
    project = make_project(session, name="imports")
    path = tmp_path / "annotations.jsonl"
    path.write_bytes(b"\n".join([annotations_line(doc_id="a"), b'{"id": "b", "text": "Caf\xe9"}',
                                 annotations_line("Second text.", doc_id="c")]) + b"\n")
    result = runner.invoke(args=["import-annotations", project.name, str(path)])
    assert result.exit_code == 0, result.output
    assert f"rejected {path.name}:2: not valid UTF-8 (byte 0xe9 at byte 24)" in result.output
    assert _texts(session) == ["Xi spoke. I think so.", "Second text."]


def test_api_reports_a_line_that_is_not_utf8_instead_of_replacing_it(client, session):
    project = make_project(session)
    body = annotations_line() + b'\n{"id": "b", "text": "Caf\xe9"}\n'
    response = client.post(f"/api/v1/projects/{project.id}/annotations/import", data=body,
                           headers=bearer(session, make_user(session, role="admin")))
    assert response.json["rejected"] == [{"location": "body:2", "reason": "not valid UTF-8 (byte 0xe9 at byte 24)"}]
    assert _texts(session) == ["Xi spoke. I think so."]


def test_a_deeply_nested_line_is_refused_by_number(session):
    project = make_project(session)
    deep = b'{"text": "Deep.", "annotations": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    report = import_annotations(session, project=project, lines=[deep, annotations_line()])
    assert [(e.line_number, e.reason) for e in report.rejected] == [
        (1, "not valid JSON: nested more than 64 levels deep")]
    assert _texts(session) == ["Xi spoke. I think so."]


@pytest.mark.parametrize(("line", "reason"), [
    (annotations_line("A\u0000B."), "text: contains the control character U+0000 at character 1"),
    (annotations_line("A\u0007B."), "'text' contains the control character U+0007 at character 1"),
    (annotations_line(annotator="ann\u0000a"), "annotations[0].annotator: contains the control character U+0000"),
    (annotations_line(annotator="ann\u0085a"), "A username has at most 80 characters and no control characters."),
    (annotations_line(annotator="a" * 81), "A username has at most 80 characters and no control characters."),
    (b'{"text": "Half \\ud800 a pair.", "annotations": []}', "text: contains a lone surrogate U+D800"),
    (annotations_line("Xi spoke.\r\nI think so."), "the text has \\r line breaks"),
], ids=["NUL in the text", "control character in the text", "NUL in a name", "control character in a name",
        "name past its column", "lone surrogate", "CR LF shifts offsets"])
def test_a_hostile_line_is_refused_and_the_rest_imported(session, line, reason):
    project = make_project(session)
    report = import_annotations(session, project=project, lines=[line, annotations_line("Other text.")])
    [(number, given)] = [(e.line_number, e.reason) for e in report.rejected]
    assert number == 1 and given.startswith(reason)
    assert _texts(session) == ["Other text."]


@pytest.mark.parametrize(("meta", "reason"), [
    ({"source_url": "javascript:alert(1)"}, "'source_url' must be an http:// or https:// address"),
    ({"title": 7}, "'title' must be a string"),
    ({"text_meta": []}, "'meta' must be an object"),
])
def test_gold_import_refuses_bad_text_metadata(session, meta, reason):
    project = make_project(session)
    report = import_annotations(session, project=project, lines=[gold_line(**meta)], as_gold=True)
    assert [(e.line_number, e.reason) for e in report.rejected] == [(1, reason)]
    assert _texts(session) == []
