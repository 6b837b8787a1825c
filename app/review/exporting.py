"""Turn stored verdicts into export records and stream ClaimReview, CSV or gold JSONL with verdicts."""
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, selectinload

from app.auth.models import User
from app.errors import Invalid
from app.gold.models import GoldAnnotation
from app.gold.records import ExportContext, GoldDocument, GoldSpan
from app.gold.releases import export_context, iter_release_documents, require_release
from app.review.claimreview import write_claimreview
from app.review.exports import render_reviewed_jsonl, write_verdicts_csv
from app.review.models import Claim, Verdict
from app.review.records import EvidenceRecord, VerdictRecord
from app.review.service import gold_versions
from app.review.sources import project_review_settings
from app.texts.models import Project, Text

EXPORT_FORMATS = ("claimreview", "csv", "jsonl")
EXPORT_SUFFIX = {"claimreview": ".claimreview.json", "csv": ".verdicts.csv", "jsonl": ".reviewed.jsonl"}
EXPORT_MEDIA_TYPE = {"claimreview": "application/ld+json", "csv": "text/csv; charset=utf-8",
                     "jsonl": "application/x-ndjson"}
PUBLIC_RECORD = ("published", "corrected")


def claim_url(base_url: str, claim_id: int, number: int) -> str:
    return f"{base_url.rstrip('/')}/claims/{claim_id}#verdict-{number}"


def verdict_records(session: Session, *, project: Project, base_url: str, statuses: Sequence[str] | None = None,
                    gold_version: str | None = None) -> Iterator[VerdictRecord]:
    """The project's verdict versions in claim and version order, as plain records."""
    names = {c.id: c.name for c in project_review_settings(session, project).check_types.values()}
    signer = aliased(User)
    query = (select(Verdict, Claim, Text.title, User.username, signer.username)
             .join(Claim, Claim.id == Verdict.claim_id).join(Text, Text.id == Claim.text_id)
             .join(User, User.id == Verdict.author_id).outerjoin(signer, signer.id == Verdict.signed_off_by_id)
             .where(Claim.project_id == project.id).options(selectinload(Verdict.evidence))
             .order_by(Claim.text_id, Claim.start, Claim.id, Verdict.number))
    if statuses is not None:
        query = query.where(Verdict.status.in_(statuses))
    if gold_version is not None:
        query = query.where(Claim.gold_version == gold_version)
    for verdict, claim, title, author, signed_off_by in session.execute(query):
        yield VerdictRecord(
            verdict_id=verdict.id, claim_id=claim.id, number=verdict.number, status=verdict.status,
            text_id=claim.text_id, text_title=title, start=claim.start, end=claim.end, label=claim.label,
            gold_version=claim.gold_version, span_text=claim.span_text, claim_reviewed=verdict.claim_reviewed,
            claimant=verdict.claimant, claim_date=_iso(verdict.claim_date), claim_appearance=verdict.claim_appearance,
            first_appearance=verdict.first_appearance, check_type=verdict.check_type,
            check_type_name=names.get(verdict.check_type, verdict.check_type), rating=verdict.rating,
            rating_name=verdict.rating_name, rating_value=verdict.rating_value, best_rating=verdict.best_rating,
            worst_rating=verdict.worst_rating, explanation=verdict.explanation, language=verdict.language,
            correction_note=verdict.correction_note, author=author, signed_off_by=signed_off_by,
            published_at=_iso(verdict.published_at), url=claim_url(base_url, claim.id, verdict.number),
            evidence=tuple(EvidenceRecord(kind=e.kind, quoted_passage=e.quoted_passage, url=e.url,
                                          publisher=e.publisher, title=e.title, accessed_at=_iso(e.accessed_at),
                                          source_id=e.source_id, start=e.start, end=e.end, score=e.score)
                           for e in verdict.evidence),
        )


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _current_gold_documents(session: Session, project: Project) -> tuple[Iterator[GoldDocument], ExportContext]:
    schema = project.annotation_schema_version
    labels = schema.document["labels"]
    context = ExportContext(release="current", schema_id=schema.schema_id, schema_version=schema.version,
                            labels=tuple(label["id"] for label in labels),
                            bio_tags={label["id"]: label["bio_tag"] for label in labels},
                            spans_key=schema.document.get("export", {}).get("spans_key", "sc"))

    def documents() -> Iterator[GoldDocument]:
        texts = session.scalars(select(Text).where(Text.project_id == project.id,
                                                   Text.adjudication_status == "adjudicated").order_by(Text.id))
        for text in texts:
            spans = session.scalars(select(GoldAnnotation).where(GoldAnnotation.text_id == text.id)
                                    .order_by(GoldAnnotation.start, GoldAnnotation.end)).all()
            yield GoldDocument(id=str(text.id), text=text.content, sha256=text.sha256,
                               spans=tuple(GoldSpan(s.start, s.end, s.label, s.attributes) for s in spans),
                               meta={"title": text.title, "source_url": text.source_url,
                                     "external_id": text.external_id})
    return documents(), context


def export_review(session: Session, *, project: Project, fmt: str, out: BinaryIO, base_url: str,
                  release_name: str | None = None) -> int:
    """Write one export; returns how many verdicts (claimreview, csv) or texts (jsonl) it holds.

    JSONL is the gold the queue was built from (the newest, or `release_name`; "" for the current gold)
    with each span's public verdicts (published and corrected versions) attached.

    :raises Invalid: unknown format. :raises NotFound: unknown release.
    """
    if fmt not in EXPORT_FORMATS:
        raise Invalid(f"Unknown review export format '{fmt}'; choose one of {', '.join(EXPORT_FORMATS)}.")
    if fmt == "claimreview":
        return write_claimreview(verdict_records(session, project=project, base_url=base_url,
                                                 statuses=("published",)), out)
    if fmt == "csv":
        return write_verdicts_csv(verdict_records(session, project=project, base_url=base_url), out)
    if release_name is None:
        versions = gold_versions(session, project=project)
        release_name = versions[0] if versions else ""
    release = require_release(session, project=project, name=release_name) if release_name else None
    # Verdicts first: the release's rows then stream through a server-side cursor on their own.
    attached: dict[tuple[int, int, int, str], list[VerdictRecord]] = {}
    for record in verdict_records(session, project=project, base_url=base_url, statuses=PUBLIC_RECORD,
                                  gold_version=release_name):
        attached.setdefault(record.span_key(), []).append(record)
    if release is not None:
        documents, context = iter_release_documents(session, release), export_context(session, release)
    else:
        documents, context = _current_gold_documents(session, project)
    count = 0
    for document in documents:
        out.write(render_reviewed_jsonl(document, context, attached))
        count += 1
    return count
