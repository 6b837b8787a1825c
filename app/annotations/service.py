"""Assignments and annotation sets: blind access, versioned saves, submit, reopen, history."""
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.annotation_schemas.models import AnnotationSchemaVersion
from app.annotations.models import AnnotationEvent, AnnotationSet, Assignment, Span
from app.annotations.spans import SpanInput, check_spans
from app.auth.models import User
from app.db import utcnow
from app.errors import Conflict, Forbidden, NotFound

# Called after every submission, in its transaction; other domains (agreement routing) add to it in
# their register(app), since annotations may not import them.
AFTER_SUBMIT_HOOKS: list[Callable[[Session, Assignment], None]] = []

STALE_MESSAGE = "Someone saved this annotation after you loaded it (another tab?). Reload to see the newer version."


def can_see_all_annotations(user: User) -> bool:
    return user.role in ("reviewer", "editor", "admin")


def get_annotation_set(session: Session, *, annotation_set_id: int, user: User) -> AnnotationSet:
    """The set, if the user may see it: annotators see only their own (blind annotation).

    :raises NotFound: no such set, or (for annotators) not theirs, so ids of others' work do not leak.
    """
    annotation_set = session.get(AnnotationSet, annotation_set_id, options=[selectinload(AnnotationSet.spans)])
    if annotation_set is None or not _may_read(annotation_set, user):
        raise NotFound(f"There is no annotation set {annotation_set_id} for you.")
    return annotation_set


def _may_read(annotation_set: AnnotationSet, user: User) -> bool:
    return annotation_set.assignment.annotator_id == user.id or can_see_all_annotations(user)


def _own_set(session: Session, annotation_set_id: int, user: User, version: int) -> AnnotationSet:
    annotation_set = get_annotation_set(session, annotation_set_id=annotation_set_id, user=user)
    if annotation_set.assignment.annotator_id != user.id:
        raise Forbidden("Only the annotator of this set can change it.")
    if annotation_set.version != version:
        raise Conflict(STALE_MESSAGE, reason="stale_version", errors={"version": [f"Current is {annotation_set.version}."]})
    return annotation_set


def save_annotation_set(
    session: Session, *, annotation_set_id: int, user: User, version: int, spans: Sequence[SpanInput]
) -> AnnotationSet:
    """Replace the draft's spans with `spans`, if `version` is still current; writes history.

    :raises Conflict: stale version, or the set is submitted.
    :raises Invalid: a span is outside the text, has an unknown label or bad attributes, or overlaps.
    """
    annotation_set = _own_set(session, annotation_set_id, user, version)
    assignment = annotation_set.assignment
    if assignment.status == "submitted":
        raise Conflict("This annotation is submitted; reopen it to change it.", reason="already_submitted")
    check_spans(
        spans,
        text_length=assignment.text.char_count,
        schema_document=schema_document(session, annotation_set.annotation_schema_version_id),
        require_attributes=False,
    )
    _bump_version(session, annotation_set, version)
    changes = _write_span_changes(session, annotation_set, spans)
    if assignment.status != "draft":
        changes["status"] = {"before": assignment.status, "after": "draft"}
        assignment.status = "draft"
    _add_event(session, annotation_set.id, user, "save", version + 1, changes)
    session.flush()
    session.expire(annotation_set)
    return annotation_set


def submit_annotation_set(session: Session, *, annotation_set_id: int, user: User, version: int) -> AnnotationSet:
    """Mark the set submitted once every span has its required attributes.

    :raises Invalid: reason missing_required_attributes, with per-span errors.
    """
    annotation_set = _own_set(session, annotation_set_id, user, version)
    assignment = annotation_set.assignment
    if assignment.status == "submitted":
        raise Conflict("This annotation is already submitted.", reason="already_submitted")
    spans = [SpanInput(s.start, s.end, s.label, s.attributes, s.id) for s in annotation_set.spans]
    check_spans(
        spans,
        text_length=assignment.text.char_count,
        schema_document=schema_document(session, annotation_set.annotation_schema_version_id),
        require_attributes=True,
    )
    changes = {"status": {"before": assignment.status, "after": "submitted"}}
    assignment.status = "submitted"
    assignment.submitted_at = utcnow()
    _record(session, annotation_set, user, "submit", changes)
    for hook in AFTER_SUBMIT_HOOKS:
        hook(session, assignment)
    return annotation_set


def reopen_annotation_set(session: Session, *, annotation_set_id: int, user: User, version: int) -> AnnotationSet:
    """Turn a submission back into a draft, until adjudication of the text starts.

    :raises Conflict: reason adjudication_started, or not submitted.
    """
    annotation_set = _own_set(session, annotation_set_id, user, version)
    assignment = annotation_set.assignment
    if assignment.status != "submitted":
        raise Conflict("Only a submitted annotation can be reopened.", reason="not_submitted")
    if not can_reopen(assignment):
        raise Conflict("A reviewer has started adjudicating this text; it can no longer be reopened.",
                       reason="adjudication_started")
    assignment.status = "draft"
    assignment.submitted_at = None
    return _record(session, annotation_set, user, "reopen", {"status": {"before": "submitted", "after": "draft"}})


def can_reopen(assignment: Assignment) -> bool:
    return assignment.status == "submitted" and assignment.text.adjudication_status == "pending"


def schema_document(session: Session, schema_version_id: int) -> dict[str, Any]:
    """The stored schema document; versions never change, so it is parsed once per process."""
    sha256 = session.scalar(select(AnnotationSchemaVersion.sha256).where(AnnotationSchemaVersion.id == schema_version_id))
    document = _schema_documents.get((schema_version_id, sha256))
    if document is None:
        document = session.get(AnnotationSchemaVersion, schema_version_id).document
        _schema_documents[(schema_version_id, sha256)] = document
    return document


_schema_documents: dict[tuple[int, str | None], dict[str, Any]] = {}


def _span_state(span: Span | SpanInput) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "label": span.label, "attributes": dict(span.attributes)}


def _bump_version(session: Session, annotation_set: AnnotationSet, version: int) -> None:
    """Claim the next version first: a concurrent save of the same version then matches no row."""
    result = session.execute(
        update(AnnotationSet)
        .where(AnnotationSet.id == annotation_set.id, AnnotationSet.version == version)
        .values(version=version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict(STALE_MESSAGE, reason="stale_version")


def _write_span_changes(session: Session, annotation_set: AnnotationSet, spans: Sequence[SpanInput]) -> dict[str, Any]:
    """Turn the stored spans into `spans` with set-wise statements, keeping unchanged rows; returns the diff."""
    current = {span.id: span for span in annotation_set.spans}
    by_content = {(s.start, s.end, s.label): s for s in annotation_set.spans}
    added, changed, kept_ids = [], [], set()
    for incoming in spans:
        target = current.get(incoming.id) if incoming.id is not None else None
        if target is None or target.id in kept_ids:
            target = by_content.get(incoming.key())
            target = None if target is None or target.id in kept_ids else target
        if target is None:
            added.append(_span_state(incoming))
            continue
        kept_ids.add(target.id)
        before = _span_state(target)
        if before != _span_state(incoming):
            changed.append({"id": target.id, "before": before, "after": _span_state(incoming)})
    removed = [dict(_span_state(span), id=span.id) for span in current.values() if span.id not in kept_ids]
    unsynced = {"synchronize_session": False}
    if removed:
        session.execute(delete(Span).where(Span.id.in_([r["id"] for r in removed])).execution_options(**unsynced))
    if changed:
        session.execute(update(Span).execution_options(**unsynced), [dict(c["after"], id=c["id"]) for c in changed])
    if added:
        session.execute(insert(Span), [dict(a, annotation_set_id=annotation_set.id) for a in added])
    return {"added": added, "removed": removed, "changed": changed}


def _add_event(session: Session, annotation_set_id: int, user: User, action: str, set_version: int,
               changes: dict[str, Any]) -> None:
    session.execute(insert(AnnotationEvent), [{
        "annotation_set_id": annotation_set_id, "user_id": user.id, "action": action,
        "set_version": set_version, "changes": changes,
    }])


def _record(session: Session, annotation_set: AnnotationSet, user: User, action: str,
            changes: dict[str, Any]) -> AnnotationSet:
    """Bump the version through the ORM (its version check applies) and append the history row."""
    annotation_set.updated_at = utcnow()
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict(STALE_MESSAGE, reason="stale_version") from exc
    _add_event(session, annotation_set.id, user, action, annotation_set.version, changes)
    session.flush()
    return annotation_set


def list_history(session: Session, *, annotation_set_id: int, user: User) -> Sequence[AnnotationEvent]:
    get_annotation_set(session, annotation_set_id=annotation_set_id, user=user)
    return session.scalars(
        select(AnnotationEvent).where(AnnotationEvent.annotation_set_id == annotation_set_id).order_by(AnnotationEvent.id)
    ).all()
