"""AppError hierarchy: the failures services raise, each with its HTTP status and reason."""
from typing import Any


class AppError(Exception):
    """A failure a person can act on; services raise subclasses of it."""

    status_code = 400
    reason = "bad_request"
    headers: dict[str, str] = {}

    def __init__(self, message: str, *, reason: str | None = None, errors: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        if reason:
            self.reason = reason
        self.errors = errors or {}


class Invalid(AppError):
    status_code = 422
    reason = "invalid"


class NotFound(AppError):
    status_code = 404
    reason = "not_found"


class Forbidden(AppError):
    status_code = 403
    reason = "forbidden"


class Conflict(AppError):
    status_code = 409
    reason = "conflict"


class DatabaseBusy(AppError):
    """Other writers held SQLite's write lock for longer than the busy timeout; nothing was stored."""

    status_code = 503
    reason = "database_busy"
    headers = {"Retry-After": "1"}
