"""Load schema files into stored versions and look versions up."""
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.annotation_schemas.file_format import SchemaFile, iter_schema_files, load_schema_file
from app.annotation_schemas.models import AnnotationSchemaVersion
from app.errors import NotFound


@dataclass(frozen=True)
class LoadedSchema:
    version: AnnotationSchemaVersion
    created: bool


def store_schema_file(session: Session, schema_file: SchemaFile, *, source_path: str) -> LoadedSchema:
    """Store the file as a new revision unless this exact content is already stored."""
    existing = session.scalars(
        select(AnnotationSchemaVersion).where(
            AnnotationSchemaVersion.schema_id == schema_file.schema_id,
            AnnotationSchemaVersion.sha256 == schema_file.sha256,
        )
    ).one_or_none()
    if existing is not None:
        return LoadedSchema(existing, created=False)
    last_revision = session.scalar(
        select(func.max(AnnotationSchemaVersion.revision)).where(
            AnnotationSchemaVersion.schema_id == schema_file.schema_id
        )
    )
    version = AnnotationSchemaVersion(
        schema_id=schema_file.schema_id,
        revision=(last_revision or 0) + 1,
        version=schema_file.version,
        sha256=schema_file.sha256,
        source_path=source_path,
        content=schema_file.content,
        document=schema_file.document,
    )
    session.add(version)
    session.flush()
    return LoadedSchema(version, created=True)


def load_schema_folder(session: Session, folder: Path) -> list[LoadedSchema]:
    """Load every schema file in the folder; all are validated before any is stored.

    :raises SchemaFileError: a file is invalid (the message names file, field and problem).
    """
    files = [(path, load_schema_file(path)) for path in iter_schema_files(folder)]
    return [store_schema_file(session, schema_file, source_path=path.name) for path, schema_file in files]


def latest_schema_version(session: Session, schema_id: str) -> AnnotationSchemaVersion:
    """:raises NotFound: no version of this schema is stored."""
    version = session.scalars(
        select(AnnotationSchemaVersion)
        .where(AnnotationSchemaVersion.schema_id == schema_id)
        .order_by(AnnotationSchemaVersion.revision.desc())
        .limit(1)
    ).first()
    if version is None:
        raise NotFound(f"No annotation schema '{schema_id}' is loaded; run 'factspan init' or check annotation_schemas/.")
    return version


def list_schema_versions(session: Session) -> Sequence[AnnotationSchemaVersion]:
    return session.scalars(
        select(AnnotationSchemaVersion).order_by(AnnotationSchemaVersion.schema_id, AnnotationSchemaVersion.revision)
    ).all()
