"""Releases: frozen and immutable, exported in every format, diffed, and round-tripped through import."""
import io
import json
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.errors import Conflict, Invalid
from app.gold.formats import FORMATS
from app.gold.importing import import_annotations
from app.annotations.service import submit_annotation_set
from app.gold import releases
from app.gold.models import AdjudicationDecision, GoldAnnotation
from app.gold.releases import check_release, diff_releases, export_release, release_gold
from app.gold.service import adjudicate_project
from app.gold.workflow import decide_item, start_adjudication
from app.annotations.spans import SpanInput
from tests.factories import bearer, make_assignment, make_project, make_text, make_user
from tests.gold.helpers import submitted_project


@pytest.fixture
def released(session):
    project, text, users = submitted_project(session)
    adjudicate_project(session, project=project, policy="majority", min_annotators=2)
    return project, text, release_gold(session, project=project, name="v1", user=None, notes="first")


def export_bytes(session, release, fmt):
    out = io.BytesIO()
    export_release(session, release=release, fmt=fmt, out=out)
    return out.getvalue()


def test_release_records_counts_agreement_and_hash(session, released):
    _, _, release = released
    assert (release.text_count, release.span_count) == (1, 3)
    assert release.label_counts == {"author_inference": 1, "sourced_readout": 1, "unverifiable_claim": 1}
    assert release.annotator_count == 3 and release.adjudicator_count == 0
    assert len(release.sha256) == 64 and release.agreement["documents"] == 1
    import hashlib
    assert hashlib.sha256(export_bytes(session, release, "jsonl")).hexdigest() == release.sha256


def test_release_names_are_unique(session, released):
    project, _, _ = released
    with pytest.raises(Conflict):
        release_gold(session, project=project, name="v1", user=None)


def test_release_needs_adjudicated_texts(session):
    project = make_project(session)
    with pytest.raises(Invalid) as error:
        release_gold(session, project=project, name="v1", user=None)
    assert error.value.reason == "nothing_adjudicated"


def test_jsonl_spans_match_text_and_carry_provenance(session, released):
    _, text, release = released
    [line] = export_bytes(session, release, "jsonl").decode().splitlines()
    document = json.loads(line)
    assert document["sha256"] == text.sha256 and document["meta"]["offset_unit"] == "codepoint"
    for span in document["spans"]:
        assert span["provenance"]["decision"] == "policy"
        assert document["text"][span["start"]:span["end"]]
    assert document["spans"][0]["attributes"] == {"source": "chinese_readout"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_exports(session, released, fmt):
    data = export_bytes(session, released[2], fmt)
    assert data
    if fmt == "brat":
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert any(n.endswith(".ann") for n in names) and "annotation.conf" in names


def test_release_is_frozen_against_later_gold_changes(session, released):
    project, text, release = released
    before = export_bytes(session, release, "jsonl")
    item = [i for i in start_adjudication(session, text=text)][1]
    decide_item(session, item_id=item.id, reviewer=make_user(session, role="reviewer"), action="no_span")
    assert export_bytes(session, release, "jsonl") == before
    second = release_gold(session, project=project, name="v2", user=None)
    diff = diff_releases(session, first=release, second=second)
    assert [s["label"] for s in diff["removed"]] == ["author_inference"] and diff["added"] == []


def test_jsonl_export_imports_back_identically(session, released):
    _, text, release = released
    lines = export_bytes(session, release, "jsonl").decode().splitlines()
    target = make_project(session, name="round trip")
    report = import_annotations(session, project=target, lines=lines, as_gold=True)
    assert report.rejected == [] and report.texts_created == 1
    original = {(g.start, g.end, g.label, json.dumps(g.attributes, sort_keys=True)) for g in session.scalars(
        select(GoldAnnotation).where(GoldAnnotation.text_id == text.id))}
    copy = session.scalars(select(GoldAnnotation).where(GoldAnnotation.text_id != text.id)).all()
    assert {(g.start, g.end, g.label, json.dumps(g.attributes, sort_keys=True)) for g in copy} == original
    again = release_gold(session, project=target, name="copy", user=None)
    [copied] = export_bytes(session, again, "jsonl").decode().splitlines()
    original_doc, copied_doc = json.loads(lines[0]), json.loads(copied)
    assert copied_doc["text"] == original_doc["text"]
    assert [(s["start"], s["end"], s["label"], s["attributes"]) for s in copied_doc["spans"]] == \
        [(s["start"], s["end"], s["label"], s["attributes"]) for s in original_doc["spans"]]


def test_import_annotations_creates_inactive_annotators_and_reports_bad_lines(session):
    project = make_project(session)
    good = {"id": "d1", "text": "Xi spoke. I think so.", "annotations": [
        {"annotator": "ext_anna", "spans": [{"start": 0, "end": 8, "label": "sourced_readout",
                                             "attributes": {"source": "chinese_readout"}}]},
        {"annotator": "ext_bo", "spans": []}]}
    bad_label = {"id": "d2", "text": "Other.", "annotations": [
        {"annotator": "ext_anna", "spans": [{"start": 0, "end": 5, "label": "nope"}]}]}
    lines = [json.dumps(good), "{oops", json.dumps(bad_label), json.dumps({"id": "d3"})]
    report = import_annotations(session, project=project, lines=lines)
    assert (report.texts_created, report.annotation_sets, report.spans) == (1, 2, 1)
    assert sorted(report.annotators_created) == ["ext_anna", "ext_bo"]
    assert [(e.line_number, e.reason.split(":")[0]) for e in report.rejected] == [
        (2, "not valid JSON"), (3, "span 0"), (4, "each line needs 'text' (a string) and 'annotations' (a list)")]
    assert "Unknown label 'nope'" in report.rejected[1].reason
    from app.auth.service import get_user_by_username
    assert get_user_by_username(session, "ext_anna").active is False


def test_a_release_identical_to_the_previous_one_is_refused(session, released):
    project, _, _ = released
    with pytest.raises(Conflict) as refused:
        release_gold(session, project=project, name="v2", user=None)
    assert refused.value.reason == "release_unchanged" and "'v1'" in refused.value.message


def test_an_identical_release_goes_through_when_allowed(session, released):
    project, _, first = released
    second = release_gold(session, project=project, name="v2", user=None, allow_unchanged=True)
    assert (second.text_count, second.span_count) == (first.text_count, first.span_count)


def test_changed_attributes_are_a_change(session, released):
    project, text, _ = released
    [item] = [i for i in start_adjudication(session, text=text) if i.proposals[0]["label"] == "sourced_readout"]
    decide_item(session, item_id=item.id, reviewer=make_user(session, role="reviewer"), action="edit",
                spans=[SpanInput(item.start, item.end, "sourced_readout", {"source": "russian_readout"})])
    assert release_gold(session, project=project, name="v2", user=None).name == "v2"


def decided_long_before_the_release(session):
    """Move every decision an hour back, as if the gold had been settled long before it was released."""
    for decision in session.scalars(select(AdjudicationDecision)):
        decision.created_at -= timedelta(hours=1)
    session.flush()


def test_the_quick_check_refuses_an_unchanged_release_by_comparing_the_texts_just_decided(session, released):
    project, _, _ = released
    with pytest.raises(Conflict) as refused:
        check_release(session, project=project, name="v2")
    assert refused.value.reason == "release_unchanged" and "'v1'" in refused.value.message


def test_the_quick_check_lets_a_changed_text_through_to_the_release(session, released):
    project, text, _ = released
    [item] = [i for i in start_adjudication(session, text=text) if i.proposals[0]["label"] == "sourced_readout"]
    decide_item(session, item_id=item.id, reviewer=make_user(session, role="reviewer"), action="edit",
                spans=[SpanInput(item.start, item.end, "sourced_readout", {"source": "russian_readout"})])
    assert check_release(session, project=project, name=" v2 ") == "v2"


def test_long_settled_gold_is_unchanged_without_reading_any_text(session, released, monkeypatch):
    project, _, _ = released
    decided_long_before_the_release(session)
    monkeypatch.setattr(releases, "UNCHANGED_CHECK_TEXTS", 0)  # no recently decided text to compare
    with pytest.raises(Conflict) as refused:
        check_release(session, project=project, name="v2")
    assert refused.value.reason == "release_unchanged"


def test_many_recently_decided_texts_are_left_to_the_full_comparison(session, released, monkeypatch):
    project, _, _ = released
    monkeypatch.setattr(releases, "UNCHANGED_CHECK_TEXTS", 0)
    assert check_release(session, project=project, name="v2") == "v2"
    with pytest.raises(Conflict) as refused:
        release_gold(session, project=project, name="v2", user=None)
    assert refused.value.reason == "release_unchanged"


def test_a_text_adjudicated_without_a_decision_is_a_change(session, released):
    project, _, _ = released
    decided_long_before_the_release(session)
    text = make_text(session, project, "Nothing here to mark.")
    for _ in range(2):  # two annotators who marked nothing: the text is settled with no item and no decision
        annotator = make_user(session)
        assignment = make_assignment(session, text=text, annotator=annotator)
        submit_annotation_set(session, annotation_set_id=assignment.annotation_set.id, user=annotator, version=1)
    assert adjudicate_project(session, project=project, policy="majority", min_annotators=2).texts_adjudicated == 2
    assert check_release(session, project=project, name="v2") == "v2"
    assert release_gold(session, project=project, name="v2", user=None).text_count == 2


@pytest.mark.parametrize("name", ["v 2", "v2/evil", "x" * 101])
def test_a_release_name_holds_letters_digits_dots_underscores_and_dashes(session, released, name):
    project, _, _ = released
    with pytest.raises(Invalid) as refused:
        release_gold(session, project=project, name=name, user=None)
    assert refused.value.errors == {"name": ["Use letters, digits, . _ -"]}


def test_cli_refuses_an_unchanged_release_unless_allowed(runner, session, released):
    project, _, _ = released
    refused = runner.invoke(args=["gold", "release", project.name, "--name", "v2"])
    assert refused.exit_code != 0 and "would hold exactly what 'v1' holds" in refused.output
    allowed = runner.invoke(args=["gold", "release", project.name, "--name", "v2", "--allow-unchanged", "--notes",
                                  "same gold, new schema docs"])
    assert allowed.exit_code == 0, allowed.output
    listing = runner.invoke(args=["gold", "releases", project.name]).output
    assert "first" in listing and "same gold, new schema docs" in listing


def test_api_refuses_an_unchanged_release_with_409_unless_allowed(client, session, released):
    project, _, _ = released
    headers = bearer(session, make_user(session, role="reviewer"))
    url = f"/api/v1/projects/{project.id}/gold/releases"
    refused = client.post(url, json={"name": "v2"}, headers=headers)
    assert (refused.status_code, refused.json["reason"]) == (409, "release_unchanged")
    assert client.post(url, json={"name": "v2", "allow_unchanged": True}, headers=headers).status_code == 201


def test_the_gold_page_shows_release_notes(client, session, released):
    project, _, _ = released
    html = client.get(f"/projects/{project.id}/gold", headers=bearer(session, make_user(session, role="reviewer")))
    assert '<td data-testid="release-notes-shown">first</td>' in html.get_data(as_text=True)


def test_brat_conf_declares_the_schemas_attributes_and_values_not_only_those_used(session, released):
    _, _, release = released
    conf = zipfile.ZipFile(io.BytesIO(export_bytes(session, release, "brat"))).read("annotation.conf").decode()
    attributes = conf.split("[attributes]\n")[1].splitlines()
    assert "author_framing\tArg:READOUT" in attributes
    assert "quote\tArg:READOUT, Value:direct|partial_direct|paraphrase" in attributes
    assert "source\tArg:READOUT, Value:russian_readout|chinese_readout|other_official|unclear" in attributes
    assert "check_worthiness\tArg:UNVERIFIABLE, Value:high|medium|low" in attributes


def test_a_release_is_recorded_in_the_audit_log(session, released):
    project, _, release = released
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "gold.released")).all()
    assert (event.target_id, event.project_id, event.actor_id) == (release.id, project.id, None)
    assert event.changes["name"] == "v1" and event.changes["sha256"] == release.sha256
