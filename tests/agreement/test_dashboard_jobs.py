"""The dashboard of a large project shows the newest agreement.report job's report, never computing it in the
request; a small one is still computed while the page loads."""
import pytest

from app.agreement import pages, service
from app.annotations.service import reopen_annotation_set
from app.jobs.models import Job
from tests.agreement.helpers import INFERENCE, READOUT, annotate, make_setup, three_way
from tests.auth.helpers import log_in, page_csrf
from tests.factories import make_user
from tests.jobs.helpers import PageJobs


@pytest.fixture
def jobs(app, monkeypatch, scoped_sessions, tmp_path):
    return PageJobs(app, monkeypatch, scoped_sessions, tmp_path)


class NoReportInTheRequest:
    """The agreement services as the dashboard sees them, except that computing a report fails the test."""

    def __getattr__(self, name):
        return getattr(service, name)

    def compute_project_agreement(self, *args, **kwargs):
        raise AssertionError("the dashboard computed a large project's report")


@pytest.fixture
def large(app, monkeypatch):
    """Every project counts as large: the page must not compute a report."""
    monkeypatch.setitem(app.config, "AGREEMENT_INLINE_MAX_SETS", 0)
    monkeypatch.setattr(pages, "service", NoReportInTheRequest())


@pytest.fixture
def reviewer(client, session):
    user = make_user(session, role="reviewer")
    log_in(client, user.username)
    return user


def dashboard(client, project, query=""):
    response = client.get(f"/projects/{project.id}/agreement{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def start_report(client, project, **fields):
    """The dashboard's button, as the browser sends it."""
    return client.post(f"/projects/{project.id}/jobs", data={"csrf_token": page_csrf(client), "kind": "agreement.report",
                                                             **fields})


@pytest.mark.parametrize(("limit", "inline"), [(3, True), (2, False)])
def test_a_project_up_to_the_limit_is_computed_while_the_page_loads(client, session, app, monkeypatch, reviewer,
                                                                    limit, inline):
    monkeypatch.setitem(app.config, "AGREEMENT_INLINE_MAX_SETS", limit)
    html = dashboard(client, three_way(session).project)  # three submitted sets
    assert ('data-testid="agreement-figures"' in html) is inline
    assert ('data-testid="agreement-no-report"' in html) is not inline


def test_a_large_project_without_a_report_offers_to_compute_one(client, session, large, reviewer):
    html = dashboard(client, three_way(session).project)
    assert 'data-testid="agreement-large"' in html and "3 annotation sets" in html
    assert 'data-testid="agreement-no-report"' in html and "Compute the report (background job)" in html
    assert 'data-testid="agreement-figures"' not in html


def test_the_page_follows_the_job_it_started_and_then_shows_its_report(client, session, large, jobs, reviewer):
    project = three_way(session).project
    response = start_report(client, project)
    [job_id] = jobs.sent
    assert response.headers["Location"] == f"/jobs/{job_id}"

    waiting = dashboard(client, project)
    assert 'data-testid="agreement-pending"' in waiting and f'href="/jobs/{job_id}"' in waiting
    assert 'data-testid="agreement-report-job"' not in waiting  # no second job while one is queued

    assert jobs.run(job_id) == "succeeded"
    html = dashboard(client, project)
    assert html.count("<svg") == 7 and 'data-testid="agreement-figures"' in html
    assert 'data-testid="agreement-computed"' in html and f"job #{job_id}" in html
    assert 'data-testid="agreement-current"' in html and "Compute the report again" in html


def test_a_reopened_submission_makes_the_report_out_of_date(client, session, large, jobs, reviewer):
    setup = three_way(session)
    start_report(client, setup.project)
    jobs.run(jobs.sent[0])
    annotation_set = setup.assignments[(0, 2)].annotation_set
    session.refresh(annotation_set)
    reopen_annotation_set(session, annotation_set_id=annotation_set.id, user=setup.annotators[2],
                          version=annotation_set.version)
    assert 'data-testid="agreement-stale"' in dashboard(client, setup.project)


def test_a_draft_saved_later_leaves_a_report_of_submissions_current(client, session, large, jobs, reviewer):
    setup = make_setup(session, annotators=3)
    annotate(session, setup.assignments[(0, 0)], [READOUT])
    annotate(session, setup.assignments[(0, 1)], [READOUT, INFERENCE])
    annotate(session, setup.assignments[(0, 2)], [READOUT], submit=False)
    start_report(client, setup.project)
    jobs.run(jobs.sent[0])
    annotate(session, setup.assignments[(0, 2)], [INFERENCE], submit=False)
    assert 'data-testid="agreement-current"' in dashboard(client, setup.project)
    assert 'data-testid="agreement-no-report"' in dashboard(client, setup.project, "?include_drafts=1")


def test_only_a_report_with_the_pages_options_is_shown(client, session, large, jobs, reviewer):
    project = three_way(session).project
    start_report(client, project, label="sourced_readout", include_drafts="1")
    [job_id] = jobs.sent
    assert session.get(Job, job_id).params | {"project_id": None} == {
        "bootstrap_samples": 1000, "include_drafts": True, "label": "sourced_readout", "project_id": None}
    assert jobs.run(job_id) == "succeeded"
    assert 'data-testid="agreement-no-report"' in dashboard(client, project)
    assert 'data-testid="agreement-no-report"' in dashboard(client, project, "?label=sourced_readout")
    html = dashboard(client, project, "?label=sourced_readout&include_drafts=1")
    assert f"job #{job_id}" in html and "drafts included" in html
    job_page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert f'href="/projects/{project.id}/agreement?include_drafts=1&amp;label=sourced_readout"' in job_page


def test_a_report_of_an_unknown_label_is_refused_before_it_is_queued(client, session, jobs, reviewer):
    project = three_way(session).project
    response = start_report(client, project, label="no_such_label")
    assert "Unknown label(s) no_such_label" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert jobs.sent == []
