"""/api/v1 endpoints for agreement reports (reviewers and editors)."""

from app.agreement import service
from app.agreement.schemas import AgreementQuerySchema, TextAgreementQuerySchema
from app.auth.access import roles_required
from app.extensions import session
from app.texts.service import require_project, require_text
from app.web_extensions import ApiBlueprint

blueprint = ApiBlueprint("agreement_api", __name__, url_prefix="/api/v1", description="Inter-annotator agreement")
STAFF = ("reviewer", "editor")


@blueprint.get("/projects/<int:project_id>/agreement")
@roles_required(*STAFF)
@blueprint.arguments(AgreementQuerySchema, location="query")
@blueprint.response(200)
@blueprint.alt_response(422, description="Bad query, or a label, annotator or text the project does not have")
def project_agreement(query: dict, project_id: int):
    """Every agreement metric of the project's submitted work; undefined values are null with a reason."""
    project = require_project(session(), project_id)
    return service.compute_project_agreement(
        session(), project=project, bootstrap_samples=query["bootstrap"], seed=query["seed"],
        include_drafts=query["include_drafts"], labels=query["labels"], annotators=query["annotators"],
        text_ids=query["text_ids"],
    )


@blueprint.get("/texts/<int:text_id>/agreement")
@roles_required(*STAFF)
@blueprint.arguments(TextAgreementQuerySchema, location="query")
@blueprint.response(200)
def text_agreement(query: dict, text_id: int):
    """The agreement report of one text (no bootstrap intervals)."""
    text = require_text(session(), text_id)
    return service.compute_text_agreement(session(), text=text, include_drafts=query["include_drafts"])
