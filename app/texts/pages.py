"""The project's import page: upload texts (admin), read each import's report."""
from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.access import roles_required
from app.database import write_transaction
from app.errors import AppError
from app.extensions import session
from app.texts.imports import import_upload, list_imports, require_import, split_location
from app.texts.service import require_project
from app.texts.uploads import UPLOAD_SUFFIXES

blueprint = Blueprint("texts", __name__)


def _import_page(project, error=None, status=200):
    return render_template("texts/import.html", project=project, imports=list_imports(session(), project_id=project.id),
                           suffixes=UPLOAD_SUFFIXES, error=error), status


@blueprint.get("/projects/<int:project_id>/import")
@roles_required("admin")
def import_page(project_id: int):
    return _import_page(require_project(session(), project_id))


@blueprint.post("/projects/<int:project_id>/import")
@roles_required("admin")
@write_transaction
def import_file(project_id: int):
    """Import the upload in this request, then show its report (303, so a reload does not import again)."""
    project = require_project(session(), project_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _import_page(project, error="Choose a .jsonl, .csv, .txt or .zip file to import.", status=422)
    try:
        report = import_upload(session(), project_id=project.id, stream=upload.stream, filename=upload.filename,
                               actor_id=current_user.id, max_text_chars=current_app.config["MAX_TEXT_CHARS"])
    except AppError as exc:
        session().rollback()
        return _import_page(project, error=exc.message, status=exc.status_code)
    session().commit()
    return redirect(url_for("texts.import_report", project_id=project.id, import_id=report.import_id), code=303)


@blueprint.get("/projects/<int:project_id>/imports/<int:import_id>")
@roles_required("admin")
def import_report(project_id: int, import_id: int):
    project = require_project(session(), project_id)
    text_import = require_import(session(), project_id=project.id, import_id=import_id)
    rejections = [(*split_location(r["location"]), r["reason"]) for r in text_import.rejections]
    return render_template("texts/import_report.html", project=project, text_import=text_import,
                           rejections=rejections)
