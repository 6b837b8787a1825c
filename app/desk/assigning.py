"""What the assignments page needs: who can annotate, their load, how many texts still need annotators."""
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.annotations.assignments import assign_texts
from app.annotations.models import Assignment
from app.auth.models import User
from app.errors import Invalid
from app.texts.models import Text
from app.texts.service import require_project


@dataclass(frozen=True)
class AnnotatorLoad:
    user: User
    in_project: int
    open_everywhere: int  # unsubmitted assignments across all projects


def annotator_loads(session: Session, *, project_id: int) -> list[AnnotatorLoad]:
    """Active annotators, least loaded first (the order assign_texts fills them in)."""
    in_project = dict(session.execute(
        select(Assignment.annotator_id, func.count()).join(Text, Text.id == Assignment.text_id)
        .where(Text.project_id == project_id).group_by(Assignment.annotator_id)).all())
    open_ones = dict(session.execute(
        select(Assignment.annotator_id, func.count()).where(Assignment.status != "submitted")
        .group_by(Assignment.annotator_id)).all())
    users = session.scalars(select(User).where(User.role == "annotator", User.active.is_(True))).all()
    loads = [AnnotatorLoad(u, in_project.get(u.id, 0), open_ones.get(u.id, 0)) for u in users]
    return sorted(loads, key=lambda load: (load.in_project, load.user.username))


def texts_short_of_annotators(session: Session, *, project_id: int) -> int:
    """Texts with fewer assignments than the project's annotators per text."""
    project = require_project(session, project_id)
    counts = (select(Assignment.text_id, func.count().label("n")).group_by(Assignment.text_id).subquery())
    return session.scalar(
        select(func.count()).select_from(Text).outerjoin(counts, counts.c.text_id == Text.id)
        .where(Text.project_id == project_id, func.coalesce(counts.c.n, 0) < project.annotators_per_text))


def assign_to_annotators(session: Session, *, project_id: int, annotator_ids: list[int], actor_id: int | None) -> int:
    """Fill every text up to its annotators from the chosen ones, least loaded first (as `factspan assign`).

    :raises Invalid: no annotator chosen, or one that is not an active annotator.
    """
    project = require_project(session, project_id)
    users = session.scalars(select(User).where(User.id.in_(annotator_ids))).all()
    if len(users) != len(set(annotator_ids)) or any(not u.active or u.role != "annotator" for u in users):
        raise Invalid("Choose active annotators only.", errors={"annotators": ["Not an active annotator."]})
    return assign_texts(session, project=project, annotators=sorted(users, key=lambda u: u.id), actor_id=actor_id)
