"""Verdicts: draft -> awaiting sign-off -> published, sign-off by a second editor, corrections, stale saves."""
import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.errors import Conflict, Forbidden, Invalid
from app.review.service import list_history
from app.review.workflow import (
    create_verdict,
    publish_verdict,
    return_to_draft,
    save_verdict,
    sign_off,
    start_correction,
    submit_verdict,
    warnings_for,
)
from app.texts.service import update_project_settings
from tests.factories import make_user
from tests.review.conftest import claim_for

CLAIM = "The conversation lasted"


def drafted(session, desk, *, rating="accurate", phrase=CLAIM):
    project, editors, sources = desk
    claim = claim_for(session, project, phrase)
    return create_verdict(session, claim=claim, user=editors["author"], fields={
        "check_type": "attribution_fidelity", "rating": rating, "claim_reviewed": "The call lasted 85 minutes",
        "explanation": "The readout gives the same length."},
        evidence=[{"kind": "source_passage", "source_id": sources["russian"].id, "start": claim.match_start,
                   "end": claim.match_end, "score": claim.match_score}])


def published(session, desk):
    _, editors, _ = desk
    verdict = drafted(session, desk)
    submit_verdict(session, verdict=verdict, user=editors["author"], version=verdict.lock_version)
    sign_off(session, verdict=verdict, user=editors["second"], version=verdict.lock_version)
    return publish_verdict(session, verdict=verdict, user=editors["second"], version=verdict.lock_version)


def test_a_draft_stores_rating_numbers_from_the_scale(session, desk):
    verdict = drafted(session, desk, rating="accurate_with_added_framing")
    assert (verdict.rating_name, verdict.rating_value, verdict.best_rating, verdict.worst_rating) == (
        "Accurate with added framing", 4, 5, 1)
    assert (verdict.claim.status, verdict.claim.rating) == ("draft", "accurate_with_added_framing")


def test_evidence_keeps_the_passage_and_its_offsets(session, desk):
    verdict = drafted(session, desk)
    [item] = verdict.evidence
    assert item.quoted_passage == "The conversation lasted 1 hour and 25 minutes"
    assert desk[2]["russian"].content[item.start:item.end] == item.quoted_passage


def test_a_rating_outside_the_check_types_scale_is_refused(session, desk):
    with pytest.raises(Invalid) as caught:
        drafted(session, desk, rating="true")
    assert "rating" in caught.value.errors


def test_a_check_type_the_label_does_not_have_is_refused(session, desk):
    project, editors, _ = desk
    with pytest.raises(Invalid):
        create_verdict(session, claim=claim_for(session, project, CLAIM), user=editors["author"],
                       fields={"check_type": "factual_accuracy"})


def test_a_stale_save_is_a_conflict(session, desk):
    _, editors, _ = desk
    verdict = drafted(session, desk)
    loaded = verdict.lock_version
    save_verdict(session, verdict=verdict, user=editors["author"], version=loaded, fields={"explanation": "One."})
    with pytest.raises(Conflict) as caught:
        save_verdict(session, verdict=verdict, user=editors["second"], version=loaded, fields={"explanation": "Two."})
    assert caught.value.reason == "stale_version"


def test_the_author_cannot_sign_off(session, desk):
    _, editors, _ = desk
    verdict = drafted(session, desk)
    submit_verdict(session, verdict=verdict, user=editors["author"], version=verdict.lock_version)
    with pytest.raises(Forbidden) as caught:
        sign_off(session, verdict=verdict, user=editors["author"], version=verdict.lock_version)
    assert caught.value.reason == "own_verdict"


def test_publishing_needs_a_sign_off_when_the_project_says_so(session, desk):
    _, editors, _ = desk
    verdict = drafted(session, desk)
    submit_verdict(session, verdict=verdict, user=editors["author"], version=verdict.lock_version)
    with pytest.raises(Conflict) as caught:
        publish_verdict(session, verdict=verdict, user=editors["second"], version=verdict.lock_version)
    assert caught.value.reason == "signoff_required"


def test_without_sign_off_the_author_publishes_a_draft(session, desk):
    project, editors, _ = desk
    update_project_settings(session, project=project, changes={"review_signoff": False})
    verdict = drafted(session, desk)
    publish_verdict(session, verdict=verdict, user=editors["author"], version=verdict.lock_version)
    assert (verdict.status, verdict.claim.status) == ("published", "published")


def test_signed_off_verdict_is_published(session, desk):
    verdict = published(session, desk)
    assert verdict.status == "published" and verdict.signed_off_by_id == desk[1]["second"].id
    assert verdict.published_at is not None


def test_an_incomplete_draft_cannot_be_submitted(session, desk):
    _, editors, _ = desk
    verdict = drafted(session, desk, rating=None)
    with pytest.raises(Invalid) as caught:
        submit_verdict(session, verdict=verdict, user=editors["author"], version=verdict.lock_version)
    assert caught.value.reason == "verdict_incomplete"


def test_returning_to_draft_drops_the_sign_off(session, desk):
    _, editors, _ = desk
    verdict = drafted(session, desk)
    submit_verdict(session, verdict=verdict, user=editors["author"], version=verdict.lock_version)
    sign_off(session, verdict=verdict, user=editors["second"], version=verdict.lock_version)
    return_to_draft(session, verdict=verdict, user=editors["second"], version=verdict.lock_version, note="Shorter")
    assert (verdict.status, verdict.signed_off_by_id) == ("draft", None)


def test_a_correction_is_a_new_version_and_the_first_stays_readable(session, desk):
    _, editors, _ = desk
    first = published(session, desk)
    correction = start_correction(session, claim=first.claim, user=editors["author"], note="Length is 85 minutes")
    save_verdict(session, verdict=correction, user=editors["author"], version=correction.lock_version,
                 fields={"explanation": "Corrected wording."})
    submit_verdict(session, verdict=correction, user=editors["author"], version=correction.lock_version)
    sign_off(session, verdict=correction, user=editors["second"], version=correction.lock_version)
    publish_verdict(session, verdict=correction, user=editors["second"], version=correction.lock_version)
    assert [(v.number, v.status) for v in first.claim.verdicts] == [(1, "corrected"), (2, "published")]
    assert first.explanation == "The readout gives the same length." and len(first.evidence) == 1
    assert correction.correction_note == "Length is 85 minutes" and len(correction.evidence) == 1


def test_a_correction_needs_a_published_verdict(session, desk):
    verdict = drafted(session, desk)
    with pytest.raises(Conflict):
        start_correction(session, claim=verdict.claim, user=desk[1]["author"], note="x")


def test_every_step_is_in_the_history_with_who(session, desk):
    verdict = published(session, desk)
    history = list_history(session, claim=verdict.claim)
    author, second = desk[1]["author"].username, desk[1]["second"].username
    assert [(e["action"], e["user"]) for e in history] == [
        ("drafted", author), ("submitted", author), ("signed_off", second), ("published", second)]
    assert history[0]["changes"]["rating"] == {"before": None, "after": "accurate"}


def test_reviewers_cannot_write_verdicts(session, desk):
    project, _, _ = desk
    with pytest.raises(Forbidden):
        create_verdict(session, claim=claim_for(session, project, CLAIM), user=make_user(session, "reviewer"),
                       fields={"check_type": "attribution_fidelity"})


def test_a_long_claim_reviewed_is_warned_not_refused(session, desk):
    verdict = drafted(session, desk)
    save_verdict(session, verdict=verdict, user=desk[1]["author"], version=verdict.lock_version,
                 fields={"claim_reviewed": "x" * 80})
    assert warnings_for(verdict) == ["The claim reviewed has 80 characters; Google shows at most 75."]


def test_sign_off_and_publication_are_recorded_in_the_audit_log(session, desk):
    _, editors, _ = desk
    verdict = published(session, desk)
    events = session.scalars(select(AuditEvent).where(AuditEvent.target_type == "verdict")
                             .order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id, e.target_id) for e in events] == [
        ("review.verdict_signed_off", editors["second"].id, verdict.id),
        ("review.verdict_published", editors["second"].id, verdict.id)]
    assert events[1].project_id == verdict.claim.project_id
