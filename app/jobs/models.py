"""Background jobs: one row per piece of long work, which the person who started it can follow."""
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text as TextType
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UtcDateTime, created_at, int_pk

JOB_STATES = ("queued", "running", "succeeded", "failed", "cancelled")
FINISHED_STATES = ("succeeded", "failed", "cancelled")


class Job(Base):
    """A queued, running or finished background job, with its progress and its result."""

    __tablename__ = "job"
    __table_args__ = (
        CheckConstraint(f"state IN {JOB_STATES!r}", name="state_known"),
        CheckConstraint("progress_done >= 0 AND progress_total >= 0", name="progress_valid"),
        Index("ix_job_state_heartbeat_at", "state", "heartbeat_at"),
        Index("ix_job_project_id_created_at", "project_id", "created_at"),
        Index("ix_job_parent_id", "parent_id"),
    )

    id: Mapped[int_pk]
    kind: Mapped[str] = mapped_column(String(50))
    state: Mapped[str] = mapped_column(String(20), default="queued")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    # A chunk of a split job points at the job that merges it.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int] = mapped_column(Integer, default=0)
    progress_message: Mapped[str] = mapped_column(String(500), default="")
    # A finished download lives at result_path (never a partial file: it is renamed into place on success).
    result_path: Mapped[str | None] = mapped_column(String(1000))
    result_filename: Mapped[str | None] = mapped_column(String(255))
    result_media_type: Mapped[str | None] = mapped_column(String(100))
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(TextType)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=2)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[created_at]
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    heartbeat_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES
