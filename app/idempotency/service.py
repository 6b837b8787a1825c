"""Find, store and expire the answers to API writes sent with an Idempotency-Key."""
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select
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


@dataclass(frozen=True)
class Lookup:
    """What is stored for a user's key: a live answer, an expired one (to be replaced), or nothing."""

    answer: StoredAnswer | None
    expired: bool = False


def find_answer(session: Session, *, user_id: int, key: str, fingerprint: str, ttl: timedelta) -> Lookup:
    """The stored answer to this user's earlier request with this key, unless it has expired.

    :raises Invalid: the key was used for a different request (reason idempotency_key_reused).
    """
    stored = session.execute(select(IdempotencyKey.request_sha256, IdempotencyKey.status_code,
                                    IdempotencyKey.content_type, IdempotencyKey.body, IdempotencyKey.created_at)
                             .where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)).one_or_none()
    if stored is None:
        return Lookup(None)
    if stored.created_at < utcnow() - ttl:
        return Lookup(None, expired=True)
    if stored.request_sha256 != fingerprint:
        raise Invalid("This Idempotency-Key was already used for a different request; send a new key.",
                      reason="idempotency_key_reused")
    return Lookup(StoredAnswer(stored.status_code, stored.content_type, stored.body))


def store_answer(session: Session, *, user_id: int, key: str, fingerprint: str, answer: StoredAnswer,
                 replaces_expired: bool = False, now: datetime | None = None) -> None:
    """Keep the answer in the write's own transaction, so a concurrent twin fails on the unique key here.

    Expired answers are dropped by the job sweeper (expire_answers), not here, so a save does not scan
    the user's keys; only an expired answer under this very key is replaced.
    """
    if replaces_expired:
        session.execute(delete(IdempotencyKey).where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key))
    session.execute(insert(IdempotencyKey), [{
        "user_id": user_id, "key": key, "request_sha256": fingerprint, "status_code": answer.status_code,
        "content_type": answer.content_type, "body": answer.body, "created_at": now or utcnow()}])


def expire_answers(session: Session, *, ttl: timedelta) -> int:
    """Delete every expired answer; returns how many."""
    return session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < utcnow() - ttl)).rowcount
