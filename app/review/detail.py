"""What the review page of one claim shows: context, attributes, check types, linked sources and matches."""
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.review.matching import sentence_around
from app.review.models import Claim, Source
from app.review.service import claim_row
from app.review.settings import ReviewSettings
from app.review.sources import claim_matches, project_review_settings
from app.texts.models import Project, Text


def linked_sources(session: Session, claim: Claim, settings: ReviewSettings) -> list[Source]:
    """The project's sources linked to the claim's source value (none for claims not checked against sources)."""
    value = settings.source_value(claim.attributes)
    if value is None or not settings.compares_with_source(claim.label):
        return []
    sources = session.scalars(select(Source).where(Source.project_id == claim.project_id).order_by(Source.id))
    return [source for source in sources if value in source.linked_values]


def _attribute_rows(project: Project, claim: Claim) -> list[dict[str, Any]]:
    """The claim's attributes with their display names (choice names where the schema has them)."""
    label = next((item for item in project.annotation_schema_version.document["labels"] if item["id"] == claim.label),
                 {"attributes": []})
    rows = []
    for definition in label["attributes"]:
        value = claim.attributes.get(definition["id"])
        if value in (None, "", []):
            continue
        names = {choice["value"]: choice["name"] for choice in definition.get("choices", [])}
        shown = ", ".join(names.get(v, v) for v in value) if isinstance(value, list) else names.get(value, value)
        rows.append({"id": definition["id"], "name": definition["name"], "value": value, "shown": str(shown)})
    return rows


def verdict_defaults(text: Text, claim: Claim, settings: ReviewSettings, sources: list[Source]) -> dict[str, Any]:
    """How a new verdict starts: the span as the claim reviewed, the claimant, date and appearance of the text."""
    if sources:
        claimant = sources[0].publisher or sources[0].title
    else:
        claimant = text.meta.get("author") or f"Author of “{text.title}”" if text.title else "The author"
    claim_date = text.meta.get("date")
    try:
        claim_date = date.fromisoformat(str(claim_date)).isoformat() if claim_date else None
    except ValueError:
        claim_date = None
    return {"check_type": settings.queued[claim.label][0] if settings.queued.get(claim.label) else None,
            "rating": None, "claim_reviewed": claim.span_text, "claimant": claimant[:300], "claim_date": claim_date,
            "claim_appearance": text.source_url, "first_appearance": None, "explanation": "",
            "language": text.meta.get("language") or "en", "evidence": []}


def claim_detail(session: Session, *, claim: Claim) -> dict[str, Any]:
    """The claim with its context, attributes, check types, linked sources (with text) and best matches."""
    project = session.get(Project, claim.project_id)
    text = session.get(Text, claim.text_id)
    settings = project_review_settings(session, project)
    sources = linked_sources(session, claim, settings)
    start, end = sentence_around(text.content, claim.start, claim.end)
    label = next((item for item in project.annotation_schema_version.document["labels"] if item["id"] == claim.label),
                 {"name": claim.label, "color": "#cccccc"})
    checks = [settings.check_types[c] for c in settings.queued.get(claim.label, ())]
    return {
        "claim": claim_row(claim, settings),
        "label": {"id": claim.label, "name": label["name"], "color": label["color"]},
        "attributes": _attribute_rows(project, claim),
        "text": {"id": text.id, "title": text.title, "source_url": text.source_url},
        "context": {"start": start, "end": end, "before": text.content[start:claim.start],
                    "span": claim.span_text, "after": text.content[claim.end:end]},
        "check_types": [{"id": c.id, "name": c.name, "description": c.description,
                         "not_found_rating": c.not_found_rating,
                         "scale": [{"value": r.value, "name": r.name, "description": r.description} for r in c.scale]}
                        for c in checks],
        "sources": [{"id": s.id, "title": s.title, "publisher": s.publisher, "url": s.url, "content": s.content}
                    for s in sources],
        "matches": [{"source_id": m.source_id, "start": m.start, "end": m.end, "score": m.score}
                    for m in claim_matches(session, claim, settings)],
        "weak_match_below": settings.weak_match_below,
        "defaults": verdict_defaults(text, claim, settings, sources),
    }
