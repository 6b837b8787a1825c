"""/api/v1 endpoints for projects and texts (staff roles)."""
from flask import current_app
from flask_login import current_user

from app.annotation_schemas.service import latest_schema_version
from app.auth.access import roles_required
from app.database import serialize_then_commit, write_transaction
from app.extensions import session
from app.idempotency.decorators import idempotent
from app.texts import service
from app.texts.readers import record_from_mapping
from app.texts.schemas import (
    ProjectCreateSchema,
    ProjectReadSchema,
    TextImportCreateSchema,
    TextImportReadSchema,
    TextReadSchema,
    TextSummarySchema,
)
from app.web_extensions import ApiBlueprint

blueprint = ApiBlueprint("texts_api", __name__, url_prefix="/api/v1", description="Projects and source texts")
STAFF = ("reviewer", "editor")


@blueprint.get("/projects")
@roles_required(*STAFF)
@blueprint.response(200, ProjectReadSchema(many=True))
def list_projects():
    """Every project."""
    return [project for project, _ in service.list_projects_with_text_counts(session())]


@blueprint.post("/projects")
@roles_required("admin")
@blueprint.arguments(ProjectCreateSchema)
@serialize_then_commit
@blueprint.response(201, ProjectReadSchema)
@write_transaction
def create_project(payload: dict):
    """Create a project on the latest version of an annotation schema."""
    return service.create_project(
        session(),
        name=payload["name"],
        annotation_schema_version=latest_schema_version(session(), payload["schema_id"]),
        annotators_per_text=payload["annotators_per_text"],
        description=payload["description"],
        actor_id=current_user.id,
    )


@blueprint.get("/projects/<int:project_id>")
@roles_required(*STAFF)
@blueprint.response(200, ProjectReadSchema)
def get_project(project_id: int):
    return service.require_project(session(), project_id)


@blueprint.get("/projects/<int:project_id>/texts")
@roles_required(*STAFF)
@blueprint.response(200, TextSummarySchema(many=True))
def list_texts(project_id: int):
    """The project's texts, without their content."""
    return service.list_texts(session(), project=service.require_project(session(), project_id))


@blueprint.post("/projects/<int:project_id>/texts")
@roles_required("admin")
@blueprint.arguments(TextImportCreateSchema)
@serialize_then_commit
@idempotent
@blueprint.response(201, TextImportReadSchema)
@write_transaction
def import_texts(payload: dict, project_id: int):
    """Add texts; duplicates (same sha256 in the project) are skipped, bad ones reported by index.

    `texts` lists the created texts' ids with their external ids, in the order they were sent.
    """
    project = service.require_project(session(), project_id)
    records = (record_from_mapping(item, f"texts[{i}]") for i, item in enumerate(payload["texts"]))
    report = service.import_records(session(), project=project, records=records, source="api",
                                    created_by_id=current_user.id, max_text_chars=current_app.config["MAX_TEXT_CHARS"])
    return {
        "import_id": report.import_id,
        "imported": report.imported,
        "skipped": report.skipped,
        "rejected": [{"location": r.location, "reason": r.reason} for r in report.rejected],
        "texts": [{"id": text_id, "external_id": external_id}
                  for text_id, external_id in service.list_imported_texts(session(), import_id=report.import_id)],
    }


@blueprint.get("/texts/<int:text_id>")
@roles_required(*STAFF)
@blueprint.response(200, TextReadSchema)
def get_text(text_id: int):
    """One text with its content."""
    return service.require_text(session(), text_id)
