"""Entry pages behind the top bar: pick a project for a section, read the guidelines, see the schemas."""
from flask import render_template
from flask_login import current_user

from app.annotation_schemas.guidelines import render_guidelines
from app.annotation_schemas.service import list_schema_versions
from app.annotations.assignments import list_assignments_for
from app.auth.access import roles_required
from app.extensions import session
from app.home.pages import blueprint
from app.texts.service import list_projects_with_text_counts

# section -> (heading, endpoint of the project's page, what it is for)
SECTIONS = {
    "agreement": ("Agreement", "agreement.dashboard", "How far the annotators agree, per label and per text."),
    "adjudication": ("Adjudication", "gold.next_unresolved", "The next text whose spans need a reviewer's decision."),
    "gold": ("Gold", "gold.project_gold", "Adjudication progress, releases and exports."),
    "review": ("Review queue", "review.queue", "Claims from the gold waiting for an editor's verdict."),
}


def _choose(section: str):
    heading, endpoint, purpose = SECTIONS[section]
    projects = [project for project, _count in list_projects_with_text_counts(session())]
    return render_template("home/choose_project.html", heading=heading, endpoint=endpoint, purpose=purpose,
                           projects=projects)


@blueprint.get("/agreement")
@roles_required("reviewer", "editor")
def agreement_projects():
    return _choose("agreement")


@blueprint.get("/adjudication")
@roles_required("reviewer")
def adjudication_projects():
    return _choose("adjudication")


@blueprint.get("/gold")
@roles_required("reviewer", "editor")
def gold_projects():
    return _choose("gold")


@blueprint.get("/review")
@roles_required("editor")
def review_projects():
    return _choose("review")


@blueprint.get("/guidelines")
@roles_required()
def guidelines():
    """The guidelines of the schemas in use: an annotator's own projects, or every project for staff."""
    if current_user.role == "annotator":
        projects = {row.project.id: row.project for row in list_assignments_for(session(), user=current_user)}.values()
    else:
        projects = [project for project, _count in list_projects_with_text_counts(session())]
    versions = {}
    for project in projects:
        versions.setdefault(project.annotation_schema_version_id, (project.annotation_schema_version, []))[1].append(
            project.name)
    return render_template("home/guidelines.html", versions=[
        (version, names, render_guidelines(version.document.get("guidelines", ""))) for version, names in
        versions.values()])


@blueprint.get("/admin/schemas")
@roles_required("admin")
def schemas_page():
    """Every stored schema version, with the projects that use it."""
    used_by: dict[int, list[str]] = {}
    for project, _count in list_projects_with_text_counts(session(), include_archived=True):
        used_by.setdefault(project.annotation_schema_version_id, []).append(project.name)
    return render_template("home/schemas.html", versions=list_schema_versions(session()), used_by=used_by)
