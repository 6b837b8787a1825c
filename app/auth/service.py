"""User accounts, password checks and API tokens."""
import secrets
from collections.abc import Sequence
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app.audit.service import record_event
from app.auth.models import ROLES, User
from app.db import utcnow
from app.errors import Conflict, Invalid, NotFound
from app.safe_input import character_problem

MAX_USERNAME = 80  # the column's size
MIN_PASSWORD = 10


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise Invalid(f"Unknown role '{role}'; choose one of {', '.join(ROLES)}.", errors={"role": ["Unknown role."]})


def create_user(
    session: Session, *, username: str, role: str, password: str | None, display_name: str = "", active: bool = True,
    actor_id: int | None = None,
) -> User:
    """Create an account; a None password makes an account that cannot log in. `actor_id` is the admin
    doing it (None from the command line).

    :raises Conflict: the username is taken.
    """
    _check_role(role)
    username = username.strip()
    if not username:
        raise Invalid("A username is required.", errors={"username": ["Required."]})
    if len(username) > MAX_USERNAME or character_problem(username):
        raise Invalid(f"A username has at most {MAX_USERNAME} characters and no control characters.",
                      errors={"username": [f"At most {MAX_USERNAME} characters, no control characters."]})
    if get_user_by_username(session, username) is not None:
        raise Conflict(f"The username '{username}' is taken.", reason="username_taken")
    user = User(
        username=username,
        role=role,
        display_name=display_name or username,
        password_hash=generate_password_hash(password) if password else None,
        active=active,
    )
    session.add(user)
    session.flush()
    record_event(session, actor_id=actor_id, action="user.created", target_type="user", target_id=user.id,
                 changes={"username": username, "role": role, "active": active})
    return user


def get_user_by_username(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).one_or_none()


def require_user_by_id(session: Session, user_id: int) -> User:
    """:raises NotFound: no such user."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    return user


def require_user(session: Session, username: str) -> User:
    """:raises NotFound: no such user."""
    user = get_user_by_username(session, username)
    if user is None:
        raise NotFound(f"There is no user '{username}'.")
    return user


def list_users(session: Session) -> Sequence[User]:
    return session.scalars(select(User).order_by(User.role, User.username)).all()


@cache
def dummy_password_hash() -> str:
    """A hash of nothing anyone knows, made like real ones, to check against when there is no account."""
    return generate_password_hash(secrets.token_urlsafe(32))


def authenticate(session: Session, *, username: str, password: str) -> User | None:
    """The active user with these credentials, or None.

    Every attempt checks exactly one hash, so an unknown username answers as slowly as a wrong
    password and the timing does not tell which usernames exist.
    """
    user = get_user_by_username(session, username.strip())
    stored = user.password_hash if user is not None and user.active else None
    matches = check_password_hash(stored or dummy_password_hash(), password)
    if user is None or not stored or not matches:
        return None
    return user


def record_login(session: Session, *, user: User) -> None:
    user.last_login_at = utcnow()
    session.flush()


def one_time_password() -> str:
    """A password an admin hands over once; the user must replace it at first login."""
    return secrets.token_urlsafe(12)


def create_user_with_one_time_password(session: Session, *, username: str, role: str, display_name: str = "",
                                       actor_id: int | None) -> tuple[User, str]:
    """Create an account whose first login must choose a new password; returns it and the one-time password.

    :raises Conflict: the username is taken.
    """
    password = one_time_password()
    user = create_user(session, username=username, role=role, password=password, display_name=display_name,
                       actor_id=actor_id)
    user.must_change_password = True
    session.flush()
    return user, password


def reset_password(session: Session, *, username: str, actor_id: int | None) -> str:
    """Give the account a new one-time password (returned, shown once) and end its sessions."""
    password = one_time_password()
    user = set_password(session, username=username, password=password, actor_id=actor_id)
    user.must_change_password = True
    session.flush()
    return password


def change_own_password(session: Session, *, user: User, current_password: str, new_password: str) -> User:
    """The user replaces their password; every session ends, so the page logs this one in again.

    :raises Invalid: the current password is wrong, or the new one is too short or unchanged.
    """
    if not user.password_hash or not check_password_hash(user.password_hash, current_password):
        raise Invalid("Your current password is not right.", reason="wrong_password",
                      errors={"current_password": ["Not your current password."]})
    if len(new_password) < MIN_PASSWORD:
        raise Invalid(f"Choose a password of at least {MIN_PASSWORD} characters.",
                      errors={"new_password": [f"At least {MIN_PASSWORD} characters."]})
    if new_password == current_password:
        raise Invalid("Choose a password other than the one you have.", errors={"new_password": ["Unchanged."]})
    user.password_hash = generate_password_hash(new_password)
    user.must_change_password = False
    end_sessions(session, user=user)
    record_event(session, actor_id=user.id, action="user.password_changed", target_type="user", target_id=user.id)
    return user


def _keep_an_admin(session: Session, user: User) -> None:
    """:raises Conflict: the user is the last active admin, who would leave nobody to run the desk."""
    admins = session.scalars(select(User.id).where(User.role == "admin", User.active.is_(True))).all()
    if user.role == "admin" and user.active and admins == [user.id]:
        raise Conflict(f"{user.username} is the last active admin; make someone else admin first.",
                       reason="last_admin")


def set_role(session: Session, *, username: str, role: str, actor_id: int | None) -> User:
    """:raises Conflict: reason last_admin, when this would leave no active admin."""
    _check_role(role)
    user = require_user(session, username)
    if user.role != role:
        _keep_an_admin(session, user)
        record_event(session, actor_id=actor_id, action="user.role_changed", target_type="user", target_id=user.id,
                     changes={"role": {"before": user.role, "after": role}})
        user.role = role
    session.flush()
    return user


def set_active(session: Session, *, username: str, active: bool, actor_id: int | None) -> User:
    """Activate or deactivate an account; deactivating ends its sessions (its tokens stop with `active`).

    :raises Conflict: reason last_admin, when this would leave no active admin.
    """
    user = require_user(session, username)
    if user.active != active:
        if not active:
            _keep_an_admin(session, user)
        record_event(session, actor_id=actor_id, action="user.reactivated" if active else "user.deactivated",
                     target_type="user", target_id=user.id, changes={"active": {"before": user.active, "after": active}})
    user.active = active
    if not active:
        end_sessions(session, user=user)
    session.flush()
    return user


def set_password(session: Session, *, username: str, password: str, actor_id: int | None) -> User:
    """Set a new password and end every session made with the old one."""
    user = require_user(session, username)
    user.password_hash = generate_password_hash(password)
    end_sessions(session, user=user)
    record_event(session, actor_id=actor_id, action="user.password_reset", target_type="user", target_id=user.id)
    return user


def end_sessions(session: Session, *, user: User) -> None:
    """Log the user out everywhere: session cookies made before now no longer identify anyone."""
    # Incremented in SQL, so two ends racing still both move past every earlier session.
    user.session_generation = User.session_generation + 1
    session.flush()


def user_for_session(session: Session, stored_id: str) -> User | None:
    """The active user a session cookie's stored id (User.get_id) names, if that session was not ended."""
    user_id, _, generation = stored_id.partition(":")
    if not (user_id.isdigit() and generation.isdigit()):
        return None  # a cookie from before session generations, or not ours
    user = session.get(User, int(user_id))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user
