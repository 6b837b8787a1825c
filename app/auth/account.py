"""/account: each user's own password and API tokens; and the gate that makes a one-time password be replaced."""
from datetime import datetime, time, timezone

from flask import Blueprint, Flask, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_user

from app.auth.access import roles_required
from app.auth.service import MIN_PASSWORD, change_own_password
from app.auth.tokens import create_api_token, list_api_tokens, revoke_api_token
from app.database import write_transaction
from app.db import utcnow
from app.errors import AppError, Forbidden, Invalid
from app.extensions import session

blueprint = Blueprint("account", __name__)

# What a user who must change their password may still reach.
OPEN_DURING_PASSWORD_CHANGE = frozenset({"account.change_password", "auth.logout", "auth.login", "static"})


def _account_page(status: int = 200, new_token: str | None = None):
    return render_template("account/account.html", tokens=list_api_tokens(session(), user=current_user),
                           new_token=new_token, min_password=MIN_PASSWORD, now=utcnow()), status


@blueprint.get("/account")
@roles_required()
def account_page():
    return _account_page()


@blueprint.route("/account/password", methods=["GET", "POST"])
@roles_required()
@write_transaction
def change_password():
    if request.method == "GET":
        return render_template("account/password.html", min_password=MIN_PASSWORD)
    try:
        change_own_password(session(), user=current_user, current_password=request.form.get("current_password", ""),
                            new_password=request.form.get("new_password", ""))
    except Invalid as exc:
        flash(exc.message, "error")
        return render_template("account/password.html", min_password=MIN_PASSWORD), 422
    session().commit()
    # The change ended every session, this one too; log it in again in the new session generation.
    login_user(current_user._get_current_object())
    flash("Your password is changed. Other sessions of your account have ended.", "info")
    return redirect(url_for("home.index"))


def _expiry(value: str) -> datetime | None:
    """The end of the chosen day (UTC), or None for a token that lasts until revoked."""
    if not value:
        return None
    try:
        return datetime.combine(datetime.fromisoformat(value).date(), time.max, tzinfo=timezone.utc)
    except ValueError as exc:
        raise Invalid("The expiry is not a date (YYYY-MM-DD).", errors={"expires_on": ["Not a date."]}) from exc


@blueprint.post("/account/tokens")
@roles_required()
@write_transaction
def create_token():
    try:
        raw = create_api_token(session(), user=current_user, name=request.form.get("name", ""),
                               expires_at=_expiry(request.form.get("expires_on", "").strip()), actor_id=current_user.id)
    except AppError as exc:
        flash(exc.message, "error")
        return _account_page(exc.status_code)
    session().commit()
    return _account_page(201, new_token=raw)


@blueprint.post("/account/tokens/<int:token_id>/revoke")
@roles_required()
@write_transaction
def revoke_token(token_id: int):
    token = revoke_api_token(session(), token_id=token_id, owner=current_user, actor_id=current_user.id)
    session().commit()
    flash(f"Token '{token.name}' is revoked; scripts using it now get 401.", "info")
    return redirect(url_for("account.account_page"))


def register_password_change_gate(app: Flask) -> None:
    """A user logged in with a one-time password reaches only the change page until they choose their own.

    Bearer tokens are not held back: a token was made on purpose for a script, which cannot choose a password.
    """

    @app.before_request
    def require_own_password():
        # A rule-less request (404, 405) is answered without asking who the user is, so without the database.
        if (request.url_rule is None or request.endpoint in OPEN_DURING_PASSWORD_CHANGE
                or not current_user.is_authenticated
                or g.get("token_user") is not None or not current_user.must_change_password):
            return None
        if request.path.startswith("/api/"):
            raise Forbidden("Choose your own password first (the account page), then use the API with the session.",
                            reason="password_change_required")
        flash("Choose your own password to go on.", "info")
        return redirect(url_for("account.change_password"))
