"""A stored answer to an API write sent with an Idempotency-Key."""
from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, created_at, int_pk, sha256_hex


class IdempotencyKey(Base):
    __tablename__ = "idempotency_key"
    # One answer per key and user: a second writer with the same key fails on this, so a write is applied once.
    __table_args__ = (UniqueConstraint("user_id", "key"), Index("ix_idempotency_key_created_at", "created_at"))

    id: Mapped[int_pk]
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    # sha256 of method, path and body: the same key with another request is refused, not replayed.
    request_sha256: Mapped[sha256_hex]
    status_code: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[created_at]
