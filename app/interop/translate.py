"""Turn a foreign document into factspan's import record: code-point offsets, our labels and attributes.

What does not fit (a label or value with no counterpart, offsets outside the text) is left out of the
record and named in the issues, with the place in the file it came from.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.interop.mapping import Resolver
from app.interop.offsets_detect import Detection, RawSpan, detect_offsets
from app.interop.records import ForeignDocument, ForeignSpan, ImportIssue
from app.texts.readers import normalise_newlines


@dataclass(frozen=True)
class TranslatedDocument:
    location: str
    # {"id", "text", "title", "meta", "annotations": [{"annotator", "status", "ground_truth", "spans"}],
    #  "suggestions": [{"source", "spans": [{start, end, label, attributes, confidence}]}]}
    record: dict[str, Any]
    issues: tuple[ImportIssue, ...]
    detection: Detection | None


def translate_document(document: ForeignDocument, *, resolver: Resolver, unit: str | None = None,
                       as_suggestions: bool = False) -> TranslatedDocument:
    """Detect the offset unit over all the document's spans (or use `unit`), then map every span."""
    issues: list[ImportIssue] = []
    every = [span for foreign_set in document.sets for span in foreign_set.spans]
    detection, converted = detect_offsets(document.text, [RawSpan(s.start, s.end, s.text) for s in every], unit=unit)
    text = normalise_newlines(document.text)
    positions = iter(converted)
    annotations, suggestions = [], []
    for foreign_set in document.sets:
        spans = []
        for span in foreign_set.spans:
            offsets = next(positions)
            mapped = _span(span, offsets, text, document.text, detection, resolver, issues)
            if mapped is not None:
                if span.score is not None or foreign_set.score is not None:
                    mapped["confidence"] = span.score if span.score is not None else foreign_set.score
                spans.append(mapped)
        if as_suggestions or foreign_set.kind == "prediction":
            suggestions.append({"source": foreign_set.annotator, "spans": spans})
        else:
            annotations.append({"annotator": foreign_set.annotator, "status": foreign_set.status,
                                "ground_truth": foreign_set.ground_truth, "spans": spans})
    record = {"id": document.external_id, "text": text, "title": document.title, "meta": dict(document.meta),
              "annotations": annotations, "suggestions": suggestions}
    return TranslatedDocument(document.location, record, tuple(issues), detection if every else None)


def _span(span: ForeignSpan, offsets: tuple[int, int] | None, text: str, raw_text: str, detection: Detection,
          resolver: Resolver, issues: list[ImportIssue]) -> dict[str, Any] | None:
    if offsets is None:
        issues.append(ImportIssue(span.location, f"offsets {span.start}–{span.end} do not fit the text "
                                                 f"(read as {detection.unit}); skipped"))
        return None
    if span.fragments and not _gaps_are_blank(span, text, raw_text, detection):
        issues.append(ImportIssue(span.location, "a discontinuous span with words between its pieces cannot be "
                                                 "one factspan span; skipped"))
        return None
    label = resolver.label(span.labels[0])
    if label is None:
        issues.append(ImportIssue(span.location, f"label '{span.labels[0]}' did not map to the project's schema; "
                                                 "span skipped"))
        return None
    for extra in span.labels[1:]:
        issues.append(ImportIssue(span.location, f"second label '{extra}' on one region dropped (one label per span)"))
    attributes: dict[str, Any] = {}
    for name, value in span.attributes.items():
        result = resolver.attribute(label, str(name), value)
        if isinstance(result, str):
            issues.append(ImportIssue(span.location, f"{result}; attribute dropped"))
        else:
            attributes[result[0]] = result[1]
    mapped: dict[str, Any] = {"start": offsets[0], "end": offsets[1], "label": label, "attributes": attributes}
    if span.suggested_by:
        mapped["suggested_by"] = dict(span.suggested_by)
    return mapped


def _gaps_are_blank(span: ForeignSpan, text: str, raw_text: str, detection: Detection) -> bool:
    _, pieces = detect_offsets(raw_text, [RawSpan(s, e) for s, e in span.fragments], unit=detection.unit,
                               newlines=detection.newlines)
    if any(piece is None for piece in pieces):
        return False
    return all(not text[left[1]:right[0]].strip() for left, right in zip(pieces, pieces[1:]))
