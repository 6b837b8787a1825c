"""API tokens: create (shown once, stored as sha256), list, revoke, and check one on a request."""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from app.audit.service import record_event
from app.auth.models import ApiToken, User
from app.db import utcnow
from app.errors import Invalid, NotFound
from app.safe_input import character_problem

# last_used_at is written at most this often per token, so reading with a token does not become a write
# on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_TOKEN_NAME = 200  # the column's size


@dataclass(frozen=True)
class TokenCheck:
    """What a bearer token amounts to: its user when valid, else why it was refused."""

    token: ApiToken | None
    user: User | None
    refusal: str | None = None  # token_revoked, token_expired, token_unknown


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_api_token(session: Session, *, user: User, name: str, expires_at: datetime | None = None,
                     actor_id: int | None = None) -> str:
    """Store a new token's hash and return the raw token, which is shown only once.

    :raises Invalid: no name, or an expiry in the past.
    """
    name = name.strip()
    if not name or len(name) > MAX_TOKEN_NAME or character_problem(name):
        raise Invalid(f"Name the token (what it is for), in at most {MAX_TOKEN_NAME} characters.",
                      errors={"name": ["Required, at most 200 characters, no control characters."]})
    if expires_at is not None and expires_at <= utcnow():
        raise Invalid("A token's expiry must be in the future.", errors={"expires_at": ["Must be in the future."]})
    raw = "fs_" + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_sha256=_token_hash(raw), expires_at=expires_at)
    session.add(token)
    session.flush()
    record_event(session, actor_id=actor_id, action="token.created", target_type="api_token", target_id=token.id,
                 changes={"user": user.username, "name": name, "expires_at": expires_at})
    return raw


def list_api_tokens(session: Session, *, user: User) -> list[ApiToken]:
    """The user's tokens, revoked ones included (they show when they were revoked), newest first."""
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke_api_token(session: Session, *, token_id: int, owner: User, actor_id: int | None) -> ApiToken:
    """Revoke one of the owner's tokens; its next request gets 401. Revoking twice changes nothing.

    :raises NotFound: the owner has no such token (another user's token is not theirs to revoke).
    """
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != owner.id:
        raise NotFound(f"You have no API token {token_id}.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
        record_event(session, actor_id=actor_id, action="token.revoked", target_type="api_token", target_id=token.id,
                     changes={"user": owner.username, "name": token.name})
    return token


def check_api_token(session: Session, raw: str) -> TokenCheck:
    """The token's user if the token is known, not revoked, not expired and its user active."""
    token = session.scalars(select(ApiToken).where(ApiToken.token_sha256 == _token_hash(raw))).one_or_none()
    if token is None or not token.user.active:
        return TokenCheck(None, None, "token_unknown")
    if token.revoked_at is not None:
        return TokenCheck(token, None, "token_revoked")
    if token.expires_at is not None and token.expires_at <= utcnow():
        return TokenCheck(token, None, "token_expired")
    return TokenCheck(token, token.user)


def user_for_token(session: Session, raw: str) -> User | None:
    return check_api_token(session, raw).user


def token_use_is_stale(token: ApiToken) -> bool:
    """Whether last_used_at is due to be written (never written, or older than the resolution)."""
    return token.last_used_at is None or utcnow() - token.last_used_at >= LAST_USED_RESOLUTION


def record_token_use(session: Session, *, token_id: int) -> bool:
    """Write last_used_at unless a request already did within the resolution; True if this one wrote it.

    The condition is in the UPDATE, so concurrent requests with one token write it once.
    """
    now = utcnow()
    written = session.execute(
        update(ApiToken).where(ApiToken.id == token_id, or_(ApiToken.last_used_at.is_(None),
                                                            ApiToken.last_used_at <= now - LAST_USED_RESOLUTION))
        .values(last_used_at=now).execution_options(synchronize_session=False)).rowcount
    return bool(written)
