"""The import page: an admin uploads texts, reads the report by line, and finds the import listed."""
import io
import json
import re
import zipfile

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.texts.models import Text, TextImport
from tests.auth.test_pages import csrf
from tests.factories import PASSWORD, bearer, make_project, make_text, make_user

JSONL = "\n".join([json.dumps({"id": "a", "text": "Xi invited Putin."}), '{"text": "unterminated',
                   json.dumps({"id": "b", "text": "I think he will go."})]).encode()


def _log_in_admin(client, session):
    admin = make_user(session, role="admin")
    client.post("/login", data={"username": admin.username, "password": PASSWORD, "csrf_token": csrf(client)})
    return admin


def _upload(client, project, data: bytes, filename: str):
    page = f"/projects/{project.id}/import"
    return client.post(page, content_type="multipart/form-data",
                       data={"csrf_token": csrf(client, page), "file": (io.BytesIO(data), filename)})


def test_an_upload_redirects_to_its_report_with_the_broken_line(client, session):
    project = make_project(session)
    admin = _log_in_admin(client, session)
    response = _upload(client, project, JSONL, "batch.jsonl")
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 text(s) imported" in html and "1 rejected" in html
    row = re.search(r"<tr><td>batch.jsonl</td><td data-testid=\"rejected-line\">2</td><td>([^<]+)</td></tr>", html)
    assert row and "JSON" in row.group(1)
    text_import = session.scalars(select(TextImport).where(TextImport.project_id == project.id)).one()
    assert (text_import.created_by_id, text_import.source, text_import.imported_count) == (admin.id, "batch.jsonl", 2)
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "texts.imported",
                                                     AuditEvent.target_id == text_import.id)).one()
    assert (event.actor_id, event.project_id, event.changes["rejected"]) == (admin.id, project.id, 1)


def test_a_second_upload_skips_duplicates_and_both_are_listed(client, session):
    project = make_project(session)
    _log_in_admin(client, session)
    _upload(client, project, JSONL, "first.jsonl")
    html = client.get(_upload(client, project, JSONL, "again.jsonl").headers["Location"]).get_data(as_text=True)
    assert "0 text(s) imported" in html and "2 duplicate(s) skipped" in html
    listing = client.get(f"/projects/{project.id}/import").get_data(as_text=True)
    assert listing.index("again.jsonl") < listing.index("first.jsonl")


def test_a_zip_reports_the_member_of_each_rejected_line(client, session):
    project = make_project(session)
    _log_in_admin(client, session)
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("desk/monday.jsonl", JSONL)
        archive.writestr("tuesday.csv", "title,text\nT,Tuesday's text.\n")
    html = client.get(_upload(client, project, data.getvalue(), "week.zip").headers["Location"]).get_data(as_text=True)
    assert "3 text(s) imported" in html and "<td>week.zip/desk/monday.jsonl</td>" in html


def test_a_text_past_the_limit_is_rejected_and_nothing_of_it_stored(app, client, session):
    project = make_project(session)
    _log_in_admin(client, session)
    limit = app.config["MAX_TEXT_CHARS"]
    app.config["MAX_TEXT_CHARS"] = 10
    try:
        _upload(client, project, json.dumps({"id": "long", "text": "x" * 11}).encode(), "long.jsonl")
    finally:
        app.config["MAX_TEXT_CHARS"] = limit
    session.expire_all()
    assert session.scalars(select(Text).where(Text.project_id == project.id)).all() == []


def test_an_unsupported_file_is_refused_with_the_reason_and_nothing_recorded(client, session):
    project = make_project(session)
    _log_in_admin(client, session)
    response = _upload(client, project, b"%PDF-1.4", "scan.pdf")
    assert response.status_code == 422 and "unsupported file type" in response.get_data(as_text=True)
    assert session.scalars(select(TextImport).where(TextImport.project_id == project.id)).all() == []


def test_reviewers_cannot_import(client, session):
    project = make_project(session)
    make_text(session, project)
    response = client.get(f"/projects/{project.id}/import", headers=bearer(session, make_user(session, role="reviewer")))
    assert response.status_code == 403
