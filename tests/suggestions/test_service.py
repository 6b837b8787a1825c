"""The suggestions layer: stored apart, accepted through the versioned save with suggested_by, decisions per
annotator, never in agreement or gold until accepted."""
import json

import pytest
from sqlalchemy import select

from app.agreement.service import compute_project_agreement
from app.annotations.models import AnnotationEvent, Span
from app.annotations.saving import save_annotation_set
from app.annotations.service import submit_annotation_set
from app.annotations.spans import SpanInput
from app.errors import Conflict, Invalid, NotFound
from app.gold.models import GoldAnnotation
from app.gold.service import adjudicate_project
from app.interop.bundles import BytesBundle
from app.interop.service import import_annotation_files
from app.suggestions.models import SuggestionDecision
from app.suggestions.service import accept_suggestions, open_suggestions, reject_suggestion, store_suggestions
from tests.factories import make_project
from tests.interop.foreign_files import TRICKY_SPANS, TRICKY_TEXT, labelstudio_task
from tests.suggestions.helpers import TEXT, phrase_span, suggested_text, text_suggestions


def test_labelstudio_predictions_import_as_suggestions_with_their_model_and_score(session):
    project = make_project(session)
    task = labelstudio_task(TRICKY_TEXT, TRICKY_SPANS[:1], "utf16", predictions=[("ner-v2", TRICKY_SPANS[1:])])
    report = import_annotation_files(session, project=project, fmt="labelstudio",
                                     bundle=BytesBundle(json.dumps([task]).encode(), "ls.json"))
    assert report.rejected == [] and report.suggestions == 2 and report.stored.spans == 1
    stored = sorted(text_suggestions(session, project_text(session, project)), key=lambda s: s.start)
    assert [(s.suggester.name, s.suggester.kind, s.label, s.confidence) for s in stored] == [
        ("ner-v2", "imported", "author_inference", 0.5), ("ner-v2", "imported", "unverifiable_claim", 0.5)]


def project_text(session, project):
    from app.texts.models import Text

    return session.scalars(select(Text).where(Text.project_id == project.id)).one()


def test_as_suggestions_makes_nobody_an_annotator(session):
    project = make_project(session)
    task = labelstudio_task(TRICKY_TEXT, TRICKY_SPANS, "utf16")
    report = import_annotation_files(session, project=project, fmt="labelstudio", as_suggestions=True,
                                     bundle=BytesBundle(json.dumps([task]).encode(), "ls.json"))
    assert (report.suggestions, report.stored.annotation_sets, report.stored.annotators_created) == (3, 0, [])


def test_open_suggestions_are_shown_until_the_project_hides_them(session):
    setup = suggested_text(session)
    assert len(open_suggestions(session, annotation_set_id=setup.set_ids["ann"], user=setup.users["ann"])) == 2
    setup.project.settings = {"show_suggestions": False}
    assert open_suggestions(session, annotation_set_id=setup.set_ids["ann"], user=setup.users["ann"]) == []


def test_nobody_reads_suggestions_through_another_annotator_s_set(session):
    setup = suggested_text(session)
    with pytest.raises(NotFound):
        open_suggestions(session, annotation_set_id=setup.set_ids["bea"], user=setup.users["ann"])


def test_accepting_saves_a_span_with_suggested_by_in_the_set_and_its_history(session):
    setup = suggested_text(session)
    first = setup.suggestions[0]
    accept_suggestions(session, annotation_set_id=setup.set_ids["ann"], suggestion_ids=[first.id],
                       user=setup.users["ann"], version=1)
    [span] = session.scalars(select(Span).where(Span.annotation_set_id == setup.set_ids["ann"])).all()
    assert (span.start, span.end, span.label) == (first.start, first.end, first.label)
    assert span.suggested_by == {"suggestion_id": first.id, "suggester": "rules", "confidence": 0.9}
    [event] = session.scalars(select(AnnotationEvent).where(AnnotationEvent.annotation_set_id == setup.set_ids["ann"])
                              .order_by(AnnotationEvent.id.desc()).limit(1)).all()
    assert event.action == "save" and event.changes["added"][0]["suggested_by"]["suggestion_id"] == first.id


def test_decisions_are_per_annotator(session):
    setup = suggested_text(session)
    first, second = setup.suggestions
    accept_suggestions(session, annotation_set_id=setup.set_ids["ann"], suggestion_ids=[first.id],
                       user=setup.users["ann"], version=1)
    reject_suggestion(session, suggestion_id=second.id, user=setup.users["ann"])
    assert open_suggestions(session, annotation_set_id=setup.set_ids["ann"], user=setup.users["ann"]) == []
    assert len(open_suggestions(session, annotation_set_id=setup.set_ids["bea"], user=setup.users["bea"])) == 2
    states = {(d.suggestion_id, d.user_id): d.state for d in session.scalars(select(SuggestionDecision))}
    assert states == {(first.id, setup.users["ann"].id): "accepted", (second.id, setup.users["ann"].id): "rejected"}


def test_removing_an_accepted_span_reopens_its_suggestion(session):
    setup = suggested_text(session)
    first = setup.suggestions[0]
    accept_suggestions(session, annotation_set_id=setup.set_ids["ann"], suggestion_ids=[first.id],
                       user=setup.users["ann"], version=1)
    save_annotation_set(session, annotation_set_id=setup.set_ids["ann"], user=setup.users["ann"], version=2, spans=[])
    assert first.id in {s.id for s in open_suggestions(session, annotation_set_id=setup.set_ids["ann"],
                                                       user=setup.users["ann"])}


def test_editing_an_accepted_span_keeps_where_it_came_from(session):
    setup = suggested_text(session)
    first = setup.suggestions[0]
    accept_suggestions(session, annotation_set_id=setup.set_ids["ann"], suggestion_ids=[first.id],
                       user=setup.users["ann"], version=1)
    span = session.scalars(select(Span).where(Span.annotation_set_id == setup.set_ids["ann"])).one()
    save_annotation_set(session, annotation_set_id=setup.set_ids["ann"], user=setup.users["ann"], version=2,
                        spans=[SpanInput(span.start, span.end, span.label, {"source": "chinese_readout"}, span.id)])
    session.expire_all()
    assert session.get(Span, span.id).suggested_by["suggestion_id"] == first.id


def test_a_span_cannot_claim_a_suggestion_of_another_text(session):
    setup = suggested_text(session)
    other = suggested_text(session)
    claimed = {"suggestion_id": other.suggestions[0].id, "suggester": "rules", "confidence": 0.9}
    with pytest.raises(Invalid, match="not on this text"):
        save_annotation_set(session, annotation_set_id=setup.set_ids["ann"], user=setup.users["ann"], version=1,
                            spans=[SpanInput(0, 2, "sourced_readout", {}, suggested_by=claimed)])


def test_accepting_against_a_stale_version_is_refused(session):
    setup = suggested_text(session)
    with pytest.raises(Conflict):
        accept_suggestions(session, annotation_set_id=setup.set_ids["ann"],
                           suggestion_ids=[setup.suggestions[0].id], user=setup.users["ann"], version=7)


def test_suggestions_never_count_in_agreement_until_accepted(session):
    setup = suggested_text(session)
    for name in ("ann", "bea"):
        submit_annotation_set(session, annotation_set_id=setup.set_ids[name], user=setup.users[name], version=1)
    before = compute_project_agreement(session, project=setup.project, bootstrap_samples=0)
    assert before["span_f1_exact_mean"] is None  # two empty sets: nothing to compare
    from app.annotations.service import reopen_annotation_set

    reopen_annotation_set(session, annotation_set_id=setup.set_ids["ann"], user=setup.users["ann"], version=2)
    accept_suggestions(session, annotation_set_id=setup.set_ids["ann"], suggestion_ids=[setup.suggestions[0].id],
                       user=setup.users["ann"], version=3)
    submit_annotation_set(session, annotation_set_id=setup.set_ids["ann"], user=setup.users["ann"], version=4)
    after = compute_project_agreement(session, project=setup.project, bootstrap_samples=0)
    assert after["span_f1_exact_mean"] == 0.0


def test_unaccepted_suggestions_never_reach_gold(session):
    setup = suggested_text(session)
    for name in ("ann", "bea"):
        submit_annotation_set(session, annotation_set_id=setup.set_ids[name], user=setup.users[name], version=1)
    adjudicate_project(session, project=setup.project, policy="majority", min_annotators=2)
    assert session.scalars(select(GoldAnnotation).where(GoldAnnotation.text_id == setup.text.id)).all() == []


def test_storing_again_replaces_only_undecided_suggestions(session):
    setup = suggested_text(session)
    reject_suggestion(session, suggestion_id=setup.suggestions[0].id, user=setup.users["ann"])
    store_suggestions(session, text=setup.text, suggester=setup.suggester,
                      spans=[phrase_span("They discussed Cuba", "unverifiable_claim")])
    kept = sorted((s.start, s.label) for s in text_suggestions(session, setup.text))
    assert kept == [(0, "sourced_readout"), (TEXT.index("They"), "unverifiable_claim")]
