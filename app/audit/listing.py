"""Read the audit log for the admins' page: filters and keyset pagination (newest first)."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.audit.models import AuditEvent
from app.auth.models import User
from app.texts.models import Project

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilters:
    actor_id: int | None = None
    action: str | None = None
    project_id: int | None = None
    since: date | None = None  # inclusive, a UTC day
    until: date | None = None  # inclusive, a UTC day


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    actor: str | None
    project: str | None


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    next_before: int | None  # the cursor of the next (older) page, None on the last page


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def list_events(session: Session, *, filters: AuditFilters, before: int | None = None,
                limit: int = PAGE_SIZE) -> AuditPage:
    """One page of events, newest first, older than the event id `before`.

    Ids grow with every insert, so paging by id is a keyset that stays fast however long the log gets and
    never skips or repeats a row when new events arrive while someone pages.
    """
    actor = aliased(User)
    query = (select(AuditEvent, actor.username, Project.name)
             .outerjoin(actor, actor.id == AuditEvent.actor_id)
             .outerjoin(Project, Project.id == AuditEvent.project_id))
    if filters.actor_id is not None:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.project_id is not None:
        query = query.where(AuditEvent.project_id == filters.project_id)
    if filters.since is not None:
        query = query.where(AuditEvent.created_at >= _day_start(filters.since))
    if filters.until is not None:
        query = query.where(AuditEvent.created_at < _day_start(filters.until + timedelta(days=1)))
    if before is not None:
        query = query.where(AuditEvent.id < before)
    found = session.execute(query.order_by(AuditEvent.id.desc()).limit(limit + 1)).all()
    rows = [AuditRow(event=event, actor=username, project=project) for event, username, project in found[:limit]]
    return AuditPage(rows=rows, next_before=rows[-1].event.id if len(found) > limit else None)
