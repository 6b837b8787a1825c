"""/projects: list, create from a schema version, overview with its links, settings, archive."""
from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.admin.project_settings import POLICIES, QUEUE_ORDERS, describe_settings, form_values, save_project_settings
from app.admin.project_settings import settings_from_form
from app.agreement.routing import METRICS as ROUTING_METRICS
from app.annotation_schemas.models import AnnotationSchemaVersion
from app.annotation_schemas.service import list_schema_versions
from app.annotations.assignments import assignment_counts_by_project
from app.auth.access import has_role, roles_required
from app.database import write_transaction
from app.errors import AppError, NotFound
from app.extensions import session
from app.texts.service import create_project, list_projects_with_text_counts, require_project, set_project_archived

blueprint = Blueprint("projects", __name__)
STAFF = ("reviewer", "editor")


@dataclass(frozen=True)
class ProjectLink:
    label: str
    endpoint: str
    roles: tuple[str, ...]  # who may follow it (admins always)
    testid: str


# The overview links only to pages the viewer's role may open, so nothing on it leads to a 403.
PROJECT_LINKS = (
    ProjectLink("Agreement", "agreement.dashboard", STAFF, "link-agreement"),
    ProjectLink("Next text to adjudicate", "gold.next_unresolved", ("reviewer",), "link-adjudication"),
    ProjectLink("Gold and releases", "gold.project_gold", STAFF, "link-gold"),
    ProjectLink("Review queue", "review.queue", ("editor",), "link-review"),
    ProjectLink("Sources", "review.sources_page", ("editor",), "link-sources"),
    ProjectLink("Review summary", "review.summary_page", STAFF, "link-summary"),
    ProjectLink("Annotations import / export", "interop.project_annotations", STAFF, "link-annotations"),
)


@blueprint.get("/projects")
@roles_required(*STAFF)
def projects_page():
    archived = request.args.get("archived") == "1"
    rows = [(project, count) for project, count in list_projects_with_text_counts(session(), include_archived=archived)
            if (project.archived_at is not None) == archived]
    return render_template("projects/list.html", rows=rows, archived=archived,
                           assignment_counts=assignment_counts_by_project(session()))


def _form_page(template: str, status: int = 200, **context):
    return render_template(template, policies=POLICIES, queue_orders=QUEUE_ORDERS, metrics=ROUTING_METRICS,
                           **context), status


@blueprint.get("/projects/new")
@roles_required("admin")
def new_project():
    return _form_page("projects/new.html", versions=list_schema_versions(session()), form={},
                      values=form_values(None, {}))


@blueprint.post("/projects/new")
@roles_required("admin")
@write_transaction
def create_project_page():
    form = request.form
    try:
        version = session().get(AnnotationSchemaVersion, form.get("annotation_schema_version_id", type=int) or 0)
        if version is None:
            raise NotFound("Choose an annotation schema version.")
        annotators_per_text, settings = settings_from_form(form)
        project = create_project(session(), name=form.get("name", ""), annotation_schema_version=version,
                                 annotators_per_text=annotators_per_text, description=form.get("description", ""),
                                 settings=settings, actor_id=current_user.id)
    except AppError as exc:
        flash(exc.message, "error")
        return _form_page("projects/new.html", exc.status_code, versions=list_schema_versions(session()), form=form,
                          values=form_values(None, form))
    session().commit()
    flash(f"Project '{project.name}' is created.", "info")
    return redirect(url_for("projects.project_page", project_id=project.id))


@blueprint.get("/projects/<int:project_id>")
@roles_required(*STAFF)
def project_page(project_id: int):
    project = require_project(session(), project_id)
    links = [link for link in PROJECT_LINKS if has_role(current_user, *link.roles)]
    return render_template("projects/overview.html", project=project, links=links,
                           settings=describe_settings(project),
                           counts=assignment_counts_by_project(session()).get(project.id, {}))


@blueprint.route("/projects/<int:project_id>/settings", methods=["GET", "POST"])
@roles_required("admin")
@write_transaction
def project_settings(project_id: int):
    project = require_project(session(), project_id)
    if request.method == "POST":
        try:
            save_project_settings(session(), project=project, form=request.form, actor_id=current_user.id)
        except AppError as exc:
            flash(exc.message, "error")
            return _form_page("projects/settings.html", exc.status_code, project=project,
                              settings=describe_settings(project), values=form_values(project, request.form))
        session().commit()
        flash("The settings are saved.", "info")
        return redirect(url_for("projects.project_page", project_id=project.id))
    return _form_page("projects/settings.html", project=project, settings=describe_settings(project),
                      values=form_values(project, {}))


@blueprint.post("/projects/<int:project_id>/archive")
@roles_required("admin")
@write_transaction
def archive_project(project_id: int):
    project = require_project(session(), project_id)
    archived = request.form.get("archived") == "1"
    set_project_archived(session(), project=project, archived=archived, actor_id=current_user.id)
    session().commit()
    flash(f"Project '{project.name}' is {'archived' if archived else 'active again'}.", "info")
    return redirect(url_for("projects.project_page", project_id=project.id))
