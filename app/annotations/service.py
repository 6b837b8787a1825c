"""Assignments and annotation sets: blind access, versioned saves, submit, reopen, history."""
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.annotation_schemas.models import AnnotationSchemaVersion
from app.annotations.models import AnnotationEvent, AnnotationSet, Assignment, Span
from app.annotations.spans import SpanInput, SpanRules, check_spans
from app.auth.models import User
from app.db import utcnow
from app.errors import Conflict, Forbidden, NotFound
from app.texts.service import lock_text

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
    annotation_set = session.get(AnnotationSet, annotation_set_id,
                                 options=[selectinload(AnnotationSet.spans), joinedload(AnnotationSet.assignment)])
    if annotation_set is None or not may_read(annotation_set.assignment.annotator_id, user):
        raise NotFound(no_such_set(annotation_set_id))
    return annotation_set


def may_read(annotator_id: int, user: User) -> bool:
    return annotator_id == user.id or can_see_all_annotations(user)


def no_such_set(annotation_set_id: int) -> str:
    return f"There is no annotation set {annotation_set_id} for you."


def own_annotation_set(session: Session, annotation_set_id: int, user: User, version: int) -> AnnotationSet:
    """The user's own set at `version`.

    :raises Forbidden: not the user's. :raises Conflict: reason stale_version.
    """
    annotation_set = get_annotation_set(session, annotation_set_id=annotation_set_id, user=user)
    check_own_version(annotation_set.assignment.annotator_id, annotation_set.version, user=user, version=version)
    return annotation_set


def check_own_version(annotator_id: int, current_version: int, *, user: User, version: int) -> None:
    """:raises Forbidden: the set is not the user's. :raises Conflict: reason stale_version."""
    if annotator_id != user.id:
        raise Forbidden("Only the annotator of this set can change it.")
    if current_version != version:
        raise Conflict(STALE_MESSAGE, reason="stale_version", errors={"version": [f"Current is {current_version}."]})


def submit_annotation_set(session: Session, *, annotation_set_id: int, user: User, version: int) -> AnnotationSet:
    """Mark the set submitted once every span has its required attributes.

    :raises Invalid: reason missing_required_attributes, with per-span errors.
    """
    annotation_set = own_annotation_set(session, annotation_set_id, user, version)
    assignment = annotation_set.assignment
    # Submissions of one text take turns, so the last one sees every other and its hooks (routing) run.
    lock_text(session, assignment.text)
    if assignment.status == "submitted":
        raise Conflict("This annotation is already submitted.", reason="already_submitted")
    spans = [SpanInput(s.start, s.end, s.label, s.attributes, s.id) for s in annotation_set.spans]
    check_spans(
        spans,
        text=assignment.text.content,
        rules=SpanRules.of_schema(schema_document(session, annotation_set.annotation_schema_version_id)),
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
    annotation_set = own_annotation_set(session, annotation_set_id, user, version)
    assignment = annotation_set.assignment
    lock_text(session, assignment.text)  # a start of adjudication either happened or waits for this
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
    """The stored schema document; stored versions never change, so it is read once per database and process."""
    key = (str(session.get_bind().engine.url), schema_version_id)
    document = _schema_documents.get(key)
    if document is None:
        document = _schema_documents[key] = session.get(AnnotationSchemaVersion, schema_version_id).document
    return document


_schema_documents: dict[tuple[str, int], dict[str, Any]] = {}


def forget_schema_documents() -> None:
    """Drop the cache; only needed where stored versions can vanish, as in rolled-back tests."""
    _schema_documents.clear()


def span_state(span: Span | SpanInput) -> dict[str, Any]:
    state = {"start": span.start, "end": span.end, "label": span.label, "attributes": dict(span.attributes)}
    if span.suggested_by:
        state["suggested_by"] = dict(span.suggested_by)
    return state


def add_event(session: Session, annotation_set_id: int, user_id: int | None, action: str, set_version: int,
              changes: dict[str, Any]) -> None:
    """Append a history row (in the caller's transaction)."""
    session.execute(insert(AnnotationEvent), [{
        "annotation_set_id": annotation_set_id, "user_id": user_id, "action": action,
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
    add_event(session, annotation_set.id, user.id, action, annotation_set.version, changes)
    session.flush()
    return annotation_set


def list_history(session: Session, *, annotation_set_id: int, user: User) -> Sequence[AnnotationEvent]:
    get_annotation_set(session, annotation_set_id=annotation_set_id, user=user)
    return session.scalars(
        select(AnnotationEvent).where(AnnotationEvent.annotation_set_id == annotation_set_id).order_by(AnnotationEvent.id)
    ).all()
