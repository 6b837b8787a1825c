"""The append-only audit log of administrative actions."""
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, created_at, int_pk

# Actions the services record; the page offers them as a filter. Add one here when a service records a new one.
AUDIT_ACTIONS = (
    "user.created", "user.role_changed", "user.deactivated", "user.reactivated", "user.password_reset",
    "user.password_changed", "token.created", "token.revoked",
    "project.created", "project.settings_changed", "project.archived", "project.unarchived",
    "texts.imported", "assignments.changed",
    "gold.released", "review.verdict_signed_off", "review.verdict_published",
)


class AuditEvent(Base):
    """Who did what to which object, when, and what changed. Rows are never updated or deleted
    (migration 0009 adds triggers that refuse both)."""

    __tablename__ = "audit_event"
    # The page lists newest first by id (its keyset), so each filter's index ends in id.
    __table_args__ = (
        Index("ix_audit_event_created_at", "created_at"),
        Index("ix_audit_event_project_id_id", "project_id", "id"),
        Index("ix_audit_event_actor_id_id", "actor_id", "id"),
        Index("ix_audit_event_action_id", "action", "id"),
    )

    id: Mapped[int_pk]
    # None when the action came from the command line, where nobody is logged in.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None]
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[created_at]
