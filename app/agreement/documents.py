"""Frozen input records for the agreement engine and the JSONL reader that builds them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

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


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_spans(raw: object, text_length: int) -> tuple[Span, ...]:
    if not isinstance(raw, list):
        raise ValueError("'spans' must be a list")
    spans = []
    for number, span in enumerate(raw):
        if not isinstance(span, dict):
            raise ValueError(f"span {number} is not an object")
        for key in ("start", "end", "label"):
            if key not in span:
                raise ValueError(f"span {number} has no '{key}'")
        start, end, label = span["start"], span["end"], span["label"]
        if not (_is_int(start) and _is_int(end)):
            raise ValueError(f"span {number}: start and end must be integers")
        if not isinstance(label, str):
            raise ValueError(f"span {number}: label must be a string")
        if not 0 <= start < end <= text_length:
            raise ValueError(f"span {number}: bad offsets {start}..{end} for a text of {text_length}")
        spans.append((start, end, label))
    return tuple(spans)


def _parse_line(line: str) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON: {exc.msg}") from None
    if not isinstance(record, dict):
        raise ValueError("a line must hold a JSON object")
    for key, kind in (("id", str), ("text", str), ("annotations", list)):
        if key not in record:
            raise ValueError(f"missing field '{key}'")
        if not isinstance(record[key], kind):
            raise ValueError(f"field '{key}' must be a {kind.__name__}")
    text = record["text"]
    annotations: dict[str, tuple[Span, ...]] = {}
    for number, entry in enumerate(record["annotations"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("annotator"), str):
            raise ValueError(f"annotation {number} needs a string 'annotator'")
        if "spans" not in entry:
            raise ValueError(f"annotation {number} has no 'spans'")
        spans = _parse_spans(entry["spans"], len(text))
        # One annotator listed twice is read as one annotation set.
        annotations[entry["annotator"]] = annotations.get(entry["annotator"], ()) + spans
    return Document(id=record["id"], text=text, annotations=annotations)


def parse_annotations_jsonl(lines: Iterable[str]) -> tuple[list[Document], list[LineError]]:
    """Read agreement documents from JSONL lines; bad lines become LineErrors, blank lines are skipped."""
    documents: list[Document] = []
    errors: list[LineError] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            documents.append(_parse_line(line))
        except ValueError as exc:
            errors.append(LineError(line_number=number, reason=str(exc)))
    return documents, errors
