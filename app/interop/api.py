"""/api/v1 endpoints: import annotation files, download every annotator's annotations."""
from flask import current_app, request
from werkzeug.utils import secure_filename

from app.auth.access import roles_required
from app.database import serialize_then_commit, write_transaction
from app.downloads import spooled_download
from app.errors import Invalid
from app.extensions import session
from app.interop import exporting
from app.interop.bundles import open_upload
from app.interop.schemas import ExportQuerySchema, ImportQuerySchema, ImportReportSchema
from app.interop.service import import_annotation_files, load_mapping
from app.interop.writers import EXPORT_MEDIA_TYPE, EXPORT_SUFFIX
from app.texts.service import require_project
from app.web_extensions import ApiBlueprint

blueprint = ApiBlueprint("interop_api", __name__, url_prefix="/api/v1",
                         description="Annotation imports (Label Studio, doccano, brat, JSONL) and exports")


@blueprint.post("/projects/<int:project_id>/annotations/import")
@roles_required("admin")
@blueprint.arguments(ImportQuerySchema, location="query")
@blueprint.doc(requestBody={"required": True, "content": {
    "application/x-ndjson": {"schema": {"type": "string", "description": "JSONL (factspan, doccano)"}},
    "application/json": {"schema": {"type": "array", "items": {"type": "object"},
                                    "description": "A Label Studio export"}},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary", "description": "The file, or a zip of a folder"},
        "mapping": {"type": "string", "format": "binary", "description": "YAML mapping onto the schema"}}}},
}})
@serialize_then_commit
@blueprint.response(200, ImportReportSchema)
@write_transaction
def import_annotations(query: dict, project_id: int):
    """Import a file: the request body, or a multipart `file` (a zip for folders) with an optional `mapping` YAML."""
    project = require_project(session(), project_id)
    upload = request.files.get("file")
    data, filename = (upload.read(), upload.filename or "upload") if upload else (request.get_data(), "body")
    if not data.strip():
        raise Invalid("Send the file to import as the body or as the multipart field 'file'.",
                      errors={"file": ["Required."]})
    mapping_file = request.files.get("mapping")
    mapping = load_mapping(project, mapping_file.read() if mapping_file else None)
    report = import_annotation_files(
        session(), project=project, fmt=query["format"], bundle=open_upload(data, filename), mapping=mapping,
        as_gold=query["as_gold"], as_suggestions=query["as_suggestions"], unit=query["offsets"],
        annotator=query["annotator"], max_text_chars=current_app.config["MAX_TEXT_CHARS"])
    return report.as_dict()


@blueprint.get("/projects/<int:project_id>/annotations/export")
@roles_required("reviewer", "editor")
@blueprint.arguments(ExportQuerySchema, location="query")
@blueprint.downloads(EXPORT_MEDIA_TYPE.values(), "Every annotator's annotations in the requested format",
                     schemas={"application/json": {"type": "array", "items": {"type": "object"}}})
def export_annotations(query: dict, project_id: int):
    """Download every annotator's annotations (submitted; drafts too with include_drafts)."""
    project = require_project(session(), project_id)
    return spooled_download(
        lambda out: exporting.export_annotations(session(), project=project, fmt=query["format"], out=out,
                                                 include_drafts=query["include_drafts"],
                                                 as_predictions=query["as_predictions"]),
        mimetype=EXPORT_MEDIA_TYPE[query["format"]],
        filename=secure_filename(f"{project.name}{EXPORT_SUFFIX[query['format']]}"))
