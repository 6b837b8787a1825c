"""The project's annotations page: the import form for admins starts an annotations.import job, whose page shows
the report the import page used to show."""
import io
import json
import re
import zipfile

import pytest

from app.jobs.models import Job
from tests.auth.helpers import log_in
from tests.factories import bearer, make_project, make_user
from tests.interop.foreign_files import MAPPING_YAML, TRICKY_SPANS, TRICKY_TEXT, labelstudio_task, write_brat
from tests.jobs.helpers import post_form, run_sent, stored_uploads


@pytest.fixture
def sent(app, monkeypatch):
    ids: list[int] = []
    monkeypatch.setattr(app.extensions["factspan_jobs"], "send", ids.append)
    return ids


def test_reviewers_see_export_links_but_no_import_form(client, session):
    project = make_project(session)
    html = client.get(f"/projects/{project.id}/annotations",
                      headers=bearer(session, make_user(session, role="reviewer"))).get_data(as_text=True)
    assert "Annotations · " in html and 'data-testid="import-submit"' not in html
    assert f'href="/api/v1/projects/{project.id}/annotations/export?format=labelstudio&amp;include_drafts=true"' in html


def _import(client, project, fields: dict):
    return post_form(client, f"/projects/{project.id}/annotations", 'data-testid="import-form"', fields)


def test_an_upload_queues_a_job_and_its_page_shows_the_report(app, client, session, scoped_sessions, sent):
    project = make_project(session)
    admin = make_user(session, role="admin")
    log_in(client, admin.username)
    task = labelstudio_task(TRICKY_TEXT, TRICKY_SPANS, "utf16")
    response = _import(client, project, {"format": "labelstudio", "mode": "annotations",
                                         "upload": (io.BytesIO(json.dumps([task]).encode()), "export.json")})
    job = session.get(Job, sent[0])
    assert response.headers["Location"].endswith(f"/jobs/{job.id}")
    assert (job.kind, job.created_by_id, job.params["format"], job.params["filename"]) == (
        "annotations.import", admin.id, "labelstudio", "export.json")
    waiting = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "data-reload-when-finished" in waiting  # the page reloads itself to show the report
    assert run_sent(app, scoped_sessions, sent) == ["succeeded"]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="import-report"' in html and "data-reload-when-finished" not in html
    assert "utf16 by span texts (1 text(s))" in html and "with 3 span(s)" in html


def test_a_brat_zip_and_its_mapping_are_both_read_then_removed(app, client, session, scoped_sessions, sent, tmp_path):
    project = make_project(session)
    log_in(client, make_user(session, role="admin").username)
    write_brat(tmp_path / "pairs", "doc1", TRICKY_TEXT, TRICKY_SPANS, "codepoint")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in (tmp_path / "pairs").iterdir():
            archive.write(file, file.name)
    before = stored_uploads(app)
    _import(client, project, {"format": "brat", "mode": "annotations", "annotator": "dee",
                              "upload": (io.BytesIO(buffer.getvalue()), "pairs.zip"),
                              "mapping": (io.BytesIO(MAPPING_YAML.encode()), "labels.yaml")})
    assert len(stored_uploads(app) - before) == 2
    job = session.get(Job, sent[0])
    assert run_sent(app, scoped_sessions, sent) == ["succeeded"]
    session.refresh(job)
    assert (job.report["spans"], job.report["annotators_created"]) == (3, ["dee"])
    assert stored_uploads(app) == before


def test_a_mapping_the_schema_refuses_fails_the_job_with_the_reason(app, client, session, scoped_sessions, sent):
    project = make_project(session)
    log_in(client, make_user(session, role="admin").username)
    before = stored_uploads(app)
    response = _import(client, project, {"format": "labelstudio", "mode": "annotations",
                                         "upload": (io.BytesIO(b"[]"), "export.json"),
                                         "mapping": (io.BytesIO(b"labels: {Readout: readout}"), "labels.yaml")})
    assert run_sent(app, scoped_sessions, sent) == ["failed"]
    assert stored_uploads(app) == before
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r'data-testid="job-error">The mapping file cannot be used: [^<]*Readout&#39; maps to', html)
