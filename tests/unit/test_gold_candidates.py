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


def test_attribute_majority_and_disagreement_recorded():
    [group] = group_proposals([p(A, 0, 5, source="r"), p(B, 0, 5, source="c"), p(C, 0, 5, source="c")])
    outcome = settle(group, [A, B, C], policy="unanimous")
    assert outcome.spans[0]["attributes"] == {"source": "c"}
    assert outcome.tally["attribute_disagreements"][0]["values"] == {"source": {A: "r", B: "c", C: "c"}}


def test_too_few_annotators_is_not_settled():
    [group] = group_proposals([p(A, 0, 5)])
    assert not settle(group, [A], policy="majority", min_annotators=2).settled
