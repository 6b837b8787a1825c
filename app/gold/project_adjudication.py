"""Adjudication of a whole project in a fixed number of statements: lock the fully submitted texts, read
their proposals and open items at once, settle them in Python (gold.candidates), write in bulk.

The per-text workflow (gold.workflow) does the same for one text; tests/gold/test_project_adjudication.py
checks that both leave identical items, decisions, gold and text states.
"""
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, case, delete, func, insert, select, update
from sqlalchemy.orm import Session

from app.annotations.models import AnnotationSet, Assignment, Span
from app.auth.models import User
from app.errors import Conflict
from app.gold.candidates import Proposal, group_proposals, is_unanimous_exact, settle
from app.gold.models import AdjudicationDecision, AdjudicationItem, GoldAnnotation
from app.gold.workflow import STALE_DECISION, group_of, project_attribute_defaults
from app.texts.models import Project, Text


@dataclass
class ProjectAdjudication:
    """What a run did: texts started and waiting, items settled and left open, texts fully adjudicated."""

    texts_started: int = 0
    texts_waiting: int = 0
    items_settled: int = 0
    items_open: int = 0
    texts_adjudicated: int = 0
    # Rows to write, gathered while settling.
    new_items: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    open_by_text: Counter = field(default_factory=Counter)


def adjudicate_texts(session: Session, *, project: Project, policy: str, min_annotators: int) -> ProjectAdjudication:
    """Start adjudication of every fully submitted text of the project and settle what the policy can."""
    run = ProjectAdjudication()
    defaults = project_attribute_defaults(session, project)
    statuses = _lock_ready_texts(session, project)
    run.texts_waiting = session.scalar(select(func.count()).select_from(Text).where(Text.project_id == project.id)) \
        - len(statuses)
    # A start builds a text's items and leaves it in progress in one transaction, so pending texts have none.
    pending = {text_id for text_id, status in statuses.items() if status == "pending"}
    for text_id, proposals in _submitted_proposals(session, project, pending).items():
        _build_items(run, text_id, proposals, policy=policy, min_annotators=min_annotators, defaults=defaults)
    run.texts_started = len(pending)
    open_items = session.execute(
        select(AdjudicationItem.id, AdjudicationItem.text_id, AdjudicationItem.start, AdjudicationItem.end,
               AdjudicationItem.proposals, AdjudicationItem.annotators, AdjudicationItem.revision)
        .join(Text, Text.id == AdjudicationItem.text_id)
        .where(Text.project_id == project.id, AdjudicationItem.status == "open")
    ).all()
    settled_open = []
    for item in open_items:
        if item.text_id not in statuses:
            continue
        outcome = settle(group_of(item), item.annotators, policy=policy, min_annotators=min_annotators,
                         defaults=defaults)
        if outcome.settled:
            settled_open.append(item)
            run.decisions.append(_decision(item.id, item.revision + 1, item.text_id, outcome, policy))
        else:
            run.open_by_text[item.text_id] += 1
    _write(session, run, project, settled_open, policy=policy)
    run.items_settled = len(run.decisions)
    run.items_open = sum(run.open_by_text.values())
    new_states = {text_id: "in_progress" if run.open_by_text[text_id] else "adjudicated" for text_id in statuses}
    changed = [{"id": text_id, "adjudication_status": state} for text_id, state in new_states.items()
               if state != statuses[text_id]]
    if changed:
        session.execute(update(Text), changed)
        # The bulk update by primary key leaves loaded texts as they were; they read their state again.
        for row in changed:
            loaded = session.identity_map.get(session.identity_key(Text, row["id"]))
            if loaded is not None:
                session.expire(loaded, ["adjudication_status"])
    run.texts_adjudicated = sum(1 for state in new_states.values() if state == "adjudicated")
    return run


def _lock_ready_texts(session: Session, project: Project) -> dict[int, str]:
    """{text id: adjudication status} of the texts whose every assignment is submitted, locked.

    The lock (PostgreSQL row locks; SQLite writers already take turns) is taken first and the
    assignments counted after it, so a reopen or a submission that got in before is seen, as in
    workflow.start_adjudication.
    """
    candidates = (
        select(Assignment.text_id).join(Text, Text.id == Assignment.text_id)
        .where(Text.project_id == project.id).group_by(Assignment.text_id)
    )
    locked = dict(session.execute(
        select(Text.id, Text.adjudication_status).where(Text.id.in_(candidates)).order_by(Text.id)
        .with_for_update(of=Text)
    ).all())
    unsubmitted = func.sum(case((Assignment.status != "submitted", 1), else_=0))
    ready = set(session.scalars(
        select(Assignment.text_id).join(Text, Text.id == Assignment.text_id)
        .where(Text.project_id == project.id).group_by(Assignment.text_id).having(unsubmitted == 0)
    ))
    return {text_id: status for text_id, status in locked.items() if text_id in ready}


def _submitted_proposals(session: Session, project: Project, text_ids: set[int]) -> dict[int, dict[str, list[Proposal]]]:
    """workflow.submitted_proposals for many texts in one query: {text id: {annotator: [Proposal]}}."""
    rows = session.execute(
        select(Assignment.text_id, User.username, Span.start, Span.end, Span.label, Span.attributes)
        .select_from(Assignment)
        .join(Text, Text.id == Assignment.text_id)
        .join(User, User.id == Assignment.annotator_id)
        .join(AnnotationSet, AnnotationSet.assignment_id == Assignment.id)
        .outerjoin(Span, Span.annotation_set_id == AnnotationSet.id)
        .where(Text.project_id == project.id, Text.adjudication_status == "pending", Assignment.status == "submitted")
    ).all()
    by_text: dict[int, dict[str, list[Proposal]]] = {text_id: {} for text_id in text_ids}
    for text_id, username, start, end, label, attributes in rows:
        if text_id not in by_text:
            continue
        found = by_text[text_id].setdefault(username, [])
        if start is not None:
            found.append(Proposal(username, start, end, label, attributes or {}))
    return by_text


def _build_items(run: ProjectAdjudication, text_id: int, proposals: dict[str, list[Proposal]], *, policy: str,
                 min_annotators: int, defaults: dict[str, dict[str, Any]]) -> None:
    annotators = sorted(proposals)
    for group in group_proposals(p for spans in proposals.values() for p in spans):
        outcome = settle(group, annotators, policy=policy, min_annotators=min_annotators, defaults=defaults)
        run.new_items.append({
            "text_id": text_id, "start": group.start, "end": group.end,
            "kind": "agreed" if is_unanimous_exact(group, annotators, defaults) else "conflict",
            # A settled item is written at its first decision's revision, as the per-text workflow leaves it.
            "status": "resolved" if outcome.settled else "open", "revision": 1 if outcome.settled else 0,
            "proposals": [_proposal_dict(p) for p in group.proposals], "annotators": annotators,
            "outcome": outcome,
        })
        if not outcome.settled:
            run.open_by_text[text_id] += 1


def _decision(item_id: int, revision: int, text_id: int, outcome: Any, policy: str) -> dict[str, Any]:
    return {"item_id": item_id, "item_revision": revision, "text_id": text_id, "decided_by_id": None,
            "action": "policy", "policy": policy, "chosen_annotator": None, "reason": "",
            "tally": outcome.tally, "result": list(outcome.spans)}


def _write(session: Session, run: ProjectAdjudication, project: Project, settled_open: list[Any], *,
           policy: str) -> None:
    """Insert the new items, move the settled open ones on, then insert the decisions and their gold."""
    if run.new_items:
        # Core inserts (the tables, not the classes): the rows need none of the ORM's bookkeeping.
        session.execute(insert(AdjudicationItem.__table__), [
            {key: value for key, value in item.items() if key != "outcome"} for item in run.new_items])
        ids = {(text_id, start, end): item_id for item_id, text_id, start, end in session.execute(
            select(AdjudicationItem.id, AdjudicationItem.text_id, AdjudicationItem.start, AdjudicationItem.end)
            .join(Text, Text.id == AdjudicationItem.text_id).where(Text.project_id == project.id))}
        run.decisions.extend(
            _decision(ids[(item["text_id"], item["start"], item["end"])], 1, item["text_id"], item["outcome"], policy)
            for item in run.new_items if item["outcome"].settled)
    if settled_open:
        # Like workflow._apply_decision: earlier gold goes first, then a compare-and-set on the revision.
        session.execute(delete(GoldAnnotation).where(GoldAnnotation.item_id.in_([i.id for i in settled_open]))
                        .execution_options(synchronize_session=False))
        moved = session.execute(
            update(AdjudicationItem.__table__)
            .where(AdjudicationItem.id == bindparam("item_id"), AdjudicationItem.revision == bindparam("seen"))
            .values(revision=bindparam("seen") + 1, status="resolved"),
            [{"item_id": item.id, "seen": item.revision} for item in settled_open])
        if session.get_bind().dialect.supports_sane_multi_rowcount and moved.rowcount != len(settled_open):
            raise Conflict(STALE_DECISION, reason="stale_decision")
    if not run.decisions:
        return
    session.execute(insert(AdjudicationDecision.__table__), [
        {key: value for key, value in decision.items() if key != "text_id"} for decision in run.decisions])
    # Ordered by revision, so each item maps to its newest decision: the one just inserted.
    decision_ids = dict(session.execute(
        select(AdjudicationDecision.item_id, AdjudicationDecision.id)
        .where(AdjudicationDecision.item_id.in_(select(AdjudicationItem.id).join(Text, Text.id == AdjudicationItem.text_id)
                                                .where(Text.project_id == project.id)))
        .order_by(AdjudicationDecision.item_revision)
    ).all())
    gold = [
        {"text_id": decision["text_id"], "item_id": decision["item_id"], "item_revision": decision["item_revision"],
         "decision_id": decision_ids[decision["item_id"]], "start": span["start"], "end": span["end"],
         "label": span["label"], "attributes": span["attributes"], "proposed_by": span["proposed_by"]}
        for decision in run.decisions for span in decision["result"]
    ]
    if gold:
        session.execute(insert(GoldAnnotation.__table__), gold)


def _proposal_dict(proposal: Proposal) -> dict[str, Any]:
    return {"annotator": proposal.annotator, "start": proposal.start, "end": proposal.end,
            "label": proposal.label, "attributes": dict(proposal.attributes)}
