"""Who is asking (session or bearer token), CSRF for cookie-authenticated API calls, and security headers."""
from flask import Flask, Response, request
from flask_login import current_user

from app.extensions import csrf, login_manager, session

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def bearer_token() -> str | None:
    auth = request.authorization
    if auth is not None and auth.type == "bearer" and auth.token:
        return auth.token
    return None


def register_security(app: Flask) -> None:
    from app.auth.models import User
    from app.auth.service import user_for_session, user_for_token

    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        return user_for_session(session(), user_id)

    @login_manager.request_loader
    def load_user_from_token(_request) -> User | None:
        token = bearer_token()
        return user_for_token(session(), token) if token else None

    @app.before_request
    def protect_cookie_api_calls() -> None:
        # API blueprints are CSRF-exempt so token clients need no CSRF token; a browser cannot
        # add an Authorization header cross-site, so only cookie-authenticated writes are checked.
        if request.path.startswith("/api/") and request.method not in SAFE_METHODS and bearer_token() is None:
            csrf.protect()

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", app.config["CONTENT_SECURITY_POLICY"])
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if current_user and current_user.is_authenticated:
            response.headers.setdefault("Cache-Control", "no-store")
        return response
