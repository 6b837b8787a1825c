"""Export every annotator's annotations of a project (submitted, or drafts too), streamed in batches of texts."""
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.annotations.models import AnnotationSet, Assignment, Span
from app.auth.models import User
from app.errors import Invalid
from app.interop.writers import (
    EXPORT_FORMATS,
    AnnotatedText,
    AnnotatorWork,
    ExportSpan,
    attribute_types_of,
    write_doccano,
    write_jsonl,
    write_labelstudio,
)
from app.texts.models import Project, Text

# Texts per query: enough to keep round trips few, small enough that memory stays flat.
TEXT_BATCH = 500


@dataclass
class AnnotationExportStats:
    # Texts written (for doccano, annotator-text entries).
    documents: int = 0


def export_annotations(session: Session, *, project: Project, fmt: str, out: BinaryIO, include_drafts: bool = False,
                       as_predictions: bool = False, on_document: Callable[[], None] | None = None
                       ) -> AnnotationExportStats:
    """Write the project's annotations in `fmt` (jsonl, labelstudio, doccano) to `out`.

    :raises Invalid: an unknown format.
    """
    if fmt not in EXPORT_FORMATS:
        raise Invalid(f"Unknown format '{fmt}'; use {', '.join(EXPORT_FORMATS)}.", errors={"format": ["Unknown."]})
    statuses = ("submitted", "draft") if include_drafts else ("submitted",)
    stats = AnnotationExportStats()

    def counted() -> None:
        stats.documents += 1
        if on_document is not None:
            on_document()

    if fmt == "jsonl":
        write_jsonl(annotated_texts(session, project=project, statuses=statuses), out, counted)
    elif fmt == "labelstudio":
        write_labelstudio(annotated_texts(session, project=project, statuses=statuses), out, counted,
                          attribute_types=attribute_types_of(project.annotation_schema_version.document),
                          as_predictions=as_predictions)
    else:
        annotators = _annotators(session, project, statuses)
        write_doccano(((name, annotated_texts(session, project=project, statuses=statuses, annotator_id=user_id))
                       for user_id, name in annotators), out, counted)
    return stats


def count_export_entries(session: Session, *, project: Project, fmt: str, include_drafts: bool = False) -> int:
    """How many entries an export writes (texts; for doccano, annotator-text pairs), for a progress bar."""
    statuses = ("submitted", "draft") if include_drafts else ("submitted",)
    if fmt != "doccano":
        return len(_text_ids(session, project, statuses, None))
    return session.scalar(select(func.count()).select_from(Assignment).join(Text, Text.id == Assignment.text_id)
                          .where(Text.project_id == project.id, Assignment.status.in_(statuses)))


def _annotators(session: Session, project: Project, statuses) -> list[tuple[int, str]]:
    return list(session.execute(
        select(User.id, User.username).distinct().join(Assignment, Assignment.annotator_id == User.id)
        .join(Text, Text.id == Assignment.text_id)
        .where(Text.project_id == project.id, Assignment.status.in_(statuses)).order_by(User.username)))


def _text_ids(session: Session, project: Project, statuses, annotator_id: int | None) -> list[int]:
    conditions = [Text.project_id == project.id, Assignment.status.in_(statuses)]
    if annotator_id is not None:
        conditions.append(Assignment.annotator_id == annotator_id)
    return list(session.scalars(select(Assignment.text_id).distinct().join(Text, Text.id == Assignment.text_id)
                                .where(*conditions).order_by(Assignment.text_id)))


def annotated_texts(session: Session, *, project: Project, statuses: tuple[str, ...],
                    annotator_id: int | None = None) -> Iterator[AnnotatedText]:
    """Texts with at least one included set, in id order, each with every included annotator's spans."""
    text_ids = _text_ids(session, project, statuses, annotator_id)
    for first in range(0, len(text_ids), TEXT_BATCH):
        batch = text_ids[first:first + TEXT_BATCH]
        conditions = [Assignment.text_id.in_(batch), Assignment.status.in_(statuses)]
        if annotator_id is not None:
            conditions.append(Assignment.annotator_id == annotator_id)
        rows = session.execute(
            select(Assignment.text_id, User.id, User.username, Assignment.status, Span.start, Span.end, Span.label,
                   Span.attributes, Span.suggested_by)
            .join(User, User.id == Assignment.annotator_id)
            .join(AnnotationSet, AnnotationSet.assignment_id == Assignment.id)
            .outerjoin(Span, Span.annotation_set_id == AnnotationSet.id)
            .where(*conditions).order_by(Assignment.text_id, User.username, Span.start, Span.end, Span.label))
        work: dict[int, dict[str, tuple[int, str, list[ExportSpan]]]] = {}
        for text_id, user_id, username, status, start, end, label, attributes, suggested_by in rows:
            entry = work.setdefault(text_id, {}).setdefault(username, (user_id, status, []))
            if start is not None:
                entry[2].append(ExportSpan(start, end, label, attributes or {}, suggested_by))
        texts = session.execute(select(Text.id, Text.external_id, Text.content, Text.title, Text.meta)
                                .where(Text.id.in_(batch)).order_by(Text.id))
        for text_id, external_id, content, title, meta in texts:
            yield AnnotatedText(text_id, external_id, content, title, meta or {}, tuple(
                AnnotatorWork(name, user_id, status, tuple(spans))
                for name, (user_id, status, spans) in work[text_id].items()))
