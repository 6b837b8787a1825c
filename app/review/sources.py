"""Source documents of a project, and the fidelity matches of the claims they back."""
import hashlib
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from app.annotation_schemas.file_review import default_review_section
from app.annotation_schemas.service import latest_schema_version
from app.auth.models import User
from app.db import utcnow
from app.errors import Conflict, Invalid, NotFound
from app.review.matching import Match, SourceText, best_matches
from app.review.models import Claim, EvidenceItem, Source
from app.review.settings import ReviewSettings, review_settings
from app.texts.models import Project

SOURCE_FIELDS = ("title", "publisher", "url", "published_on", "language", "linked_values", "content")
MATCH_BATCH = 1000


def project_review_settings(session: Session, project: Project) -> ReviewSettings:
    """The review section of the newest stored version of the project's schema file.

    The newest, not the project's own version: the review section is the desk's configuration, so a
    desk that edits its scales and reloads the file gets them without touching the annotations.
    """
    schema_id = project.annotation_schema_version.schema_id
    return review_settings(latest_schema_version(session, schema_id).document, default_review_section())


def _clean_values(values: Iterable[str]) -> list[str]:
    cleaned = sorted({value.strip() for value in values if value and value.strip()})
    if not cleaned:
        raise Invalid("Link the source to at least one value of the source attribute, e.g. russian_readout.",
                      errors={"linked_values": ["Required."]})
    return cleaned


def add_source(session: Session, *, project: Project, title: str, content: str, linked_values: Sequence[str],
               user: User | None, publisher: str = "", url: str | None = None, published_on: date | None = None,
               language: str = "en") -> Source:
    """Store a source document and match the project's claims that cite its values against it.

    :raises Invalid: no title, no text or no linked value. :raises Conflict: the same text is already a source.
    """
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    if not title.strip():
        raise Invalid("A source needs a title.", errors={"title": ["Required."]})
    if not content.strip():
        raise Invalid("A source needs its full text.", errors={"content": ["Required."]})
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
    if session.scalar(select(Source.id).where(Source.project_id == project.id, Source.sha256 == digest)):
        raise Conflict("This project already has a source with exactly this text.", reason="source_exists")
    source = Source(project_id=project.id, title=title.strip(), publisher=publisher.strip(), url=url or None,
                    published_on=published_on, language=language or "en", content=content, sha256=digest,
                    char_count=len(content), linked_values=_clean_values(linked_values),
                    created_by_id=user.id if user else None)
    session.add(source)
    session.flush()
    refresh_matches(session, project=project, values=source.linked_values)
    return source


def update_source(session: Session, *, source: Source, changes: dict[str, Any]) -> Source:
    """Change a source's details, links or (while no evidence cites it) its text; matches are recomputed.

    :raises Conflict: the text would change under stored evidence offsets.
    """
    unknown = set(changes) - set(SOURCE_FIELDS)
    if unknown:
        raise Invalid(f"A source has no field {', '.join(sorted(unknown))}.")
    before = set(source.linked_values)
    if "content" in changes and changes["content"] != source.content:
        if session.scalar(select(exists().where(EvidenceItem.source_id == source.id))):
            raise Conflict("Evidence cites passages of this source by offset, so its text can no longer change; "
                           "add the new text as another source.", reason="source_cited")
        content = changes["content"].replace("\r\n", "\n")
        if not content.strip():
            raise Invalid("A source needs its full text.", errors={"content": ["Required."]})
        source.content, source.char_count = content, len(content)
        source.sha256 = hashlib.sha256(content.encode("utf-8")).hexdigest()
    if "linked_values" in changes:
        source.linked_values = _clean_values(changes["linked_values"])
    for key in ("title", "publisher", "url", "published_on", "language"):
        if key in changes:
            setattr(source, key, changes[key])
    source.updated_at = utcnow()
    session.flush()
    project = session.get(Project, source.project_id)
    refresh_matches(session, project=project, values=before | set(source.linked_values))
    return source


def list_sources(session: Session, *, project: Project) -> Sequence[Source]:
    return session.scalars(select(Source).where(Source.project_id == project.id).order_by(Source.id)).all()


def require_source(session: Session, source_id: int) -> Source:
    source = session.get(Source, source_id)
    if source is None:
        raise NotFound(f"There is no source {source_id}.")
    return source


def sources_by_value(session: Session, project_id: int) -> dict[str, list[SourceText]]:
    """The project's sources as matcher inputs, under each value they are linked to."""
    linked: dict[str, list[SourceText]] = {}
    for source_id, content, values in session.execute(
            select(Source.id, Source.content, Source.linked_values).where(Source.project_id == project_id)
            .order_by(Source.id)):
        for value in values:
            linked.setdefault(value, []).append(SourceText(source_id, content))
    return linked


def claim_matches(session: Session, claim: Claim, settings: ReviewSettings, *, limit: int = 3) -> list[Match]:
    """The best passages for one claim in the sources linked to its source value (none if it has no source)."""
    value = settings.source_value(claim.attributes)
    if not settings.compares_with_source(claim.label) or value is None:
        return []
    return best_matches(claim.span_text, sources_by_value(session, claim.project_id).get(value, []), limit=limit)


def refresh_matches(session: Session, *, project: Project, values: Iterable[str] | None = None,
                    claim_ids: Sequence[int] | None = None) -> int:
    """Store each affected claim's best match score (queue build, source added or changed); returns how many."""
    settings = project_review_settings(session, project)
    labels = [label for label in settings.queued if settings.compares_with_source(label)]
    if not labels:
        return 0
    linked = sources_by_value(session, project.id)
    wanted = set(values) if values is not None else None
    query = select(Claim.id, Claim.span_text, Claim.attributes).where(Claim.project_id == project.id,
                                                                      Claim.label.in_(labels))
    if claim_ids is not None:
        query = query.where(Claim.id.in_(claim_ids))
    rows: list[dict[str, Any]] = []
    for claim_id, span_text, attributes in session.execute(query.order_by(Claim.id)):
        value = settings.source_value(attributes)
        if wanted is not None and value not in wanted:
            continue
        found = best_matches(span_text, linked.get(value, []), limit=1) if value else []
        best = found[0] if found else None
        rows.append({"id": claim_id, "match_score": best.score if best else None,
                     "match_source_id": best.source_id if best else None,
                     "match_start": best.start if best else None, "match_end": best.end if best else None})
    for start in range(0, len(rows), MATCH_BATCH):
        session.execute(update(Claim), rows[start:start + MATCH_BATCH])
    return len(rows)
