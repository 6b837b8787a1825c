"""Importing Label Studio, doccano and brat files: code-point offsets after emoji, mapping, reports, doors."""
import io
import json
import zipfile

from sqlalchemy import select

from app.annotations.models import AnnotationSet, Assignment, Span
from app.auth.models import User
from app.gold.models import GoldAnnotation
from app.interop.bundles import open_path
from app.interop.service import import_annotation_files, load_mapping
from app.texts.models import Text
from tests.factories import bearer, make_project, make_user
from tests.interop.foreign_files import (
    MAPPING_YAML,
    TRICKY_SPANS,
    TRICKY_TEXT,
    doccano_line,
    labelstudio_task,
    write_brat,
)

EXPECTED = [(s, e, label) for s, e, label in zip(
    [s for s, _, _, _ in TRICKY_SPANS], [e for _, e, _, _ in TRICKY_SPANS],
    ["sourced_readout", "author_inference", "unverifiable_claim"])]


def stored_spans(session, project, annotator=None):
    query = (select(User.username, Span.start, Span.end, Span.label, Span.attributes)
             .join(AnnotationSet, AnnotationSet.id == Span.annotation_set_id)
             .join(Assignment, Assignment.id == AnnotationSet.assignment_id)
             .join(User, User.id == Assignment.annotator_id).join(Text, Text.id == Assignment.text_id)
             .where(Text.project_id == project.id).order_by(User.username, Span.start))
    rows = session.execute(query).all()
    return [(r.username, r.start, r.end, r.label, r.attributes) for r in rows if annotator in (None, r.username)]


def run_import(session, project, fmt, path, **options):
    mapping = load_mapping(project, MAPPING_YAML)
    return import_annotation_files(session, project=project, fmt=fmt, bundle=open_path(path), mapping=mapping,
                                   **options)


def test_labelstudio_utf16_offsets_after_emoji_zwj_and_flag_land_on_code_points(session, tmp_path):
    project = make_project(session)
    path = tmp_path / "export.json"
    path.write_text(json.dumps([labelstudio_task(TRICKY_TEXT, TRICKY_SPANS, "utf16")]), encoding="utf-8")
    report = run_import(session, project, "labelstudio", path)
    assert report.rejected == [] and dict(report.offsets) == {"utf16 by span texts": 1}
    spans = stored_spans(session, project)
    assert [(s, e, label) for _, s, e, label, _ in spans] == EXPECTED
    assert spans[0][4] == {"source": "russian_readout"} and spans[0][0] == "anna@example.org"
    assert TRICKY_TEXT[spans[0][1]:spans[0][2]] == "Xi said the talks were frank"


def test_doccano_member_files_in_a_zip_import_one_annotator_each_by_word_boundaries(session, tmp_path):
    project = make_project(session)
    path = tmp_path / "doccano.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("anna.jsonl", doccano_line(TRICKY_TEXT, TRICKY_SPANS, "utf16") + "\n")
        archive.writestr("bo.jsonl", doccano_line(TRICKY_TEXT, TRICKY_SPANS[:2], "codepoint") + "\n")
    report = run_import(session, project, "doccano", path)
    assert report.rejected == [] and report.stored.texts_created == 1 and report.stored.texts_reused == 1
    assert dict(report.offsets) == {"utf16 by word boundaries": 1, "codepoint by word boundaries": 1}
    assert [(s, e, label) for _, s, e, label, _ in stored_spans(session, project, "anna")] == EXPECTED
    assert [(s, e, label) for _, s, e, label, _ in stored_spans(session, project, "bo")] == EXPECTED[:2]


def test_brat_folder_with_utf8_byte_offsets_imports_spans_and_attributes(session, tmp_path):
    project = make_project(session)
    write_brat(tmp_path / "brat" / "carla", "doc1", TRICKY_TEXT, TRICKY_SPANS, "utf8")
    report = run_import(session, project, "brat", tmp_path / "brat")
    assert report.rejected == [] and dict(report.offsets) == {"utf8 by span texts": 1}
    spans = stored_spans(session, project)
    assert [(who, s, e, label) for who, s, e, label, _ in spans] == [("carla", *span) for span in EXPECTED]
    assert spans[0][4] == {"source": "russian_readout"}


def test_unmapped_labels_and_values_are_listed_by_place_and_the_rest_is_stored(session, tmp_path):
    project = make_project(session)
    spans = [TRICKY_SPANS[0][:3] + ({"quote": ["Loosely"], "source": ["Mars"]},), TRICKY_SPANS[1][:2] + ("Opinion", {})]
    path = tmp_path / "export.json"
    path.write_text(json.dumps([labelstudio_task(TRICKY_TEXT, spans, "codepoint")]), encoding="utf-8")
    report = run_import(session, project, "labelstudio", path)
    assert [(i.location, i.message.split(";")[0]) for i in report.issues] == [
        ("export.json task 1 (id 7) annotation 1 result 1", "attribute 'quote' value 'Loosely' is not a value of quote"),
        ("export.json task 1 (id 7) annotation 1 result 4", "label 'Opinion' did not map to the project's schema")]
    assert [(label, attributes) for _, _, _, label, attributes in stored_spans(session, project)] == [
        ("sourced_readout", {"source": "Mars"})]


def test_overlapping_spans_reject_their_text_through_the_span_validator(session, tmp_path):
    project = make_project(session)
    start, end = TRICKY_SPANS[0][:2]
    overlapping = [TRICKY_SPANS[0], (start + 3, end, "Inference", {})]
    path = tmp_path / "export.json"
    path.write_text(json.dumps([labelstudio_task(TRICKY_TEXT, overlapping, "codepoint")]), encoding="utf-8")
    report = run_import(session, project, "labelstudio", path)
    assert len(report.rejected) == 1 and "may not overlap" in report.rejected[0].message
    assert session.scalars(select(Text).where(Text.project_id == project.id)).all() == []


def test_as_gold_stores_the_ground_truth_annotation(session, tmp_path):
    project = make_project(session)
    task = labelstudio_task(TRICKY_TEXT, TRICKY_SPANS, "utf16", annotators=("a@x", "b@x"))
    task["annotations"][1]["ground_truth"] = True
    task["annotations"][1]["result"] = task["annotations"][1]["result"][:1]
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    report = run_import(session, project, "labelstudio", path, as_gold=True)
    assert report.rejected == []
    gold = session.scalars(select(GoldAnnotation)).all()
    assert [(g.start, g.end, g.label, g.proposed_by) for g in gold] == [EXPECTED[0] + (["b@x"],)]


def test_cli_imports_with_a_mapping_file_and_reports_the_offset_choice(runner, session, tmp_path):
    project = make_project(session)
    path, mapping = tmp_path / "export.json", tmp_path / "labels.yaml"
    path.write_text(json.dumps([labelstudio_task(TRICKY_TEXT, TRICKY_SPANS, "utf16")]), encoding="utf-8")
    mapping.write_text(MAPPING_YAML, encoding="utf-8")
    result = runner.invoke(args=["import-annotations", project.name, str(path), "--format", "labelstudio",
                                 "--map", str(mapping)])
    assert result.exit_code == 0, result.output
    assert "spans 3" in result.output and "offsets: utf16 by span texts: 1 text(s)" in result.output


def test_cli_refuses_a_mapping_to_labels_the_schema_lacks(runner, session, tmp_path):
    project = make_project(session)
    path, mapping = tmp_path / "export.json", tmp_path / "labels.yaml"
    path.write_text("[]", encoding="utf-8")
    mapping.write_text("labels: {Readout: readout}", encoding="utf-8")
    result = runner.invoke(args=["import-annotations", project.name, str(path), "--format", "labelstudio",
                                 "--map", str(mapping)])
    assert result.exit_code != 0 and "'Readout' maps to 'readout'" in result.output


def test_api_imports_a_multipart_brat_zip_with_a_mapping(client, session, tmp_path):
    project = make_project(session)
    write_brat(tmp_path / "pairs", "doc1", TRICKY_TEXT, TRICKY_SPANS, "codepoint")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in (tmp_path / "pairs").iterdir():
            archive.write(file, file.name)
    admin = bearer(session, make_user(session, role="admin"))
    response = client.post(f"/api/v1/projects/{project.id}/annotations/import?format=brat&annotator=dee",
                           headers=admin, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(buffer.getvalue()), "pairs.zip"),
                                 "mapping": (io.BytesIO(MAPPING_YAML.encode()), "labels.yaml")})
    assert response.status_code == 200, response.json
    assert response.json["spans"] == 3 and response.json["annotators_created"] == ["dee"]


def test_api_import_of_plain_jsonl_reports_bad_lines(client, session):
    project = make_project(session)
    admin = bearer(session, make_user(session, role="admin"))
    body = "\n".join([json.dumps({"id": "n1", "text": "New text here.", "annotations": []}), "{nope"])
    response = client.post(f"/api/v1/projects/{project.id}/annotations/import", headers=admin, data=body,
                           content_type="application/x-ndjson")
    assert response.status_code == 200
    assert response.json["texts_created"] == 1 and response.json["rejected"][0]["location"] == "body:2"


def test_api_import_needs_the_admin_role(client, session):
    project = make_project(session)
    reviewer = bearer(session, make_user(session, role="reviewer"))
    response = client.post(f"/api/v1/projects/{project.id}/annotations/import", headers=reviewer, data="{}")
    assert response.status_code == 403 and response.json["reason"] == "forbidden"
