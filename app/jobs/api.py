"""/api/v1/jobs: start, list, follow, cancel jobs and download their results."""
from pathlib import Path

from flask import current_app, send_file, url_for
from flask_login import current_user

from app.auth.access import roles_required
from app.database import serialize_then_commit
from app.errors import Conflict, Forbidden, NotFound
from app.extensions import session
from app.jobs import service
from app.auth.models import User
from app.jobs.kinds import KINDS
from app.jobs.models import Job
from app.jobs.queue import current_queue
from app.jobs.schemas import JobCreateSchema, JobQuerySchema, JobReadSchema
from app.jobs.starting import start_job
from app.jobs.uploads import upload_path
from app.jobs.worker import jobs_dir, uploads_dir
from app.web_extensions import ApiBlueprint

blueprint = ApiBlueprint("jobs_api", __name__, url_prefix="/api/v1", description="Background jobs")


def job_payload(job: Job) -> dict:
    """A job as the API and the progress bar read it (a split job's progress sums its chunks)."""
    done, total = service.child_progress(session(), job=job) or (job.progress_done, job.progress_total)
    creator = job.created_by_id and session().get(User, job.created_by_id)
    return {
        **{name: getattr(job, name) for name in ("id", "kind", "state", "project_id", "params", "report", "error",
                                                  "attempts", "max_attempts", "cancel_requested", "created_at",
                                                  "started_at", "finished_at")},
        "created_by": creator.username if creator else None,
        "progress": {"done": done, "total": total, "message": job.progress_message},
        "download_url": url_for("jobs_api.download", job_id=job.id)
        if job.state == "succeeded" and job.result_path and may_download(job) else None,
        "result_url": _result_url(job),
        "url": url_for("jobs_api.get_job", job_id=job.id),
    }


def may_download(job: Job) -> bool:
    """A job's file goes to whoever started it, admins, and the roles that may start its kind: others who see
    the job (staff see every job) do not get, say, an admin's project archive."""
    spec = KINDS.get(job.kind)
    return (job.created_by_id == current_user.id or current_user.role == "admin"
            or (spec is not None and current_user.role in spec.roles))


def _result_url(job: Job) -> str | None:
    if job.state != "succeeded" or not job.report:
        return None
    if job.kind == "texts.import":
        return url_for("texts.import_report", project_id=job.project_id, import_id=job.report["import_id"])
    if job.kind == "archive.import":
        return url_for("projects.project_page", project_id=job.report["project_id"])
    return None


def server_settings(kind: str, params: dict) -> dict:
    """Values a kind needs that only the server may choose: where its stored uploads are, folders, limits."""
    from app.suggestions.cli import models_dir

    config = current_app.config
    settings: dict = {}
    if "upload" in params:
        settings["path"] = str(upload_path(uploads_dir(current_app), params["upload"]))
    if params.get("mapping"):
        settings["mapping_path"] = str(upload_path(uploads_dir(current_app), params["mapping"]))
    if kind in ("texts.import", "annotations.import"):
        settings["max_text_chars"] = config["MAX_TEXT_CHARS"]
    if kind == "suggestions.run":
        settings["models_dir"] = str(models_dir())
    if kind == "gold.export":
        settings["chunk_texts"] = config["JOB_EXPORT_CHUNK_TEXTS"]
    if kind == "agreement.figures":
        settings["chunk_texts"] = config["JOB_AGREEMENT_CHUNK_TEXTS"]
    return settings


def start(kind: str, project_id: int | None, params: dict) -> Job:
    """Queue a job for the current user (shared with the pages); the caller commits, which sends it."""
    return start_job(session(), kind=kind, params=params, user=current_user, project_id=project_id,
                     send=current_queue().send, max_attempts=current_app.config["JOB_MAX_ATTEMPTS"],
                     settings=server_settings)


@blueprint.get("/jobs")
@roles_required()
@blueprint.arguments(JobQuerySchema, location="query")
@blueprint.response(200, JobReadSchema(many=True))
def list_jobs(query: dict):
    """Your jobs, newest first (staff see every job; ?project_id= narrows to a project)."""
    return [job_payload(job) for job in service.list_jobs(session(), user=current_user, project_id=query["project_id"])]


@blueprint.post("/jobs")
@roles_required()
@blueprint.arguments(JobCreateSchema)
@serialize_then_commit
@blueprint.response(202, JobReadSchema)
def create_job(payload: dict):
    """Queue a job; follow it at its url. Who may start a kind is who may do the same work directly.

    An import takes a file already stored in the uploads folder (`params.upload`); the pages store them."""
    return job_payload(start(payload["kind"], payload["project_id"], payload["params"]))


@blueprint.get("/jobs/<int:job_id>")
@roles_required()
@blueprint.response(200, JobReadSchema)
def get_job(job_id: int):
    return job_payload(service.get_visible_job(session(), job_id=job_id, user=current_user))


@blueprint.post("/jobs/<int:job_id>/cancel")
@roles_required()
@serialize_then_commit
@blueprint.response(200, JobReadSchema)
@blueprint.alt_response(409, description="The job has finished (job_finished)")
def cancel_job(job_id: int):
    """Cancel a queued job at once, a running one at its next progress report."""
    job = service.get_visible_job(session(), job_id=job_id, user=current_user)
    return job_payload(service.cancel_job(session(), job=job, user=current_user))


@blueprint.get("/jobs/<int:job_id>/download")
@roles_required()
@blueprint.downloads(("application/octet-stream",), "The file the job wrote")
@blueprint.alt_response(403, description="Your role may not start this kind of job, nor did you start it")
@blueprint.alt_response(409, description="The job has not succeeded (job_not_done)")
def download(job_id: int):
    """The job's file; only a succeeded job offers one, so a partial file never is."""
    job = service.get_visible_job(session(), job_id=job_id, user=current_user)
    if not may_download(job):
        raise Forbidden(f"The file of job {job.id} is for whoever started it and the roles that may start its kind.")
    if job.state != "succeeded" or not job.result_path:
        raise Conflict(f"Job {job.id} has no file to download ({job.state}).", reason="job_not_done")
    path = Path(job.result_path)
    if not path.is_file() or path.resolve().parent.parent != jobs_dir(current_app).resolve():
        raise NotFound(f"The file of job {job.id} is no longer kept.")
    return send_file(path, mimetype=job.result_media_type or "application/octet-stream", as_attachment=True,
                     download_name=job.result_filename or path.name)
