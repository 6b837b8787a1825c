"""Annotation sets: versioned saves, blind access, submit/reopen, history."""
import pytest
from sqlalchemy import select

from app.annotations import saving, service
from app.annotations.models import AnnotationEvent
from app.annotations.spans import SpanInput
from app.errors import Conflict, Invalid, NotFound
from tests.factories import make_assignment, make_project, make_text, make_user

TEXT = "Xi invited Putin to visit China. I think he will go. 🙂 They also discussed Cuba."


@pytest.fixture
def setup(session):
    project = make_project(session)
    text = make_text(session, project, TEXT)
    annotator = make_user(session)
    assignment = make_assignment(session, text=text, annotator=annotator)
    return annotator, assignment.annotation_set


def readout(start=0, end=31, **attributes):
    return SpanInput(start, end, "sourced_readout", attributes or {"source": "chinese_readout"})


def test_save_replaces_spans_and_bumps_version(session, setup):
    annotator, annotation_set = setup
    saved = saving.save_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator,
                                        version=1, spans=[readout()])
    assert saved.version == 2
    assert [(s.start, s.end, s.label) for s in saved.spans] == [(0, 31, "sourced_readout")]
    assert saved.assignment.status == "draft"


def test_stale_version_is_refused(session, setup):
    annotator, annotation_set = setup
    saving.save_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator, version=1, spans=[readout()])
    with pytest.raises(Conflict) as error:
        saving.save_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator, version=1, spans=[])
    assert error.value.reason == "stale_version"
    assert len(annotation_set.spans) == 1


def test_every_save_writes_history_with_before_and_after(session, setup):
    annotator, annotation_set = setup
    first = saving.save_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator,
                                        version=1, spans=[readout()])
    span_id = first.spans[0].id
    saving.save_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator, version=2,
                                spans=[SpanInput(0, 30, "sourced_readout", {"source": "chinese_readout"}, span_id)])
    events = session.scalars(select(AnnotationEvent).where(AnnotationEvent.annotation_set_id == annotation_set.id)
                             .order_by(AnnotationEvent.id)).all()
    assert [e.set_version for e in events] == [2, 3]
    assert events[0].changes["added"][0]["end"] == 31
    assert events[1].changes["changed"] == [{"id": span_id, "before": {"start": 0, "end": 31, "label": "sourced_readout",
                                             "attributes": {"source": "chinese_readout"}},
                                             "after": {"start": 0, "end": 30, "label": "sourced_readout",
                                             "attributes": {"source": "chinese_readout"}}}]


def test_removed_span_is_recorded(session, setup):
    annotator, annotation_set = setup
    saving.save_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator, version=1, spans=[readout()])
    saving.save_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator, version=2, spans=[])
    last = session.scalars(select(AnnotationEvent).order_by(AnnotationEvent.id.desc())).first()
    assert last.changes["removed"][0]["start"] == 0


@pytest.mark.parametrize("span,reason", [
    (SpanInput(0, 999, "sourced_readout", {}), "invalid"),
    (SpanInput(5, 5, "sourced_readout", {}), "invalid"),
    (SpanInput(0, 5, "no_such_label", {}), "invalid"),
    (SpanInput(0, 5, "sourced_readout", {"source": 7}), "invalid"),
])
def test_invalid_spans_are_refused(session, setup, span, reason):
    annotator, annotation_set = setup
    with pytest.raises(Invalid) as error:
        saving.save_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator, version=1, spans=[span])
    assert error.value.reason == reason
    assert "0" in error.value.errors["spans"]


def test_overlap_is_refused_when_schema_forbids_it(session, setup):
    annotator, annotation_set = setup
    with pytest.raises(Invalid) as error:
        saving.save_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator, version=1,
                                    spans=[readout(0, 20), readout(10, 31)])
    assert error.value.reason == "overlap_not_allowed"


def test_annotators_cannot_read_each_others_sets(session, setup):
    _, annotation_set = setup
    other = make_user(session)
    with pytest.raises(NotFound):
        service.get_annotation_set(session, annotation_set_id=annotation_set.id, user=other)


def test_reviewers_can_read_any_set(session, setup):
    _, annotation_set = setup
    reviewer = make_user(session, role="reviewer")
    assert service.get_annotation_set(session, annotation_set_id=annotation_set.id, user=reviewer) is annotation_set


def test_submit_requires_required_attributes(session, setup):
    annotator, annotation_set = setup
    saving.save_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator, version=1,
                                spans=[SpanInput(0, 31, "sourced_readout", {})])
    with pytest.raises(Invalid) as error:
        service.submit_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator, version=2)
    assert error.value.reason == "missing_required_attributes"
    assert "source" in error.value.errors["spans"]["0"]


def test_submit_then_reopen_until_adjudication(session, setup):
    annotator, annotation_set = setup
    saving.save_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator, version=1, spans=[readout()])
    submitted = service.submit_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator, version=2)
    assert submitted.assignment.status == "submitted"
    with pytest.raises(Conflict) as error:
        saving.save_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator, version=3, spans=[])
    assert error.value.reason == "already_submitted"
    reopened = service.reopen_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator, version=3)
    assert reopened.assignment.status == "draft"
    service.submit_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator, version=4)
    annotation_set.assignment.text.adjudication_status = "in_progress"
    with pytest.raises(Conflict) as error:
        service.reopen_annotation_set(session, annotation_set_id=annotation_set.id, user=annotator, version=5)
    assert error.value.reason == "adjudication_started"


def test_span_after_emoji_keeps_code_point_offsets(session, setup):
    annotator, annotation_set = setup
    start = TEXT.index("They also")
    saved = saving.save_annotation_set(
        session, annotation_set_id=annotation_set.id, user=annotator, version=1,
        spans=[SpanInput(start, len(TEXT) - 1, "unverifiable_claim",
                         {"reason": "private_or_undisclosed", "check_worthiness": "medium"})])
    span = saved.spans[0]
    assert TEXT[span.start:span.end] == "They also discussed Cuba"
