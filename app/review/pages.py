"""Editor pages: the queue, the review page of a claim, sources, the summary and the printable article."""
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.access import roles_required
from app.database import write_transaction
from app.errors import AppError, Invalid
from app.extensions import session
from app.gold.releases import list_releases
from app.review import detail, service, sources, summary, workflow
from app.review.coverage import segments
from app.review.exporting import EXPORT_FORMATS
from app.review.models import CLAIM_STATES
from app.review.schemas import VerdictReadSchema
from app.texts.service import list_texts, require_project, require_text

blueprint = Blueprint("review", __name__)
EDITORS = ("editor",)
READERS = ("editor", "reviewer")
PER_PAGE = 50


def _filters() -> service.ClaimFilters:
    args = request.args
    return service.ClaimFilters(
        label=args.get("label") or None, check_type=args.get("check_type") or None,
        status=args.get("status") or None, rating=args.get("rating") or None,
        assignee=args.get("assignee") or None, text_id=args.get("text_id", type=int) or None,
        gold_version=args.get("release") if "release" in args and args.get("release") != "*" else None,
        weak_only=args.get("weak") == "1")


@blueprint.get("/projects/<int:project_id>/review")
@roles_required(*EDITORS)
def queue(project_id: int):
    project = require_project(session(), project_id)
    page = max(1, request.args.get("page", 1, type=int))
    claims, total = service.list_claims(session(), project=project, filters=_filters(), page=page, per_page=PER_PAGE,
                                        sort=request.args.get("sort", "check_worthiness"))
    settings = sources.project_review_settings(session(), project)
    return render_template(
        "review/queue.html", project=project, rows=[service.claim_row(c, settings) for c in claims], total=total,
        page=page, pages=max(1, -(-total // PER_PAGE)), settings=settings, statuses=CLAIM_STATES,
        counts=service.queue_counts(session(), project_ids=[project.id]).get(project.id, {}),
        releases=list_releases(session(), project=project), versions=service.gold_versions(session(), project=project),
        texts=list_texts(session(), project=project), formats=EXPORT_FORMATS, args=request.args,
        labels={label["id"]: label for label in project.annotation_schema_version.document["labels"]})


@blueprint.post("/projects/<int:project_id>/review/build")
@roles_required(*EDITORS)
@write_transaction
def build(project_id: int):
    project = require_project(session(), project_id)
    try:
        report = service.build_queue(session(), project=project, release_name=request.form.get("release") or None)
    except AppError as exc:
        flash(exc.message, "error")
        return redirect(url_for("review.queue", project_id=project.id))
    session().commit()
    flash(f"{service.gold_version_label(report.gold_version)}: {report.created} new claim(s), "
          f"{report.existing} already in the queue.", "info")
    return redirect(url_for("review.queue", project_id=project.id, release=report.gold_version))


def _source_runs(source: dict, matches: list[dict], evidence: list[dict]) -> list[dict]:
    """The source's text cut into runs; proposed passages and accepted evidence are marked with their offsets."""
    marks = [(m["start"], m["end"], {"match": m, "rank": rank}) for rank, m in enumerate(matches)
             if m["source_id"] == source["id"]]
    taken = {(m["start"], m["end"]) for m in matches if m["source_id"] == source["id"]}
    marks += [(e["start"], e["end"], {"evidence": e}) for e in evidence
              if e["kind"] == "source_passage" and e["source_id"] == source["id"] and (e["start"], e["end"]) not in taken]
    return [{"text": source["content"][start:end], "start": start, "end": end, **(payload or {})}
            for start, end, payload in segments(len(source["content"]), marks)]


@blueprint.get("/claims/<int:claim_id>")
@roles_required(*EDITORS)
def claim_page(claim_id: int):
    claim = service.require_claim(session(), claim_id)
    view = detail.claim_detail(session(), claim=claim)
    verdicts = VerdictReadSchema(many=True).dump(claim.verdicts)
    current = verdicts[-1] if verdicts else None
    evidence = current["evidence"] if current else []
    accepted = {(e["source_id"], e["start"], e["end"]) for e in evidence if e["kind"] == "source_passage"}
    project = claim.text.project
    page_data = {
        "claim_id": claim.id, "user": current_user.username, "verdict": current, "defaults": view["defaults"],
        "matches": view["matches"], "accepted": [list(key) for key in accepted],
        "not_found": {c["id"]: c["not_found_rating"] for c in view["check_types"]},
        "urls": {"create": url_for("review_api.create_verdict", claim_id=claim.id),
                 "verdict": url_for("review_api.save_verdict", verdict_id=0).replace("/0", "/{id}"),
                 "correction": url_for("review_api.start_correction", claim_id=claim.id),
                 "claim": url_for("review_api.assign_claim", claim_id=claim.id),
                 "comments": url_for("review_api.add_comment", claim_id=claim.id)},
    }
    return render_template(
        "review/claim.html", claim=claim, view=view, verdicts=verdicts, current=current, page_data=page_data,
        project=project, signoff_required=workflow.signoff_required(project), accepted=accepted,
        runs={s["id"]: _source_runs(s, view["matches"], evidence) for s in view["sources"]},
        comments=service.list_comments(session(), claim=claim), history=service.list_history(session(), claim=claim),
        limit=workflow.CLAIM_REVIEWED_LIMIT)


@blueprint.get("/projects/<int:project_id>/sources")
@roles_required(*EDITORS)
def sources_page(project_id: int):
    project = require_project(session(), project_id)
    settings = sources.project_review_settings(session(), project)
    return render_template("review/sources.html", project=project,
                           sources=sources.list_sources(session(), project=project),
                           choices=_source_choices(project, settings.source_attribute))


def _source_choices(project, attribute: str | None) -> list[dict]:
    for label in project.annotation_schema_version.document["labels"]:
        for definition in label["attributes"]:
            if definition["id"] == attribute:
                return definition["choices"]
    return []


@blueprint.post("/projects/<int:project_id>/sources")
@roles_required(*EDITORS)
@write_transaction
def add_source(project_id: int):
    project = require_project(session(), project_id)
    form = request.form
    upload = request.files.get("file")
    content = upload.read().decode("utf-8", errors="replace") if upload and upload.filename else form.get("content", "")
    links = [value for value in form.getlist("linked_values") if value] + \
        [value.strip() for value in form.get("other_values", "").split(",") if value.strip()]
    try:
        published_on = date.fromisoformat(form["published_on"]) if form.get("published_on") else None
        source = sources.add_source(session(), project=project, title=form.get("title", ""), content=content,
                                    linked_values=links, user=current_user, publisher=form.get("publisher", ""),
                                    url=form.get("url") or None, published_on=published_on,
                                    language=form.get("language") or "en")
    except (AppError, ValueError) as exc:
        flash(exc.message if isinstance(exc, AppError) else "Write the date as YYYY-MM-DD.", "error")
        return redirect(url_for("review.sources_page", project_id=project.id))
    session().commit()
    flash(f"Added '{source.title}' ({source.char_count:,} characters); matching claims were checked against it.",
          "info")
    return redirect(url_for("review.sources_page", project_id=project.id))


@blueprint.get("/projects/<int:project_id>/review/summary")
@roles_required(*READERS)
def summary_page(project_id: int):
    project = require_project(session(), project_id)
    return render_template("review/summary.html", project=project,
                           summary=summary.project_summary(session(), project=project,
                                                           gold_version=request.args.get("release")),
                           labels=project.annotation_schema_version.document["labels"])


@blueprint.get("/texts/<int:text_id>/review/article")
@roles_required(*READERS)
def article_page(text_id: int):
    text = require_text(session(), text_id)
    articles = [summary.article(session(), text=text, gold_version=request.args.get("release"))]
    return _article(text.project, articles)


@blueprint.get("/projects/<int:project_id>/review/article")
@roles_required(*READERS)
def project_article_page(project_id: int):
    """Every text with claims in the gold version, one printed page each."""
    project = require_project(session(), project_id)
    version = request.args.get("release")
    version = summary.default_gold_version(session(), project) if version is None else version
    text_ids = [row["text_id"] for row in summary.text_rows(session(), project=project, gold_version=version)]
    if not text_ids:
        raise Invalid("The queue has not been built from any gold yet, so there is no article to print.")
    articles = [summary.article(session(), text=require_text(session(), text_id), gold_version=version)
                for text_id in text_ids]
    return _article(project, articles)


def _article(project, articles: list[dict]):
    labels = project.annotation_schema_version.document["labels"]
    return render_template("review/article.html", project=project, articles=articles, labels=labels,
                           colors={label["id"]: label["color"] for label in labels})
