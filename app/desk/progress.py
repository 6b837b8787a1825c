"""A project's progress: per annotator counts and active time, submissions per day, each text's stage."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.annotations.models import AnnotationEvent, AnnotationSet, Assignment
from app.auth.models import User
from app.desk.activity import days_between, median_active_seconds
from app.gold.models import GoldReleaseText
from app.review.models import Claim
from app.texts.models import Text

# Events that are the annotator's own work on the text (a reassignment or an import is not).
WORK_ACTIONS = ("save", "submit")


@dataclass
class AnnotatorProgress:
    annotator_id: int
    username: str
    assigned: int = 0
    in_progress: int = 0
    submitted: int = 0
    median_active_seconds: float | None = None


@dataclass
class TextStage:
    text_id: int
    title: str
    assigned: int
    submitted: int
    adjudication_status: str
    released: bool
    claims: int
    published_claims: int

    @property
    def stage(self) -> str:
        """Where the text is: annotation → adjudication → gold → review."""
        if self.claims:
            return "review"
        if self.adjudication_status == "adjudicated":
            return "gold"
        if self.adjudication_status == "in_progress" or (self.assigned and self.submitted >= self.assigned):
            return "adjudication"
        return "annotation"


@dataclass
class ProjectProgress:
    annotators: list[AnnotatorProgress] = field(default_factory=list)
    per_day: list[tuple[date, int]] = field(default_factory=list)
    texts: list[TextStage] = field(default_factory=list)
    text_count: int = 0


def project_progress(session: Session, *, project_id: int, text_limit: int = 100) -> ProjectProgress:
    """Counts per annotator, median active time per text (from the save history), submissions per day, and
    the stage of the project's first `text_limit` texts."""
    progress = ProjectProgress(text_count=session.scalar(select(func.count()).where(Text.project_id == project_id)))
    in_project = select(Text.id).where(Text.project_id == project_id).scalar_subquery()
    rows = session.execute(
        select(User.id, User.username, Assignment.status, func.count())
        .join(Assignment, Assignment.annotator_id == User.id)
        .where(Assignment.text_id.in_(in_project))
        .group_by(User.id, User.username, Assignment.status).order_by(User.username)
    ).all()
    by_user: dict[int, AnnotatorProgress] = {}
    for user_id, username, status, count in rows:
        row = by_user.setdefault(user_id, AnnotatorProgress(user_id, username))
        row.assigned += count
        if status == "draft":
            row.in_progress += count
        elif status == "submitted":
            row.submitted += count
    for user_id, saves in _saves_by_annotator(session, in_project).items():
        if user_id in by_user:
            by_user[user_id].median_active_seconds = median_active_seconds(saves)
    progress.annotators = list(by_user.values())
    submitted_on = session.scalars(
        select(Assignment.submitted_at).where(Assignment.text_id.in_(in_project), Assignment.submitted_at.is_not(None)))
    per_day: dict[date, int] = defaultdict(int)
    for moment in submitted_on:
        per_day[moment.date()] += 1
    progress.per_day = days_between(per_day)
    progress.texts = _text_stages(session, project_id, text_limit)
    return progress


def _saves_by_annotator(session: Session, in_project) -> dict[int, list[list[datetime]]]:
    """Per annotator, per annotation set: the times they saved or submitted it."""
    rows = session.execute(
        select(AnnotationEvent.user_id, AnnotationEvent.annotation_set_id, AnnotationEvent.created_at)
        .join(AnnotationSet, AnnotationSet.id == AnnotationEvent.annotation_set_id)
        .join(Assignment, Assignment.id == AnnotationSet.assignment_id)
        .where(Assignment.text_id.in_(in_project), AnnotationEvent.action.in_(WORK_ACTIONS),
               AnnotationEvent.user_id == Assignment.annotator_id)
    ).all()
    sets: dict[tuple[int, int], list[datetime]] = defaultdict(list)
    for user_id, set_id, created in rows:
        sets[(user_id, set_id)].append(created)
    by_user: dict[int, list[list[datetime]]] = defaultdict(list)
    for (user_id, _), saves in sets.items():
        by_user[user_id].append(saves)
    return by_user


def _text_stages(session: Session, project_id: int, limit: int) -> list[TextStage]:
    texts = session.execute(
        select(Text.id, Text.title, Text.adjudication_status).where(Text.project_id == project_id)
        .order_by(Text.id).limit(limit)
    ).all()
    ids = [t.id for t in texts]
    assigned: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for text_id, status, count in session.execute(
            select(Assignment.text_id, Assignment.status, func.count()).where(Assignment.text_id.in_(ids))
            .group_by(Assignment.text_id, Assignment.status)):
        assigned[text_id][0] += count
        assigned[text_id][1] += count if status == "submitted" else 0
    released = set(session.scalars(select(GoldReleaseText.text_id).where(GoldReleaseText.text_id.in_(ids))))
    claims: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for text_id, status, count in session.execute(
            select(Claim.text_id, Claim.status, func.count()).where(Claim.text_id.in_(ids))
            .group_by(Claim.text_id, Claim.status)):
        claims[text_id][0] += count
        claims[text_id][1] += count if status == "published" else 0
    return [TextStage(t.id, t.title, assigned[t.id][0], assigned[t.id][1], t.adjudication_status, t.id in released,
                      claims[t.id][0], claims[t.id][1]) for t in texts]
