"""Find, store and expire the answers to API writes sent with an Idempotency-Key."""
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.db import utcnow
from app.errors import Invalid
from app.idempotency.models import IdempotencyKey

MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class StoredAnswer:
    status_code: int
    content_type: str
    body: str


def request_fingerprint(*, method: str, path: str, body: bytes) -> str:
    """What "the same request" means: the same method, path and body bytes."""
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def check_key(key: str) -> None:
    """:raises Invalid: the key is empty, too long or not printable ASCII."""
    if not (0 < len(key) <= MAX_KEY_LENGTH and key.isascii() and key.isprintable()):
        raise Invalid(f"The Idempotency-Key header must be 1 to {MAX_KEY_LENGTH} printable ASCII characters.",
                      reason="idempotency_key_invalid", errors={"Idempotency-Key": ["Not a usable key."]})


def find_answer(session: Session, *, user_id: int, key: str, fingerprint: str, ttl: timedelta) -> StoredAnswer | None:
    """The stored answer to this user's earlier request with this key, if it has not expired.

    :raises Invalid: the key was used for a different request (reason idempotency_key_reused).
    """
    stored = session.scalars(select(IdempotencyKey).where(
        IdempotencyKey.user_id == user_id, IdempotencyKey.key == key, IdempotencyKey.created_at >= utcnow() - ttl,
    )).one_or_none()
    if stored is None:
        return None
    if stored.request_sha256 != fingerprint:
        raise Invalid("This Idempotency-Key was already used for a different request; send a new key.",
                      reason="idempotency_key_reused")
    return StoredAnswer(stored.status_code, stored.content_type, stored.body)


def store_answer(session: Session, *, user_id: int, key: str, fingerprint: str, answer: StoredAnswer,
                 ttl: timedelta, now: datetime | None = None) -> None:
    """Keep the answer in the write's own transaction (flushed, so a concurrent twin fails here), and drop
    this user's expired keys so a key may be used again after it expired."""
    now = now or utcnow()
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.user_id == user_id,
                                                 IdempotencyKey.created_at < now - ttl))
    session.add(IdempotencyKey(user_id=user_id, key=key, request_sha256=fingerprint, status_code=answer.status_code,
                               content_type=answer.content_type, body=answer.body, created_at=now))
    session.flush()


def expire_answers(session: Session, *, ttl: timedelta) -> int:
    """Delete every expired answer; returns how many."""
    return session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < utcnow() - ttl)).rowcount
