"""A committed database with a large release, and real `factspan worker` processes on it."""
import hashlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import insert, select

from app import create_app
from app.extensions import db
from app.gold.models import GoldRelease, GoldReleaseText
from app.jobs.models import Job
from app.migrate import upgrade_to_head
from app.texts.models import Text
from tests.factories import bearer, make_project, make_user

FACTSPAN = str(Path(sys.executable).parent / "factspan")
REPO = Path(__file__).resolve().parent.parent.parent
FILLER = "Xi invited Putin to visit China. I think he will go, and the readout says so. " * 25


def worker_config(database_url: str, folder: Path, **overrides) -> dict:
    """The settings a worker process and the test's app share (FACTSPAN_* names without the prefix)."""
    return {"DATABASE_URL": database_url, "SECRET_KEY": "worker-test-" + uuid.uuid4().hex,
            "QUEUE_SQLITE_PATH": str(folder / "queue.sqlite"), "QUEUE_NAME": "factspan-test-" + uuid.uuid4().hex[:8],
            "JOBS_DIR": str(folder / "jobs"), "JOB_HEARTBEAT_SECONDS": 0.3, "JOB_STALE_SECONDS": 2,
            "JOB_SWEEP_SECONDS": 0.5, **overrides}


def committed_app(config: dict):
    app = create_app({"TESTING": True, **config})
    with app.app_context():
        upgrade_to_head(db.engine)
    return app


def populate(app, *, texts: int) -> tuple[int, dict]:
    """A project with a committed release of `texts` texts; returns the project id and a reviewer's headers."""
    with app.app_context():
        session = db.session
        project = make_project(session)
        headers = bearer(session, make_user(session, role="reviewer"))
        release = GoldRelease(project_id=project.id, name="v1", sha256="0" * 64, text_count=texts, span_count=texts,
                              annotation_schema_version_id=project.annotation_schema_version_id, label_counts={},
                              agreement={}, annotator_count=3, adjudicator_count=1)
        session.add(release)
        session.flush()
        for first in range(0, texts, 2000):
            rows = [{"project_id": project.id, "title": f"t{i}", "content": f"{FILLER}{i}", "char_count": len(FILLER) + len(str(i)),
                     "sha256": hashlib.sha256(f"{FILLER}{i}".encode()).hexdigest(), "meta": {},
                     "adjudication_status": "adjudicated"} for i in range(first, min(first + 2000, texts))]
            ids = session.execute(insert(Text).returning(Text.id), rows).scalars().all()
            spans = [{"start": 0, "end": 31, "label": "sourced_readout", "attributes": {}, "provenance": {}}]
            session.execute(insert(GoldReleaseText), [
                {"release_id": release.id, "text_id": text_id, "spans": spans, "meta": {}, "offsets": [0, 31, 0]}
                for text_id in ids])
        session.commit()
        return project.id, headers


def start_worker(config: dict, *args: str, log: Path) -> subprocess.Popen:
    """`factspan worker` in its own process group, its output appended to `log`."""
    env = {**os.environ, **{f"FACTSPAN_{key}": str(value) for key, value in config.items()}}
    with log.open("ab") as output:
        return subprocess.Popen([FACTSPAN, "worker", *args], env=env, cwd=REPO, stdout=output,
                                stderr=subprocess.STDOUT, start_new_session=True)


def kill_hard(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            kill_hard(process)


def job_row(app, job_id: int) -> Job:
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.id == job_id)).one()
        db.session.remove()
        return job


def wait_for(app, job_id: int, condition, timeout_s: float = 90) -> Job:
    """Poll the job row until condition(job) holds (a worker in another process is being watched)."""
    deadline = time.monotonic() + timeout_s
    while True:
        job = job_row(app, job_id)
        if condition(job):
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} stayed {job.state} ({job.progress_done}/{job.progress_total})")
        time.sleep(0.05)
