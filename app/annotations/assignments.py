"""Hand texts to annotators and list their work."""
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, insert, select
from sqlalchemy.orm import Session, joinedload

from app.annotation_schemas.models import AnnotationSchemaVersion
from app.annotations.models import AnnotationSet, Assignment, Span
from app.audit.service import record_event
from app.auth.models import User
from app.errors import Invalid, NotFound
from app.texts.models import Project, Text
from app.texts.service import require_active_project


@dataclass(frozen=True)
class AssignmentRow:
    assignment: Assignment
    project: Project
    span_count: int


def assign_texts(session: Session, *, project: Project, annotators: Sequence[User], actor_id: int | None = None) -> int:
    """Give every text of the project up to annotators_per_text annotators, least-loaded first (`actor_id`: who,
    for the audit log; None from the command line).

    Existing assignments are kept; returns how many were created.

    :raises Conflict: reason project_archived.
    """
    require_active_project(project)
    if not annotators:
        raise Invalid("Name at least one annotator.", errors={"annotators": ["Required."]})
    existing = session.execute(
        select(Assignment.text_id, Assignment.annotator_id).join(Text).where(Text.project_id == project.id)
    ).all()
    by_text: dict[int, set[int]] = {}
    for text_id, annotator_id in existing:
        by_text.setdefault(text_id, set()).add(annotator_id)
    load = Counter({user.id: 0 for user in annotators})
    load.update(a for (_, a) in existing if a in load)
    planned: list[tuple[int, User]] = []
    text_ids = session.scalars(select(Text.id).where(Text.project_id == project.id).order_by(Text.id)).all()
    for text_id in text_ids:
        have = by_text.get(text_id, set())
        candidates = sorted((u for u in annotators if u.id not in have), key=lambda u: (load[u.id], u.id))
        for user in candidates[: max(0, project.annotators_per_text - len(have))]:
            planned.append((text_id, user))
            load[user.id] += 1
    for user in {user.id: user for _, user in planned}.values():
        _check_annotator(user)
    if planned:
        # A fixed number of statements whatever the project's size: the rows go in as executemany batches,
        # and the new assignments (the only ones without a set) are read back for their sets.
        session.execute(insert(Assignment), [{"text_id": text_id, "annotator_id": user.id, "status": "not_started"}
                                             for text_id, user in planned])
        new_ids = session.scalars(
            select(Assignment.id).join(Text, Text.id == Assignment.text_id)
            .outerjoin(AnnotationSet, AnnotationSet.assignment_id == Assignment.id)
            .where(Text.project_id == project.id, AnnotationSet.id.is_(None))
        ).all()
        session.execute(insert(AnnotationSet), [
            {"assignment_id": assignment_id, "annotation_schema_version_id": project.annotation_schema_version_id}
            for assignment_id in new_ids
        ])
        record_event(session, actor_id=actor_id, action="assignments.changed", target_type="project",
                     target_id=project.id, project_id=project.id,
                     changes={"created": len(planned), "annotators": sorted({u.username for _, u in planned})})
    return len(planned)


def _check_annotator(annotator: User) -> None:
    if annotator.role not in ("annotator", "admin"):
        raise Invalid(f"{annotator.username} is a {annotator.role}, not an annotator.")


def create_assignment(session: Session, *, text_id: int, annotator: User, schema_version_id: int) -> Assignment:
    _check_annotator(annotator)
    assignment = Assignment(text_id=text_id, annotator_id=annotator.id, status="not_started")
    assignment.annotation_set = AnnotationSet(annotation_schema_version_id=schema_version_id)
    session.add(assignment)
    return assignment


def list_assignments_for(session: Session, *, user: User) -> list[AssignmentRow]:
    """The user's own assignments with project and span count, oldest text first."""
    span_counts = (
        select(AnnotationSet.assignment_id, func.count(Span.id).label("n"))
        .join(Span, Span.annotation_set_id == AnnotationSet.id)
        .group_by(AnnotationSet.assignment_id)
        .subquery()
    )
    rows = session.execute(
        select(Assignment, Project, func.coalesce(span_counts.c.n, 0))
        .join(Text, Text.id == Assignment.text_id)
        .join(Project, Project.id == Text.project_id)
        .outerjoin(span_counts, span_counts.c.assignment_id == Assignment.id)
        .options(joinedload(Assignment.text), joinedload(Assignment.annotation_set))
        .where(Assignment.annotator_id == user.id)
        .order_by(Project.name, Assignment.text_id)
    ).all()
    return [AssignmentRow(a, p, n) for a, p, n in rows]


QUEUE_ORDER_SETTING = "queue_order"


def next_assignment(session: Session, *, user: User) -> Assignment | None:
    """The user's first unfinished assignment: drafts before untouched texts, then in import order, or,
    in projects whose queue_order is "uncertainty", the texts the latest suggester run was least sure of first."""
    by_uncertainty = [project.id for project in session.scalars(select(Project))
                      if project.settings.get(QUEUE_ORDER_SETTING) == "uncertainty"]
    doubt = case((Text.project_id.in_(by_uncertainty), func.coalesce(Text.model_uncertainty, -1.0)), else_=-1.0)
    return session.scalars(
        select(Assignment)
        .join(Text, Text.id == Assignment.text_id)
        .where(Assignment.annotator_id == user.id, Assignment.status != "submitted")
        .order_by((Assignment.status == "not_started").asc(), doubt.desc(), Assignment.text_id)
        .limit(1)
    ).first()


def get_own_assignment(session: Session, *, assignment_id: int, user: User) -> Assignment:
    """:raises NotFound: no such assignment of this user (annotators never reach others')."""
    assignment = session.get(Assignment, assignment_id)
    if assignment is None or assignment.annotator_id != user.id:
        raise NotFound(f"You have no assignment {assignment_id}.")
    return assignment


def assignment_counts_by_project(session: Session) -> dict[int, dict[str, int]]:
    rows = session.execute(
        select(Text.project_id, Assignment.status, func.count())
        .join(Text, Text.id == Assignment.text_id)
        .group_by(Text.project_id, Assignment.status)
    ).all()
    counts: dict[int, dict[str, int]] = {}
    for project_id, status, count in rows:
        counts.setdefault(project_id, {})[status] = count
    return counts


def schema_version_of(session: Session, assignment: Assignment) -> AnnotationSchemaVersion:
    return session.get(AnnotationSchemaVersion, assignment.annotation_set.annotation_schema_version_id)


def assignment_counts_by_annotator(session: Session) -> dict[int, dict[str, int]]:
    """Per annotator id: texts assigned, and how many of them are submitted."""
    rows = session.execute(
        select(Assignment.annotator_id, func.count(), func.count().filter(Assignment.status == "submitted"))
        .group_by(Assignment.annotator_id)
    ).all()
    return {annotator_id: {"assigned": assigned, "submitted": submitted}
            for annotator_id, assigned, submitted in rows}
