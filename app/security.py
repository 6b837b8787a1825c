"""Who is asking (bearer token or session cookie), CSRF for cookie-authenticated API calls, and security headers."""
from flask import Flask, Response, g, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix

from app.database import begin_writes_immediately
from app.errors import DatabaseBusy
from app.extensions import session
from app.web_extensions import csrf, login_manager

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def bearer_token() -> str | None:
    auth = request.authorization
    if auth is not None and auth.type == "bearer" and auth.token:
        return auth.token
    return None


def authenticated_by_cookie() -> bool:
    """Whether someone is logged in by other means than a valid bearer token (that is, by the session)."""
    return current_user.is_authenticated and g.get("token_user") is None


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Marks the session cookie Secure whenever the request came over HTTPS (through ProxyFix when proxied).

    Decided per request, so one app serves both a TLS-terminating proxy and a plain local port.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or request.is_secure


def register_security(app: Flask) -> None:
    from app.auth.models import User
    from app.auth.service import user_for_session
    from app.auth.tokens import check_api_token, record_token_use, token_use_is_stale

    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    app.session_interface = HttpsAwareSessionInterface()
    if app.config.get("BEHIND_PROXY"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    def token_user() -> User | None:
        """The user of a valid bearer token (looked up once per request); why a token was refused goes to
        g.token_refusal, for the 401's reason."""
        if "token_user" not in g:
            token = bearer_token()
            check = check_api_token(session(), token) if token else None
            g.token_user = check.user if check else None
            g.token_refusal = check.refusal if check else None
            # Whether this request is due to write last_used_at, decided while the token is loaded.
            g.stale_token_id = check.token.id if check and check.user and token_use_is_stale(check.token) else None
        return g.token_user

    # A valid credential decides: a good token first (scripts may also hold a cookie), else the
    # cookie. A junk Authorization header identifies no one, so it cannot lift the cookie's CSRF check.
    @login_manager.user_loader
    def load_user(stored_id: str) -> User | None:
        return token_user() or user_for_session(session(), stored_id)

    @login_manager.request_loader
    def load_user_from_token(_request) -> User | None:
        return token_user()

    @app.teardown_request
    def note_token_use(_exc: BaseException | None) -> None:
        # After the answer is made, in a transaction of its own, so the view's commit is the request's only
        # commit of its work; throttled, so most token reads stay reads. Failing here must not fail the answer,
        # nor does a busy SQLite writer queue: the next request with the token notes it.
        token_id = g.get("stale_token_id")
        if token_id is None:
            return
        try:
            session().rollback()  # whatever the view left uncommitted would be dropped at teardown anyway
            begin_writes_immediately(session())
            if record_token_use(session(), token_id=token_id):
                session().commit()
        except (SQLAlchemyError, DatabaseBusy) as exc:
            session().rollback()
            app.logger.warning("Could not note the use of API token %s: %s", token_id, exc)

    @app.before_request
    def protect_cookie_api_calls() -> None:
        # API blueprints are CSRF-exempt so token clients need no CSRF token; a browser cannot add a
        # valid token cross-site. Anonymous writes go on to the route's own 401.
        if request.path.startswith("/api/") and request.method not in SAFE_METHODS and authenticated_by_cookie():
            csrf.protect()

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", app.config["CONTENT_SECURITY_POLICY"])
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        # Every dynamic answer may be personal or carry a CSRF token (static files set their own).
        # Deciding without asking who the user is keeps this hook off the database, so it cannot
        # fail an answer that was already made, or turn an API error into a 500.
        response.headers.setdefault("Cache-Control", "no-store")
        return response
