"""Saving a draft in two steps: plan (read and validate) and apply (write, checked against the version).

Between the two a route may end the read transaction and take SQLite's write lock, so that writers
queue only for the few statements that write; the version check in apply keeps this safe. Both steps
read and write with Core statements, a fixed number whatever the span count, and the answer is built
from what was written instead of being read back.
"""
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from app.annotations.models import AnnotationSet, Assignment, Span
from app.annotations.service import (
    STALE_MESSAGE,
    add_event,
    check_own_version,
    may_read,
    no_such_set,
    schema_document,
    span_state,
)
from app.annotations.spans import SpanInput, SpanRules, check_spans
from app.annotations.views import AnnotationSetView
from app.auth.models import User
from app.db import utcnow
from app.errors import Conflict, NotFound
from app.texts.models import Text


@dataclass(frozen=True)
class SavePlan:
    """What a save changes; spans are span_state dicts, removed, changed and kept ones with their row id."""

    annotation_set_id: int
    assignment_id: int
    user_id: int
    annotator: str
    version: int
    added: tuple[dict[str, Any], ...]
    removed: tuple[dict[str, Any], ...]
    changed: tuple[dict[str, Any], ...]
    kept: tuple[dict[str, Any], ...]  # unchanged spans, as Span.as_dict()
    status_before: str
    text_id: int
    annotation_schema_version_id: int


# Called after every applied save, in its transaction; suggestions (which annotations may not import)
# add theirs in their register(app) to record acceptances carried by `suggested_by`.
AFTER_SAVE_HOOKS: list[Callable[[Session, SavePlan], None]] = []

_STORED_SPAN = (Span.id, Span.start, Span.end, Span.label, Span.attributes, Span.suggested_by)


def plan_save(session: Session, *, annotation_set_id: int, user: User, version: int,
              spans: Sequence[SpanInput]) -> SavePlan:
    """Check the save and work out what changes, without writing: two reads, the set and its spans.

    :raises NotFound: no such set, or another annotator's. :raises Forbidden: not the user's to change.
    :raises Conflict: stale version, or the set is submitted.
    :raises Invalid: a span is outside the text, has an unknown label or bad attributes, or overlaps.
    """
    found = session.execute(
        select(AnnotationSet.version, AnnotationSet.annotation_schema_version_id, Assignment.id,
               Assignment.annotator_id, Assignment.status, Assignment.text_id, Text.content)
        .join(Assignment, Assignment.id == AnnotationSet.assignment_id).join(Text, Text.id == Assignment.text_id)
        .where(AnnotationSet.id == annotation_set_id)).one_or_none()
    if found is None or not may_read(found.annotator_id, user):
        raise NotFound(no_such_set(annotation_set_id))
    check_own_version(found.annotator_id, found.version, user=user, version=version)
    if found.status == "submitted":
        raise Conflict("This annotation is submitted; reopen it to change it.", reason="already_submitted")
    check_spans(spans, text=found.content,
                rules=SpanRules.of_schema(schema_document(session, found.annotation_schema_version_id)))
    stored = session.execute(select(*_STORED_SPAN).where(Span.annotation_set_id == annotation_set_id)).all()
    added, removed, changed, kept = _diff(stored, spans)
    return SavePlan(annotation_set_id, found.id, user.id, user.username, version, added, removed, changed, kept,
                    found.status, found.text_id, found.annotation_schema_version_id)


def apply_save(session: Session, plan: SavePlan) -> AnnotationSetView:
    """Write a planned save and its history row; returns the saved set.

    :raises Conflict: reason stale_version, when another save got in since the plan was made.
    """
    now = utcnow()
    claimed = session.execute(
        update(AnnotationSet)
        .where(AnnotationSet.id == plan.annotation_set_id, AnnotationSet.version == plan.version)
        .values(version=plan.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise Conflict(STALE_MESSAGE, reason="stale_version")
    unsynced = {"synchronize_session": False}
    if plan.removed:
        session.execute(delete(Span).where(Span.id.in_([r["id"] for r in plan.removed])).execution_options(**unsynced))
    # suggested_by is set on every row, so the rows of one statement share their keys.
    changed = [dict(c["after"], id=c["id"], suggested_by=c["after"].get("suggested_by")) for c in plan.changed]
    if changed:
        session.execute(update(Span).execution_options(**unsynced), changed)
    added = []
    if plan.added:
        # The new rows come back whole, in whatever order: asking for parameter order makes SQLite insert
        # one row per statement.
        added = [row._asdict() for row in session.execute(
            insert(Span).returning(*_STORED_SPAN),
            [dict(a, annotation_set_id=plan.annotation_set_id, suggested_by=a.get("suggested_by"))
             for a in plan.added])]
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
    spans = sorted([*plan.kept, *changed, *added], key=lambda s: (s["start"], s["end"], s["id"]))
    return AnnotationSetView(plan.annotation_set_id, plan.assignment_id, plan.text_id, plan.annotator,
                             plan.version + 1, "draft", False, plan.annotation_schema_version_id, now,
                             [{key: span[key] for key in _SPAN_KEYS} for span in spans])


_SPAN_KEYS = ("id", "start", "end", "label", "attributes", "suggested_by")


def save_annotation_set(session: Session, *, annotation_set_id: int, user: User, version: int,
                        spans: Sequence[SpanInput]) -> AnnotationSet:
    """Plan and apply a save in the caller's transaction; returns the set, reloaded on access."""
    apply_save(session, plan_save(session, annotation_set_id=annotation_set_id, user=user, version=version,
                                  spans=spans))
    return session.get(AnnotationSet, annotation_set_id)


def _diff(stored: Sequence[Any], spans: Sequence[SpanInput]) -> tuple[tuple[dict[str, Any], ...], ...]:
    """Added, removed, changed and unchanged spans of the stored rows (anything with Span's columns as
    attributes); rows keep their id when the client sends it or the content matches."""
    current = {span.id: span for span in stored}
    by_content = {(s.start, s.end, s.label): s for s in stored}
    added, changed, kept, kept_ids = [], [], [], set()
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
        else:
            kept.append({key: getattr(target, key) for key in _SPAN_KEYS})
    removed = [dict(span_state(span), id=span.id) for span in stored if span.id not in kept_ids]
    return tuple(added), tuple(removed), tuple(changed), tuple(kept)
