"""The import page: an admin's upload starts a texts.import job, whose result is the import's report by line."""
import io
import json
import re
import zipfile

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.jobs.models import Job
from app.texts.models import Text, TextImport
from tests.auth.helpers import log_in, page_csrf
from tests.factories import bearer, make_project, make_text, make_user
from tests.jobs.helpers import post_form, run_sent, stored_uploads

JSONL = "\n".join([json.dumps({"id": "a", "text": "Xi invited Putin."}), '{"text": "unterminated',
                   json.dumps({"id": "b", "text": "I think he will go."})]).encode()


@pytest.fixture
def sent(app, monkeypatch):
    ids: list[int] = []
    monkeypatch.setattr(app.extensions["factspan_jobs"], "send", ids.append)
    return ids


@pytest.fixture
def admin(client, session):
    user = make_user(session, role="admin")
    log_in(client, user.username)
    return user


def _upload(client, project, data: bytes, filename: str):
    return post_form(client, f"/projects/{project.id}/import", "data-upload-form",
                     {"upload": (io.BytesIO(data), filename)})


def _imported(app, client, scoped_sessions, sent, project, data: bytes, filename: str) -> str:
    """Upload, run the job the upload queued, and return its report page."""
    started = _upload(client, project, data, filename)
    assert started.status_code == 302 and re.search(r"/jobs/\d+$", started.headers["Location"])
    assert run_sent(app, scoped_sessions, sent) == ["succeeded"]
    job_page = client.get(started.headers["Location"]).get_data(as_text=True)
    report_url = re.search(r'data-testid="job-result" href="([^"]+)"', job_page).group(1)
    assert re.fullmatch(rf"/projects/{project.id}/imports/\d+", report_url)
    return client.get(report_url).get_data(as_text=True)


def test_an_upload_queues_a_job_and_imports_nothing_in_the_request(app, client, session, admin, sent):
    project = make_project(session)
    before = stored_uploads(app)
    response = _upload(client, project, JSONL, "batch.jsonl")
    job = session.get(Job, sent[0])
    assert response.headers["Location"].endswith(f"/jobs/{job.id}")
    assert (job.kind, job.state, job.created_by_id, job.project_id) == ("texts.import", "queued", admin.id, project.id)
    assert job.params["filename"] == "batch.jsonl"
    assert stored_uploads(app) - before == {job.params["upload"]}
    assert session.scalars(select(TextImport).where(TextImport.project_id == project.id)).all() == []


def test_the_jobs_report_shows_the_broken_line_and_the_upload_is_removed(app, client, session, scoped_sessions,
                                                                          admin, sent):
    project = make_project(session)
    before = stored_uploads(app)
    html = _imported(app, client, scoped_sessions, sent, project, JSONL, "batch.jsonl")
    assert "2 text(s) imported" in html and "1 rejected" in html
    row = re.search(r"<tr><td>batch.jsonl</td><td data-testid=\"rejected-line\">2</td><td>([^<]+)</td></tr>", html)
    assert row and "JSON" in row.group(1)
    text_import = session.scalars(select(TextImport).where(TextImport.project_id == project.id)).one()
    assert (text_import.created_by_id, text_import.source, text_import.imported_count) == (admin.id, "batch.jsonl", 2)
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "texts.imported",
                                                     AuditEvent.target_id == text_import.id)).one()
    assert (event.actor_id, event.project_id, event.changes["rejected"]) == (admin.id, project.id, 1)
    assert stored_uploads(app) == before


def test_a_second_upload_skips_duplicates_and_both_are_listed(app, client, session, scoped_sessions, admin, sent):
    project = make_project(session)
    _imported(app, client, scoped_sessions, sent, project, JSONL, "first.jsonl")
    html = _imported(app, client, scoped_sessions, sent, project, JSONL, "again.jsonl")
    assert "0 text(s) imported" in html and "2 duplicate(s) skipped" in html
    listing = client.get(f"/projects/{project.id}/import").get_data(as_text=True)
    assert listing.index("again.jsonl") < listing.index("first.jsonl")


def test_a_zip_reports_the_member_of_each_rejected_line(app, client, session, scoped_sessions, admin, sent):
    project = make_project(session)
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("desk/monday.jsonl", JSONL)
        archive.writestr("tuesday.csv", "title,text\nT,Tuesday's text.\n")
    html = _imported(app, client, scoped_sessions, sent, project, data.getvalue(), "week.zip")
    assert "3 text(s) imported" in html and "<td>week.zip/desk/monday.jsonl</td>" in html


def test_a_text_past_the_limit_is_rejected_and_nothing_of_it_stored(app, client, session, scoped_sessions, admin,
                                                                     sent, monkeypatch):
    project = make_project(session)
    monkeypatch.setitem(app.config, "MAX_TEXT_CHARS", 10)
    html = _imported(app, client, scoped_sessions, sent, project, json.dumps({"text": "x" * 11}).encode(), "long.jsonl")
    assert "1 rejected" in html and "the most is 10" in html
    assert session.scalars(select(Text).where(Text.project_id == project.id)).all() == []


@pytest.mark.parametrize("data, filename, reason", [
    (None, None, "Choose a file to upload."),
    (b"", "empty.jsonl", "The file is empty."),
    (b"%PDF-1.4", "scan.pdf", "scan.pdf: unsupported file type"),
])
def test_a_refused_upload_is_a_flash_on_the_import_page_and_leaves_nothing(app, client, session, admin, sent,
                                                                           data, filename, reason):
    project = make_project(session)
    before = stored_uploads(app)
    fields = {"upload": (io.BytesIO(data), filename)} if filename else {}
    response = post_form(client, f"/projects/{project.id}/import", "data-upload-form", fields)
    assert response.headers["Location"] == f"http://localhost/projects/{project.id}/import"
    assert reason in client.get(response.headers["Location"]).get_data(as_text=True)
    assert (sent, stored_uploads(app)) == ([], before)


def test_reviewers_cannot_import(app, client, session, sent):
    project = make_project(session)
    make_text(session, project)
    reviewer = make_user(session, role="reviewer")
    response = client.get(f"/projects/{project.id}/import", headers=bearer(session, reviewer))
    assert response.status_code == 403
    log_in(client, reviewer.username)
    before = stored_uploads(app)
    started = client.post(f"/projects/{project.id}/jobs", content_type="multipart/form-data", follow_redirects=True,
                          data={"csrf_token": page_csrf(client), "kind": "texts.import",
                                "upload": (io.BytesIO(JSONL), "batch.jsonl")})
    assert "needs the admin role" in started.get_data(as_text=True)
    assert (sent, stored_uploads(app)) == ([], before)
