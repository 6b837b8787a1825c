"""Project-level adjudication: auto-settle by policy, the page payload, next text, annotator feedback."""
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.annotations.models import Assignment
from app.auth.models import User
from app.errors import Conflict, Forbidden, NotFound
from app.gold.candidates import tally_group
from app.gold.models import AdjudicationDecision, AdjudicationItem, GoldAnnotation
from app.gold.project_adjudication import adjudicate_texts
from app.gold.workflow import (
    group_of,
    items_of,
    project_attribute_defaults,
    project_policy,
    submitted_proposals,
)
from app.texts.models import Project, Text
from app.texts.service import adjudication_settings


@dataclass
class AdjudicationReport:
    policy: str = ""
    min_annotators: int = 0
    texts_started: int = 0
    texts_waiting: int = 0
    items_settled: int = 0
    items_open: int = 0
    texts_adjudicated: int = 0


def adjudicate_project(session: Session, *, project: Project, policy: str | None = None,
                       min_annotators: int | None = None) -> AdjudicationReport:
    """Start adjudication of every fully submitted text and settle what the policy can
    (by default the project's policy and minimum number of annotators)."""
    project_default, project_minimum = project_policy(project)
    policy = policy or project_default
    min_annotators = min_annotators or project_minimum
    run = adjudicate_texts(session, project=project, policy=policy, min_annotators=min_annotators)
    return AdjudicationReport(policy=policy, min_annotators=min_annotators, texts_started=run.texts_started,
                              texts_waiting=run.texts_waiting, items_settled=run.items_settled,
                              items_open=run.items_open, texts_adjudicated=run.texts_adjudicated)


def adjudication_payload(session: Session, *, text: Text) -> dict[str, Any]:
    """Everything the adjudication page shows: lanes per annotator, items with tallies and decisions, gold."""
    lanes = {name: [_span(p) for p in spans] for name, spans in sorted(submitted_proposals(session, text_id=text.id).items())}
    adjudication = adjudication_settings(text.project)
    policy = adjudication["policy"]
    defaults = project_attribute_defaults(session, text.project)
    latest = _latest_decisions(session, text.id)
    gold = session.scalars(
        select(GoldAnnotation).where(GoldAnnotation.text_id == text.id).order_by(GoldAnnotation.start, GoldAnnotation.end)
    ).all()
    gold_by_item: dict[int | None, list[dict[str, Any]]] = {}
    for span in gold:
        gold_by_item.setdefault(span.item_id, []).append(_gold(span))
    items = [
        {
            "id": item.id, "start": item.start, "end": item.end, "kind": item.kind, "status": item.status,
            "revision": item.revision,
            "proposals": item.proposals,
            "tally": tally_group(group_of(item), item.annotators, policy=policy, defaults=defaults),
            "decision": _decision(latest.get(item.id)),
            "gold": gold_by_item.get(item.id, []),
        }
        for item in items_of(session, text.id)
    ]
    return {
        "text": {"id": text.id, "title": text.title, "adjudication_status": text.adjudication_status},
        "policy": adjudication,
        "annotators": sorted(lanes),
        "lanes": lanes,
        "items": items,
        "gold": [dict(_gold(span), item_id=span.item_id) for span in gold],
        "open_count": sum(1 for item in items if item["status"] == "open"),
    }


def _latest_decisions(session: Session, text_id: int) -> dict[int, tuple[AdjudicationDecision, str | None]]:
    rows = session.execute(
        select(AdjudicationDecision, User.username)
        .join(AdjudicationItem, AdjudicationItem.id == AdjudicationDecision.item_id)
        .outerjoin(User, User.id == AdjudicationDecision.decided_by_id)
        .where(AdjudicationItem.text_id == text_id)
        .order_by(AdjudicationDecision.id)
    ).all()
    return {decision.item_id: (decision, username) for decision, username in rows}


def _decision(entry: tuple[AdjudicationDecision, str | None] | None) -> dict[str, Any] | None:
    if entry is None:
        return None
    decision, username = entry
    return {"id": decision.id, "action": decision.action, "decided_by": username, "policy": decision.policy,
            "chosen_annotator": decision.chosen_annotator, "reason": decision.reason,
            "created_at": decision.created_at.isoformat()}


def _span(proposal) -> dict[str, Any]:
    return {"start": proposal.start, "end": proposal.end, "label": proposal.label, "attributes": dict(proposal.attributes)}


def _gold(span: GoldAnnotation) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "label": span.label, "attributes": span.attributes,
            "proposed_by": span.proposed_by}


def gold_view(session: Session, *, text: Text) -> dict[str, Any]:
    """A text's current gold as runs of its content (spans carry label and attributes) and the span list."""
    spans = session.scalars(select(GoldAnnotation).where(GoldAnnotation.text_id == text.id)
                            .order_by(GoldAnnotation.start, GoldAnnotation.end)).all()
    runs, position = [], 0
    for span in spans:
        if span.start < position:
            continue  # gold spans never overlap; a stray one is listed below but not drawn twice
        if span.start > position:
            runs.append({"text": text.content[position:span.start], "span": None})
        runs.append({"text": text.content[span.start:span.end], "span": span})
        position = span.end
    if position < text.char_count:
        runs.append({"text": text.content[position:], "span": None})
    return {"runs": runs, "spans": spans}


def next_unresolved_text(session: Session, *, project: Project, after_text_id: int = 0) -> Text | None:
    """The next text (by id, wrapping around) that is ready for or still in adjudication."""
    waiting = select(Assignment.text_id).where(Assignment.status != "submitted")
    query = (
        select(Text).where(Text.project_id == project.id, Text.adjudication_status != "adjudicated",
                           Text.id.in_(select(Assignment.text_id)), Text.id.not_in(waiting))
        .order_by(Text.id)
    )
    return session.scalars(query.where(Text.id > after_text_id).limit(1)).first() or \
        session.scalars(query.limit(1)).first()


def gold_feedback(session: Session, *, assignment: Assignment, user: User) -> dict[str, Any]:
    """An annotator's spans beside the adjudicated gold for a text, when the project shows feedback.

    :raises Forbidden: feedback is off for the project, or the text is not adjudicated yet.
    """
    text = assignment.text
    if assignment.annotator_id != user.id:
        raise NotFound("You have no such assignment.")
    if not text.project.settings.get("show_gold_to_annotators", False):
        raise Forbidden("This project does not show the gold to annotators.")
    if text.adjudication_status != "adjudicated":
        raise Conflict("This text is not adjudicated yet.", reason="not_adjudicated")
    mine = {(s.start, s.end, s.label) for s in assignment.annotation_set.spans}
    gold = {(g.start, g.end, g.label) for g in session.scalars(
        select(GoldAnnotation).where(GoldAnnotation.text_id == text.id))}
    return {"matched": _keyed(mine & gold), "missed": _keyed(gold - mine), "extra": _keyed(mine - gold)}


def _keyed(keys: set[tuple[int, int, str]]) -> list[dict[str, Any]]:
    return [{"start": start, "end": end, "label": label} for start, end, label in sorted(keys)]
