"""Stored versions of annotation schema files."""
from typing import Any

from sqlalchemy import String, Text as TextType, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, created_at, int_pk, json_dict, sha256_hex


class AnnotationSchemaVersion(Base):
    """One content version of a schema file; a changed file gets a new revision."""

    __tablename__ = "annotation_schema_version"
    __table_args__ = (
        UniqueConstraint("schema_id", "sha256"),
        UniqueConstraint("schema_id", "revision"),
    )

    id: Mapped[int_pk]
    schema_id: Mapped[str] = mapped_column(String(100), index=True)
    revision: Mapped[int]
    version: Mapped[str] = mapped_column(String(50))
    sha256: Mapped[sha256_hex]
    source_path: Mapped[str] = mapped_column(String(500))
    content: Mapped[str] = mapped_column(TextType)
    document: Mapped[json_dict]
    created_at: Mapped[created_at]

    @property
    def label_ids(self) -> list[str]:
        return [label["id"] for label in self.document["labels"]]

    @property
    def labels(self) -> dict[str, dict[str, Any]]:
        return {label["id"]: label for label in self.document["labels"]}
