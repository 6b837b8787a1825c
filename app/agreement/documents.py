"""Frozen input records for the agreement engine and the JSONL reader that builds them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.annotations.spans import SpanRules, describe_invalid, validate_spans
from app.errors import Invalid
from app.safe_input import InputError, json_lines

Span = tuple[int, int, str]


@dataclass(frozen=True)
class Document:
    """One text with each annotator's spans; an absent annotator did not annotate it."""

    id: str
    text: str
    annotations: Mapping[str, tuple[Span, ...]]


@dataclass(frozen=True)
class LineError:
    """A JSONL line that could not be read, numbered from 1."""

    line_number: int
    reason: str


def _parse_record(record: Any) -> Document:
    if not isinstance(record, dict):
        raise ValueError("a line must hold a JSON object")
    for key, kind in (("id", str), ("text", str), ("annotations", list)):
        if key not in record:
            raise ValueError(f"missing field '{key}'")
        if not isinstance(record[key], kind):
            raise ValueError(f"field '{key}' must be a {kind.__name__}")
    raw_spans: dict[str, list[Any]] = {}
    for number, entry in enumerate(record["annotations"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("annotator"), str):
            raise ValueError(f"annotation {number} needs a string 'annotator'")
        if not isinstance(entry.get("spans"), list):
            raise ValueError(f"annotation {number} needs 'spans' (a list)")
        # One annotator listed twice is read as one annotation set.
        raw_spans.setdefault(entry["annotator"], []).extend(entry["spans"])
    annotations: dict[str, tuple[Span, ...]] = {}
    for annotator, raw in raw_spans.items():
        try:
            spans = validate_spans(raw, text=record["text"], rules=SpanRules())
        except Invalid as exc:
            raise ValueError(f"annotator {annotator!r}: {describe_invalid(exc)}") from None
        annotations[annotator] = tuple((span.start, span.end, span.label) for span in spans)
    return Document(id=record["id"], text=record["text"], annotations=annotations)


def parse_annotations_jsonl(lines: Iterable[bytes | str]) -> tuple[list[Document], list[LineError]]:
    """Read agreement documents from JSONL lines; bad lines become LineErrors, blank lines are skipped."""
    documents: list[Document] = []
    errors: list[LineError] = []
    for number, record in json_lines(lines):
        try:
            if isinstance(record, InputError):
                raise ValueError(str(record))
            documents.append(_parse_record(record))
        except ValueError as exc:
            errors.append(LineError(line_number=number, reason=str(exc)))
    return documents, errors
