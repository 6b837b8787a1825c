"""The claims queue: built from a release or the current gold, idempotent, filtered, sorted; sources and matches."""
import pytest
from sqlalchemy import func, select

from app.errors import Conflict, Invalid, NotFound
from app.review.models import Claim
from app.review.service import (
    ClaimFilters,
    add_comment,
    assign_claim,
    assign_round_robin,
    build_queue,
    list_claims,
    list_history,
    queue_counts,
)
from app.review.sources import add_source, update_source
from app.review.workflow import create_verdict
from tests.factories import make_project, make_text, make_user
from tests.review.conftest import claim_for
from tests.review.helpers import gold_line, released_seed_project
from tests.review.readouts import LEFT_OUT, RUSSIAN_READOUT, SEED_GOLD
from app.gold.importing import import_annotations

QUEUED = [entry for entry in SEED_GOLD if entry[2] in ("sourced_readout", "unverifiable_claim")]


def test_queue_has_one_claim_per_reviewable_gold_span(session, desk):
    project, _, _ = desk
    labels = dict(session.execute(select(Claim.label, func.count()).where(Claim.project_id == project.id)
                                  .group_by(Claim.label)).all())
    assert labels == {"sourced_readout": sum(e[2] == "sourced_readout" for e in QUEUED),
                      "unverifiable_claim": sum(e[2] == "unverifiable_claim" for e in QUEUED)}


def test_rebuilding_the_queue_for_the_same_release_adds_nothing(session, desk):
    project, _, _ = desk
    report = build_queue(session, project=project, release_name="v1")
    assert (report.created, report.existing) == (0, len(QUEUED))


def test_claims_keep_the_span_ref_of_their_release(session, desk):
    project, _, _ = desk
    claim = claim_for(session, project, "The conversation lasted")
    assert (claim.gold_version, claim.text.content[claim.start:claim.end]) == ("v1", claim.span_text)
    assert claim.release_id is not None


def test_queue_from_the_current_gold_is_its_own_gold_version(session):
    project = make_project(session)
    text = "Xi invited Putin to visit China. Because Putin wanted to warn Xi."
    spans = [{"start": 0, "end": 31, "label": "sourced_readout", "attributes": {"source": "chinese_readout"}},
             {"start": 33, "end": 64, "label": "unverifiable_claim",
              "attributes": {"reason": "motive_or_intent", "check_worthiness": "high"}}]
    import_annotations(session, project=project, lines=[gold_line(text, spans)], as_gold=True)
    report = build_queue(session, project=project)
    assert (report.gold_version, report.created) == ("", 2)


def test_unknown_release_is_not_found(session, desk):
    with pytest.raises(NotFound):
        build_queue(session, project=desk[0], release_name="v9")


def test_queue_sorts_by_check_worthiness_then_position(session, desk):
    project, _, _ = desk
    claims, total = list_claims(session, project=project, filters=ClaimFilters())
    assert total == len(QUEUED)
    assert [c.attributes.get("check_worthiness") for c in claims[:2]] == ["medium", "low"]
    rest = [(c.text_id, c.start) for c in claims[2:]]
    assert rest == sorted(rest)


@pytest.mark.parametrize(("filters", "expected"), [
    (ClaimFilters(label="unverifiable_claim"), 2),
    (ClaimFilters(check_type="factual_accuracy"), 2),
    (ClaimFilters(check_type="attribution_fidelity"), len(QUEUED) - 2),
    (ClaimFilters(status="unreviewed"), len(QUEUED)),
    (ClaimFilters(status="draft"), 0),
    (ClaimFilters(assignee="none"), len(QUEUED)),
])
def test_queue_filters(session, desk, filters, expected):
    assert list_claims(session, project=desk[0], filters=filters)[1] == expected


def test_weak_matches_are_flagged_before_anyone_opens_the_claim(session, desk):
    project, _, _ = desk
    weak, _ = list_claims(session, project=project, filters=ClaimFilters(weak_only=True))
    assert LEFT_OUT in [c.span_text[:len(LEFT_OUT)] for c in weak]
    assert "The conversation lasted 1 hour and 25 minutes" not in [c.span_text for c in weak]


def test_matching_passage_is_stored_with_offsets_into_the_source(session, desk):
    project, _, sources = desk
    claim = claim_for(session, project, "The conversation lasted")
    passage = sources["russian"].content[claim.match_start:claim.match_end]
    assert (claim.match_source_id, passage) == (sources["russian"].id, "The conversation lasted 1 hour and 25 minutes")
    assert claim.match_score == 100


def test_adding_a_source_later_matches_the_claims_it_backs(session):
    project = released_seed_project(session)
    build_queue(session, project=project, release_name="v1")
    claim = claim_for(session, project, "The conversation lasted")
    assert claim.match_score is None
    add_source(session, project=project, title="Kremlin", content=RUSSIAN_READOUT, linked_values=["russian_readout"],
               user=None)
    session.refresh(claim)
    assert claim.match_score == 100


def test_changing_a_source_text_recomputes_the_matches(session, desk):
    project, _, sources = desk
    update_source(session, source=sources["russian"], changes={"content": "Nothing about the call at all."})
    claim = claim_for(session, project, "The conversation lasted")
    session.refresh(claim)
    assert claim.match_score < 70


def test_source_text_cited_by_evidence_cannot_change(session, desk):
    project, editors, sources = desk
    claim = claim_for(session, project, "The conversation lasted")
    create_verdict(session, claim=claim, user=editors["author"], fields={"check_type": "attribution_fidelity"},
                   evidence=[{"kind": "source_passage", "source_id": sources["russian"].id, "start": claim.match_start,
                              "end": claim.match_end}])
    with pytest.raises(Conflict) as caught:
        update_source(session, source=sources["russian"], changes={"content": "Another text."})
    assert caught.value.reason == "source_cited"


def test_a_source_needs_a_linked_value(session, desk):
    with pytest.raises(Invalid):
        add_source(session, project=desk[0], title="x", content="Some text.", linked_values=[" "], user=None)


def test_round_robin_deals_unassigned_claims_in_turn(session, desk):
    project, editors, _ = desk
    dealt = assign_round_robin(session, project=project, editors=[editors["author"].username,
                                                                 editors["second"].username], user=None)
    assert sorted(dealt.values()) == [len(QUEUED) // 2, len(QUEUED) - len(QUEUED) // 2]
    first, _ = list_claims(session, project=project, filters=ClaimFilters(), per_page=2)
    assert [c.assignee_id for c in first] == [editors["author"].id, editors["second"].id]


def test_round_robin_refuses_a_non_editor(session, desk):
    with pytest.raises(Invalid):
        assign_round_robin(session, project=desk[0], editors=[make_user(session, "reviewer").username], user=None)


def test_assigning_by_hand_is_in_the_history(session, desk):
    project, editors, _ = desk
    claim = claim_for(session, project, "They also discussed Cuba")
    assign_claim(session, claim=claim, assignee=editors["second"], user=editors["author"])
    [event] = list_history(session, claim=claim)
    assert (event["action"], event["user"], event["changes"]["assignee"]["after"]) == (
        "assigned", editors["author"].username, editors["second"].username)
    assert list_claims(session, project=project, filters=ClaimFilters(assignee=editors["second"].username))[1] == 1


def test_comments_are_a_thread_in_the_history(session, desk):
    project, editors, _ = desk
    claim = claim_for(session, project, "They also discussed Cuba")
    add_comment(session, claim=claim, user=editors["author"], body="The readout says Havana, not Cuba.")
    assert [e["action"] for e in list_history(session, claim=claim)] == ["commented"]


def test_queue_counts_per_status(session, desk):
    project, editors, _ = desk
    create_verdict(session, claim=claim_for(session, project, "They also discussed Cuba"), user=editors["author"],
                   fields={"check_type": "attribution_fidelity"})
    assert queue_counts(session, project_ids=[project.id]) == {project.id: {"unreviewed": len(QUEUED) - 1,
                                                                            "draft": 1}}


def test_a_schema_without_review_section_queues_nothing(session):
    project = make_project(session)
    document = dict(project.annotation_schema_version.document)
    document["review"] = {**document["review"], "labels": []}
    project.annotation_schema_version.document = document
    make_text(session, project)
    with pytest.raises(Invalid) as caught:
        build_queue(session, project=project)
    assert caught.value.reason == "nothing_reviewable"
