"""The worker side: run job ids from the queue inside the app, and sweep jobs whose worker died."""
import logging
import os
import threading
import time
from datetime import timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from app.database import begin_writes_immediately
from app.extensions import db
from app.jobs import service
from app.jobs.models import Job
from app.idempotency.service import expire_answers
from app.jobs.queue import JobQueue

logger = logging.getLogger(__name__)


def jobs_dir(app: Flask) -> Path:
    """JOBS_DIR, else instance/jobs: where finished downloads are kept."""
    return Path(app.config.get("JOBS_DIR") or Path(app.instance_path) / "jobs")


def uploads_dir(app: Flask) -> Path:
    """UPLOADS_DIR, else instance/uploads: where uploaded files wait for their job."""
    return Path(app.config.get("UPLOADS_DIR") or Path(app.instance_path) / "uploads")


class _ProcessEngine:
    """The app's engine, with the pool replaced after a fork (Huey's process workers), so a child never
    shares a parent's open connections."""

    def __init__(self) -> None:
        self._pid = os.getpid()

    def get(self, app: Flask) -> Engine:
        with app.app_context():
            engine = db.engine
        if os.getpid() != self._pid:
            engine.dispose(close=False)
            self._pid = os.getpid()
        return engine


_engines = _ProcessEngine()


def environment(app: Flask, queue: JobQueue):
    from app.jobs.kinds import job_functions
    from app.jobs.runner import JobEnvironment

    factory = sessionmaker(bind=_engines.get(app), expire_on_commit=False)
    return JobEnvironment(kinds=job_functions(), session_factory=factory, files_dir=jobs_dir(app), send=queue.send,
                          heartbeat_s=app.config["JOB_HEARTBEAT_SECONDS"])


def run_job_in_app(app: Flask, queue: JobQueue, job_id: int) -> None:
    """The Huey task: run one job row (a no-op if another worker has it or it finished)."""
    from app.jobs import metrics
    from app.jobs.runner import run_job

    began = time.perf_counter()
    with app.app_context():
        env = environment(app, queue)
        state = run_job(job_id, env)
        if state is not None:  # None: another worker had it, or it had finished
            with env.session_factory() as session:
                metrics.observe_job(session.get(Job, job_id).kind, state, time.perf_counter() - began)


def sweep(app: Flask, queue: JobQueue) -> list[int]:
    """Requeue or fail jobs whose worker stopped beating, drop expired Idempotency-Key answers; (re)send what
    waits. Returns the ids sent."""
    with app.app_context():
        factory = sessionmaker(bind=_engines.get(app), expire_on_commit=False)
        with factory() as session:
            begin_writes_immediately(session)  # SQLite: read and change the rows under the write lock
            job_ids = service.sweep_stale_jobs(session, stale_after=timedelta(seconds=app.config["JOB_STALE_SECONDS"]))
            # Saves no longer drop their user's expired answers (it cost every save a scan); the sweep does.
            expire_answers(session, ttl=timedelta(hours=app.config["IDEMPOTENCY_KEY_TTL_HOURS"]))
            session.commit()
    for job_id in job_ids:
        queue.send(job_id)
    if job_ids:
        logger.info("sweeper sent jobs %s", job_ids)
    return job_ids


class Sweeper(threading.Thread):
    """Sweeps at once, then every JOB_SWEEP_SECONDS, until stopped."""

    def __init__(self, app: Flask, queue: JobQueue) -> None:
        super().__init__(name="job-sweeper", daemon=True)
        self.app, self.queue = app, queue
        self.stopped = threading.Event()

    def run(self) -> None:
        while True:
            try:
                sweep(self.app, self.queue)
            except Exception:  # a database restart must not end the sweeping
                logger.exception("job sweep failed")
            if self.stopped.wait(self.app.config["JOB_SWEEP_SECONDS"]):
                return
