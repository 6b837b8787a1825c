"""Adjudication workflow: build items from submitted annotations, settle them by policy or by a reviewer."""
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from app.annotation_schemas.file_format import attribute_defaults
from app.annotations.models import AnnotationSet, Assignment, Span
from app.annotations.service import schema_document
from app.annotations.spans import SpanInput, SpanRules, check_spans
from app.auth.models import User
from app.errors import Conflict, Invalid, NotFound
from app.gold.candidates import (
    POLICIES,
    Group,
    Proposal,
    group_proposals,
    is_unanimous_exact,
    settle,
    tally_group,
)
from app.gold.models import AdjudicationDecision, AdjudicationItem, GoldAnnotation
from app.texts.models import Project, Text
from app.texts.service import adjudication_settings, lock_text

REVIEWER_ACTIONS = ("accept_annotator", "edit", "reject_all", "no_span")
STALE_DECISION = "Someone decided this item after you loaded it; reload to see their decision, then decide again."


def project_policy(project: Project) -> tuple[str, int]:
    """The project's pre-acceptance policy (by default its schema's) and its minimum number of annotators."""
    settings = adjudication_settings(project)
    return settings["policy"], settings["min_annotators"]


def submitted_proposals(session: Session, *, text_id: int) -> dict[str, list[Proposal]]:
    """Each annotator's spans on the text, from submitted sets only; {} entries mean 'found nothing'."""
    rows = session.execute(
        select(User.username, Span.start, Span.end, Span.label, Span.attributes)
        .select_from(Assignment)
        .join(User, User.id == Assignment.annotator_id)
        .join(AnnotationSet, AnnotationSet.assignment_id == Assignment.id)
        .outerjoin(Span, Span.annotation_set_id == AnnotationSet.id)
        .where(Assignment.text_id == text_id, Assignment.status == "submitted")
    ).all()
    proposals: dict[str, list[Proposal]] = {}
    for username, start, end, label, attributes in rows:
        found = proposals.setdefault(username, [])
        if start is not None:
            found.append(Proposal(username, start, end, label, attributes or {}))
    return proposals


def items_of(session: Session, text_id: int) -> Sequence[AdjudicationItem]:
    return session.scalars(
        select(AdjudicationItem).where(AdjudicationItem.text_id == text_id).order_by(AdjudicationItem.start)
    ).all()


def start_adjudication(session: Session, *, text: Text, policy: str | None = None,
                       min_annotators: int | None = None) -> Sequence[AdjudicationItem]:
    """Build the text's items once (pre-accepting what the policy settles, by default the project's) and
    lock reopening.

    A start that waited for another one to finish returns the items that one built.

    :raises Conflict: reason annotations_pending while an assignment is not submitted.
    """
    lock_text(session, text)  # against a second start, a reopen or a submission of the same text
    existing = items_of(session, text.id)
    if existing or text.adjudication_status != "pending":
        return existing
    statuses = session.execute(
        select(Assignment.status, func.count()).where(Assignment.text_id == text.id).group_by(Assignment.status)
    ).all()
    pending = sum(count for status, count in statuses if status != "submitted")
    if pending or not statuses:
        raise Conflict(
            f"{pending} of {sum(c for _, c in statuses)} annotators have not submitted this text yet.",
            reason="annotations_pending",
        )
    proposals = submitted_proposals(session, text_id=text.id)
    annotators = sorted(proposals)
    project_default, project_minimum = project_policy(text.project)
    policy, min_annotators = policy or project_default, min_annotators or project_minimum
    defaults = project_attribute_defaults(session, text.project)
    for group in group_proposals(p for spans in proposals.values() for p in spans):
        # Same span and label but other attributes is a conflict too: a reviewer settles the attributes.
        item = AdjudicationItem(
            text_id=text.id, start=group.start, end=group.end,
            kind="agreed" if is_unanimous_exact(group, annotators, defaults) else "conflict",
            status="open", proposals=[_proposal_dict(p) for p in group.proposals], annotators=annotators,
        )
        session.add(item)
        session.flush()
        _settle_item(session, item, policy=policy, min_annotators=min_annotators)
    text.adjudication_status = "in_progress"
    refresh_text_status(session, text)
    return items_of(session, text.id)


def settle_open_items(session: Session, *, text: Text, policy: str, min_annotators: int) -> int:
    """Apply a policy to the text's open items; returns how many it settled."""
    if policy not in POLICIES:
        raise Invalid(f"Unknown policy '{policy}'; choose one of {', '.join(POLICIES)}.")
    lock_text(session, text)  # a reviewer deciding meanwhile waits, or is waited for and then respected
    settled = sum(
        _settle_item(session, item, policy=policy, min_annotators=min_annotators)
        for item in items_of(session, text.id) if item.status == "open"
    )
    refresh_text_status(session, text)
    return settled


def project_attribute_defaults(session: Session, project: Project) -> dict[str, dict[str, Any]]:
    return attribute_defaults(schema_document(session, project.annotation_schema_version_id))


def _settle_item(session: Session, item: AdjudicationItem, *, policy: str, min_annotators: int) -> bool:
    text = session.get(Text, item.text_id)
    outcome = settle(group_of(item), item.annotators, policy=policy, min_annotators=min_annotators,
                     defaults=project_attribute_defaults(session, text.project))
    if outcome.settled:
        _apply_decision(session, item, action="policy", result=list(outcome.spans), tally=outcome.tally,
                        decided_by=None, policy=policy)
    return outcome.settled


def group_of(item: AdjudicationItem) -> Group:
    proposals = tuple(Proposal(p["annotator"], p["start"], p["end"], p["label"], p["attributes"]) for p in item.proposals)
    return Group(item.start, item.end, proposals)


def decide_item(
    session: Session, *, item_id: int, reviewer: User, action: str, annotator: str | None = None,
    spans: Sequence[SpanInput] = (), reason: str = "", revision: int | None = None,
) -> AdjudicationItem:
    """Record a reviewer's decision on an item and put its result into the gold.

    `revision` is the item's revision the reviewer saw (the page sends it); without it, the one this
    call first reads. Decisions on one text run one at a time, and one made on a revision the item
    has moved past is refused.

    :raises Invalid: unknown action or annotator, or edited spans that are invalid or overlap other gold.
    :raises Conflict: reason stale_decision, when someone decided the item after that revision.
    """
    item = session.get(AdjudicationItem, item_id)
    if item is None:
        raise NotFound(f"There is no adjudication item {item_id}.")
    if action not in REVIEWER_ACTIONS:
        raise Invalid(f"Unknown action '{action}'; use one of {', '.join(REVIEWER_ACTIONS)}.")
    seen = item.revision if revision is None else revision
    text = lock_text(session, session.get(Text, item.text_id))  # the overlap check below then sees all gold
    session.refresh(item)
    if item.revision != seen:
        raise Conflict(STALE_DECISION, reason="stale_decision",
                       errors={"revision": [f"The item is at revision {item.revision}."]})
    policy, _ = project_policy(text.project)
    tally = tally_group(group_of(item), item.annotators, policy=policy,
                        defaults=project_attribute_defaults(session, text.project))
    if action == "accept_annotator":
        chosen = [p for p in item.proposals if p["annotator"] == annotator]
        if not chosen:
            raise Invalid(f"{annotator!r} proposed nothing in this item.", errors={"annotator": ["No proposal."]})
        result = [_gold_from_proposal(p, item) for p in chosen]
    elif action == "edit":
        result = _checked_edit(session, item, spans)
    else:
        result = []
    _apply_decision(session, item, action=action, result=result, tally=tally, decided_by=reviewer,
                    chosen_annotator=annotator if action == "accept_annotator" else None, reason=reason)
    refresh_text_status(session, text)
    return item


def _gold_from_proposal(proposal: dict[str, Any], item: AdjudicationItem) -> dict[str, Any]:
    key = (proposal["start"], proposal["end"], proposal["label"])
    proposed_by = sorted({p["annotator"] for p in item.proposals if (p["start"], p["end"], p["label"]) == key})
    return {"start": proposal["start"], "end": proposal["end"], "label": proposal["label"],
            "attributes": dict(proposal["attributes"]), "proposed_by": proposed_by}


def _checked_edit(session: Session, item: AdjudicationItem, spans: Sequence[SpanInput]) -> list[dict[str, Any]]:
    text = session.get(Text, item.text_id)
    document = schema_document(session, text.project.annotation_schema_version_id)
    check_spans(spans, text=text.content, rules=SpanRules.of_schema(document), require_attributes=True)
    if not document["span_rules"]["allow_overlap"]:
        others = session.execute(
            select(GoldAnnotation.start, GoldAnnotation.end)
            .where(GoldAnnotation.text_id == item.text_id, GoldAnnotation.item_id != item.id)
        ).all()
        for index, span in enumerate(spans):
            if any(span.start < end and start < span.end for start, end in others):
                raise Invalid(f"The span {span.start}–{span.end} overlaps gold decided in another item.",
                              reason="overlap_not_allowed", errors={"spans": {str(index): {"start": ["Overlaps gold."]}}})
    return [
        {"start": s.start, "end": s.end, "label": s.label, "attributes": dict(s.attributes),
         "proposed_by": sorted({p["annotator"] for p in item.proposals
                                if (p["start"], p["end"], p["label"]) == s.key()})}
        for s in spans
    ]


def _apply_decision(session: Session, item: AdjudicationItem, *, action: str, result: list[dict[str, Any]],
                    tally: dict[str, Any], decided_by: User | None, policy: str | None = None,
                    chosen_annotator: str | None = None, reason: str = "") -> None:
    # The item's earlier gold is replaced by this decision; the earlier decision keeps it on record.
    # (Deleted first: gold rows reference the item's revision, which moves on next.)
    session.execute(delete(GoldAnnotation).where(GoldAnnotation.item_id == item.id)
                    .execution_options(synchronize_session=False))
    revision = item.revision + 1
    claimed = session.execute(
        update(AdjudicationItem).where(AdjudicationItem.id == item.id, AdjudicationItem.revision == item.revision)
        .values(revision=revision, status="resolved")
    )
    if claimed.rowcount != 1:
        raise Conflict(STALE_DECISION, reason="stale_decision")
    decision = AdjudicationDecision(
        item_id=item.id, item_revision=revision, decided_by_id=decided_by.id if decided_by else None,
        action=action, policy=policy, chosen_annotator=chosen_annotator, reason=reason, tally=tally, result=result,
    )
    session.add(decision)
    session.flush()
    if result:
        session.execute(insert(GoldAnnotation), [
            {"text_id": item.text_id, "item_id": item.id, "item_revision": revision, "decision_id": decision.id,
             "start": s["start"], "end": s["end"], "label": s["label"], "attributes": s["attributes"],
             "proposed_by": s["proposed_by"]}
            for s in result
        ])


def refresh_text_status(session: Session, text: Text) -> None:
    """A text with items is adjudicated once none is open, and back in progress when one is."""
    if text.adjudication_status == "pending":
        return
    open_items = session.scalar(
        select(func.count()).select_from(AdjudicationItem)
        .where(AdjudicationItem.text_id == text.id, AdjudicationItem.status == "open")
    )
    text.adjudication_status = "in_progress" if open_items else "adjudicated"


def _proposal_dict(proposal: Proposal) -> dict[str, Any]:
    return {"annotator": proposal.annotator, "start": proposal.start, "end": proposal.end,
            "label": proposal.label, "attributes": dict(proposal.attributes)}
