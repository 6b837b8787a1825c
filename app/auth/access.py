"""Role checks shared by pages and API routes."""
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import g
from flask_login import current_user

from app.auth.models import User
from app.errors import AppError, Forbidden

F = TypeVar("F", bound=Callable)


class Unauthorized(AppError):
    status_code = 401
    reason = "unauthorized"


TOKEN_REFUSALS = {
    "token_revoked": "This API token was revoked; create a new one on your account page.",
    "token_expired": "This API token has expired; create a new one on your account page.",
}


def has_role(user: User, *roles: str) -> bool:
    """Admins may do anything; others need one of the roles."""
    return user.role == "admin" or user.role in roles


def roles_required(*roles: str) -> Callable[[F], F]:
    """Refuse the request unless the logged-in user has one of the roles (admin always passes)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                refusal = g.get("token_refusal")
                if refusal in TOKEN_REFUSALS:
                    raise Unauthorized(TOKEN_REFUSALS[refusal], reason=refusal)
                raise Unauthorized("Log in, or send a valid API token, to use this.")
            if roles and not has_role(current_user, *roles):
                raise Forbidden(f"This needs the {' or '.join(roles)} role; you are {current_user.role}.")
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
