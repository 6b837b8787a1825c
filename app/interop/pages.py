"""The project's annotations page: the import form (admin; it starts an annotations.import job) and downloads of
every annotator's annotations (staff)."""
from flask import Blueprint, render_template

from app.auth.access import roles_required
from app.extensions import session
from app.interop.offsets_detect import UNITS
from app.interop.reading import IMPORT_FORMATS
from app.texts.service import require_project

blueprint = Blueprint("interop", __name__)
STAFF = ("reviewer", "editor")
EXPORT_CHOICES = (("jsonl", "factspan JSONL (what agreement --input reads)"), ("labelstudio", "Label Studio JSON"),
                  ("doccano", "doccano JSONL, one file per annotator (zip)"))


@blueprint.get("/projects/<int:project_id>/annotations")
@roles_required(*STAFF)
def project_annotations(project_id: int):
    return render_template("interop/project.html", project=require_project(session(), project_id),
                           import_formats=IMPORT_FORMATS, units=UNITS, export_formats=EXPORT_CHOICES)
