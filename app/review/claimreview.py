"""schema.org ClaimReview JSON-LD for published verdicts (Google's required and recommended fields)."""
import json
from collections.abc import Iterable
from typing import Any, BinaryIO

from app.review.records import EvidenceRecord, VerdictRecord

CONTEXT = "https://schema.org"


def claim_review(record: VerdictRecord) -> dict[str, Any]:
    """One ClaimReview: claimReviewed, reviewRating (alternateName and the numeric scale), url, itemReviewed."""
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": record.rating_name, "name": record.rating_name}
    if record.rating_value is not None:
        rating.update(ratingValue=record.rating_value, bestRating=record.best_rating, worstRating=record.worst_rating)
    if record.explanation:
        rating["ratingExplanation"] = record.explanation
    claim: dict[str, Any] = {"@type": "Claim", "author": {"@type": "Person", "name": record.claimant}}
    if record.claim_date:
        claim["datePublished"] = record.claim_date
    claim["appearance"] = [_creative_work(record.claim_appearance, record.text_title)]
    if record.first_appearance:
        claim["firstAppearance"] = _creative_work(record.first_appearance, record.text_title)
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": record.url,
        "claimReviewed": record.claim_reviewed,
        "itemReviewed": claim,
        "reviewRating": rating,
        "author": {"@type": "Person", "name": record.author},
        "datePublished": record.published_at,
        "inLanguage": record.language,
        "identifier": f"verdict-{record.verdict_id}-v{record.number}",
    }
    if record.evidence:
        review["citation"] = [_citation(item) for item in record.evidence]
    return review


def _creative_work(url: str | None, name: str) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "name": name}
    if url:
        work["url"] = url
    return work


def _citation(item: EvidenceRecord) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "name": item.title, "text": item.quoted_passage}
    if item.url:
        work["url"] = item.url
    if item.publisher:
        work["publisher"] = {"@type": "Organization", "name": item.publisher}
    if item.accessed_at:
        work["dateRead"] = item.accessed_at
    return work


def write_claimreview(records: Iterable[VerdictRecord], out: BinaryIO) -> int:
    """A JSON array of ClaimReview objects, one per published verdict; returns how many."""
    reviews = [claim_review(record) for record in records if record.status == "published"]
    out.write(json.dumps(reviews, ensure_ascii=False, indent=2).encode("utf-8"))
    out.write(b"\n")
    return len(reviews)
