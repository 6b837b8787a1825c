"""Adjudication items and decisions, the current gold spans, and immutable gold releases."""
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text as TextType,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, created_at, int_pk, json_dict, sha256_hex

ITEM_KINDS = ("agreed", "conflict")
ITEM_STATES = ("open", "resolved")
DECISION_ACTIONS = ("policy", "accept_annotator", "edit", "reject_all", "no_span", "imported")


class AdjudicationItem(Base):
    """A group of overlapping spans from the annotators of one text, to be settled into gold."""

    __tablename__ = "adjudication_item"
    __table_args__ = (
        CheckConstraint(f"kind IN {ITEM_KINDS!r}", name="kind_known"),
        CheckConstraint(f"status IN {ITEM_STATES!r}", name="status_known"),
        CheckConstraint('start >= 0 AND start < "end"', name="extent_valid"),
        Index("ix_adjudication_item_text_id_start", "text_id", "start"),
        # Items are built once per text: a second build of the same extent is refused by the database.
        UniqueConstraint("text_id", "start", "end"),
        # What gold rows reference, so that only the item's current decision can have gold.
        UniqueConstraint("id", "revision"),
    )

    id: Mapped[int_pk]
    text_id: Mapped[int] = mapped_column(ForeignKey("text.id"))
    start: Mapped[int]
    end: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="open")
    # Every annotator's spans in this group: [{"annotator", "start", "end", "label", "attributes"}].
    proposals: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # Annotators of the text when the item was built; absent ones voted "no span" here.
    annotators: Mapped[list[str]] = mapped_column(JSON)
    # How many decisions the item has had; each decision moves it on by one, compare-and-set.
    revision: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    created_at: Mapped[created_at]

    decisions: Mapped[list["AdjudicationDecision"]] = relationship(
        back_populates="item", order_by="AdjudicationDecision.id"
    )


class AdjudicationDecision(Base):
    """One settlement of an item, append-only; the newest decision of an item is in force."""

    __tablename__ = "adjudication_decision"
    __table_args__ = (
        CheckConstraint(f"action IN {DECISION_ACTIONS!r}", name="action_known"),
        # Two decisions made on the same state of an item cannot both be stored.
        UniqueConstraint("item_id", "item_revision"),
    )

    id: Mapped[int_pk]
    item_id: Mapped[int] = mapped_column(ForeignKey("adjudication_item.id"), index=True)
    # The item's revision this decision made (1 for its first decision).
    item_revision: Mapped[int]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(30))
    policy: Mapped[str | None] = mapped_column(String(30))
    chosen_annotator: Mapped[str | None] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(TextType, default="")
    tally: Mapped[json_dict]
    # The gold spans this decision puts in force: [{"start", "end", "label", "attributes", "proposed_by"}].
    result: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[created_at]

    item: Mapped[AdjudicationItem] = relationship(back_populates="decisions")


class GoldAnnotation(Base):
    """A span of a text's current gold, put there by a decision."""

    __tablename__ = "gold_annotation"
    __table_args__ = (
        CheckConstraint("start >= 0", name="start_not_negative"),
        CheckConstraint('start < "end"', name="start_before_end"),
        Index("ix_gold_annotation_text_id_start", "text_id", "start"),
        # Gold of an item is its current decision's: a row left from an earlier decision blocks the
        # next revision, and a row for a revision the item is not at cannot be written.
        ForeignKeyConstraint(["item_id", "item_revision"], ["adjudication_item.id", "adjudication_item.revision"],
                             name="fk_gold_annotation_item_revision_adjudication_item"),
    )

    id: Mapped[int_pk]
    text_id: Mapped[int] = mapped_column(ForeignKey("text.id"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("adjudication_item.id"), index=True)
    item_revision: Mapped[int | None]
    decision_id: Mapped[int] = mapped_column(ForeignKey("adjudication_decision.id"), index=True)
    start: Mapped[int]
    end: Mapped[int]
    label: Mapped[str] = mapped_column(String(100))
    attributes: Mapped[json_dict]
    proposed_by: Mapped[list[str]] = mapped_column(JSON)


class GoldRelease(Base):
    """A frozen, immutable snapshot of a project's adjudicated gold; new gold means a new release."""

    __tablename__ = "gold_release"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: Mapped[int_pk]
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    name: Mapped[str] = mapped_column(String(100))
    annotation_schema_version_id: Mapped[int] = mapped_column(ForeignKey("annotation_schema_version.id"))
    sha256: Mapped[sha256_hex]
    text_count: Mapped[int]
    span_count: Mapped[int]
    label_counts: Mapped[json_dict]
    agreement: Mapped[json_dict]
    annotator_count: Mapped[int]
    adjudicator_count: Mapped[int]
    notes: Mapped[str] = mapped_column(TextType, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[created_at]

    texts: Mapped[list["GoldReleaseText"]] = relationship(back_populates="release", order_by="GoldReleaseText.text_id")


class GoldReleaseText(Base):
    """One text's gold spans (with provenance) as frozen in a release."""

    __tablename__ = "gold_release_text"
    __table_args__ = (UniqueConstraint("release_id", "text_id"),)

    id: Mapped[int_pk]
    release_id: Mapped[int] = mapped_column(ForeignKey("gold_release.id"))
    text_id: Mapped[int] = mapped_column(ForeignKey("text.id"), index=True)
    spans: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # The same spans as flat [start, end, label index, ...] triples: token-tag exports need no more,
    # and decoding 90 integers is far cheaper than 30 spans with attributes and provenance.
    offsets: Mapped[list[int]] = mapped_column(JSON)
    meta: Mapped[json_dict]

    release: Mapped[GoldRelease] = relationship(back_populates="texts")


