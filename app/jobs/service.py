"""Job rows: enqueue, look up, cancel, claim, finish, and sweep jobs whose worker died."""
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, event, func, select, update
from sqlalchemy.orm import Session

from app.auth.models import User
from app.errors import Conflict, Forbidden, NotFound
from app.db import utcnow
from app.jobs.models import FINISHED_STATES, Job

DEFAULT_MAX_ATTEMPTS = 2


def enqueue_job(session: Session, *, kind: str, params: dict[str, Any], user_id: int | None, project_id: int | None,
                send: Callable[[int], None], parent_id: int | None = None,
                max_attempts: int = DEFAULT_MAX_ATTEMPTS, progress_total: int = 0) -> Job:
    """Add a queued job; `send` hands its id to the workers once the caller's transaction commits."""
    job = Job(kind=kind, params=params, created_by_id=user_id, project_id=project_id, parent_id=parent_id,
              state="queued", max_attempts=max_attempts, progress_total=progress_total)
    session.add(job)
    session.flush()
    job_id = job.id

    # Sent after COMMIT, so a worker never looks for a row it cannot see yet.
    @event.listens_for(session, "after_commit", once=True)
    def _send(_session) -> None:
        send(job_id)

    return job


def get_job(session: Session, *, job_id: int) -> Job:
    """:raises NotFound: no such job."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound(f"There is no job {job_id}.")
    return job


def may_see_job(user: User, job: Job, *, staff_roles: Sequence[str] = ("admin", "reviewer", "editor")) -> bool:
    """A job is seen by whoever started it, and by staff; annotators never see others' jobs."""
    return job.created_by_id == user.id or user.role in staff_roles


def get_visible_job(session: Session, *, job_id: int, user: User) -> Job:
    """:raises NotFound: no such job, or (so ids are not probed) one the user may not see."""
    job = get_job(session, job_id=job_id)
    if not may_see_job(user, job):
        raise NotFound(f"There is no job {job_id}.")
    return job


def list_jobs(session: Session, *, user: User, project_id: int | None = None, limit: int = 100) -> list[Job]:
    """Newest first: the user's own jobs, or (staff) every job, optionally of one project; never chunks."""
    query = select(Job).where(Job.parent_id.is_(None)).order_by(Job.id.desc()).limit(limit)
    if user.role not in ("admin", "reviewer", "editor"):
        query = query.where(Job.created_by_id == user.id)
    if project_id is not None:
        query = query.where(Job.project_id == project_id)
    return list(session.scalars(query))


def newest_jobs(session: Session, *, kind: str, project_id: int, params: dict[str, Any],
                limit: int = 500) -> tuple[Job | None, Job | None]:
    """The newest succeeded job and the newest queued or running one of a kind in a project (among its
    `limit` newest) whose params hold these values; a param a job lacks counts as None. Only the two jobs
    returned are loaded whole (a report may be large)."""
    rows = session.execute(
        select(Job.id, Job.state, Job.params)
        .where(Job.kind == kind, Job.project_id == project_id, Job.parent_id.is_(None),
               Job.state.in_(("queued", "running", "succeeded")))
        .order_by(Job.id.desc()).limit(limit)).all()
    succeeded = pending = None
    for job_id, state, job_params in rows:
        if any((job_params or {}).get(key) != value for key, value in params.items()):
            continue
        if state == "succeeded":
            succeeded = succeeded or job_id
        else:
            pending = pending or job_id
        if succeeded and pending:
            break
    return (session.get(Job, succeeded) if succeeded else None), (session.get(Job, pending) if pending else None)


def cancel_job(session: Session, *, job: Job, user: User) -> Job:
    """A queued job is cancelled at once; a running one at its next progress report.

    :raises Forbidden: neither the job's starter nor an admin. :raises Conflict: it has finished.
    """
    if job.created_by_id != user.id and user.role != "admin":
        raise Forbidden("Only the person who started a job, or an admin, may cancel it.")
    if job.finished:
        raise Conflict(f"Job {job.id} has already {job.state}.", reason="job_finished")
    session.execute(update(Job).where(Job.id == job.id, Job.state == "queued")
                    .values(state="cancelled", finished_at=utcnow(), cancel_requested=True))
    session.execute(update(Job).where(Job.id == job.id, Job.state == "running").values(cancel_requested=True))
    cancel_children(session, parent_id=job.id)
    session.flush()
    session.refresh(job)
    return job


def jobs_by_id(session: Session, *, job_ids: Sequence[int]) -> list[Job]:
    """The jobs, in the order of job_ids."""
    found = {job.id: job for job in session.scalars(select(Job).where(Job.id.in_(job_ids)))}
    return [found[job_id] for job_id in job_ids]


def child_progress(session: Session, *, job: Job) -> tuple[int, int] | None:
    """(done, total) summed over a split job's chunks, or None when it has none."""
    done, total, count = session.execute(
        select(func.coalesce(func.sum(Job.progress_done), 0), func.coalesce(func.sum(Job.progress_total), 0),
               func.count()).where(Job.parent_id == job.id)).one()
    return (int(done), int(total)) if count else None


def cancel_children(session: Session, *, parent_id: int) -> None:
    session.execute(update(Job).where(Job.parent_id == parent_id, Job.state == "queued")
                    .values(state="cancelled", finished_at=utcnow(), cancel_requested=True))
    session.execute(update(Job).where(Job.parent_id == parent_id, Job.state == "running").values(cancel_requested=True))


def claim_job(session: Session, *, job_id: int, now: datetime | None = None) -> bool:
    """Move a queued job to running; False when another worker has it or it was cancelled meanwhile."""
    now = now or utcnow()
    claimed = session.execute(
        update(Job).where(Job.id == job_id, Job.state == "queued", Job.cancel_requested.is_(False))
        .values(state="running", attempts=Job.attempts + 1, started_at=now, heartbeat_at=now, error=None)
    ).rowcount
    return claimed == 1


def record_progress(session: Session, *, job_id: int, done: int, total: int, message: str) -> bool:
    """Store progress and beat the heart; returns whether cancellation was asked for."""
    session.execute(update(Job).where(Job.id == job_id, Job.state == "running").values(
        progress_done=done, progress_total=total, progress_message=message[:500], heartbeat_at=utcnow()))
    return cancel_requested(session, job_id=job_id)


def cancel_requested(session: Session, *, job_id: int) -> bool:
    return bool(session.scalar(select(Job.cancel_requested).where(Job.id == job_id)))


def beat_heart(session: Session, *, job_id: int) -> None:
    session.execute(update(Job).where(Job.id == job_id, Job.state == "running").values(heartbeat_at=utcnow()))


def finish_job(session: Session, *, job_id: int, state: str, error: str | None = None,
               report: dict[str, Any] | None = None, result_path: str | None = None,
               result_filename: str | None = None, result_media_type: str | None = None) -> None:
    """Record how a running job ended (a job already finished, e.g. failed by the sweeper, stays as it is)."""
    assert state in FINISHED_STATES
    values: dict[str, Any] = {"state": state, "finished_at": utcnow(), "error": error}
    if state == "succeeded":  # a job that reported in steps (0 of 1) shows a full bar once done
        values["progress_done"] = case((Job.progress_total > Job.progress_done, Job.progress_total),
                                       else_=Job.progress_done)
    if report is not None:
        values["report"] = report
    if result_path is not None:
        values.update(result_path=result_path, result_filename=result_filename, result_media_type=result_media_type)
    session.execute(update(Job).where(Job.id == job_id, Job.state == "running").values(**values))


def sweep_stale_jobs(session: Session, *, stale_after: timedelta, now: datetime | None = None) -> list[int]:
    """Jobs whose worker stopped beating: requeue those with attempts left, fail the others; also return
    queued jobs left waiting so long their message may be lost. Returns the ids to (re)send.
    """
    now = now or utcnow()
    cutoff = now - stale_after
    stale = session.scalars(select(Job).where(Job.state == "running", Job.heartbeat_at < cutoff)
                            .with_for_update(skip_locked=True)).all()
    resend = []
    for job in stale:
        if job.cancel_requested:
            job.state, job.finished_at, job.error = "cancelled", now, None
        elif job.attempts < job.max_attempts:
            job.state, job.heartbeat_at = "queued", None
            job.progress_message = f"Retrying: the worker stopped during attempt {job.attempts}."
            resend.append(job.id)
        else:
            job.state, job.finished_at = "failed", now
            job.error = f"The worker running this job stopped (attempt {job.attempts} of {job.max_attempts})."
    waiting = session.scalars(select(Job.id).where(Job.state == "queued", Job.created_at < cutoff,
                                                   Job.id.not_in(resend or [0]))).all()
    session.flush()
    return resend + list(waiting)
