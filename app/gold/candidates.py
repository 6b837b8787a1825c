"""Group annotators' spans into adjudication items and settle them by a voting policy (pure)."""
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


def tally_group(group: Group, annotators: Sequence[str], *, policy: str,
                defaults: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """Votes per distinct (start, end, label), who marked nothing, and where the voters' attributes differ.

    `defaults` ({label: {attribute: default}}) fills attributes a proposal left out before comparing.
    """
    votes: dict[tuple[int, int, str], list[Proposal]] = {}
    for proposal in group.proposals:
        votes.setdefault(proposal.key(), []).append(proposal)
    proposers = {p.annotator for p in group.proposals}
    candidates = []
    for (s, e, label), supporters in sorted(votes.items(), key=lambda kv: (-len({p.annotator for p in kv[1]}), kv[0])):
        candidate: dict[str, Any] = {"start": s, "end": e, "label": label,
                                     "votes": sorted({p.annotator for p in supporters})}
        disputed = attribute_disputes(supporters, (defaults or {}).get(label, {}))
        if disputed:
            candidate["attribute_disagreements"] = disputed
        candidates.append(candidate)
    return {
        "annotators": len(annotators),
        "needed": votes_needed(policy, len(annotators)),
        "policy": policy,
        "candidates": candidates,
        "no_span": sorted(set(annotators) - proposers),
    }


def _comparable(value: Any) -> Any:
    """Blank values compare as absent; the order of multi-choice values does not matter."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        return sorted(value, key=repr)
    return value


def effective_attributes(proposal: Proposal, defaults: Mapping[str, Any]) -> dict[str, Any]:
    """The proposal's attributes with the label's defaults filled in, blanks dropped."""
    merged = {**defaults, **proposal.attributes}
    return {name: value for name, value in ((n, _comparable(v)) for n, v in merged.items()) if value is not None}


def attribute_disputes(supporters: Sequence[Proposal], defaults: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """{attribute: {annotator: value}} for every attribute the supporters of one span do not agree on."""
    # Supporters who sent the very same attributes agree, whatever the defaults (the usual case, and cheap).
    if len(supporters) < 2 or all(p.attributes == supporters[0].attributes for p in supporters[1:]):
        return {}
    values = {p.annotator: effective_attributes(p, defaults) for p in supporters}
    names = sorted({name for attributes in values.values() for name in attributes})
    return {
        name: {annotator: values[annotator].get(name) for annotator in sorted(values)}
        for name in names
        if len({repr(attributes.get(name)) for attributes in values.values()}) > 1
    }


def settle(group: Group, annotators: Sequence[str], *, policy: str, min_annotators: int = 2,
           defaults: Mapping[str, Mapping[str, Any]] | None = None) -> Outcome:
    """Accept the spans the policy's quorum agrees on exactly (span, label and attributes), or 'no span'
    if the quorum marked nothing. A winning span whose voters' attributes differ stays open: a policy
    never picks one annotator's attribute values over another's.

    Annotators of the text who have no span in the group voted for no span there.
    """
    tally = tally_group(group, annotators, policy=policy, defaults=defaults)
    if len(annotators) < max(min_annotators, 1):
        return Outcome(False, (), dict(tally, unsettled_because="too few annotators"))
    needed = tally["needed"]
    winners = [c for c in tally["candidates"] if len(c["votes"]) >= needed]
    if len(tally["no_span"]) >= needed:
        return Outcome(True, (), dict(tally, result="no_span"))
    if not winners or _overlapping(winners):
        return Outcome(False, (), tally)
    if any("attribute_disagreements" in winner for winner in winners):
        return Outcome(False, (), dict(tally, unsettled_because="attributes differ"))
    spans = []
    for winner in winners:
        supporter = next(p for p in group.proposals if p.key() == (winner["start"], winner["end"], winner["label"]))
        spans.append({"start": winner["start"], "end": winner["end"], "label": winner["label"],
                      "attributes": dict(supporter.attributes), "proposed_by": winner["votes"]})
    spans.sort(key=lambda s: (s["start"], s["end"], s["label"]))
    return Outcome(True, tuple(spans), dict(tally, result="accepted"))


def is_unanimous_exact(group: Group, annotators: Sequence[str],
                       defaults: Mapping[str, Mapping[str, Any]] | None = None) -> bool:
    """Every annotator proposed the same single span with the same attributes."""
    keys = {p.key() for p in group.proposals}
    if len(keys) != 1 or {p.annotator for p in group.proposals} != set(annotators):
        return False
    return not attribute_disputes(group.proposals, (defaults or {}).get(group.proposals[0].label, {}))


def _overlapping(candidates: list[dict[str, Any]]) -> bool:
    ordered = sorted(candidates, key=lambda c: (c["start"], c["end"]))
    return any(b["start"] < a["end"] for a, b in zip(ordered, ordered[1:]))
