"""Adjudication: items from submitted annotations, policy pre-acceptance, reviewer decisions, text status."""
import pytest
from sqlalchemy import select

from app.annotations.models import Assignment
from app.annotations.service import reopen_annotation_set
from app.annotations.spans import SpanInput
from app.errors import Conflict, Invalid
from app.gold.models import AdjudicationDecision, GoldAnnotation
from app.gold.service import adjudicate_project, adjudication_payload, next_unresolved_text
from app.gold.workflow import decide_item, start_adjudication
from tests.factories import make_assignment, make_project, make_text, make_user
from tests.gold.helpers import INFERENCE, TEXT, submitted_project


def gold_of(session, text):
    return [(g.start, g.end, g.label) for g in session.scalars(
        select(GoldAnnotation).where(GoldAnnotation.text_id == text.id).order_by(GoldAnnotation.start))]


def test_unanimous_spans_are_pre_accepted_and_conflicts_stay_open(session):
    _, text, _ = submitted_project(session)
    items = start_adjudication(session, text=text)
    assert [(i.kind, i.status) for i in items] == [("agreed", "resolved"), ("conflict", "open"), ("conflict", "open")]
    assert gold_of(session, text) == [(0, 51, "sourced_readout")]
    assert text.adjudication_status == "in_progress"


def test_start_refuses_while_someone_has_not_submitted(session):
    project = make_project(session)
    text = make_text(session, project)
    make_assignment(session, text=text, annotator=make_user(session))
    with pytest.raises(Conflict) as error:
        start_adjudication(session, text=text)
    assert error.value.reason == "annotations_pending"


def test_adjudication_blocks_reopen(session):
    _, text, users = submitted_project(session)
    start_adjudication(session, text=text)
    annotator = users["ann_a"]
    own = session.scalars(select(Assignment).where(Assignment.annotator_id == annotator.id)).one()
    with pytest.raises(Conflict) as error:
        reopen_annotation_set(session, annotation_set_id=own.annotation_set.id, user=annotator, version=3)
    assert error.value.reason == "adjudication_started"


def test_majority_policy_settles_two_of_three(session):
    project, text, _ = submitted_project(session)
    report = adjudicate_project(session, project=project, policy="majority", min_annotators=2)
    assert (report.texts_started, report.items_settled, report.items_open, report.texts_adjudicated) == (1, 3, 0, 1)
    assert [label for _, _, label in gold_of(session, text)] == ["sourced_readout", "author_inference",
                                                                 "unverifiable_claim"]
    assert text.adjudication_status == "adjudicated"


def test_reviewer_decisions_are_recorded_and_close_the_text(session):
    _, text, users = submitted_project(session)
    reviewer = make_user(session, role="reviewer")
    open_items = [i for i in start_adjudication(session, text=text) if i.status == "open"]
    decide_item(session, item_id=open_items[0].id, reviewer=reviewer, action="accept_annotator",
                annotator=users["ann_c"].username, reason="shorter is the clause")
    assert text.adjudication_status == "in_progress"
    decide_item(session, item_id=open_items[1].id, reviewer=reviewer, action="no_span")
    assert text.adjudication_status == "adjudicated"
    decision = session.scalars(select(AdjudicationDecision).where(
        AdjudicationDecision.item_id == open_items[0].id)).one()
    assert (decision.action, decision.reason, decision.decided_by_id) == ("accept_annotator", "shorter is the clause",
                                                                          reviewer.id)
    assert decision.tally["candidates"][0]["votes"] == sorted([users["ann_a"].username, users["ann_b"].username])
    assert [label for _, _, label in gold_of(session, text)] == ["sourced_readout", "author_inference"]


def test_a_new_decision_replaces_the_items_gold_and_keeps_the_old_decision(session):
    _, text, _ = submitted_project(session)
    reviewer = make_user(session, role="reviewer")
    item = [i for i in start_adjudication(session, text=text) if i.status == "open"][0]
    decide_item(session, item_id=item.id, reviewer=reviewer, action="reject_all")
    edited = SpanInput(item.start, item.start + 7, "author_inference", INFERENCE)
    decide_item(session, item_id=item.id, reviewer=reviewer, action="edit", spans=[edited])
    assert (item.start, item.start + 7, "author_inference") in gold_of(session, text)
    assert len(item.decisions) == 2


def test_edit_needs_required_attributes(session):
    _, text, _ = submitted_project(session)
    item = [i for i in start_adjudication(session, text=text) if i.status == "open"][0]
    with pytest.raises(Invalid) as error:
        decide_item(session, item_id=item.id, reviewer=make_user(session, role="reviewer"), action="edit",
                    spans=[SpanInput(item.start, item.end, "author_inference", {})])
    assert error.value.reason == "missing_required_attributes"


def test_edit_may_not_overlap_other_gold(session):
    _, text, _ = submitted_project(session)
    item = [i for i in start_adjudication(session, text=text) if i.status == "open"][0]
    inside_agreed_gold = TEXT.index("Putin accepted")
    with pytest.raises(Invalid) as error:
        decide_item(session, item_id=item.id, reviewer=make_user(session, role="reviewer"), action="edit",
                    spans=[SpanInput(inside_agreed_gold, inside_agreed_gold + 5, "author_inference", INFERENCE)])
    assert error.value.reason == "overlap_not_allowed"


def test_payload_has_lanes_items_and_gold(session):
    _, text, users = submitted_project(session)
    start_adjudication(session, text=text)
    payload = adjudication_payload(session, text=text)
    assert payload["annotators"] == sorted(u.username for u in users.values())
    assert payload["open_count"] == 2
    assert payload["items"][0]["decision"]["action"] == "policy"
    assert len(payload["lanes"][users["ann_a"].username]) == 3


def test_next_unresolved_text(session):
    project, text, _ = submitted_project(session)
    assert next_unresolved_text(session, project=project) == text
    adjudicate_project(session, project=project, policy="majority", min_annotators=2)
    assert next_unresolved_text(session, project=project) is None
