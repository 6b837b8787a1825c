"""Job pages: forms that queue work and return at once, the job page's progress bar, CSRF, and who sees what."""
import re

import pytest

from app.jobs.models import Job
from tests.auth.helpers import log_in, page_csrf
from tests.factories import make_user
from tests.jobs.helpers import release_of


@pytest.fixture
def sent(app, monkeypatch):
    ids: list[int] = []
    monkeypatch.setattr(app.extensions["factspan_jobs"], "send", ids.append)
    return ids


def test_the_gold_page_queues_an_export_and_shows_its_progress_bar(client, session, sent):
    project, _ = release_of(session, texts=2)
    reviewer = make_user(session, role="reviewer")
    log_in(client, reviewer.username)
    gold_page = client.get(f"/projects/{project.id}/gold").get_data(as_text=True)
    assert 'data-testid="export-job-form"' in gold_page
    response = client.post(f"/projects/{project.id}/jobs", data={
        "csrf_token": page_csrf(client), "kind": "gold.export", "release": "v1", "format": "csv"})
    assert response.status_code == 302
    job = session.get(Job, sent[0])
    assert (job.kind, job.state, job.params["format"], job.created_by_id) == ("gold.export", "queued", "csv", reviewer.id)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(rf'data-job-url="/api/v1/jobs/{job.id}"', page)
    assert "js/jobs/progress.js" in page and 'data-testid="job-progress-bar"' in page


def test_a_form_without_the_csrf_token_queues_nothing(client, session, sent):
    project, _ = release_of(session, texts=1)
    log_in(client, make_user(session, role="reviewer").username)
    response = client.post(f"/projects/{project.id}/jobs", data={"kind": "gold.export", "release": "v1"})
    assert response.status_code == 400
    assert sent == []


def test_a_refused_job_is_a_flash_not_a_job(client, session, sent):
    project, _ = release_of(session, texts=1)
    log_in(client, make_user(session, role="editor").username)
    response = client.post(f"/projects/{project.id}/jobs", data={
        "csrf_token": page_csrf(client), "kind": "gold.release", "name": "v2"}, follow_redirects=True)
    assert "needs the reviewer role" in response.get_data(as_text=True)
    assert sent == []


def test_the_jobs_page_lists_only_an_annotators_own_jobs(client, session, sent):
    project, _ = release_of(session, texts=1)
    reviewer = make_user(session, role="reviewer")
    log_in(client, reviewer.username)
    client.post(f"/projects/{project.id}/jobs", data={"csrf_token": page_csrf(client), "kind": "gold.export",
                                                      "release": "v1"})
    assert client.get("/jobs").get_data(as_text=True).count('data-testid="job-row"') == 1
    client.post("/logout", data={"csrf_token": page_csrf(client)})
    log_in(client, make_user(session, role="annotator").username)
    assert 'data-testid="job-row"' not in client.get("/jobs").get_data(as_text=True)
    assert client.get(f"/jobs/{sent[0]}").status_code == 404
