"""/admin/users: accounts with role, status, last login and workload; create, change role, (de)activate, reset."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.annotations.assignments import assignment_counts_by_annotator
from app.auth import service
from app.auth.access import roles_required
from app.auth.models import ROLES
from app.database import write_transaction
from app.errors import AppError
from app.extensions import session

blueprint = Blueprint("admin", __name__)


def _users_page(status: int = 200, one_time: tuple[str, str] | None = None, form: dict | None = None):
    """The list; `one_time` is (username, password) to show once after a create or a reset."""
    return render_template("admin/users.html", users=service.list_users(session()), roles=ROLES,
                           counts=assignment_counts_by_annotator(session()), one_time=one_time,
                           form=form or {}), status


@blueprint.get("/admin/users")
@roles_required("admin")
def users_page():
    return _users_page()


@blueprint.post("/admin/users")
@roles_required("admin")
@write_transaction
def create_user():
    form = request.form
    try:
        user, password = service.create_user_with_one_time_password(
            session(), username=form.get("username", ""), role=form.get("role", ""),
            display_name=form.get("display_name", "").strip(), actor_id=current_user.id)
    except AppError as exc:
        flash(exc.message, "error")
        return _users_page(exc.status_code, form=form)
    session().commit()
    # Rendered, never flashed or put in a URL: the one-time password must not outlive this answer.
    return _users_page(201, one_time=(user.username, password))


def _change(user_id: int, change) -> object:
    user = service.require_user_by_id(session(), user_id)
    try:
        message = change(user)
    except AppError as exc:
        flash(exc.message, "error")
        return _users_page(exc.status_code)
    session().commit()
    flash(message, "info")
    return redirect(url_for("admin.users_page"))


@blueprint.post("/admin/users/<int:user_id>/role")
@roles_required("admin")
@write_transaction
def change_role(user_id: int):
    role = request.form.get("role", "")

    def change(user):
        service.set_role(session(), username=user.username, role=role, actor_id=current_user.id)
        return f"{user.username} is now {role}."

    return _change(user_id, change)


@blueprint.post("/admin/users/<int:user_id>/active")
@roles_required("admin")
@write_transaction
def change_active(user_id: int):
    active = request.form.get("active") == "1"

    def change(user):
        service.set_active(session(), username=user.username, active=active, actor_id=current_user.id)
        return (f"{user.username} can log in again." if active
                else f"{user.username} is deactivated; their sessions and tokens stopped working.")

    return _change(user_id, change)


@blueprint.post("/admin/users/<int:user_id>/password")
@roles_required("admin")
@write_transaction
def reset_password(user_id: int):
    user = service.require_user_by_id(session(), user_id)
    password = service.reset_password(session(), username=user.username, actor_id=current_user.id)
    session().commit()
    return _users_page(one_time=(user.username, password))
