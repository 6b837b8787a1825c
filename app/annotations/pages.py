"""The annotation page and the 'next text' shortcut."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from app.annotation_schemas.guidelines import render_guidelines
from app.annotations.assignments import get_own_assignment, next_assignment, schema_version_of
from app.annotations.schemas import AnnotationSetReadSchema
from app.annotations.views import AnnotationSetView
from app.auth.access import roles_required
from app.extensions import session
from app.texts.service import shows_gold_feedback

blueprint = Blueprint("annotations", __name__)


@blueprint.get("/annotate/next")
@roles_required("annotator")
def next_text():
    assignment = next_assignment(session(), user=current_user)
    if assignment is None:
        flash("You have submitted every text assigned to you.", "info")
        return redirect(url_for("home.index"))
    return redirect(url_for("annotations.annotate", assignment_id=assignment.id))


@blueprint.get("/annotate/<int:assignment_id>")
@roles_required("annotator")
def annotate(assignment_id: int):
    assignment = get_own_assignment(session(), assignment_id=assignment_id, user=current_user)
    annotation_set = assignment.annotation_set
    schema_version = schema_version_of(session(), assignment)
    set_url = url_for("annotations_api.get_annotation_set", annotation_set_id=annotation_set.id)
    page_data = {
        "annotation_set_url": set_url,
        "submit_url": url_for("annotations_api.submit_annotation_set", annotation_set_id=annotation_set.id),
        "reopen_url": url_for("annotations_api.reopen_annotation_set", annotation_set_id=annotation_set.id),
        "annotation_set": AnnotationSetReadSchema().dump(AnnotationSetView.of(annotation_set)),
        "schema": schema_version.document,
        "guidelines_html": render_guidelines(schema_version.document.get("guidelines", "")),
        "home_url": url_for("home.index"),
        "login_url": url_for("auth.login", next=url_for("annotations.annotate", assignment_id=assignment.id)),
        "next_url": url_for("annotations.next_text"),
        "storage_key": f"factspan:annotation-set:{annotation_set.id}",
        # Suggestions (app.suggestions) are drawn unless the project hides them for a blind baseline.
        "suggestions_url": url_for("suggestions_api.list_open_suggestions", annotation_set_id=annotation_set.id)
        if assignment.text.project.settings.get("show_suggestions", True) else None,
        "accept_suggestions_url": url_for("suggestions_api.accept_suggestions", annotation_set_id=annotation_set.id),
        "reject_suggestion_url_template": url_for("suggestions_api.reject_suggestion", suggestion_id=0)
        .replace("/0/", "/{id}/"),
    }
    feedback_url = url_for("gold.feedback", assignment_id=assignment.id) if shows_gold_feedback(assignment.text) else None
    return render_template("annotations/annotate.html", text=assignment.text, assignment=assignment, page_data=page_data,
                           feedback_url=feedback_url)
