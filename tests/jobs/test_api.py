"""/api/v1/jobs: who may start which kind, following a job, cancelling, and downloading only finished files."""
from pathlib import Path

import pytest
from sqlalchemy import update

from app.jobs.runner import run_job
from app.texts.models import Text
from tests.factories import bearer, make_user
from tests.jobs.helpers import in_process, release_of


@pytest.fixture
def sent(app, monkeypatch):
    ids: list[int] = []
    monkeypatch.setattr(app.extensions["factspan_jobs"], "send", ids.append)
    return ids


@pytest.fixture
def released(session):
    return release_of(session, texts=3)


@pytest.fixture
def env(app, scoped_sessions, sent):
    return in_process(scoped_sessions.factory, Path(app.config["JOBS_DIR"]), sent)


def start_export(client, headers, project, fmt="jsonl"):
    return client.post("/api/v1/jobs", headers=headers,
                       json={"kind": "gold.export", "project_id": project.id, "params": {"release": "v1", "format": fmt}})


def test_a_reviewer_starts_an_export_and_it_is_sent_once_committed(client, session, released, sent):
    project, _ = released
    response = start_export(client, bearer(session, make_user(session, role="reviewer")), project)
    assert response.status_code == 202
    body = response.get_json()
    assert (body["state"], body["kind"], body["download_url"], sent) == ("queued", "gold.export", None, [body["id"]])


@pytest.mark.parametrize("role, kind, status", [
    ("annotator", "gold.export", 403),
    ("editor", "gold.release", 403),
    ("reviewer", "review.queue", 403),
    ("reviewer", "texts.import", 403),
    ("editor", "agreement.report", 202),
    ("admin", "gold.release", 202),
])
def test_who_may_start_a_kind_is_who_may_do_the_work_directly(client, session, released, sent, role, kind, status):
    project, _ = released
    session.execute(update(Text).where(Text.project_id == project.id).values(adjudication_status="adjudicated"))
    params = {"gold.release": {"name": "v2", "allow_unchanged": True}, "gold.export": {"release": "v1"}}.get(kind, {})
    response = client.post("/api/v1/jobs", headers=bearer(session, make_user(session, role=role)),
                           json={"kind": kind, "project_id": project.id, "params": params})
    assert response.status_code == status, response.get_json()
    assert len(sent) == (status == 202)


def test_bad_params_are_a_422_in_the_one_error_shape(client, session, released, sent):
    project, _ = released
    response = client.post("/api/v1/jobs", headers=bearer(session, make_user(session, role="reviewer")),
                           json={"kind": "gold.export", "project_id": project.id, "params": {"format": "docx"}})
    body = response.get_json()
    assert (response.status_code, body["reason"], sorted(body["errors"]["params"])) == (422, "invalid", ["format", "release"])
    assert sent == []


def test_a_release_the_service_would_refuse_is_refused_before_it_is_queued(client, session, released, sent):
    project, _ = released
    response = client.post("/api/v1/jobs", headers=bearer(session, make_user(session, role="reviewer")),
                           json={"kind": "gold.release", "project_id": project.id, "params": {"name": "v1"}})
    assert (response.status_code, response.get_json()["reason"]) == (409, "release_exists")
    assert sent == []


def test_the_progress_and_the_download_once_the_job_ran(client, session, released, env, sent):
    project, _ = released
    headers = bearer(session, make_user(session, role="reviewer"))
    job_id = start_export(client, headers, project).get_json()["id"]
    assert client.get(f"/api/v1/jobs/{job_id}/download", headers=headers).status_code == 409
    assert run_job(job_id, env) == "succeeded"
    body = client.get(f"/api/v1/jobs/{job_id}", headers=headers).get_json()
    assert (body["state"], body["progress"]["done"], body["progress"]["total"]) == ("succeeded", 3, 3)
    with client.get(body["download_url"], headers=headers) as download:
        assert download.status_code == 200
        assert len(download.data.splitlines()) == 3
        assert 'filename=' in download.headers["Content-Disposition"]


def test_annotators_never_see_others_jobs(client, session, released, sent):
    project, _ = released
    job_id = start_export(client, bearer(session, make_user(session, role="reviewer")), project).get_json()["id"]
    annotator = bearer(session, make_user(session, role="annotator"))
    assert client.get(f"/api/v1/jobs/{job_id}", headers=annotator).status_code == 404
    assert client.get("/api/v1/jobs", headers=annotator).get_json() == []


def test_cancel_through_the_api(client, session, released, sent):
    project, _ = released
    headers = bearer(session, make_user(session, role="reviewer"))
    job_id = start_export(client, headers, project).get_json()["id"]
    assert client.post(f"/api/v1/jobs/{job_id}/cancel", headers=headers).get_json()["state"] == "cancelled"
    again = client.post(f"/api/v1/jobs/{job_id}/cancel", headers=headers)
    assert (again.status_code, again.get_json()["reason"]) == (409, "job_finished")


def test_someone_elses_job_cannot_be_cancelled(client, session, released, sent):
    project, _ = released
    job_id = start_export(client, bearer(session, make_user(session, role="reviewer")), project).get_json()["id"]
    response = client.post(f"/api/v1/jobs/{job_id}/cancel", headers=bearer(session, make_user(session, role="editor")))
    assert response.status_code == 403


def test_a_text_import_takes_only_a_stored_upload(client, session, app, sent, tmp_path, monkeypatch):
    project, _ = release_of(session, texts=1)
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "texts.jsonl").write_text('{"text": "One new text."}\n', encoding="utf-8")
    monkeypatch.setitem(app.config, "UPLOADS_DIR", str(uploads))
    headers = bearer(session, make_user(session, role="admin"))
    outside = client.post("/api/v1/jobs", headers=headers, json={
        "kind": "texts.import", "project_id": project.id, "params": {"upload": "../../etc/passwd"}})
    assert outside.status_code == 422
    stored = client.post("/api/v1/jobs", headers=headers, json={
        "kind": "texts.import", "project_id": project.id, "params": {"upload": "texts.jsonl"}})
    assert stored.status_code == 202
    assert stored.get_json()["params"]["path"] == str((uploads / "texts.jsonl").resolve())


def test_an_archive_import_belongs_to_no_project_and_others_need_one(client, session, app, sent, tmp_path,
                                                                     monkeypatch):
    project, _ = release_of(session, texts=1)
    monkeypatch.setitem(app.config, "UPLOADS_DIR", str(tmp_path))
    (tmp_path / "desk.zip").write_bytes(b"PK\x03\x04")
    headers = bearer(session, make_user(session, role="admin"))
    archive = {"kind": "archive.import", "params": {"upload": "desk.zip"}}
    started = client.post("/api/v1/jobs", headers=headers, json=archive)
    assert (started.status_code, started.get_json()["project_id"]) == (202, None)
    on_project = client.post("/api/v1/jobs", headers=headers, json={**archive, "project_id": project.id})
    assert (on_project.status_code, on_project.get_json()["errors"]) == (
        422, {"project_id": ["Not taken by this kind."]})
    export = client.post("/api/v1/jobs", headers=headers, json={"kind": "archive.export"})
    assert (export.status_code, export.get_json()["errors"]) == (422, {"project_id": ["Required."]})
    assert sent == [started.get_json()["id"]]
