"""Suggesters (versioned models that propose spans), their suggestions, and each annotator's decisions on them."""
from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, created_at, int_pk, json_dict

SUGGESTER_KINDS = ("rules", "crf", "imported")
DECISION_STATES = ("accepted", "rejected")


class Suggester(Base):
    """One version of something that proposes spans: the rule-based cold start, a trained tagger, an imported source."""

    __tablename__ = "suggester"
    __table_args__ = (
        UniqueConstraint("project_id", "name"),
        CheckConstraint(f"kind IN {SUGGESTER_KINDS!r}", name="kind_known"),
    )

    id: Mapped[int_pk]
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    # The gold release a tagger learnt from.
    release_id: Mapped[int | None] = mapped_column(ForeignKey("gold_release.id"))
    # Training figures: texts, spans, labels, seconds, cross-validated scores when evaluated.
    metrics: Mapped[json_dict]
    # The model file, relative to the models folder beside the database.
    model_path: Mapped[str | None] = mapped_column(String(500))
    model_sha256: Mapped[str | None] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[created_at]


class Suggestion(Base):
    """A span a suggester proposes on a text; it becomes someone's span only when they accept it."""

    __tablename__ = "suggestion"
    __table_args__ = (
        CheckConstraint("start >= 0", name="start_not_negative"),
        CheckConstraint('start < "end"', name="start_before_end"),
        Index("ix_suggestion_text_id_start", "text_id", "start"),
    )

    id: Mapped[int_pk]
    text_id: Mapped[int] = mapped_column(ForeignKey("text.id"))
    suggester_id: Mapped[int] = mapped_column(ForeignKey("suggester.id"), index=True)
    start: Mapped[int]
    end: Mapped[int]
    label: Mapped[str] = mapped_column(String(100))
    attributes: Mapped[json_dict]
    confidence: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[created_at]

    suggester: Mapped[Suggester] = relationship()


class SuggestionDecision(Base):
    """One annotator's answer to a suggestion; without a row the suggestion is open for them.

    Per annotator, because each annotator of a text sees the same suggestions and must decide blind.
    """

    __tablename__ = "suggestion_decision"
    __table_args__ = (
        UniqueConstraint("suggestion_id", "user_id"),
        CheckConstraint(f"state IN {DECISION_STATES!r}", name="state_known"),
    )

    id: Mapped[int_pk]
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    state: Mapped[str] = mapped_column(String(20))
    decided_at: Mapped[created_at]
