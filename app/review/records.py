"""Frozen records of verdicts that the pure export writers consume."""
from dataclasses import dataclass


@dataclass(frozen=True)
class EvidenceRecord:
    """A source passage (source_id with offsets) or an external page cited by a verdict."""

    kind: str
    quoted_passage: str = ""
    url: str | None = None
    publisher: str = ""
    title: str = ""
    accessed_at: str | None = None
    source_id: int | None = None
    start: int | None = None
    end: int | None = None
    score: float | None = None


@dataclass(frozen=True)
class VerdictRecord:
    """One version of a verdict with its claim's span_ref (text, offsets, label, gold version)."""

    verdict_id: int
    claim_id: int
    number: int
    status: str
    text_id: int
    text_title: str
    start: int
    end: int
    label: str
    gold_version: str
    span_text: str
    claim_reviewed: str
    claimant: str
    claim_date: str | None
    claim_appearance: str | None
    first_appearance: str | None
    check_type: str
    check_type_name: str
    rating: str | None
    rating_name: str | None
    rating_value: int | None
    best_rating: int | None
    worst_rating: int | None
    explanation: str
    language: str
    correction_note: str
    author: str
    signed_off_by: str | None
    published_at: str | None
    url: str
    evidence: tuple[EvidenceRecord, ...] = ()

    def span_key(self) -> tuple[int, int, int, str]:
        return self.text_id, self.start, self.end, self.label
