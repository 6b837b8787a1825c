"""The project's annotations page: import files (admin) and download every annotator's annotations (staff)."""
from flask import Blueprint, current_app, render_template, request

from app.auth.access import roles_required
from app.database import write_transaction
from app.errors import AppError
from app.extensions import session
from app.interop.bundles import open_upload
from app.interop.offsets_detect import UNITS
from app.interop.reading import IMPORT_FORMATS
from app.interop.service import import_annotation_files, load_mapping
from app.texts.service import require_project

blueprint = Blueprint("interop", __name__)
STAFF = ("reviewer", "editor")
EXPORT_CHOICES = (("jsonl", "factspan JSONL (what agreement --input reads)"), ("labelstudio", "Label Studio JSON"),
                  ("doccano", "doccano JSONL, one file per annotator (zip)"))


def _render(project, report=None, error=None, status=200):
    return render_template("interop/project.html", project=project, import_formats=IMPORT_FORMATS, units=UNITS,
                           export_formats=EXPORT_CHOICES, report=report, error=error), status


@blueprint.get("/projects/<int:project_id>/annotations")
@roles_required(*STAFF)
def project_annotations(project_id: int):
    return _render(require_project(session(), project_id))


@blueprint.post("/projects/<int:project_id>/annotations/import")
@roles_required("admin")
@write_transaction
def import_file(project_id: int):
    project = require_project(session(), project_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _render(project, error="Choose a file to import (a zip for a brat folder).", status=422)
    mode = request.form.get("mode", "annotations")
    fmt = request.form.get("format", "jsonl")
    mapping_file = request.files.get("mapping")
    try:
        mapping = load_mapping(project, mapping_file.read() if mapping_file and mapping_file.filename else None)
        report = import_annotation_files(
            session(), project=project, fmt=fmt, bundle=open_upload(upload.read(), upload.filename),
            mapping=mapping, as_gold=mode == "gold", as_suggestions=mode == "suggestions",
            unit=request.form.get("offsets") or None, annotator=request.form.get("annotator") or None,
            max_text_chars=current_app.config["MAX_TEXT_CHARS"])
    except AppError as exc:
        session().rollback()
        return _render(project, error=exc.message, status=exc.status_code)
    session().commit()
    return _render(project, report=report.as_dict())
