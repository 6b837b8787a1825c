"""Exporting every annotator's annotations, and factspan -> Label Studio -> factspan losing nothing."""
import io
import json
import zipfile

from sqlalchemy import select
from app.agreement.documents import parse_annotations_jsonl
from app.annotations.saving import save_annotation_set
from app.annotations.service import submit_annotation_set
from app.annotations.spans import SpanInput
from app.interop.bundles import BytesBundle
from app.interop.exporting import export_annotations
from app.interop.service import import_annotation_files
from app.suggestions.models import Suggestion
from app.suggestions.service import store_suggestions, suggester_named
from tests.factories import bearer, make_assignment, make_project, make_text, make_user
from tests.interop.test_import import stored_spans

TEXT = "👩‍👩‍👧 🇫🇷 Xi said the talks were frank. I think they will meet again. They discussed Cuba."
READOUT = {"source": "russian_readout", "quote": "paraphrase", "author_framing": True,
           "cue_text": "with Ushakov saying"}


def phrase(text, words, label, attributes=None, suggested_by=None):
    start = text.index(words)
    return SpanInput(start, start + len(words), label, attributes or {}, suggested_by=suggested_by)


def annotated_project(session, name="source"):
    project = make_project(session, name=name)
    text = make_text(session, project, TEXT, title="Call", external_id="call-1")
    inference = TEXT.index("I think they will meet again")
    store_suggestions(session, text=text, suggester=suggester_named(session, project=project, name="rules",
                                                                    kind="rules"),
                      spans=[{"start": inference, "end": inference + 28, "label": "author_inference",
                              "confidence": 0.6}])
    [suggestion] = session.scalars(select(Suggestion).where(Suggestion.text_id == text.id)).all()
    origin = {"suggestion_id": suggestion.id, "suggester": "rules", "confidence": 0.6}
    plans = {
        "anna": ([phrase(TEXT, "Xi said the talks were frank", "sourced_readout", READOUT),
                  phrase(TEXT, "I think they will meet again", "author_inference",
                         {"inference_type": "evaluation_prediction", "cue": "I think"},
                         suggested_by=origin)], True),
        "bo": ([phrase(TEXT, "They discussed Cuba", "unverifiable_claim",
                       {"reason": "private_or_undisclosed", "check_worthiness": "high"})], True),
        "cy": ([phrase(TEXT, "Xi said the talks", "sourced_readout", {"source": "chinese_readout"})], False),
    }
    for username, (spans, submit) in plans.items():
        user = make_user(session, username=f"{username}-{name}")
        set_id = make_assignment(session, text=text, annotator=user).annotation_set.id
        save_annotation_set(session, annotation_set_id=set_id, user=user, version=1, spans=spans)
        if submit:
            submit_annotation_set(session, annotation_set_id=set_id, user=user, version=2)
    return project


def exported(session, project, fmt, **options) -> bytes:
    out = io.BytesIO()
    export_annotations(session, project=project, fmt=fmt, out=out, **options)
    return out.getvalue()


def test_jsonl_holds_submitted_work_and_reads_as_agreement_input(session):
    project = annotated_project(session)
    [line] = exported(session, project, "jsonl").decode().splitlines()
    documents, errors = parse_annotations_jsonl([line])
    assert errors == [] and sorted(documents[0].annotations) == ["anna-source", "bo-source"]
    record = json.loads(line)
    assert record["id"] == "call-1" and record["annotations"][0]["spans"][1]["suggested_by"]["suggester"] == "rules"


def test_drafts_are_exported_only_when_asked(session):
    project = annotated_project(session)
    [line] = exported(session, project, "jsonl", include_drafts=True).decode().splitlines()
    statuses = {a["annotator"]: a["status"] for a in json.loads(line)["annotations"]}
    assert statuses == {"anna-source": "submitted", "bo-source": "submitted", "cy-source": "draft"}


def test_factspan_to_labelstudio_to_factspan_loses_nothing(session):
    project = annotated_project(session)
    labelstudio = exported(session, project, "labelstudio", include_drafts=True)
    copy = make_project(session, name="copy")
    report = import_annotation_files(session, project=copy, fmt="labelstudio",
                                     bundle=BytesBundle(labelstudio, "export.json"))
    assert report.rejected == [] and report.issues == []
    assert stored_spans(session, copy) == stored_spans(session, project)
    assert len({who for who, *_ in stored_spans(session, copy)}) == 3
    assert json.loads(exported(session, copy, "jsonl", include_drafts=True))["annotations"][0]["spans"][1][
        "suggested_by"]["suggester"] == "rules"


def test_labelstudio_regions_carry_code_points_text_and_per_region_choices(session):
    project = annotated_project(session)
    [task] = json.loads(exported(session, project, "labelstudio"))
    result = task["annotations"][0]["result"]
    region = result[0]
    assert TEXT[region["value"]["start"]:region["value"]["end"]] == region["value"]["text"]
    controls = {r["from_name"]: (r["type"], r["value"]) for r in result if r["id"] == region["id"] and r is not region}
    assert controls["source"][0] == "choices" and controls["source"][1]["choices"] == ["russian_readout"]
    assert controls["author_framing"][1]["choices"] == ["true"] and controls["cue_text"][0] == "textarea"


def test_labelstudio_predictions_import_back_as_suggestions_not_work(session):
    project = annotated_project(session)
    [task] = json.loads(exported(session, project, "labelstudio", as_predictions=True))
    assert "annotations" not in task and [p["model_version"] for p in task["predictions"]] == [
        "anna-source", "bo-source"]


def test_doccano_zip_has_one_file_per_annotator(session):
    project = annotated_project(session)
    with zipfile.ZipFile(io.BytesIO(exported(session, project, "doccano"))) as archive:
        assert sorted(archive.namelist()) == ["anna-source.jsonl", "bo-source.jsonl"]
        [line] = archive.read("bo-source.jsonl").decode().splitlines()
    record = json.loads(line)
    start = TEXT.index("They discussed Cuba")
    assert record["label"] == [[start, start + 19, "unverifiable_claim"]] and record["text"] == TEXT


def test_cli_writes_the_export(runner, session, tmp_path):
    project = annotated_project(session)
    out = tmp_path / "all.jsonl"
    result = runner.invoke(args=["export-annotations", project.name, "--format", "jsonl", "--out", str(out),
                                 "--include-drafts"])
    assert result.exit_code == 0, result.output
    assert "1 text(s)" in result.output and len(json.loads(out.read_text())["annotations"]) == 3


def test_api_download_for_reviewers(client, session):
    project = annotated_project(session)
    url = f"/api/v1/projects/{project.id}/annotations/export?format=doccano"
    response = client.get(url, headers=bearer(session, make_user(session, role="reviewer")))
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert zipfile.is_zipfile(io.BytesIO(response.data))


def test_api_download_is_refused_to_annotators(client, session):
    project = annotated_project(session)
    url = f"/api/v1/projects/{project.id}/annotations/export?format=jsonl"
    refused = client.get(url, headers=bearer(session, make_user(session, role="annotator")))
    assert refused.status_code == 403 and refused.json["reason"] == "forbidden"
