"""Turn every failure into one JSON shape under /api/ (an HTML page elsewhere)."""
from http import HTTPStatus
from typing import Any

from flask import Flask, Request, redirect, render_template, request, url_for
from marshmallow import Schema, ValidationError, fields
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from app.errors import AppError, DatabaseBusy


class ErrorSchema(Schema):
    """The error payload, for the OpenAPI document (payloads are built by error_payload)."""

    code = fields.Integer(required=True, metadata={"description": "HTTP status code"})
    status = fields.String(required=True, metadata={"description": "HTTP status phrase"})
    reason = fields.String(required=True, metadata={"description": "Machine-readable reason, e.g. stale_version"})
    message = fields.String(required=True, metadata={"description": "What went wrong, for a person"})
    errors = fields.Dict(required=True, metadata={"description": "Per-field messages; empty when none apply"})


def error_payload(code: int, message: str, reason: str, errors: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "code": code,
        "status": HTTPStatus(code).phrase,
        "reason": reason,
        "message": message,
        "errors": errors or {},
    }


BUSY_MESSAGE = "The database is busy with other writes; nothing was stored. Try again in a moment."


def is_sqlite_busy(exc: OperationalError) -> bool:
    """SQLite's "database is locked" (SQLITE_BUSY): its busy timeout ran out, or a stale reader tried to write."""
    code = getattr(exc.orig, "sqlite_errorcode", None)
    return code is not None and type(exc.orig).__module__.startswith("sqlite3") and code & 0xFF in (5, 6)


def wants_json(req: Request) -> bool:
    return req.path.startswith("/api/") or req.path in ("/healthz", "/readyz", "/metrics")


_HTTP_MESSAGES = {
    400: "The request could not be understood.",
    401: "Log in, or send a valid API token, to use this.",
    403: "Your role does not allow this.",
    404: "There is nothing at this address.",
    405: "This address does not accept that method.",
    413: "The upload is too large.",
    415: "Send the body as JSON (Content-Type: application/json).",
    429: "Too many requests; wait the seconds in the Retry-After header and try again.",
}


def _render(code: int, message: str, reason: str, errors: dict[str, Any] | None = None,
            headers: dict[str, str] | None = None):
    if wants_json(request):
        return error_payload(code, message, reason, errors), code, headers or {}
    page = render_template("error.html", code=code, status=HTTPStatus(code).phrase, message=message)
    return page, code, headers or {}


def _field_errors(messages: dict[str, Any]) -> dict[str, Any]:
    """webargs nests messages by location ("json", "query"); the location is noise to a person unless its
    messages are not per field (a body that is not JSON at all), and then it names what was wrong."""
    errors: dict[str, Any] = {}
    for location, problems in messages.items():
        if isinstance(problems, dict):
            errors.update(problems)
        else:
            errors[location] = problems
    return errors


def _http_message(exc: HTTPException) -> tuple[str, dict[str, Any]]:
    """flask-smorest/webargs put marshmallow messages on exc.data; turn them into our shape."""
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    if messages:
        errors = _field_errors(messages)
        if exc.code == 400:
            return "The body is not valid JSON.", errors
        return "Some fields are not valid; see errors.", errors
    description = exc.description if exc.description and exc.code not in _HTTP_MESSAGES else None
    return description or _HTTP_MESSAGES.get(exc.code or 500, exc.name), {}


def _http_headers(exc: HTTPException) -> dict[str, str]:
    """Headers the exception's own response would carry (Allow on 405, WWW-Authenticate, Retry-After)."""
    headers = {key: value for key, value in exc.get_headers() if key.lower() != "content-type"}
    data = getattr(exc, "data", None)
    if isinstance(data, dict) and isinstance(data.get("headers"), dict):
        headers.update(data["headers"])
    return headers


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(AppError)
    def handle_app_error(exc: AppError):
        if exc.status_code == 401 and not wants_json(request):
            return redirect(url_for("auth.login", next=request.full_path))
        return _render(exc.status_code, exc.message, exc.reason, exc.errors, exc.headers)

    @app.errorhandler(ValidationError)
    def handle_validation_error(exc: ValidationError):
        return _render(422, "Some fields are not valid; see errors.", "invalid", exc.normalized_messages())

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException):
        code = exc.code or 500
        message, errors = _http_message(exc)
        reason = "invalid" if errors else HTTPStatus(code).phrase.lower().replace(" ", "_").replace("-", "_")
        if code == 400 and "CSRF" in (exc.description or ""):
            message, reason = "The form expired or lacks its CSRF token; reload the page and try again.", "csrf"
        return _render(code, message, reason, errors, _http_headers(exc))

    @app.errorhandler(OperationalError)
    def handle_database_unavailable(exc: OperationalError):
        if is_sqlite_busy(exc):
            return handle_app_error(DatabaseBusy(BUSY_MESSAGE))
        # A restart, a lost connection or SQLite's lock timeout: nothing was stored, and a retry may work.
        app.logger.warning("Database unavailable on %s %s: %s", request.method, request.path, exc.orig)
        return _render(503, "The database is not reachable right now; try again in a moment.",
                       "database_unavailable")

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return _render(500, "Something went wrong on our side; it has been logged.", "internal_error")
