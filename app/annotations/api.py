"""/api/v1 endpoints for assignments and annotation sets."""
from flask_login import current_user

from app.annotations import saving, service
from app.annotations.assignments import list_assignments_for
from app.annotations.schemas import (
    AnnotationEventReadSchema,
    AnnotationSetReadSchema,
    AnnotationSetUpdateSchema,
    AnnotationSetVersionSchema,
    AssignmentReadSchema,
)
from app.annotations.spans import SpanInput
from app.annotations.views import AnnotationSetView
from app.auth.access import roles_required
from app.database import begin_writes_immediately, serialize_then_commit, write_transaction
from app.extensions import session
from app.idempotency.decorators import idempotent
from app.serving.metrics import counted_saves
from app.web_extensions import ApiBlueprint

blueprint = ApiBlueprint("annotations_api", __name__, url_prefix="/api/v1",
                         description="Assignments and annotation sets")


@blueprint.get("/assignments")
@roles_required("annotator")
@blueprint.response(200, AssignmentReadSchema(many=True))
def my_assignments():
    """The logged-in annotator's assignments."""
    return [row.assignment for row in list_assignments_for(session(), user=current_user)]


@blueprint.get("/annotation-sets/<int:annotation_set_id>")
@roles_required()
@blueprint.response(200, AnnotationSetReadSchema)
def get_annotation_set(annotation_set_id: int):
    """One annotation set with its spans; annotators can read only their own."""
    return AnnotationSetView.of(
        service.get_annotation_set(session(), annotation_set_id=annotation_set_id, user=current_user))


@blueprint.put("/annotation-sets/<int:annotation_set_id>")
@roles_required("annotator")
@blueprint.arguments(AnnotationSetUpdateSchema)
@counted_saves
@serialize_then_commit
@idempotent
@blueprint.response(200, AnnotationSetReadSchema)
@blueprint.alt_response(409, description="Stale version (reason stale_version) or already submitted")
def save_annotation_set(payload: dict, annotation_set_id: int):
    """Replace the draft's spans; `version` must be the version you loaded, or 409."""
    spans = [SpanInput(s["start"], s["end"], s["label"], s["attributes"], s["id"], s["suggested_by"])
             for s in payload["spans"]]
    plan = saving.plan_save(
        session(), annotation_set_id=annotation_set_id, user=current_user, version=payload["version"], spans=spans
    )
    # Reads and checks above ran without the write lock; only the writes below queue for it.
    begin_writes_immediately(session())
    return saving.apply_save(session(), plan)


@blueprint.post("/annotation-sets/<int:annotation_set_id>/submit")
@roles_required("annotator")
@blueprint.arguments(AnnotationSetVersionSchema)
@serialize_then_commit
@idempotent
@blueprint.response(200, AnnotationSetReadSchema)
@write_transaction
def submit_annotation_set(payload: dict, annotation_set_id: int):
    """Submit; 422 with reason missing_required_attributes names the spans to fix."""
    return AnnotationSetView.of(service.submit_annotation_set(
        session(), annotation_set_id=annotation_set_id, user=current_user, version=payload["version"]))


@blueprint.post("/annotation-sets/<int:annotation_set_id>/reopen")
@roles_required("annotator")
@blueprint.arguments(AnnotationSetVersionSchema)
@serialize_then_commit
@blueprint.response(200, AnnotationSetReadSchema)
@write_transaction
def reopen_annotation_set(payload: dict, annotation_set_id: int):
    """Turn your submission back into a draft (until adjudication starts)."""
    return AnnotationSetView.of(service.reopen_annotation_set(
        session(), annotation_set_id=annotation_set_id, user=current_user, version=payload["version"]))


@blueprint.get("/annotation-sets/<int:annotation_set_id>/history")
@roles_required()
@blueprint.response(200, AnnotationEventReadSchema(many=True))
def annotation_set_history(annotation_set_id: int):
    """Every change to the set, oldest first."""
    return service.list_history(session(), annotation_set_id=annotation_set_id, user=current_user)
