"""Import every domain's models so the metadata (and Alembic) sees all tables."""
from app.annotation_schemas.models import AnnotationSchemaVersion
from app.annotations.models import AnnotationEvent, AnnotationSet, Assignment, Span
from app.audit.models import AuditEvent
from app.auth.models import ApiToken, User
from app.idempotency.models import IdempotencyKey
from app.jobs.models import Job
from app.gold.models import AdjudicationDecision, AdjudicationItem, GoldAnnotation, GoldRelease, GoldReleaseText
from app.review.models import Claim, EvidenceItem, ReviewComment, ReviewEvent, Source, Verdict
from app.suggestions.models import Suggester, Suggestion, SuggestionDecision
from app.texts.models import Project, Text, TextImport

__all__ = [
    "AdjudicationDecision",
    "AdjudicationItem",
    "GoldAnnotation",
    "IdempotencyKey",
    "GoldRelease",
    "GoldReleaseText",
    "Job",
    "AnnotationEvent",
    "AuditEvent",
    "Claim",
    "EvidenceItem",
    "ReviewComment",
    "ReviewEvent",
    "Source",
    "Verdict",
    "AnnotationSchemaVersion",
    "AnnotationSet",
    "ApiToken",
    "Assignment",
    "Project",
    "Span",
    "Suggester",
    "Suggestion",
    "SuggestionDecision",
    "Text",
    "TextImport",
    "User",
]
