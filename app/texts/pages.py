"""The project's import page: its upload form (admin; it starts a texts.import job) and each import's report."""
from flask import Blueprint, render_template

from app.auth.access import roles_required
from app.extensions import session
from app.texts.imports import list_imports, require_import, split_location
from app.texts.service import require_project
from app.texts.uploads import UPLOAD_SUFFIXES

blueprint = Blueprint("texts", __name__)


@blueprint.get("/projects/<int:project_id>/import")
@roles_required("admin")
def import_page(project_id: int):
    project = require_project(session(), project_id)
    return render_template("texts/import.html", project=project, imports=list_imports(session(), project_id=project.id),
                           suffixes=UPLOAD_SUFFIXES)


@blueprint.get("/projects/<int:project_id>/imports/<int:import_id>")
@roles_required("admin")
def import_report(project_id: int, import_id: int):
    project = require_project(session(), project_id)
    text_import = require_import(session(), project_id=project.id, import_id=import_id)
    rejections = [(*split_location(r["location"]), r["reason"]) for r in text_import.rejections]
    return render_template("texts/import_report.html", project=project, text_import=text_import,
                           rejections=rejections)
