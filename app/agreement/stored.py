"""Keep each text's agreement on the text, for the text browser's filter and sort."""
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agreement.service import compute_text_agreement, metric_value, primary_metric
from app.annotations.models import Assignment
from app.texts.models import Project, Text

log = logging.getLogger(__name__)


def store_text_agreement(session: Session, *, text: Text) -> float | None:
    """Compute the project's primary figure over the text's submitted annotations and store it on the text.

    A text with fewer than two submitted annotators, or an undefined figure, stores None.
    """
    submitted = session.scalar(select(Assignment.id).where(Assignment.text_id == text.id,
                                                           Assignment.status == "submitted").offset(1).limit(1))
    value = None
    if submitted is not None:
        value = metric_value(compute_text_agreement(session, text=text), primary_metric(text.project))
    text.agreement = value
    session.flush()
    return value


def store_agreement_after_submit(session: Session, assignment: Assignment) -> None:
    """The after-submit hook: once the text's last assignment is submitted, store its agreement.

    Like routing it runs in a SAVEPOINT and logs its failures, so it never undoes a submission.
    """
    statuses = session.scalars(select(Assignment.status).where(Assignment.text_id == assignment.text_id)).all()
    if not all(status == "submitted" for status in statuses):
        return
    try:
        with session.begin_nested():
            store_text_agreement(session, text=assignment.text)
    except Exception:
        log.exception("Storing the agreement of text %s failed", assignment.text_id)


def store_project_agreements(session: Session, *, project: Project) -> int:
    """Store the agreement of every fully submitted text (texts submitted before the figure was stored)."""
    count = 0
    for text in session.scalars(select(Text).where(Text.project_id == project.id).order_by(Text.id)):
        statuses = session.scalars(select(Assignment.status).where(Assignment.text_id == text.id)).all()
        if statuses and all(status == "submitted" for status in statuses):
            store_text_agreement(session, text=text)
            count += 1
    return count
