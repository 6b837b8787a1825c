"""Job lifecycle in the test's process: queue, claim, progress, result, cancel, failure, sweeping."""
import io
from datetime import timedelta

import pytest
from sqlalchemy import update

from app.db import utcnow
from app.errors import Conflict, Forbidden
from app.gold.releases import export_release
from app.jobs import service
from app.jobs.models import Job
from app.jobs.runner import run_job
from tests.factories import make_user
from tests.jobs.helpers import in_process, release_of


@pytest.fixture
def sent():
    return []


@pytest.fixture
def env(scoped_sessions, tmp_path, sent):
    return in_process(scoped_sessions.factory, tmp_path / "jobs", sent)


def export_job(session, sent, *, project, user, fmt="jsonl", **params):
    job = service.enqueue_job(session, kind="gold.export", params={"project_id": project.id, "release": "v1",
                                                                   "format": fmt, **params},
                              user_id=user.id, project_id=project.id, send=sent.append)
    session.commit()
    return job


def test_a_job_is_sent_to_the_workers_only_once_committed(session, sent):
    project, _ = release_of(session, texts=1)
    user = make_user(session, role="reviewer")
    job = service.enqueue_job(session, kind="gold.export", params={}, user_id=user.id, project_id=project.id,
                              send=sent.append)
    assert (job.state, sent) == ("queued", [])
    session.commit()
    assert sent == [job.id]


def test_an_export_job_writes_the_same_bytes_as_the_direct_export(session, env, sent):
    project, release = release_of(session, texts=7)
    user = make_user(session, role="reviewer")
    job = export_job(session, sent, project=project, user=user, fmt="csv")
    assert run_job(job.id, env) == "succeeded"
    session.refresh(job)
    direct = io.BytesIO()
    export_release(session, release=release, fmt="csv", out=direct)
    with open(job.result_path, "rb") as written:
        assert written.read() == direct.getvalue()
    assert (job.attempts, job.progress_done, job.progress_total, job.report["texts"]) == (1, 7, 7, 7)


def test_a_job_another_worker_claimed_is_not_run_twice(session, env, sent):
    project, _ = release_of(session, texts=1)
    job = export_job(session, sent, project=project, user=make_user(session, role="reviewer"))
    assert run_job(job.id, env) == "succeeded"
    assert run_job(job.id, env) is None
    session.refresh(job)
    assert job.attempts == 1


def test_cancelling_a_queued_job_stops_it_before_it_runs(session, env, sent):
    project, _ = release_of(session, texts=1)
    user = make_user(session, role="reviewer")
    job = export_job(session, sent, project=project, user=user)
    service.cancel_job(session, job=job, user=user)
    session.commit()
    assert run_job(job.id, env) is None
    assert job.state == "cancelled"


def test_a_running_job_stops_at_its_next_progress_report_and_leaves_no_file(session, env, sent):
    project, _ = release_of(session, texts=3)
    user = make_user(session, role="reviewer")
    job = export_job(session, sent, project=project, user=user)
    original = env.kinds["gold.export"]

    def cancelled_meanwhile(work, params, progress):  # someone cancels once the job is running
        with env.session_factory() as other:
            other.execute(update(Job).where(Job.id == job.id).values(cancel_requested=True))
            other.commit()
        return original(work, params, progress)

    env.kinds["gold.export"] = cancelled_meanwhile
    assert run_job(job.id, env) == "cancelled"
    session.refresh(job)
    assert job.result_path is None
    assert not (env.files_dir / str(job.id)).exists()


def test_only_the_starter_or_an_admin_cancels(session, sent):
    project, _ = release_of(session, texts=1)
    job = export_job(session, sent, project=project, user=make_user(session, role="reviewer"))
    with pytest.raises(Forbidden):
        service.cancel_job(session, job=job, user=make_user(session, role="reviewer"))
    service.cancel_job(session, job=job, user=make_user(session, role="admin"))
    with pytest.raises(Conflict):
        service.cancel_job(session, job=job, user=make_user(session, role="admin"))


def test_a_failing_job_records_the_persons_message(session, env, sent):
    project, _ = release_of(session, texts=1)
    job = service.enqueue_job(session, kind="gold.export", params={"project_id": project.id, "release": "nope",
                                                                   "format": "jsonl"},
                              user_id=None, project_id=project.id, send=sent.append)
    session.commit()
    assert run_job(job.id, env) == "failed"
    session.refresh(job)
    assert "no release 'nope'" in job.error


def test_the_sweeper_retries_a_job_whose_worker_stopped_then_fails_it(session, sent):
    project, _ = release_of(session, texts=1)
    job = export_job(session, sent, project=project, user=make_user(session, role="reviewer"))
    long_ago = utcnow() - timedelta(minutes=10)
    for attempt in (1, 2):
        assert service.claim_job(session, job_id=job.id)
        session.execute(update(Job).where(Job.id == job.id).values(heartbeat_at=long_ago, created_at=long_ago))
        resent = service.sweep_stale_jobs(session, stale_after=timedelta(minutes=1))
        session.refresh(job)
        assert (job.attempts, job.state, resent) == ((1, "queued", [job.id]) if attempt == 1 else (2, "failed", []))
    assert "stopped" in job.error


def test_the_sweeper_leaves_a_job_with_a_fresh_heartbeat_alone(session, sent):
    project, _ = release_of(session, texts=1)
    job = export_job(session, sent, project=project, user=make_user(session, role="reviewer"))
    service.claim_job(session, job_id=job.id)
    assert service.sweep_stale_jobs(session, stale_after=timedelta(minutes=1)) == []
    session.refresh(job)
    assert job.state == "running"
