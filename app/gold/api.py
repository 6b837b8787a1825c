"""/api/v1 endpoints for adjudication, gold releases and exports."""
from werkzeug.utils import secure_filename
from flask_login import current_user

from app.annotations.assignments import get_own_assignment
from app.annotations.spans import SpanInput
from app.auth.access import roles_required
from app.database import serialize_then_commit, write_transaction
from app.downloads import spooled_download
from app.errors import Invalid
from app.extensions import session
from app.idempotency.decorators import idempotent
from app.gold import releases as release_service
from app.gold import service, workflow
from app.gold.formats import FORMAT_MEDIA_TYPE, FORMAT_SUFFIX
from app.gold.schemas import (
    AdjudicateCreateSchema,
    AdjudicationReportSchema,
    DecisionCreateSchema,
    DiffQuerySchema,
    ExportQuerySchema,
    ReleaseCreateSchema,
    ReleaseReadSchema,
)
from app.gold.split import parse_split
from app.texts.service import require_project, require_text
from app.web_extensions import ApiBlueprint

blueprint = ApiBlueprint("gold_api", __name__, url_prefix="/api/v1", description="Adjudication, gold releases, exports")
REVIEWERS = ("reviewer",)


@blueprint.get("/texts/<int:text_id>/adjudication")
@roles_required(*REVIEWERS, "editor")
@blueprint.response(200)
def get_adjudication(text_id: int):
    """Annotators' lanes, items with tallies and decisions, and the current gold of a text."""
    return service.adjudication_payload(session(), text=require_text(session(), text_id))


@blueprint.post("/texts/<int:text_id>/adjudication/start")
@roles_required(*REVIEWERS)
@serialize_then_commit
@blueprint.response(200)
@write_transaction
def start_adjudication(text_id: int):
    """Build the text's items (pre-accepting by the project's policy); annotators can no longer reopen."""
    text = require_text(session(), text_id)
    workflow.start_adjudication(session(), text=text)
    return service.adjudication_payload(session(), text=text)


@blueprint.post("/adjudication-items/<int:item_id>/decision")
@roles_required(*REVIEWERS)
@blueprint.arguments(DecisionCreateSchema)
@serialize_then_commit
@idempotent
@blueprint.response(200)
@write_transaction
def decide(payload: dict, item_id: int):
    """Accept one annotator's version, edit, reject all, or record no span; returns the text's payload."""
    spans = [SpanInput(s["start"], s["end"], s["label"], s["attributes"]) for s in payload["spans"]]
    item = workflow.decide_item(session(), item_id=item_id, reviewer=current_user, action=payload["action"],
                                annotator=payload["annotator"], spans=spans, reason=payload["reason"],
                                revision=payload["revision"])
    return service.adjudication_payload(session(), text=require_text(session(), item.text_id))


@blueprint.post("/projects/<int:project_id>/gold/adjudicate")
@roles_required(*REVIEWERS)
@blueprint.arguments(AdjudicateCreateSchema)
@serialize_then_commit
@blueprint.response(200, AdjudicationReportSchema)
@write_transaction
def adjudicate(payload: dict, project_id: int):
    """Settle every fully submitted text by a policy; what it cannot settle stays open for reviewers."""
    return service.adjudicate_project(session(), project=require_project(session(), project_id), **payload)


@blueprint.get("/projects/<int:project_id>/gold/releases")
@roles_required(*REVIEWERS, "editor")
@blueprint.response(200, ReleaseReadSchema(many=True))
def list_releases(project_id: int):
    return release_service.list_releases(session(), project=require_project(session(), project_id))


@blueprint.post("/projects/<int:project_id>/gold/releases")
@roles_required(*REVIEWERS)
@blueprint.arguments(ReleaseCreateSchema)
@serialize_then_commit
@blueprint.response(201, ReleaseReadSchema)
@blueprint.alt_response(409, description="Name taken (release_exists) or the same as the last release (release_unchanged)")
@write_transaction
def create_release(payload: dict, project_id: int):
    """Freeze the adjudicated gold into a new immutable release."""
    return release_service.release_gold(session(), project=require_project(session(), project_id),
                                        name=payload["name"], user=current_user, notes=payload["notes"],
                                        allow_unchanged=payload["allow_unchanged"])


@blueprint.get("/projects/<int:project_id>/gold/releases/<name>")
@roles_required(*REVIEWERS, "editor")
@blueprint.response(200, ReleaseReadSchema)
def get_release(project_id: int, name: str):
    return release_service.require_release(session(), project=require_project(session(), project_id), name=name)


@blueprint.get("/projects/<int:project_id>/gold/releases/<name>/export")
@roles_required(*REVIEWERS, "editor")
@blueprint.arguments(ExportQuerySchema, location="query")
@blueprint.downloads(FORMAT_MEDIA_TYPE.values(), "The release in the requested format")
def export_release(query: dict, project_id: int, name: str):
    """Download a release in a training-data format (optionally one split of it)."""
    project = require_project(session(), project_id)
    release = release_service.require_release(session(), project=project, name=name)
    split = None
    if query["split"]:
        try:
            split = (parse_split(query["ratios"]), query["split"])
        except ValueError as exc:
            raise Invalid(str(exc), errors={"ratios": [str(exc)]}) from exc
    suffix = FORMAT_SUFFIX[query["format"]]
    filename = secure_filename(f"{project.name}-{release.name}{'.' + query['split'] if split else ''}{suffix}")
    return spooled_download(
        lambda out: release_service.export_release(session(), release=release, fmt=query["format"], out=out,
                                                   split=split),
        mimetype=FORMAT_MEDIA_TYPE[query["format"]], filename=filename)


@blueprint.get("/projects/<int:project_id>/gold/diff")
@roles_required(*REVIEWERS, "editor")
@blueprint.arguments(DiffQuerySchema, location="query")
@blueprint.response(200)
def diff(query: dict, project_id: int):
    """Spans added, removed and changed between two releases (?from=v1&to=v2)."""
    project = require_project(session(), project_id)
    return release_service.diff_releases(
        session(), first=release_service.require_release(session(), project=project, name=query["first"]),
        second=release_service.require_release(session(), project=project, name=query["second"]))


@blueprint.get("/assignments/<int:assignment_id>/feedback")
@roles_required("annotator")
@blueprint.response(200)
def feedback(assignment_id: int):
    """Your spans against the adjudicated gold (when the project shows feedback)."""
    assignment = get_own_assignment(session(), assignment_id=assignment_id, user=current_user)
    return service.gold_feedback(session(), assignment=assignment, user=current_user)
