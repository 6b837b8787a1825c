"""The Gold page's forms start jobs (a policy run, a release) and refuse at once a release that could not succeed."""
import html

import pytest
from sqlalchemy import func, select

from app.gold.models import AdjudicationItem, GoldRelease
from app.gold.releases import release_gold
from app.gold.service import adjudicate_project
from app.jobs.models import Job
from app.texts.service import update_project_settings
from tests.auth.helpers import log_in, page_csrf
from tests.factories import make_user
from tests.gold.helpers import submitted_project
from tests.jobs.helpers import PageJobs


@pytest.fixture
def jobs(app, monkeypatch, scoped_sessions, tmp_path):
    return PageJobs(app, monkeypatch, scoped_sessions, tmp_path)


@pytest.fixture
def reviewer(client, session):
    user = make_user(session, role="reviewer")
    log_in(client, user.username)
    return user


def submit_gold_form(client, project, **fields):
    """A Gold page form as the browser sends it (its Referer brings a refusal back to the Gold page)."""
    return client.post(f"/projects/{project.id}/jobs", data={"csrf_token": page_csrf(client), **fields},
                       headers={"Referer": f"http://localhost/projects/{project.id}/gold"})


def released(session):
    """A project whose adjudicated gold was just released as v1."""
    project, _, _ = submitted_project(session)
    adjudicate_project(session, project=project, policy="majority", min_annotators=2)
    release_gold(session, project=project, name="v1", user=None)
    return project


def test_the_policy_form_queues_a_job_that_reports_what_it_settled(client, session, jobs, reviewer):
    project, _, _ = submitted_project(session, policy="majority")
    update_project_settings(session, project=project, changes={"adjudication": {"min_annotators": 4}})
    page = client.get(f"/projects/{project.id}/gold").get_data(as_text=True)
    assert 'data-testid="policy-job-form"' in page and 'name="kind" value="gold.adjudicate"' in page

    response = submit_gold_form(client, project, kind="gold.adjudicate", policy="majority")

    [job_id] = jobs.sent
    assert response.headers["Location"] == f"/jobs/{job_id}"
    assert session.scalar(select(func.count()).select_from(AdjudicationItem)) == 0  # nothing settled in the request
    assert jobs.run(job_id) == "succeeded"
    job = session.get(Job, job_id)
    assert (job.kind, job.created_by_id) == ("gold.adjudicate", reviewer.id)
    assert job.report == {"policy": "majority", "min_annotators": 4, "items_settled": 0, "items_open": 3,
                          "texts_adjudicated": 0, "texts_waiting": 0}
    assert '"items_open": 3' in client.get(f"/jobs/{job_id}").get_data(as_text=True)


def test_only_reviewers_start_a_policy_run(client, session, jobs):
    project, _, _ = submitted_project(session)
    log_in(client, make_user(session, role="editor").username)
    response = submit_gold_form(client, project, kind="gold.adjudicate")
    assert "needs the reviewer role" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert jobs.sent == []


def test_the_release_form_queues_a_release_job(client, session, jobs, reviewer):
    project, _, _ = submitted_project(session)
    adjudicate_project(session, project=project, policy="majority", min_annotators=2)
    page = client.get(f"/projects/{project.id}/gold").get_data(as_text=True)
    assert 'data-testid="release-job-form"' in page and 'name="kind" value="gold.release"' in page

    response = submit_gold_form(client, project, kind="gold.release", name="v1", notes="first")

    [job_id] = jobs.sent
    assert response.headers["Location"] == f"/jobs/{job_id}"
    assert session.scalar(select(GoldRelease.id).where(GoldRelease.project_id == project.id)) is None
    assert jobs.run(job_id) == "succeeded"
    release = session.scalars(select(GoldRelease).where(GoldRelease.project_id == project.id)).one()
    assert (release.name, release.notes, release.created_by_id) == ("v1", "first", reviewer.id)


@pytest.mark.parametrize(("name", "refusal"), [
    ("  ", "A release needs a name."),
    ("v 2", "A release name is up to 100 letters, digits, '.', '_' and '-'."),
    ("v1", "already has a release named 'v1'"),
    ("v2", "Release 'v2' would hold exactly what 'v1' holds"),
])
def test_a_release_that_cannot_succeed_is_refused_on_the_gold_page(client, session, jobs, reviewer, name, refusal):
    project = released(session)
    response = submit_gold_form(client, project, kind="gold.release", name=name)
    assert response.headers["Location"] == f"http://localhost/projects/{project.id}/gold"
    assert refusal in html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert jobs.sent == [] and session.scalar(select(func.count()).select_from(Job)) == 0


def test_nothing_adjudicated_is_refused_on_the_gold_page(client, session, jobs, reviewer):
    project, _, _ = submitted_project(session)
    response = submit_gold_form(client, project, kind="gold.release", name="v1")
    assert "No text of this project is adjudicated yet" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert jobs.sent == []


def test_an_unchanged_release_is_queued_when_allowed(client, session, jobs, reviewer):
    project = released(session)
    response = submit_gold_form(client, project, kind="gold.release", name="v2", allow_unchanged="1")
    [job_id] = jobs.sent
    assert response.headers["Location"] == f"/jobs/{job_id}"
    assert jobs.run(job_id) == "succeeded"
    assert session.get(Job, job_id).report["release"] == "v2"
