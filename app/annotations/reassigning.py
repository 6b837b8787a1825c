"""Move an unsubmitted text from one annotator to another; the first annotator's draft stays in history."""
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.annotations.models import Assignment
from app.annotations.service import STALE_MESSAGE, add_event, span_state
from app.audit.service import record_event
from app.auth.models import User
from app.db import utcnow
from app.errors import Conflict, Invalid, NotFound


def reassign_text(session: Session, *, text_id: int, from_annotator_id: int, to_annotator: User,
                  actor_id: int | None) -> Assignment:
    """Hand the text's assignment from one annotator to `to_annotator`, who starts from an empty draft.

    The new annotator never sees the old one's spans (annotators stay blind to each other); the old draft is
    kept in the annotation set's history as a `reassign` event with the spans it held, and the set keeps
    its earlier events.

    :raises NotFound: the first annotator has no assignment of this text.
    :raises Conflict: the text was already submitted, or the new annotator already has this text.
    :raises Invalid: the new annotator is not an active annotator.
    """
    assignment = session.scalar(select(Assignment).where(Assignment.text_id == text_id,
                                                         Assignment.annotator_id == from_annotator_id))
    if assignment is None:
        raise NotFound(f"That annotator has no assignment of text {text_id}.")
    if assignment.status == "submitted":
        raise Conflict("This text was already submitted; it cannot move to another annotator.",
                       reason="already_submitted")
    if not to_annotator.is_active or to_annotator.role not in ("annotator", "admin"):
        raise Invalid(f"{to_annotator.username} is not an active annotator.", errors={"annotator": ["Not an annotator."]})
    if session.scalar(select(Assignment.id).where(Assignment.text_id == assignment.text_id,
                                                 Assignment.annotator_id == to_annotator.id)):
        raise Conflict(f"{to_annotator.username} already has this text.", reason="already_assigned")
    annotation_set = assignment.annotation_set
    changes = {"from_annotator_id": assignment.annotator_id, "to_annotator_id": to_annotator.id,
               "status_before": assignment.status, "draft": [span_state(s) for s in annotation_set.spans]}
    annotation_set.spans.clear()
    annotation_set.updated_at = utcnow()
    assignment.annotator_id = to_annotator.id
    assignment.status = "not_started"
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict(STALE_MESSAGE, reason="stale_version") from exc
    add_event(session, annotation_set.id, actor_id, "reassign", annotation_set.version, changes)
    record_event(session, actor_id=actor_id, action="assignments.changed", target_type="text",
                 target_id=assignment.text_id, project_id=assignment.text.project_id,
                 changes={"reassigned": {"from_annotator_id": changes["from_annotator_id"],
                                         "to_annotator_id": to_annotator.id, "status_before": changes["status_before"],
                                         "draft_spans": len(changes["draft"])}})
    return assignment

