"""Source documents, claims in the editors' queue, versioned verdicts with evidence, comments and history."""
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Index, String, Text as TextType, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, created_at, int_pk, json_dict, sha256_hex, utcnow

if TYPE_CHECKING:
    from app.auth.models import User
    from app.texts.models import Text

CLAIM_STATES = ("unreviewed", "draft", "awaiting_signoff", "published")
VERDICT_STATES = ("draft", "awaiting_signoff", "published", "corrected")
EVIDENCE_KINDS = ("source_passage", "external")


class Source(Base):
    """An official document a project's texts cite (a readout), linked to values of the source attribute."""

    __tablename__ = "source"
    __table_args__ = (UniqueConstraint("project_id", "sha256"),)

    id: Mapped[int_pk]
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    publisher: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str | None] = mapped_column(String(2000))
    published_on: Mapped[date | None]
    language: Mapped[str] = mapped_column(String(20), default="en")
    content: Mapped[str] = mapped_column(TextType)
    sha256: Mapped[sha256_hex]
    char_count: Mapped[int]
    # Values of the schema's source attribute (e.g. russian_readout) that this document backs.
    linked_values: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[created_at]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Claim(Base):
    """A gold span the editors review, frozen as it stood in its gold version (span_ref)."""

    __tablename__ = "review_claim"
    __table_args__ = (
        # One claim per span of a gold version: rebuilding the queue is idempotent.
        UniqueConstraint("project_id", "gold_version", "text_id", "start", "end", "label"),
        CheckConstraint(f"status IN {CLAIM_STATES!r}", name="status_known"),
        CheckConstraint('start >= 0 AND start < "end"', name="extent_valid"),
        Index("ix_review_claim_project_id_priority", "project_id", "priority", "text_id", "start"),
        Index("ix_review_claim_project_id_status", "project_id", "status"),
    )

    id: Mapped[int_pk]
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    text_id: Mapped[int] = mapped_column(ForeignKey("text.id"), index=True)
    release_id: Mapped[int | None] = mapped_column(ForeignKey("gold_release.id"))
    # The release name, or "" for the project's current (unreleased) gold.
    gold_version: Mapped[str] = mapped_column(String(100))
    start: Mapped[int]
    end: Mapped[int]
    label: Mapped[str] = mapped_column(String(100))
    attributes: Mapped[json_dict]
    span_text: Mapped[str] = mapped_column(TextType)
    # Check-worthiness as a rank (0 = most check-worthy), so the queue sorts in SQL.
    priority: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="unreviewed")
    check_type: Mapped[str | None] = mapped_column(String(100))
    rating: Mapped[str | None] = mapped_column(String(100))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    # The best passage of a linked source, stored when the queue is built or a source changes.
    match_score: Mapped[float | None] = mapped_column(Float)
    match_source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"))
    match_start: Mapped[int | None]
    match_end: Mapped[int | None]
    created_at: Mapped[created_at]

    text: Mapped["Text"] = relationship()
    assignee: Mapped["User | None"] = relationship()
    verdicts: Mapped[list["Verdict"]] = relationship(back_populates="claim", order_by="Verdict.number")


class Verdict(Base):
    """One version of a claim's verdict; a correction is a new version and the old one stays readable."""

    __tablename__ = "verdict"
    __table_args__ = (
        UniqueConstraint("claim_id", "number"),
        CheckConstraint(f"status IN {VERDICT_STATES!r}", name="status_known"),
    )

    id: Mapped[int_pk]
    claim_id: Mapped[int] = mapped_column(ForeignKey("review_claim.id"), index=True)
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="draft")
    check_type: Mapped[str] = mapped_column(String(100))
    rating: Mapped[str | None] = mapped_column(String(100))
    rating_name: Mapped[str | None] = mapped_column(String(200))
    rating_value: Mapped[int | None]
    best_rating: Mapped[int | None]
    worst_rating: Mapped[int | None]
    claim_reviewed: Mapped[str] = mapped_column(TextType, default="")
    claimant: Mapped[str] = mapped_column(String(300), default="")
    claim_date: Mapped[date | None]
    claim_appearance: Mapped[str | None] = mapped_column(String(2000))
    first_appearance: Mapped[str | None] = mapped_column(String(2000))
    explanation: Mapped[str] = mapped_column(TextType, default="")
    language: Mapped[str] = mapped_column(String(20), default="en")
    correction_note: Mapped[str] = mapped_column(TextType, default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    signed_off_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    published_at: Mapped[datetime | None]
    created_at: Mapped[created_at]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)

    claim: Mapped[Claim] = relationship(back_populates="verdicts")
    author: Mapped["User"] = relationship(foreign_keys=[author_id])
    signed_off_by: Mapped["User | None"] = relationship(foreign_keys=[signed_off_by_id])
    published_by: Mapped["User | None"] = relationship(foreign_keys=[published_by_id])
    evidence: Mapped[list["EvidenceItem"]] = relationship(
        back_populates="verdict", order_by="EvidenceItem.position", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": lock_version}


class EvidenceItem(Base):
    """A passage of a source document (by offsets) or an external page cited by a verdict."""

    __tablename__ = "evidence_item"
    __table_args__ = (
        CheckConstraint(f"kind IN {EVIDENCE_KINDS!r}", name="kind_known"),
        CheckConstraint("kind <> 'source_passage' OR (source_id IS NOT NULL AND start >= 0 AND start < \"end\")",
                        name="passage_has_offsets"),
    )

    id: Mapped[int_pk]
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdict.id"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    start: Mapped[int | None]
    end: Mapped[int | None]
    score: Mapped[float | None] = mapped_column(Float)
    quoted_passage: Mapped[str] = mapped_column(TextType, default="")
    url: Mapped[str | None] = mapped_column(String(2000))
    publisher: Mapped[str] = mapped_column(String(300), default="")
    title: Mapped[str] = mapped_column(String(500), default="")
    accessed_at: Mapped[date | None]

    verdict: Mapped[Verdict] = relationship(back_populates="evidence")


class ReviewEvent(Base):
    """Append-only history of a claim: who did what, when, and what changed."""

    __tablename__ = "review_event"
    __table_args__ = (Index("ix_review_event_claim_id_created_at", "claim_id", "created_at"),)

    id: Mapped[int_pk]
    claim_id: Mapped[int] = mapped_column(ForeignKey("review_claim.id"))
    verdict_id: Mapped[int | None] = mapped_column(ForeignKey("verdict.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(40))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[created_at]


class ReviewComment(Base):
    """One message in a claim's comment thread."""

    __tablename__ = "review_comment"
    __table_args__ = (Index("ix_review_comment_claim_id_created_at", "claim_id", "created_at"),)

    id: Mapped[int_pk]
    claim_id: Mapped[int] = mapped_column(ForeignKey("review_claim.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    body: Mapped[str] = mapped_column(TextType)
    created_at: Mapped[created_at]
