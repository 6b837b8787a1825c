"""The desk's pages: assignments (admin), progress (reviewers), the text browser and text page (reviewers, editors)."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from marshmallow import EXCLUDE, ValidationError

from app.agreement.service import schema_labels

from app.annotations.reassigning import reassign_text
from app.auth.access import roles_required
from app.auth.models import User
from app.database import write_transaction
from app.desk.activity import per_day_chart
from app.desk.assigning import annotator_loads, assign_to_annotators, texts_short_of_annotators
from app.desk.progress import project_progress
from app.desk.schemas import TextBrowseQuerySchema
from app.desk.text_detail import text_overview
from app.desk.text_search import STATUSES, search_texts
from app.errors import AppError, Invalid
from app.extensions import session
from app.texts.models import ADJUDICATION_STATES
from app.texts.service import require_project

blueprint = Blueprint("desk", __name__)
STAFF = ("reviewer",)
READERS = ("reviewer", "editor")
SORT_NAMES = {"id": "import order", "-id": "newest first", "title": "title", "length": "shortest first",
              "-length": "longest first", "agreement": "lowest agreement first (texts that have one)"}


def _assignments_page(project, error=None, status=200):
    return render_template("desk/assignments.html", project=project, error=error,
                           loads=annotator_loads(session(), project_id=project.id),
                           short=texts_short_of_annotators(session(), project_id=project.id)), status


@blueprint.get("/projects/<int:project_id>/assignments")
@roles_required("admin")
def assignments(project_id: int):
    return _assignments_page(require_project(session(), project_id))


def _int_list(name: str) -> list[int]:
    values = request.form.getlist(name)
    if not all(v.isdigit() for v in values):
        raise Invalid("Choose annotators from the list.", errors={name: ["Not an id."]})
    return [int(v) for v in values]


@blueprint.post("/projects/<int:project_id>/assignments")
@roles_required("admin")
@write_transaction
def assign(project_id: int):
    project = require_project(session(), project_id)
    try:
        created = assign_to_annotators(session(), project_id=project.id, annotator_ids=_int_list("annotator"),
                                       actor_id=current_user.id)
    except AppError as exc:
        session().rollback()
        return _assignments_page(project, error=exc.message, status=exc.status_code)
    session().commit()
    flash(f"Created {created} assignment(s)." if created else "Nothing to do: every text has its annotators.")
    return redirect(url_for("desk.assignments", project_id=project.id), code=303)


@blueprint.post("/projects/<int:project_id>/assignments/reassign")
@roles_required("admin")
@write_transaction
def reassign(project_id: int):
    project = require_project(session(), project_id)
    try:
        text_id, from_id, to_id = (_int_list(name) for name in ("text_id", "from_annotator", "to_annotator"))
        to_user = session().get(User, to_id[0]) if len(to_id) == 1 else None
        if len(text_id) != 1 or len(from_id) != 1 or to_user is None:
            raise Invalid("Give the text's id and choose both annotators.")
        reassign_text(session(), text_id=text_id[0], from_annotator_id=from_id[0], to_annotator=to_user,
                      actor_id=current_user.id)
    except AppError as exc:
        session().rollback()
        return _assignments_page(project, error=exc.message, status=exc.status_code)
    session().commit()
    flash(f"Text {text_id[0]} now belongs to {to_user.username}, who starts from an empty draft.")
    return redirect(url_for("desk.assignments", project_id=project.id), code=303)


@blueprint.get("/projects/<int:project_id>/progress")
@roles_required(*STAFF)
def progress(project_id: int):
    project = require_project(session(), project_id)
    report = project_progress(session(), project_id=project.id)
    # The chart is built from numbers and dates only, escaped in per_day_chart.
    chart = Markup(per_day_chart(report.per_day, title="Texts submitted per day")) if report.per_day else None
    return render_template("desk/progress.html", project=project, report=report, chart=chart)


@blueprint.get("/projects/<int:project_id>/texts")
@roles_required(*READERS)
def texts(project_id: int):
    """The text browser: the form's values are the query string, so every page of results is a link."""
    project = require_project(session(), project_id)
    args = {key: value for key, value in request.args.items() if value != ""}
    try:
        query = TextBrowseQuerySchema(unknown=EXCLUDE).load(args)
        page = search_texts(session(), project_id=project.id, query=query)
    except ValidationError as exc:
        return _texts_page(project, args, error=_first_message(exc.messages), status=422)
    except AppError as exc:
        return _texts_page(project, args, error=exc.message, status=exc.status_code)
    next_link = url_for("desk.texts", project_id=project.id, **{**args, "after": page.next_cursor}) \
        if page.next_cursor else None
    return _texts_page(project, args, page=page, next_link=next_link)


def _first_message(messages: dict) -> str:
    field, problems = next(iter(messages.items()))
    return f"{field}: {problems[0] if isinstance(problems, list) else problems}"


def _texts_page(project, args, page=None, next_link=None, error=None, status=200):
    return render_template("desk/texts.html", project=project, args=args, page=page, next_link=next_link,
                           error=error, statuses=STATUSES, adjudication_states=ADJUDICATION_STATES, sorts=SORT_NAMES,
                           labels=schema_labels(project),
                           first_link=url_for("desk.texts", project_id=project.id,
                                              **{k: v for k, v in args.items() if k != "after"})), status


@blueprint.get("/texts/<int:text_id>")
@roles_required(*READERS)
def text_page(text_id: int):
    overview = text_overview(session(), text_id=text_id)
    return render_template("desk/text.html", overview=overview, text=overview.text, project=overview.text.project)
