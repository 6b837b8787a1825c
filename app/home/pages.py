"""Home page: annotators see their assignments, editors the review desk; others see projects and progress."""
from flask import Blueprint, render_template
from flask_login import current_user

from app.annotations.assignments import assignment_counts_by_project, list_assignments_for
from app.auth.access import roles_required
from app.extensions import session
from app.review.models import CLAIM_STATES
from app.review.service import assigned_counts, queue_counts
from app.texts.service import list_projects_with_text_counts, shows_gold_feedback

blueprint = Blueprint("home", __name__)


@blueprint.get("/")
@roles_required()
def index():
    if current_user.role == "annotator":
        rows = list_assignments_for(session(), user=current_user)
        projects: dict[str, list] = {}
        for row in rows:
            projects.setdefault(row.project.name, []).append(row)
        return render_template("home/annotator.html", projects=projects, shows_gold_feedback=shows_gold_feedback)
    if current_user.role == "editor":
        return render_template("home/editor.html", projects=list_projects_with_text_counts(session()),
                               queue_counts=queue_counts(session()), statuses=CLAIM_STATES,
                               mine=assigned_counts(session(), user=current_user))
    return render_template(
        "home/staff.html",
        projects=list_projects_with_text_counts(session()),
        assignment_counts=assignment_counts_by_project(session()),
    )
