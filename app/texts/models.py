"""Projects, text imports and the immutable source texts."""
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Index, String, Text as TextType, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, created_at, int_pk, json_dict, sha256_hex

if TYPE_CHECKING:
    from app.annotation_schemas.models import AnnotationSchemaVersion

ADJUDICATION_STATES = ("pending", "in_progress", "adjudicated")


class Project(Base):
    __tablename__ = "project"
    __table_args__ = (CheckConstraint("annotators_per_text >= 1", name="annotators_per_text_positive"),)

    id: Mapped[int_pk]
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(TextType, default="")
    annotation_schema_version_id: Mapped[int] = mapped_column(ForeignKey("annotation_schema_version.id"))
    annotators_per_text: Mapped[int] = mapped_column(default=3)
    settings: Mapped[json_dict]
    created_at: Mapped[created_at]
    # An archived project leaves the active lists and takes no new imports or assignments; its data stays.
    archived_at: Mapped[datetime | None]

    annotation_schema_version: Mapped["AnnotationSchemaVersion"] = relationship()


class TextImport(Base):
    """One run of import-texts, an upload on the import page (or init's seed load): where texts came from,
    who brought them and what was refused."""

    __tablename__ = "text_import"

    id: Mapped[int_pk]
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    source: Mapped[str] = mapped_column(String(1000))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    imported_count: Mapped[int] = mapped_column(default=0)
    skipped_count: Mapped[int] = mapped_column(default=0)
    rejected_count: Mapped[int] = mapped_column(default=0)
    # The first rejections ({"location", "reason"}), kept for the import's report page.
    rejections: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    created_at: Mapped[created_at]


class Text(Base):
    """A source text; its content never changes once stored."""

    __tablename__ = "text"
    __table_args__ = (
        UniqueConstraint("project_id", "sha256"),
        CheckConstraint(f"adjudication_status IN {ADJUDICATION_STATES!r}", name="adjudication_status_known"),
        Index("ix_text_project_id_external_id", "project_id", "external_id"),
        # The text browser's sort orders, each with id as the keyset tie-breaker.
        Index("ix_text_project_id_id", "project_id", "id"),
        Index("ix_text_project_id_title_id", "project_id", "title", "id"),
        Index("ix_text_project_id_char_count_id", "project_id", "char_count", "id"),
        Index("ix_text_project_id_agreement_id", "project_id", "agreement", "id"),
    )

    id: Mapped[int_pk]
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    external_id: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(500), default="")
    source_url: Mapped[str | None] = mapped_column(String(2000))
    content: Mapped[str] = mapped_column(TextType)
    sha256: Mapped[sha256_hex]
    char_count: Mapped[int]
    meta: Mapped[json_dict]
    import_id: Mapped[int | None] = mapped_column(ForeignKey("text_import.id"), index=True)
    adjudication_status: Mapped[str] = mapped_column(String(20), default="pending")
    # How unsure the latest suggester run was about this text (0 sure .. 1 unsure); orders queues on request.
    model_uncertainty: Mapped[float | None] = mapped_column(Float)
    # The project's primary agreement figure over the text's submitted annotations, stored when its last
    # assignment is submitted (None before, or when undefined); the text browser filters and sorts on it.
    agreement: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[created_at]

    project: Mapped[Project] = relationship()
