"""Run one job row in a worker: claim it, beat its heart, report progress, store its result or error.

The job's work runs in its own session, committed once at the end; progress and heartbeats commit
in short sessions of their own, so a person sees them while the work runs.
"""
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.errors import AppError
from app.jobs import service
from app.jobs.models import Job

logger = logging.getLogger(__name__)
# Progress rows are written at most this often (the last one always): a report per text would make
# the worker wait on the database instead of computing.
PROGRESS_INTERVAL_S = 0.25


class JobCancelled(Exception):
    """Raised from a progress report once someone cancelled the job."""


@dataclass
class JobResult:
    """What a job kind returns: a report (JSON) and/or a file it wrote at progress.part_path."""

    report: dict[str, Any] | None = None
    filename: str | None = None
    media_type: str | None = None


@dataclass
class JobEnvironment:
    """What running a job needs from its worker: the kinds, sessions, the files folder and the queue."""

    kinds: dict[str, "JobFunction"]
    session_factory: Callable[[], Session]
    files_dir: Path
    send: Callable[[int], None]
    heartbeat_s: float | None = 5.0  # None: no heartbeat thread (tests sharing one connection)
    poll_s: float = 0.2


class JobFailed(AppError):
    status_code = 409
    reason = "job_failed"


class Progress:
    """Handed to a job kind: call it with (done, total, message); it raises JobCancelled when cancelled."""

    def __init__(self, job: Job, env: JobEnvironment) -> None:
        self.job_id, self.user_id, self.project_id = job.id, job.created_by_id, job.project_id
        self.attempt = job.attempts
        self.env = env
        self.holding_write_lock = False
        self._last_write = 0.0

    def __call__(self, done: int, total: int, message: str = "", *, force: bool = False) -> None:
        now = time.monotonic()
        finished = total > 0 and done >= total
        if not force and not finished and now - self._last_write < PROGRESS_INTERVAL_S:
            return
        self._last_write = now
        with self.env.session_factory() as session:
            if self.holding_write_lock:
                # The job's own transaction holds SQLite's only write lock: a progress row would wait for it.
                cancelled = service.cancel_requested(session, job_id=self.job_id)
            else:
                cancelled = service.record_progress(session, job_id=self.job_id, done=done, total=total,
                                                    message=message)
                session.commit()
        if cancelled:
            raise JobCancelled()

    def begin_writes(self, work: Session) -> None:
        """Called by a kind that writes, before its first query: on SQLite its transaction takes the write
        lock now (a read snapshot could not be turned into a write after progress rows were committed).

        Until the job ends, progress and heartbeats are not written; the lock itself shows the job is alive,
        since no sweeper can change the job row while the lock is held.
        """
        if work.get_bind().dialect.name != "sqlite":
            return
        if work.in_transaction():
            work.commit()
        work.connection(execution_options={"sqlite_begin_immediate": True})
        self.holding_write_lock = True

    @property
    def part_path(self) -> Path:
        """Where the job writes its download; renamed into place only when the job succeeds."""
        folder = self.env.files_dir / str(self.job_id)
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"attempt-{self.attempt}.part"

    def spawn(self, kind: str, params_list: list[dict[str, Any]]) -> list[int]:
        """Queue child jobs of this one (committed at once, so any worker may take them)."""
        with self.env.session_factory() as session:
            # A chunk's size is known now, so the parent's bar has its full length before any chunk starts.
            children = [service.enqueue_job(session, kind=kind, params=params, user_id=self.user_id,
                                            project_id=self.project_id, parent_id=self.job_id, send=self.env.send,
                                            progress_total=params.get("texts", 0))
                        for params in params_list]
            session.commit()
        return [child.id for child in children]

    def wait_for_children(self, child_ids: list[int]) -> list[Job]:
        """Run children no worker has taken yet, wait for the others; returns them in the given order.

        :raises JobFailed: a child failed or was cancelled. :raises JobCancelled: this job was cancelled.
        """
        while True:
            for child_id in child_ids:
                run_job(child_id, self.env)  # a child another worker claimed is skipped
            with self.env.session_factory() as session:
                children = service.jobs_by_id(session, job_ids=child_ids)
            broken = [child for child in children if child.state in ("failed", "cancelled")]
            if broken:
                raise JobFailed(f"Part {broken[0].id} of this job {broken[0].state}: {broken[0].error or ''}".strip())
            try:
                self(sum(c.progress_done for c in children), sum(c.progress_total for c in children),
                     f"{sum(c.state == 'succeeded' for c in children)} of {len(children)} chunks written", force=True)
            except JobCancelled:
                with self.env.session_factory() as session:
                    service.cancel_children(session, parent_id=self.job_id)
                    session.commit()
                raise
            if all(child.state == "succeeded" for child in children):
                return children
            time.sleep(self.env.poll_s)  # other workers write the remaining chunks

    def discard_children_files(self, child_ids: list[int]) -> None:
        for child_id in child_ids:
            shutil.rmtree(self.env.files_dir / str(child_id), ignore_errors=True)


JobFunction = Callable[[Session, dict[str, Any], Progress], JobResult]


class _Heartbeat(threading.Thread):
    def __init__(self, job_id: int, session_factory: Callable[[], Session], interval_s: float) -> None:
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id, self.session_factory, self.interval_s = job_id, session_factory, interval_s
        self.stopped = threading.Event()
        self.progress: Progress | None = None

    def run(self) -> None:
        while not self.stopped.wait(self.interval_s):
            if self.progress is not None and self.progress.holding_write_lock:
                continue
            try:
                with self.session_factory() as session:
                    service.beat_heart(session, job_id=self.job_id)
                    session.commit()
            except Exception:  # a missed beat is retried; the sweeper only acts after several
                logger.warning("job %s: heartbeat failed", self.job_id, exc_info=True)


def run_job(job_id: int, env: JobEnvironment) -> str | None:
    """Claim and run a queued job; returns its final state, or None when it was not ours to run."""
    with env.session_factory() as session:
        if not service.claim_job(session, job_id=job_id):
            session.rollback()
            return None
        session.commit()
        job = session.get(Job, job_id)
    heartbeat = _Heartbeat(job_id, env.session_factory, env.heartbeat_s) if env.heartbeat_s else None
    if heartbeat:
        heartbeat.start()
    try:
        return _execute(job, env, heartbeat)
    finally:
        if heartbeat:
            heartbeat.stopped.set()
            heartbeat.join()


def _execute(job: Job, env: JobEnvironment, heartbeat: _Heartbeat | None) -> str:
    progress = Progress(job, env)
    if heartbeat:
        heartbeat.progress = progress
    outcome: dict[str, Any]
    with env.session_factory() as work:
        try:
            result = env.kinds[job.kind](work, dict(job.params), progress)
            outcome = {"state": "succeeded", "report": result.report}
            if result.filename:
                final = progress.part_path.with_name(result.filename)
                os.replace(progress.part_path, final)  # atomic: the download appears whole or not at all
                outcome.update(result_path=str(final), result_filename=result.filename,
                               result_media_type=result.media_type)
            if work.get_bind().dialect.name == "sqlite" and not progress.holding_write_lock:
                # A job that only read holds an old snapshot, which SQLite cannot turn into a write.
                work.commit()
                with env.session_factory() as session:
                    service.finish_job(session, job_id=job.id, **outcome)
                    session.commit()
            else:
                service.finish_job(work, job_id=job.id, **outcome)  # with the job's writes, atomically
                work.commit()
            return "succeeded"
        except JobCancelled:
            work.rollback()
            outcome = {"state": "cancelled"}
        except AppError as exc:
            work.rollback()
            outcome = {"state": "failed", "error": exc.message}
        except Exception:
            work.rollback()
            logger.exception("job %s (%s) failed", job.id, job.kind)
            outcome = {"state": "failed", "error": "The job stopped on an unexpected error; the log has the details."}
    _discard_files(progress)
    with env.session_factory() as session:
        service.finish_job(session, job_id=job.id, **outcome)
        session.commit()
    return outcome["state"]


def _discard_files(progress: Progress) -> None:
    shutil.rmtree(progress.env.files_dir / str(progress.job_id), ignore_errors=True)
