"""Saving a draft in two steps: plan (read and validate) and apply (write, checked against the version).

Between the two a route may end the read transaction and take SQLite's write lock, so that writers
queue only for the few statements that write; the version check in apply keeps this safe.
"""
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, insert, update
from sqlalchemy.orm import Session

from app.annotations.models import AnnotationSet, Assignment, Span
from app.annotations.service import (
    STALE_MESSAGE,
    add_event,
    own_annotation_set,
    schema_document,
    span_state,
)
from app.annotations.spans import SpanInput, SpanRules, check_spans
from app.auth.models import User
from app.db import utcnow
from app.errors import Conflict


@dataclass(frozen=True)
class SavePlan:
    """What a save changes; spans are span_state dicts, removed and changed ones with their row id."""

    annotation_set_id: int
    assignment_id: int
    user_id: int
    version: int
    added: tuple[dict[str, Any], ...]
    removed: tuple[dict[str, Any], ...]
    changed: tuple[dict[str, Any], ...]
    status_before: str
    text_id: int


# Called after every applied save, in its transaction; suggestions (which annotations may not import)
# add theirs in their register(app) to record acceptances carried by `suggested_by`.
AFTER_SAVE_HOOKS: list[Callable[[Session, SavePlan], None]] = []


def plan_save(session: Session, *, annotation_set_id: int, user: User, version: int,
              spans: Sequence[SpanInput]) -> SavePlan:
    """Check the save and work out what changes, without writing.

    :raises Conflict: stale version, or the set is submitted.
    :raises Invalid: a span is outside the text, has an unknown label or bad attributes, or overlaps.
    """
    annotation_set = own_annotation_set(session, annotation_set_id, user, version)
    assignment = annotation_set.assignment
    if assignment.status == "submitted":
        raise Conflict("This annotation is submitted; reopen it to change it.", reason="already_submitted")
    document = schema_document(session, annotation_set.annotation_schema_version_id)
    check_spans(spans, text=assignment.text.content, rules=SpanRules.of_schema(document))
    added, removed, changed = _diff(annotation_set.spans, spans)
    return SavePlan(annotation_set.id, assignment.id, user.id, version, added, removed, changed, assignment.status,
                    assignment.text_id)


def apply_save(session: Session, plan: SavePlan) -> None:
    """Write a planned save and its history row.

    :raises Conflict: reason stale_version, when another save got in since the plan was made.
    """
    claimed = session.execute(
        update(AnnotationSet)
        .where(AnnotationSet.id == plan.annotation_set_id, AnnotationSet.version == plan.version)
        .values(version=plan.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise Conflict(STALE_MESSAGE, reason="stale_version")
    unsynced = {"synchronize_session": False}
    if plan.removed:
        session.execute(delete(Span).where(Span.id.in_([r["id"] for r in plan.removed])).execution_options(**unsynced))
    # suggested_by is set on every row, so the rows of one statement share their keys.
    if plan.changed:
        session.execute(update(Span).execution_options(**unsynced),
                        [dict(c["after"], id=c["id"], suggested_by=c["after"].get("suggested_by"))
                         for c in plan.changed])
    if plan.added:
        session.execute(insert(Span), [dict(a, annotation_set_id=plan.annotation_set_id,
                                            suggested_by=a.get("suggested_by")) for a in plan.added])
    changes: dict[str, Any] = {"added": list(plan.added), "removed": list(plan.removed), "changed": list(plan.changed)}
    if plan.status_before != "draft":
        session.execute(update(Assignment).where(Assignment.id == plan.assignment_id).values(status="draft")
                        .execution_options(**unsynced))
        changes["status"] = {"before": plan.status_before, "after": "draft"}
    add_event(session, plan.annotation_set_id, plan.user_id, "save", plan.version + 1, changes)
    for hook in AFTER_SAVE_HOOKS:
        hook(session, plan)
    # Expire what the session holds (the writes above bypassed it), without loading what it does not.
    for model, row_id in ((AnnotationSet, plan.annotation_set_id), (Assignment, plan.assignment_id)):
        stale = session.identity_map.get(session.identity_key(model, row_id))
        if stale is not None:
            session.expire(stale)


def save_annotation_set(session: Session, *, annotation_set_id: int, user: User, version: int,
                        spans: Sequence[SpanInput]) -> AnnotationSet:
    """Plan and apply a save in the caller's transaction; returns the set, reloaded on access."""
    apply_save(session, plan_save(session, annotation_set_id=annotation_set_id, user=user, version=version,
                                  spans=spans))
    return session.get(AnnotationSet, annotation_set_id)


def _diff(stored: Sequence[Span], spans: Sequence[SpanInput]) -> tuple[tuple[dict[str, Any], ...], ...]:
    """Added, removed and changed spans; rows keep their id when the client sends it or the content matches."""
    current = {span.id: span for span in stored}
    by_content = {(s.start, s.end, s.label): s for s in stored}
    added, changed, kept_ids = [], [], set()
    for incoming in spans:
        target = current.get(incoming.id) if incoming.id is not None else None
        if target is None or target.id in kept_ids:
            target = by_content.get(incoming.key())
            target = None if target is None or target.id in kept_ids else target
        if target is None:
            added.append(span_state(incoming))
            continue
        kept_ids.add(target.id)
        before = span_state(target)
        # A span keeps the suggestion it came from through later edits, whether or not a client echoes it.
        after = span_state(replace(incoming, suggested_by=incoming.suggested_by or target.suggested_by))
        if before != after:
            changed.append({"id": target.id, "before": before, "after": after})
    removed = [dict(span_state(span), id=span.id) for span in stored if span.id not in kept_ids]
    return tuple(added), tuple(removed), tuple(changed)
