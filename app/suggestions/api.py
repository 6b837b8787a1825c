"""/api/v1 endpoints: an annotator's open suggestions, accepting and rejecting them; a project's suggesters."""
from flask_login import current_user

from app.annotations.schemas import AnnotationSetReadSchema
from app.annotations.service import get_annotation_set
from app.annotations.views import AnnotationSetView
from app.auth.access import roles_required
from app.database import serialize_then_commit, write_transaction
from app.extensions import session
from app.suggestions import service
from app.suggestions.schemas import (
    SuggesterReadSchema,
    SuggestionAcceptSchema,
    SuggestionDecisionReadSchema,
    SuggestionReadSchema,
)
from app.texts.service import require_project
from app.web_extensions import ApiBlueprint

blueprint = ApiBlueprint("suggestions_api", __name__, url_prefix="/api/v1",
                         description="Suggestions: proposed spans an annotator accepts or rejects")


@blueprint.get("/annotation-sets/<int:annotation_set_id>/suggestions")
@roles_required("annotator")
@blueprint.response(200, SuggestionReadSchema(many=True))
def list_open_suggestions(annotation_set_id: int):
    """The suggestions on your text you have not decided ([] when the project hides suggestions)."""
    return service.open_suggestions(session(), annotation_set_id=annotation_set_id, user=current_user)


@blueprint.post("/annotation-sets/<int:annotation_set_id>/suggestions/accept")
@roles_required("annotator")
@blueprint.arguments(SuggestionAcceptSchema)
@serialize_then_commit
@blueprint.response(200, AnnotationSetReadSchema)
@blueprint.alt_response(409, description="Stale version (reason stale_version) or already submitted")
@write_transaction
def accept_suggestions(payload: dict, annotation_set_id: int):
    """Copy suggestions into your set as a versioned save (`version` as loaded); they keep `suggested_by`."""
    service.accept_suggestions(session(), annotation_set_id=annotation_set_id, suggestion_ids=payload["suggestion_ids"],
                               user=current_user, version=payload["version"])
    return AnnotationSetView.of(get_annotation_set(session(), annotation_set_id=annotation_set_id, user=current_user))


@blueprint.post("/suggestions/<int:suggestion_id>/reject")
@roles_required("annotator")
@serialize_then_commit
@blueprint.response(200, SuggestionDecisionReadSchema)
@write_transaction
def reject_suggestion(suggestion_id: int):
    """Reject a suggestion on one of your texts; it is recorded and no longer shown to you."""
    return service.reject_suggestion(session(), suggestion_id=suggestion_id, user=current_user)


@blueprint.get("/projects/<int:project_id>/suggesters")
@roles_required("reviewer", "editor")
@blueprint.response(200, SuggesterReadSchema(many=True))
def list_suggesters(project_id: int):
    """The project's suggesters: rules, trained taggers (release, metrics, when) and imported sources."""
    return service.list_suggesters(session(), project=require_project(session(), project_id))
