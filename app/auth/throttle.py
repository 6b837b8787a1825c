"""Login throttle: failed logins are limited per account and per address (Flask-Limiter)."""
import time

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


def _account_key() -> str:
    return "account:" + request.form.get("username", "").strip().lower()


def _failed(response) -> bool:
    # Only wrong credentials count, so people who log in successfully are never held up.
    return response.status_code == 401


def register_login_throttle(app: Flask) -> None:
    """Wrap this app's login view in the limits of its config.

    A limiter of its own per app: Flask-Limiter keeps its storage on the instance, and each app may
    name another storage. The limits are checked before the view runs, so a refused attempt costs no
    password hashing.
    """
    limiter = Limiter(get_remote_address, app=app)
    per_address = limiter.limit(lambda: app.config["LOGIN_LIMIT_PER_ADDRESS"], key_func=get_remote_address,
                                methods=["POST"], deduct_when=_failed)
    per_account = limiter.limit(lambda: app.config["LOGIN_LIMIT_PER_ACCOUNT"], key_func=_account_key,
                                methods=["POST"], deduct_when=_failed)
    app.view_functions["auth.login"] = per_account(per_address(app.view_functions["auth.login"]))


def seconds_until_retry() -> int:
    """How long the limit this request broke still holds (the limiter sends the same as Retry-After)."""
    for limiter in current_app.extensions.get("limiter", ()):
        if limiter.current_limit is not None:
            return max(1, int(limiter.current_limit.reset_at - time.time()))
    return 60
