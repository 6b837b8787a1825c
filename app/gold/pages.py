"""Reviewer pages: adjudicate a text, the project's gold and releases; annotators' feedback page."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from app.annotation_schemas.models import AnnotationSchemaVersion
from app.annotations.assignments import get_own_assignment
from app.auth.access import roles_required
from app.database import write_transaction
from app.errors import AppError
from app.extensions import session
from app.gold import releases as release_service
from app.gold import service, workflow
from app.gold.candidates import POLICIES
from app.gold.formats import FORMATS
from app.texts.models import Text
from app.texts.service import adjudication_settings, require_project, require_text

blueprint = Blueprint("gold", __name__)


@blueprint.get("/texts/<int:text_id>/adjudicate")
@roles_required("reviewer")
def adjudicate(text_id: int):
    text = require_text(session(), text_id)
    if text.adjudication_status == "pending":
        return render_template("gold/start.html", text=text, project=text.project)
    schema = session().get(AnnotationSchemaVersion, text.project.annotation_schema_version_id)
    page_data = {
        "adjudication_url": url_for("gold_api.get_adjudication", text_id=text.id),
        "decision_url_template": url_for("gold_api.decide", item_id=0).replace("/0/", "/{id}/"),
        "next_unresolved_url": url_for("gold.next_unresolved", project_id=text.project_id, after=text.id),
        "dashboard_url": url_for("agreement.dashboard", project_id=text.project_id),
        "schema": schema.document,
        "adjudication": service.adjudication_payload(session(), text=text),
    }
    return render_template("gold/adjudicate.html", text=text, project=text.project, page_data=page_data)


@blueprint.post("/texts/<int:text_id>/adjudicate/start")
@roles_required("reviewer")
@write_transaction
def start(text_id: int):
    text = require_text(session(), text_id)
    try:
        workflow.start_adjudication(session(), text=text)
    except AppError as exc:
        flash(exc.message, "error")
        return redirect(url_for("gold.project_gold", project_id=text.project_id))
    session().commit()
    return redirect(url_for("gold.adjudicate", text_id=text.id))


@blueprint.get("/texts/<int:text_id>/gold")
@roles_required("reviewer", "editor")
def gold_view(text_id: int):
    """The text's adjudicated gold, read-only (editors read gold here; only reviewers change it)."""
    text = require_text(session(), text_id)
    labels = {label["id"]: label for label in text.project.annotation_schema_version.document["labels"]}
    return render_template("gold/view.html", text=text, project=text.project, labels=labels,
                           gold=service.gold_view(session(), text=text))


@blueprint.get("/projects/<int:project_id>/adjudication/next")
@roles_required("reviewer")
def next_unresolved(project_id: int):
    project = require_project(session(), project_id)
    text = service.next_unresolved_text(session(), project=project, after_text_id=request.args.get("after", 0, int))
    if text is None:
        flash("No text is waiting for adjudication in this project.", "info")
        return redirect(url_for("gold.project_gold", project_id=project.id))
    return redirect(url_for("gold.adjudicate", text_id=text.id))


@blueprint.get("/projects/<int:project_id>/gold")
@roles_required("reviewer", "editor")
def project_gold(project_id: int):
    project = require_project(session(), project_id)
    counts = dict(session().execute(
        select(Text.adjudication_status, func.count()).where(Text.project_id == project.id)
        .group_by(Text.adjudication_status)).all())
    texts = session().scalars(select(Text).where(Text.project_id == project.id, Text.adjudication_status != "pending")
                              .order_by(Text.adjudication_status, Text.id).limit(200)).all()
    return render_template("gold/project.html", project=project, counts=counts, texts=texts, formats=FORMATS,
                           releases=release_service.list_releases(session(), project=project),
                           adjudication=adjudication_settings(project), policies=POLICIES)


@blueprint.get("/annotate/<int:assignment_id>/feedback")
@roles_required("annotator")
def feedback(assignment_id: int):
    assignment = get_own_assignment(session(), assignment_id=assignment_id, user=current_user)
    comparison = service.gold_feedback(session(), assignment=assignment, user=current_user)
    return render_template("gold/feedback.html", assignment=assignment, text=assignment.text, comparison=comparison)
