"""Group annotators' spans into adjudication items and settle them by a voting policy (pure)."""
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

POLICIES = ("unanimous", "majority")


@dataclass(frozen=True)
class Proposal:
    annotator: str
    start: int
    end: int
    label: str
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)


@dataclass(frozen=True)
class Group:
    """Spans connected by overlap (sharing at least one character), whatever their labels."""

    start: int
    end: int
    proposals: tuple[Proposal, ...]


@dataclass(frozen=True)
class Outcome:
    """What a policy makes of a group: settled or not, the gold spans, and the vote tally."""

    settled: bool
    spans: tuple[dict[str, Any], ...]
    tally: dict[str, Any]


def group_proposals(proposals: Iterable[Proposal]) -> list[Group]:
    """Sweep spans by start; a span joins the current group when it overlaps the group's extent."""
    ordered = sorted(proposals, key=lambda p: (p.start, p.end, p.label, p.annotator))
    groups: list[Group] = []
    members: list[Proposal] = []
    extent_end = -1
    for proposal in ordered:
        if members and proposal.start >= extent_end:
            groups.append(Group(members[0].start, extent_end, tuple(members)))
            members = []
        members.append(proposal)
        extent_end = max(extent_end, proposal.end) if len(members) > 1 else proposal.end
    if members:
        groups.append(Group(members[0].start, extent_end, tuple(members)))
    return groups


def votes_needed(policy: str, annotator_count: int) -> int:
    if policy == "unanimous":
        return annotator_count
    if policy == "majority":
        return annotator_count // 2 + 1
    raise ValueError(f"Unknown policy '{policy}'; choose one of {', '.join(POLICIES)}.")


def tally_group(group: Group, annotators: Sequence[str], *, policy: str) -> dict[str, Any]:
    votes: dict[tuple[int, int, str], set[str]] = {}
    for proposal in group.proposals:
        votes.setdefault(proposal.key(), set()).add(proposal.annotator)
    proposers = {p.annotator for p in group.proposals}
    return {
        "annotators": len(annotators),
        "needed": votes_needed(policy, len(annotators)),
        "policy": policy,
        "candidates": [
            {"start": s, "end": e, "label": label, "votes": sorted(names)}
            for (s, e, label), names in sorted(votes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ],
        "no_span": sorted(set(annotators) - proposers),
    }


def merged_attributes(supporters: Sequence[Proposal]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Per attribute, the value most supporters gave (ties: the alphabetically first annotator's)."""
    chosen: dict[str, Any] = {}
    disputed: dict[str, Any] = {}
    names = sorted({name for p in supporters for name in p.attributes})
    by_annotator = sorted(supporters, key=lambda p: p.annotator)
    for name in names:
        values = [repr(p.attributes.get(name)) for p in by_annotator]
        counts = Counter(values)
        best = max(counts.values())
        winner = next(v for v in values if counts[v] == best)
        chosen_value = next(p.attributes.get(name) for p in by_annotator if repr(p.attributes.get(name)) == winner)
        if chosen_value is not None:
            chosen[name] = chosen_value
        if len(counts) > 1:
            disputed[name] = {p.annotator: p.attributes.get(name) for p in by_annotator}
    return chosen, disputed


def settle(group: Group, annotators: Sequence[str], *, policy: str, min_annotators: int = 2) -> Outcome:
    """Accept the spans the policy's quorum agrees on exactly, or 'no span' if the quorum marked nothing.

    Annotators of the text who have no span in the group voted for no span there.
    """
    tally = tally_group(group, annotators, policy=policy)
    if len(annotators) < max(min_annotators, 1):
        return Outcome(False, (), dict(tally, unsettled_because="too few annotators"))
    needed = tally["needed"]
    winners = [c for c in tally["candidates"] if len(c["votes"]) >= needed]
    if len(tally["no_span"]) >= needed:
        return Outcome(True, (), dict(tally, result="no_span"))
    if not winners or _overlapping(winners):
        return Outcome(False, (), tally)
    spans = []
    for winner in winners:
        supporters = [p for p in group.proposals if p.key() == (winner["start"], winner["end"], winner["label"])]
        attributes, disputed = merged_attributes(supporters)
        if disputed:
            tally.setdefault("attribute_disagreements", []).append({"span": winner, "values": disputed})
        spans.append({"start": winner["start"], "end": winner["end"], "label": winner["label"],
                      "attributes": attributes, "proposed_by": winner["votes"]})
    spans.sort(key=lambda s: (s["start"], s["end"], s["label"]))
    return Outcome(True, tuple(spans), dict(tally, result="accepted"))


def is_unanimous_exact(group: Group, annotators: Sequence[str]) -> bool:
    """Every annotator proposed the same single span (attributes aside)."""
    keys = {p.key() for p in group.proposals}
    return len(keys) == 1 and {p.annotator for p in group.proposals} == set(annotators)


def _overlapping(candidates: list[dict[str, Any]]) -> bool:
    ordered = sorted(candidates, key=lambda c: (c["start"], c["end"]))
    return any(b["start"] < a["end"] for a, b in zip(ordered, ordered[1:]))
