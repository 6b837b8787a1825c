"""Login and logout pages."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.auth.service import authenticate
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
        session().commit()
        login_user(user)
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", username="")


@blueprint.post("/logout")
@login_required
def logout():
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))
