"""Real worker processes: a job runs off the request, survives a SIGKILLed worker, and runs on Redis."""
import uuid

import pytest

from app.extensions import db
from app.jobs.queue import JobQueue, make_huey, ping_queue
from tests.conftest import create_postgres_database
from tests.jobs.workers import committed_app, kill_hard, populate, start_worker, stop, wait_for, worker_config

TEXTS = 12_000


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'factspan.sqlite'}"
        return
    url, drop = create_postgres_database()
    yield url
    drop()


def start_export(app, headers, project_id: int) -> int:
    client = app.test_client()
    response = client.post("/api/v1/jobs", headers=headers, json={
        "kind": "gold.export", "project_id": project_id, "params": {"release": "v1", "format": "jsonl"}})
    assert response.status_code == 202, response.get_json()
    return response.get_json()["id"]


def download_status(app, headers, job_id: int) -> int:
    with app.test_client().get(f"/api/v1/jobs/{job_id}/download", headers=headers) as response:
        return response.status_code


@pytest.mark.parametrize("max_attempts, outcome", [(2, "succeeded"), (1, "failed")])
def test_a_worker_killed_mid_export_is_retried_or_failed_and_its_partial_file_never_offered(
        database, tmp_path, max_attempts, outcome):
    config = worker_config(database, tmp_path, JOB_MAX_ATTEMPTS=max_attempts, JOB_EXPORT_CHUNK_TEXTS=10**9)
    app = committed_app(config)
    project_id, headers = populate(app, texts=TEXTS)
    job_id = start_export(app, headers, project_id)
    worker = start_worker(config, log=tmp_path / 'worker.log')
    try:
        wait_for(app, job_id, lambda job: job.state == "running" and 0 < job.progress_done < TEXTS / 2)
        kill_hard(worker)
    finally:
        stop(worker)
    assert list((tmp_path / "jobs" / str(job_id)).glob("*.part"))  # the killed worker left a partial file
    assert download_status(app, headers, job_id) == 409  # ... which is never offered
    replacement = start_worker(config, log=tmp_path / 'worker.log')  # its sweeper finds the stale heartbeat
    try:
        job = wait_for(app, job_id, lambda job: job.finished)
    finally:
        stop(replacement)
    assert (job.state, job.attempts) == (outcome, max_attempts), (job.error, (tmp_path / "worker.log").read_text())
    if outcome == "succeeded":
        with open(job.result_path, "rb") as written:
            assert sum(1 for _ in written) == TEXTS
        assert download_status(app, headers, job_id) == 200
    else:
        assert "stopped" in job.error and download_status(app, headers, job_id) == 409
    with app.app_context():
        db.engine.dispose()


def test_two_workers_on_redis_share_a_chunked_export(tmp_path):
    queue_name = f"factspan-test-{uuid.uuid4().hex[:8]}"  # no other test's messages
    config = worker_config(f"sqlite:///{tmp_path / 'factspan.sqlite'}", tmp_path,
                           QUEUE_URL="redis://127.0.0.1:6379/0", QUEUE_NAME=queue_name, JOB_EXPORT_CHUNK_TEXTS=500)
    app = committed_app(config)
    project_id, headers = populate(app, texts=3000)
    workers = [start_worker(config, log=tmp_path / 'worker.log'), start_worker(config, log=tmp_path / 'worker.log')]
    try:
        job_id = start_export(app, headers, project_id)
        job = wait_for(app, job_id, lambda job: job.finished)
    finally:
        for worker in workers:
            stop(worker)
        app.extensions["factspan_jobs"].huey.flush()
    assert job.state == "succeeded", job.error
    with open(job.result_path, "rb") as written:
        assert sum(1 for _ in written) == 3000
    with app.app_context():
        db.engine.dispose()


def test_ping_queue_tells_whether_redis_answers():
    answering = JobQueue(lambda: make_huey(queue_url="redis://127.0.0.1:6379/0",
                                           queue_name=f"ping-{uuid.uuid4().hex[:8]}", sqlite_path=""),
                         run=lambda job_id: None)
    silent = JobQueue(lambda: make_huey(queue_url="redis://127.0.0.1:1/0", queue_name="ping", sqlite_path=""),
                      run=lambda job_id: None)
    assert (ping_queue(answering), ping_queue(silent)) == (True, False)
