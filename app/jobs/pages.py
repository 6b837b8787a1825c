"""Job pages: the jobs list, one job with its live progress bar, and the forms that start jobs."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import Session

from app.agreement.background import ReportRun, ReportRuns
from app.auth.access import roles_required
from app.errors import AppError, Invalid
from app.extensions import session
from app.jobs import service
from app.jobs.api import job_payload, start
from app.jobs.kinds import KINDS
from app.jobs.models import Job
from app.jobs.schemas import PARAMS_SCHEMAS
from app.jobs.uploads import discard_uploads, store_upload
from app.jobs.worker import uploads_dir

blueprint = Blueprint("jobs", __name__)
# Form fields that are not the job's parameters.
_FORM_ONLY = ("csrf_token", "kind")
# File fields a form may send: each is stored and its stored name passed as the parameter of the same name;
# `filename` is the main upload's own name. A form's text fields never set these.
_UPLOAD_FIELDS = ("upload", "mapping")
_FROM_FILES = (*_UPLOAD_FIELDS, "filename")
# Kinds whose report the job page shows as a table rather than as JSON (jobs/reports/<kind>.html).
_REPORT_TEMPLATES = ("annotations.import", "archive.import")


@blueprint.get("/jobs")
@roles_required()
def list_jobs():
    jobs = [job_payload(job) for job in service.list_jobs(session(), user=current_user)]
    return render_template("jobs/list.html", jobs=jobs, kinds=KINDS)


@blueprint.get("/jobs/<int:job_id>")
@roles_required()
def view_job(job_id: int):
    job = service.get_visible_job(session(), job_id=job_id, user=current_user)
    return render_template("jobs/view.html", job=job_payload(job), kinds=KINDS,
                           report_template=f"jobs/reports/{job.kind}.html" if job.kind in _REPORT_TEMPLATES else None,
                           may_cancel=job.created_by_id == current_user.id or current_user.role == "admin")


@blueprint.post("/projects/<int:project_id>/jobs")
@roles_required()
def start_job(project_id: int):
    """Queue the form's job and go to its page; the route never waits for the work."""
    return _start(project_id)


@blueprint.post("/jobs")
@roles_required()
def start_job_without_project():
    """Queue a job that belongs to no project (an archive import) and go to its page."""
    return _start(None)


def _start(project_id: int | None):
    """Store the form's files in the uploads folder, then queue the job on them; a refusal (no file, an empty one,
    a type the kind does not read, a role that may not) is a flash on the page the form came from."""
    kind = request.form.get("kind", "")
    params = {key: value for key, value in request.form.items()
              if key not in _FORM_ONLY and key not in _FROM_FILES and value != ""}
    folder, stored = uploads_dir(current_app), []
    try:
        if kind in PARAMS_SCHEMAS and "upload" in PARAMS_SCHEMAS[kind]().fields and not _sent("upload"):
            raise Invalid("Choose a file to upload.", errors={"upload": ["Required."]})
        for field in _UPLOAD_FIELDS:
            if _sent(field):
                upload = request.files[field]
                params[field] = store_upload(folder, upload.stream)
                stored.append(params[field])
                if field == "upload":
                    params["filename"] = upload.filename
        job = start(kind, project_id, params)
    except AppError as exc:
        discard_uploads(folder, stored)
        flash(exc.message + _field_errors(exc), "error")
        return redirect(request.referrer or url_for("jobs.list_jobs"))
    session().commit()  # sends the job to the workers
    return redirect(url_for("jobs.view_job", job_id=job.id))


def _sent(field: str) -> bool:
    upload = request.files.get(field)
    return upload is not None and bool(upload.filename)


@blueprint.post("/jobs/<int:job_id>/cancel")
@roles_required()
def cancel_job(job_id: int):
    job = service.get_visible_job(session(), job_id=job_id, user=current_user)
    try:
        service.cancel_job(session(), job=job, user=current_user)
    except AppError as exc:
        flash(exc.message, "error")
        return redirect(url_for("jobs.view_job", job_id=job_id))
    session().commit()
    flash("Cancelled." if job.state == "cancelled" else "Cancelling: the job stops at its next step.", "info")
    return redirect(url_for("jobs.view_job", job_id=job_id))


def _field_errors(exc: AppError) -> str:
    params = exc.errors.get("params") if isinstance(exc.errors, dict) else None
    if not isinstance(params, dict):
        return ""
    return " " + "; ".join(f"{field}: {' '.join(map(str, problems))}" for field, problems in params.items())


def agreement_report_runs(session: Session, *, project_id: int, include_drafts: bool, label: str | None) -> ReportRuns:
    """The agreement.report jobs the dashboard shows for these options (registered in app/jobs/__init__.py)."""
    succeeded, pending = service.newest_jobs(session, kind="agreement.report", project_id=project_id,
                                             params={"include_drafts": include_drafts, "label": label})
    return ReportRuns(latest=_report_run(succeeded), pending=_report_run(pending))


def _report_run(job: Job | None) -> ReportRun | None:
    if job is None:
        return None
    return ReportRun(job_id=job.id, state=job.state, started_at=job.started_at, finished_at=job.finished_at,
                     report=job.report)
