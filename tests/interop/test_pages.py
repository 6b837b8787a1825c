"""The project's annotations page: the import form for admins, the report after an upload."""
import io
import json
import re

from tests.auth.test_pages import csrf
from tests.factories import PASSWORD, bearer, make_project, make_user
from tests.interop.foreign_files import TRICKY_SPANS, TRICKY_TEXT, labelstudio_task


def log_in(client, user):
    client.post("/login", data={"username": user.username, "password": PASSWORD, "csrf_token": csrf(client)})


def test_reviewers_see_export_links_but_no_import_form(client, session):
    project = make_project(session)
    html = client.get(f"/projects/{project.id}/annotations",
                      headers=bearer(session, make_user(session, role="reviewer"))).get_data(as_text=True)
    assert "Annotations · " in html and 'data-testid="import-submit"' not in html
    assert f'href="/api/v1/projects/{project.id}/annotations/export?format=labelstudio&amp;include_drafts=true"' in html


def test_admin_uploads_a_labelstudio_export_and_reads_the_report(client, session):
    project = make_project(session)
    log_in(client, make_user(session, role="admin"))
    page = f"/projects/{project.id}/annotations"
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).get_data(as_text=True)).group(1)
    task = labelstudio_task(TRICKY_TEXT, TRICKY_SPANS, "utf16")
    response = client.post(f"{page}/import", content_type="multipart/form-data", data={
        "csrf_token": token, "format": "labelstudio", "mode": "annotations",
        "file": (io.BytesIO(json.dumps([task]).encode()), "export.json")})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-testid="import-report"' in html
    assert "utf16 by span texts (1 text(s))" in html and "with 3 span(s)" in html
