"""What the API answers for an annotation set: one flat value, built from the ORM or straight from a save."""
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.annotations.models import AnnotationSet
from app.annotations.service import can_reopen


@dataclass(frozen=True)
class AnnotationSetView:
    id: int
    assignment_id: int
    text_id: int
    annotator: str
    version: int
    status: str
    can_reopen: bool
    annotation_schema_version_id: int
    updated_at: datetime
    spans: list[dict[str, Any]]  # Span.as_dict() shapes, ordered by (start, end, id)

    @classmethod
    def of(cls, annotation_set: AnnotationSet) -> "AnnotationSetView":
        assignment = annotation_set.assignment
        return cls(annotation_set.id, assignment.id, assignment.text_id, assignment.annotator.username,
                   annotation_set.version, assignment.status, can_reopen(assignment),
                   annotation_set.annotation_schema_version_id, annotation_set.updated_at,
                   [span.as_dict() for span in annotation_set.spans])
