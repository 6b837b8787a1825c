"""/api/v1 endpoints for sources, the claims queue, verdicts, comments, history, exports and summaries."""
from flask import current_app, request
from flask_login import current_user
from werkzeug.utils import secure_filename

from app.auth.access import roles_required
from app.database import serialize_then_commit, write_transaction
from app.downloads import spooled_download
from app.extensions import session
from app.review import detail, service, sources, summary, workflow
from app.review.exporting import EXPORT_MEDIA_TYPE, EXPORT_SUFFIX, export_review
from app.review.models import Verdict
from app.review.schemas import (
    AssignCreateSchema,
    ClaimPageSchema,
    ClaimQuerySchema,
    ClaimReadSchema,
    ClaimUpdateSchema,
    CommentCreateSchema,
    CommentReadSchema,
    CorrectionCreateSchema,
    EventReadSchema,
    ExportQuerySchema,
    QueueCreateSchema,
    QueueReportSchema,
    SourceCreateSchema,
    SourceDetailSchema,
    SourceReadSchema,
    SourceUpdateSchema,
    VerdictCreateSchema,
    VerdictReadSchema,
    VerdictUpdateSchema,
    VerdictVersionSchema,
)
from app.texts.service import require_project, require_text
from app.web_extensions import ApiBlueprint

blueprint = ApiBlueprint("review_api", __name__, url_prefix="/api/v1",
                      description="Editorial review: sources, claims, verdicts, exports")
EDITORS = ("editor",)
# Reviewers may read the desk's work; annotators see none of it (drafts included).
READERS = ("editor", "reviewer")


def public_base_url() -> str:
    return current_app.config.get("PUBLIC_URL") or request.url_root


def require_verdict(verdict_id: int) -> Verdict:
    return service.require_verdict(session(), verdict_id)


@blueprint.get("/projects/<int:project_id>/sources")
@roles_required(*READERS)
@blueprint.response(200, SourceReadSchema(many=True))
def list_sources(project_id: int):
    """The project's source documents (without their text)."""
    return sources.list_sources(session(), project=require_project(session(), project_id))


@blueprint.post("/projects/<int:project_id>/sources")
@roles_required(*EDITORS)
@blueprint.arguments(SourceCreateSchema)
@serialize_then_commit
@blueprint.response(201, SourceDetailSchema)
@write_transaction
def add_source(payload: dict, project_id: int):
    """Add a source document linked to values of the source attribute; claims citing them are matched."""
    source = sources.add_source(session(), project=require_project(session(), project_id), user=current_user,
                                **payload)
    return source


@blueprint.get("/sources/<int:source_id>")
@roles_required(*READERS)
@blueprint.response(200, SourceDetailSchema)
def get_source(source_id: int):
    return sources.require_source(session(), source_id)


@blueprint.patch("/sources/<int:source_id>")
@roles_required(*EDITORS)
@blueprint.arguments(SourceUpdateSchema)
@serialize_then_commit
@blueprint.response(200, SourceDetailSchema)
@write_transaction
def update_source(payload: dict, source_id: int):
    """Change details or links (and the text, until evidence cites it); matches are recomputed."""
    source = sources.update_source(session(), source=sources.require_source(session(), source_id), changes=payload)
    return source


@blueprint.post("/projects/<int:project_id>/review/queue")
@roles_required(*EDITORS)
@blueprint.arguments(QueueCreateSchema)
@serialize_then_commit
@blueprint.response(200, QueueReportSchema)
@write_transaction
def build_queue(payload: dict, project_id: int):
    """Build the queue from a release (or the current gold); running it again only adds new spans."""
    report = service.build_queue(session(), project=require_project(session(), project_id),
                                 release_name=payload["release"])
    return report


@blueprint.get("/projects/<int:project_id>/review/claims")
@roles_required(*READERS)
@blueprint.arguments(ClaimQuerySchema, location="query")
@blueprint.response(200, ClaimPageSchema)
def list_claims(query: dict, project_id: int):
    """One page of the queue: filter by label, check type, status, rating, assignee, text; weak matches only."""
    project = require_project(session(), project_id)
    filters = service.ClaimFilters(label=query["label"], check_type=query["check_type"], status=query["status"],
                                   rating=query["rating"], assignee=query["assignee"], text_id=query["text_id"],
                                   gold_version=query["release"], weak_only=query["weak"])
    items, total = service.list_claims(session(), project=project, filters=filters, page=query["page"],
                                       per_page=query["per_page"], sort=query["sort"])
    settings = sources.project_review_settings(session(), project)
    return {"items": [service.claim_row(claim, settings) for claim in items], "total": total,
            "page": query["page"], "per_page": query["per_page"]}


@blueprint.post("/projects/<int:project_id>/review/assign")
@roles_required(*EDITORS)
@blueprint.arguments(AssignCreateSchema)
@serialize_then_commit
@blueprint.response(200)
@write_transaction
def assign_round_robin(payload: dict, project_id: int):
    """Deal the unassigned claims to the editors in turn, in queue order."""
    dealt = service.assign_round_robin(session(), project=require_project(session(), project_id),
                                       editors=payload["editors"], user=current_user, gold_version=payload["release"])
    return {"assigned": dealt}


@blueprint.get("/claims/<int:claim_id>")
@roles_required(*READERS)
@blueprint.response(200)
def get_claim(claim_id: int):
    """The claim with its context, attributes, check types, linked sources, best matches and verdict versions."""
    claim = service.require_claim(session(), claim_id)
    return {**detail.claim_detail(session(), claim=claim),
            "verdicts": VerdictReadSchema(many=True).dump(claim.verdicts)}


@blueprint.patch("/claims/<int:claim_id>")
@roles_required(*EDITORS)
@blueprint.arguments(ClaimUpdateSchema)
@serialize_then_commit
@blueprint.response(200, ClaimReadSchema)
@write_transaction
def assign_claim(payload: dict, claim_id: int):
    """Assign the claim to an editor by hand (null takes it back)."""
    claim = service.require_claim(session(), claim_id)
    assignee = service.require_editor(session(), payload["assignee"]) if payload["assignee"] else None
    service.assign_claim(session(), claim=claim, assignee=assignee, user=current_user)
    return service.claim_row(claim, sources.project_review_settings(session(), claim.text.project))


@blueprint.post("/claims/<int:claim_id>/verdicts")
@roles_required(*EDITORS)
@blueprint.arguments(VerdictCreateSchema)
@serialize_then_commit
@blueprint.response(201, VerdictReadSchema)
@write_transaction
def create_verdict(payload: dict, claim_id: int):
    """Start the claim's verdict as a draft."""
    evidence = payload.pop("evidence", [])
    verdict = workflow.create_verdict(session(), claim=service.require_claim(session(), claim_id), user=current_user,
                                      fields=payload, evidence=evidence)
    return verdict


@blueprint.put("/verdicts/<int:verdict_id>")
@roles_required(*EDITORS)
@blueprint.arguments(VerdictUpdateSchema)
@serialize_then_commit
@blueprint.response(200, VerdictReadSchema)
@blueprint.alt_response(409, description="Stale version (reason stale_version) or not a draft")
@write_transaction
def save_verdict(payload: dict, verdict_id: int):
    """Change a draft; `version` must be the version you loaded, or 409."""
    version, evidence = payload.pop("version"), payload.pop("evidence", None)
    verdict = workflow.save_verdict(session(), verdict=require_verdict(verdict_id), user=current_user,
                                    version=version, fields=payload, evidence=evidence)
    return verdict


def _step(step, verdict_id: int, payload: dict) -> Verdict:
    verdict = require_verdict(verdict_id)
    extra = {"note": payload["note"]} if step is workflow.return_to_draft else {}
    step(session(), verdict=verdict, user=current_user, version=payload["version"], **extra)
    return verdict


@blueprint.post("/verdicts/<int:verdict_id>/submit")
@roles_required(*EDITORS)
@blueprint.arguments(VerdictVersionSchema)
@serialize_then_commit
@blueprint.response(200, VerdictReadSchema)
@write_transaction
def submit_verdict(payload: dict, verdict_id: int):
    """Send a complete draft for sign-off."""
    return _step(workflow.submit_verdict, verdict_id, payload)


@blueprint.post("/verdicts/<int:verdict_id>/signoff")
@roles_required(*EDITORS)
@blueprint.arguments(VerdictVersionSchema)
@serialize_then_commit
@blueprint.response(200, VerdictReadSchema)
@write_transaction
def sign_off(payload: dict, verdict_id: int):
    """A second editor (not the author) approves the verdict."""
    return _step(workflow.sign_off, verdict_id, payload)


@blueprint.post("/verdicts/<int:verdict_id>/return")
@roles_required(*EDITORS)
@blueprint.arguments(VerdictVersionSchema)
@serialize_then_commit
@blueprint.response(200, VerdictReadSchema)
@write_transaction
def return_to_draft(payload: dict, verdict_id: int):
    """Send a verdict awaiting sign-off back to draft, with a note."""
    return _step(workflow.return_to_draft, verdict_id, payload)


@blueprint.post("/verdicts/<int:verdict_id>/publish")
@roles_required(*EDITORS)
@blueprint.arguments(VerdictVersionSchema)
@serialize_then_commit
@blueprint.response(200, VerdictReadSchema)
@write_transaction
def publish_verdict(payload: dict, verdict_id: int):
    """Publish (after sign-off when the project requires it); a correction marks the version before corrected."""
    return _step(workflow.publish_verdict, verdict_id, payload)


@blueprint.post("/claims/<int:claim_id>/corrections")
@roles_required(*EDITORS)
@blueprint.arguments(CorrectionCreateSchema)
@serialize_then_commit
@blueprint.response(201, VerdictReadSchema)
@write_transaction
def start_correction(payload: dict, claim_id: int):
    """A new draft version of the published verdict; the published one stays readable."""
    verdict = workflow.start_correction(session(), claim=service.require_claim(session(), claim_id),
                                        user=current_user, note=payload["note"])
    return verdict


@blueprint.get("/claims/<int:claim_id>/comments")
@roles_required(*READERS)
@blueprint.response(200, CommentReadSchema(many=True))
def list_comments(claim_id: int):
    return service.list_comments(session(), claim=service.require_claim(session(), claim_id))


@blueprint.post("/claims/<int:claim_id>/comments")
@roles_required(*EDITORS)
@blueprint.arguments(CommentCreateSchema)
@serialize_then_commit
@blueprint.response(201, CommentReadSchema(many=True))
@write_transaction
def add_comment(payload: dict, claim_id: int):
    """Add to the claim's comment thread; returns the whole thread."""
    claim = service.require_claim(session(), claim_id)
    service.add_comment(session(), claim=claim, user=current_user, body=payload["body"])
    return service.list_comments(session(), claim=claim)


@blueprint.get("/claims/<int:claim_id>/history")
@roles_required(*READERS)
@blueprint.response(200, EventReadSchema(many=True))
def claim_history(claim_id: int):
    """Every change to the claim and its verdicts, oldest first."""
    return service.list_history(session(), claim=service.require_claim(session(), claim_id))


@blueprint.get("/projects/<int:project_id>/review/export")
@roles_required(*READERS)
@blueprint.arguments(ExportQuerySchema, location="query")
@blueprint.downloads(EXPORT_MEDIA_TYPE.values(), "The verdicts in the requested format",
                     schemas={"application/ld+json": {"type": "array", "items": {"type": "object"}}})
def export(query: dict, project_id: int):
    """Download ClaimReview JSON-LD (published verdicts), a CSV of every verdict, or gold JSONL with verdicts."""
    project = require_project(session(), project_id)
    return spooled_download(
        lambda out: export_review(session(), project=project, fmt=query["format"], out=out,
                                  base_url=public_base_url(), release_name=query["release"]),
        mimetype=EXPORT_MEDIA_TYPE[query["format"]],
        filename=secure_filename(f"{project.name}{EXPORT_SUFFIX[query['format']]}"))


@blueprint.get("/projects/<int:project_id>/review/summary")
@roles_required(*READERS)
@blueprint.response(200)
def project_summary(project_id: int):
    """Share of characters per label (and unlabelled) per text and overall; verdict counts by rating."""
    return summary.project_summary(session(), project=require_project(session(), project_id),
                                   gold_version=request.args.get("release"))


@blueprint.get("/texts/<int:text_id>/review/summary")
@roles_required(*READERS)
@blueprint.response(200)
def text_summary(text_id: int):
    return summary.text_summary(session(), text=require_text(session(), text_id),
                                gold_version=request.args.get("release"))
