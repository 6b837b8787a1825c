"""Archive export and import as jobs: an export job on one database, an import job of its zip into another, and
the admin pages that start them."""
import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from app.extensions import db
from app.jobs.kinds import job_functions
from app.jobs.models import Job
from app.jobs.runner import JobEnvironment, run_job
from app.jobs.service import enqueue_job
from app.texts.models import Project, Text
from tests.archive.conftest import target_app
from tests.auth.helpers import log_in
from tests.factories import bearer, make_assignment, make_project, make_text, make_user
from tests.jobs.helpers import in_process, post_form

PROJECT = "Carried by jobs"


def _export(backend: str, folder: Path) -> Job:
    """An archive.export job run by a worker on a database of its own, in sessions on its real engine (on
    PostgreSQL the export reads one REPEATABLE READ snapshot)."""
    with target_app(backend, folder) as source, source.app_context():
        # Not db.session: the tests point it at the test's own database.
        sessions = sessionmaker(bind=db.engine, expire_on_commit=False)
        with sessions() as work:
            project = make_project(work, name=PROJECT)
            texts = [make_text(work, project, f"Text {number}: Xi invited Putin.") for number in range(3)]
            make_assignment(work, text=texts[0], annotator=make_user(work, username="carried-annotator"))
            admin = make_user(work, "admin")
            job = enqueue_job(work, kind="archive.export", params={"project_id": project.id}, user_id=admin.id,
                              project_id=project.id, send=lambda job_id: None)
            work.commit()
        env = JobEnvironment(kinds=job_functions(), session_factory=sessions, files_dir=folder / "jobs",
                             send=lambda job_id: None, heartbeat_s=None)
        assert run_job(job.id, env) == "succeeded"
        with sessions() as reading:
            return reading.get(Job, job.id)


@pytest.fixture(scope="module")
def exports() -> dict[str, Job]:
    return {}


@pytest.fixture
def exported(exports, session, tmp_path_factory) -> Job:
    """The export job of the test's backend (run once for the module)."""
    backend = session.get_bind().dialect.name
    if backend not in exports:
        exports[backend] = _export(backend, tmp_path_factory.mktemp(f"export-{backend}"))
    return exports[backend]


@pytest.fixture
def run_import(session, scoped_sessions, tmp_path):
    """Queue and run an archive.import job of these bytes on the test's database; returns the finished job."""
    sent: list[int] = []
    admin = make_user(session, "admin")

    def run(data: bytes) -> Job:
        upload = tmp_path / f"upload-{len(sent)}"
        upload.write_bytes(data)
        job = enqueue_job(session, kind="archive.import", params={"path": str(upload), "filename": "carried.zip"},
                          user_id=admin.id, project_id=None, send=sent.append)
        session.commit()
        run_job(job.id, in_process(scoped_sessions.factory, tmp_path / "jobs", sent))
        session.refresh(job)
        assert not upload.exists()  # whatever the outcome, the job is done with its upload
        return job

    return run


def test_the_export_job_offers_the_whole_zip_and_no_partial_file(exported):
    assert (exported.result_filename, exported.result_media_type) == ("Carried_by_jobs-archive.zip", "application/zip")
    path = Path(exported.result_path)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # the .part file was renamed into place
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    rows = {table["name"]: table["rows"] for table in manifest["tables"]}
    assert (rows["project"], rows["text"], rows["assignment"], exported.report["rows"]) == (1, 3, 1, sum(rows.values()))
    assert exported.progress_done == exported.progress_total == sum(rows.values())


def test_an_import_job_adds_the_exported_project_to_another_database(exported, run_import, session):
    job = run_import(Path(exported.result_path).read_bytes())
    assert job.state == "succeeded", job.error
    project = session.scalars(select(Project).where(Project.name == PROJECT)).one()
    assert (job.project_id, job.report["project_id"], job.report["project_name"]) == (None, project.id, PROJECT)
    assert session.scalar(select(func.count()).select_from(Text).where(Text.project_id == project.id)) == 3
    assert (job.report["rows"]["text"], job.report["new_users"]) == (3, ["carried-annotator"])


def test_an_import_job_refuses_a_project_already_here_and_writes_nothing(exported, run_import, session):
    data = Path(exported.result_path).read_bytes()
    assert run_import(data).state == "succeeded"
    again = run_import(data)
    assert again.state == "failed" and f"already has a project named '{PROJECT}'" in again.error
    assert session.scalar(select(func.count()).select_from(Project).where(Project.name == PROJECT)) == 1


@pytest.fixture
def sent(app, monkeypatch):
    ids: list[int] = []
    monkeypatch.setattr(app.extensions["factspan_jobs"], "send", ids.append)
    return ids


def test_the_admins_project_page_starts_an_export_job(client, session, sent):
    project = make_project(session)
    admin = make_user(session, "admin")
    log_in(client, admin.username)
    response = post_form(client, f"/projects/{project.id}", 'data-testid="export-archive-form"', {})
    job = session.get(Job, sent[0])
    assert response.headers["Location"].endswith(f"/jobs/{job.id}")
    assert (job.kind, job.project_id, job.created_by_id) == ("archive.export", project.id, admin.id)


def test_only_admins_see_the_archive_forms(client, session):
    project = make_project(session)
    log_in(client, make_user(session, "reviewer").username)
    assert "export-archive-form" not in client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "import-archive-form" not in client.get("/projects").get_data(as_text=True)


def test_the_projects_list_starts_an_import_job_that_belongs_to_no_project(app, client, session, sent):
    log_in(client, make_user(session, "admin").username)
    response = post_form(client, "/projects", 'data-testid="import-archive-form"',
                         {"upload": (io.BytesIO(b"PK\x03\x04 not really"), "desk.zip")})
    job = session.get(Job, sent[0])
    assert response.headers["Location"].endswith(f"/jobs/{job.id}")
    assert (job.kind, job.project_id, job.params["filename"]) == ("archive.import", None, "desk.zip")
    assert Path(job.params["path"]).parent == Path(app.config["UPLOADS_DIR"]).resolve()


def test_an_archive_that_is_not_a_zip_is_refused_before_any_job(client, session, sent):
    log_in(client, make_user(session, "admin").username)
    response = post_form(client, "/projects", 'data-testid="import-archive-form"',
                         {"upload": (io.BytesIO(b"{}"), "desk.json")})
    assert sent == [] and response.headers["Location"] == "http://localhost/projects"
    assert "a project archive is a .zip file" in client.get("/projects").get_data(as_text=True)


def test_an_admins_archive_is_not_downloaded_by_a_reviewer_who_sees_the_job(client, session, app, sent):
    """Staff see every job; the archive (every row of the project) is only for admins and whoever started it."""
    project = make_project(session)
    admin, reviewer = bearer(session, make_user(session, "admin")), bearer(session, make_user(session, "reviewer"))
    job_id = client.post("/api/v1/jobs", headers=admin, json={"kind": "archive.export", "project_id": project.id}
                         ).get_json()["id"]
    env = in_process(client.sessions.factory, Path(app.config["JOBS_DIR"]), sent)
    assert run_job(job_id, env) == "succeeded"
    seen = client.get(f"/api/v1/jobs/{job_id}", headers=reviewer).get_json()
    assert (seen["state"], seen["download_url"]) == ("succeeded", None)
    assert client.get(f"/api/v1/jobs/{job_id}/download", headers=reviewer).status_code == 403
    with client.get(f"/api/v1/jobs/{job_id}/download", headers=admin) as download:
        assert download.status_code == 200 and download.data[:4] == b"PK\x03\x04"
