"""Foreign formats (Label Studio, doccano, brat) meet the same input checks: refused by place, nothing stored."""
import io
import json

from sqlalchemy import func, select

from app.interop.bundles import open_path
from app.interop.service import import_annotation_files, load_mapping
from app.texts.models import Text
from tests.factories import bearer, make_project, make_user
from tests.interop.foreign_files import MAPPING_YAML, TRICKY_SPANS, TRICKY_TEXT, doccano_line, write_brat


def _import(session, project, fmt, path):
    return import_annotation_files(session, project=project, fmt=fmt, bundle=open_path(path),
                                   mapping=load_mapping(project, MAPPING_YAML))


def _texts(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Text))


def test_a_deeply_nested_labelstudio_export_is_unreadable(session, tmp_path):
    project = make_project(session)
    path = tmp_path / "export.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    report = _import(session, project, "labelstudio", path)
    assert [(issue.location, issue.message) for issue in report.rejected] == [
        ("export.json", "not a Label Studio JSON export: not valid JSON: nested more than 64 levels deep")]


def test_a_doccano_line_that_is_not_utf8_is_rejected_instead_of_replaced(session, tmp_path):
    project = make_project(session)
    path = tmp_path / "anna.jsonl"
    good = doccano_line(TRICKY_TEXT, TRICKY_SPANS[:1], "codepoint").encode("utf-8")
    path.write_bytes(good + b'\n{"id": 4, "text": "Caf\xe9", "label": []}\n')
    report = _import(session, project, "doccano", path)
    assert [(issue.location, issue.message) for issue in report.rejected] == [
        ("anna.jsonl:2", "not valid UTF-8 (byte 0xe9 at byte 22)")]
    assert _texts(session) == 1


def test_a_brat_pair_that_is_not_utf8_is_rejected_instead_of_replaced(session, tmp_path):
    project = make_project(session)
    write_brat(tmp_path / "brat" / "carla", "doc1", TRICKY_TEXT, TRICKY_SPANS, "utf8")
    (tmp_path / "brat" / "carla" / "doc1.txt").write_bytes(TRICKY_TEXT.encode("utf-8") + b" caf\xe9")
    report = _import(session, project, "brat", tmp_path / "brat")
    assert [issue.location for issue in report.rejected] == ["carla/doc1.txt/.ann"]
    assert report.rejected[0].message.startswith("not valid UTF-8 (byte 0xe9")
    assert _texts(session) == 0


def test_a_doccano_text_with_a_control_character_is_rejected(session, tmp_path):
    project = make_project(session)
    path = tmp_path / "anna.jsonl"
    path.write_text(json.dumps({"id": 1, "text": "Bell \u0007 rings.", "label": [[0, 4, "Inference"]]}) + "\n")
    report = _import(session, project, "doccano", path)
    assert [(issue.location, issue.message) for issue in report.rejected] == [
        ("anna.jsonl:1", "'text' contains the control character U+0007 at character 5")]
    assert _texts(session) == 0


def test_a_mapping_file_that_is_not_utf8_is_a_422(client, session):
    project = make_project(session)
    body = {"file": (io.BytesIO(doccano_line(TRICKY_TEXT, TRICKY_SPANS, "codepoint").encode("utf-8")), "a.jsonl"),
            "mapping": (io.BytesIO(b"labels: caf\xe9"), "m.yaml")}
    response = client.post(f"/api/v1/projects/{project.id}/annotations/import?format=jsonl", data=body,
                           content_type="multipart/form-data", headers=bearer(session, make_user(session, role="admin")))
    assert (response.status_code, response.json["reason"]) == (422, "bad_mapping")


def test_an_upload_that_only_looks_like_a_zip_is_a_422(client, session):
    project = make_project(session)
    response = client.post(f"/api/v1/projects/{project.id}/annotations/import?format=brat",
                           data={"file": (io.BytesIO(b"PK\x03\x04 but no archive"), "brat.zip")},
                           content_type="multipart/form-data", headers=bearer(session, make_user(session, role="admin")))
    assert (response.status_code, list(response.json["errors"])) == (422, ["file"])
