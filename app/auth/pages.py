"""Login and logout pages."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_limiter import RateLimitExceeded
from flask_login import current_user, login_required, login_user, logout_user

from app.auth.service import authenticate, end_sessions, record_login
from app.auth.throttle import seconds_until_retry
from app.database import begin_writes_immediately, write_transaction
from app.extensions import session

blueprint = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site relative targets, so the login page cannot redirect elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("home.index")


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    if request.method == "POST":
        user = authenticate(
            session(), username=request.form.get("username", ""), password=request.form.get("password", "")
        )
        if user is None:
            flash("Wrong username or password, or the account is not active.", "error")
            return render_template("auth/login.html", username=request.form.get("username", "")), 401
        # The slow hash check above ran without SQLite's write lock; only this small write queues for it.
        begin_writes_immediately(session())
        record_login(session(), user=user)
        session().commit()
        login_user(user)
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", username="")


@blueprint.errorhandler(RateLimitExceeded)
def too_many_logins(_exc: RateLimitExceeded):
    """The login form again, saying how long to wait; the limiter adds Retry-After."""
    message = (f"Too many failed logins for this account or from your address. "
               f"Try again in {seconds_until_retry()} seconds.")
    return render_template("auth/login.html", username=request.form.get("username", ""),
                           throttle_message=message), 429


@blueprint.post("/logout")
@login_required
@write_transaction
def logout():
    """Log out everywhere: a copy of any of this user's session cookies stops working too."""
    end_sessions(session(), user=current_user)
    session().commit()
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))
