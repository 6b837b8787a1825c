"""Assignments, per-annotator annotation sets, their spans and append-only history."""
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, created_at, int_pk, json_dict, utcnow

if TYPE_CHECKING:
    from app.auth.models import User
    from app.texts.models import Text

ASSIGNMENT_STATES = ("not_started", "draft", "submitted")


class Assignment(Base):
    """A text given to one annotator."""

    __tablename__ = "assignment"
    __table_args__ = (
        UniqueConstraint("text_id", "annotator_id"),
        CheckConstraint(f"status IN {ASSIGNMENT_STATES!r}", name="status_known"),
        Index("ix_assignment_annotator_id_status", "annotator_id", "status"),
    )

    id: Mapped[int_pk]
    text_id: Mapped[int] = mapped_column(ForeignKey("text.id"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    created_at: Mapped[created_at]
    submitted_at: Mapped[datetime | None]

    text: Mapped["Text"] = relationship()
    annotator: Mapped["User"] = relationship()
    annotation_set: Mapped["AnnotationSet"] = relationship(back_populates="assignment")


class AnnotationSet(Base):
    """One annotator's spans for one text; `version` guards against stale saves."""

    __tablename__ = "annotation_set"

    id: Mapped[int_pk]
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), unique=True)
    annotation_schema_version_id: Mapped[int] = mapped_column(ForeignKey("annotation_schema_version.id"))
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    assignment: Mapped[Assignment] = relationship(back_populates="annotation_set")
    spans: Mapped[list["Span"]] = relationship(
        back_populates="annotation_set", order_by="(Span.start, Span.end, Span.id)", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class Span(Base):
    __tablename__ = "span"
    __table_args__ = (
        CheckConstraint("start >= 0", name="start_not_negative"),
        CheckConstraint("start < \"end\"", name="start_before_end"),
    )

    id: Mapped[int_pk]
    annotation_set_id: Mapped[int] = mapped_column(ForeignKey("annotation_set.id"), index=True)
    start: Mapped[int]
    end: Mapped[int]
    label: Mapped[str] = mapped_column(String(100))
    attributes: Mapped[json_dict]
    # Where an accepted suggestion came from: {"suggestion_id", "suggester", "confidence"}; None for own spans.
    suggested_by: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    annotation_set: Mapped[AnnotationSet] = relationship(back_populates="spans")

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "start": self.start, "end": self.end, "label": self.label, "attributes": self.attributes,
                "suggested_by": self.suggested_by}


class AnnotationEvent(Base):
    """Append-only history: who changed which annotation set, when, and what changed."""

    __tablename__ = "annotation_event"
    __table_args__ = (Index("ix_annotation_event_annotation_set_id_created_at", "annotation_set_id", "created_at"),)

    id: Mapped[int_pk]
    annotation_set_id: Mapped[int] = mapped_column(ForeignKey("annotation_set.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(30))
    set_version: Mapped[int]
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[created_at]
