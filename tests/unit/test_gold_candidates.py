"""Grouping overlapping proposals and settling them by policy."""
import pytest

from app.gold.candidates import Proposal, group_proposals, is_unanimous_exact, settle, votes_needed

A, B, C = "ann_a", "ann_b", "ann_c"


def p(annotator, start, end, label="x", **attributes):
    return Proposal(annotator, start, end, label, attributes)


def test_groups_join_overlaps_and_split_on_touching():
    groups = group_proposals([p(A, 0, 5), p(B, 3, 8), p(C, 8, 10), p(A, 20, 25)])
    assert [(g.start, g.end, len(g.proposals)) for g in groups] == [(0, 8, 2), (8, 10, 1), (20, 25, 1)]


def test_chain_of_overlaps_is_one_group():
    groups = group_proposals([p(A, 0, 5), p(B, 4, 12), p(C, 11, 15)])
    assert [(g.start, g.end) for g in groups] == [(0, 15)]


def test_votes_needed():
    assert votes_needed("unanimous", 3) == 3
    assert votes_needed("majority", 3) == 2
    assert votes_needed("majority", 4) == 3
    with pytest.raises(ValueError):
        votes_needed("dictator", 3)


def test_unanimous_exact_is_accepted():
    [group] = group_proposals([p(A, 0, 5, source="r"), p(B, 0, 5, source="r"), p(C, 0, 5, source="r")])
    outcome = settle(group, [A, B, C], policy="unanimous")
    assert outcome.settled and outcome.spans[0]["proposed_by"] == [A, B, C]
    assert is_unanimous_exact(group, [A, B, C])


def test_majority_accepts_two_of_three_and_tallies_the_loser():
    [group] = group_proposals([p(A, 0, 5), p(B, 0, 5), p(C, 0, 6)])
    assert not settle(group, [A, B, C], policy="unanimous").settled
    outcome = settle(group, [A, B, C], policy="majority")
    assert outcome.settled and [(s["start"], s["end"]) for s in outcome.spans] == [(0, 5)]
    assert outcome.tally["candidates"][1] == {"start": 0, "end": 6, "label": "x", "votes": [C]}


def test_majority_no_span_when_most_marked_nothing():
    [group] = group_proposals([p(A, 0, 5)])
    outcome = settle(group, [A, B, C], policy="majority")
    assert outcome.settled and outcome.spans == () and outcome.tally["no_span"] == [B, C]


def test_split_vote_stays_open():
    [group] = group_proposals([p(A, 0, 5, "x"), p(B, 0, 5, "y"), p(C, 0, 5, "z")])
    assert not settle(group, [A, B, C], policy="majority").settled


def test_same_span_with_other_attributes_stays_open_with_the_dispute_tallied():
    [group] = group_proposals([p(A, 0, 5, source="r", framing=True), p(B, 0, 5, source="r"), p(C, 0, 5, source="r")])
    outcome = settle(group, [A, B, C], policy="majority")
    assert not outcome.settled and outcome.tally["unsettled_because"] == "attributes differ"
    assert outcome.tally["candidates"][0]["attribute_disagreements"] == {"framing": {A: True, B: None, C: None}}
    assert not is_unanimous_exact(group, [A, B, C])


def test_attributes_left_at_their_default_agree_with_the_default_written_out():
    [group] = group_proposals([p(A, 0, 5, source="r", framing=False), p(B, 0, 5, source="r", cue="")])
    defaults = {"x": {"framing": False}}
    outcome = settle(group, [A, B], policy="unanimous", defaults=defaults)
    assert outcome.settled and outcome.spans[0]["attributes"] == {"source": "r", "framing": False}
    assert is_unanimous_exact(group, [A, B], defaults)


def test_too_few_annotators_is_not_settled():
    [group] = group_proposals([p(A, 0, 5)])
    assert not settle(group, [A], policy="majority", min_annotators=2).settled
