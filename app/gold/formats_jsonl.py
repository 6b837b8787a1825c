"""Canonical gold JSONL: one text per line, and its validating reader for re-import."""
import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

from app.annotations.spans import SpanRules, describe_invalid, validate_spans
from app.errors import Invalid
from app.gold.formats_common import json_line, release_meta
from app.gold.records import (
    EXPORT_META_KEYS,
    OFFSET_UNIT,
    ExportContext,
    GoldDocument,
    GoldSpan,
    LineError,
    sorted_spans,
)
from app.safe_input import InputError, json_lines


def render_jsonl(doc: GoldDocument, ctx: ExportContext) -> tuple[bytes, int]:
    """One canonical JSONL line for a text (no BIO, so no conflicts)."""
    return json_line(jsonl_record(doc, ctx)), 0


def jsonl_record(doc: GoldDocument, ctx: ExportContext) -> dict[str, Any]:
    """The object of a text's canonical JSONL line (the review export adds verdicts to its spans)."""
    spans = [
        {
            "start": s.start,
            "end": s.end,
            "label": s.label,
            "attributes": dict(s.attributes),
            "provenance": dict(s.provenance),
        }
        for s in sorted_spans(doc.spans)
    ]
    meta = {**doc.meta, **release_meta(ctx)}
    return {"id": doc.id, "text": doc.text, "sha256": doc.sha256, "spans": spans, "meta": meta}


class _Invalid(ValueError):
    """A reason why one line cannot be re-imported."""


def _require(condition: bool, reason: str) -> None:
    if not condition:
        raise _Invalid(reason)


def _parse_spans(raw_spans: Any, text: str, rules: SpanRules) -> tuple[GoldSpan, ...]:
    _require(isinstance(raw_spans, list), "spans must be a list")
    provenances = [span.get("provenance", {}) if isinstance(span, dict) else {} for span in raw_spans]
    for index, provenance in enumerate(provenances):
        _require(isinstance(provenance, dict), f"span {index}: provenance must be an object")
    try:
        spans = validate_spans(raw_spans, text=text, rules=rules)
    except Invalid as exc:
        raise _Invalid(describe_invalid(exc)) from None
    return tuple(GoldSpan(start=span.start, end=span.end, label=span.label, attributes=dict(span.attributes),
                          provenance=provenance) for span, provenance in zip(spans, provenances))


def gold_document(raw: Any, rules: SpanRules) -> GoldDocument:
    """One parsed JSONL line of a gold export as a document, its spans checked under `rules`.

    :raises ValueError: why the line cannot be imported.
    """
    _require(isinstance(raw, dict), "not a JSON object")
    doc_id, text, sha256 = raw.get("id"), raw.get("text"), raw.get("sha256")
    _require(isinstance(doc_id, str) and doc_id != "", "id must be a non-empty string")
    _require(isinstance(text, str), "text must be a string")
    _require(isinstance(sha256, str), "sha256 must be a string")
    _require(hashlib.sha256(text.encode("utf-8")).hexdigest() == sha256, "sha256 does not match the text")
    meta = raw.get("meta", {})
    _require(isinstance(meta, dict), "meta must be an object")
    unit = meta.get("offset_unit", OFFSET_UNIT)
    _require(unit == OFFSET_UNIT, f"offset_unit {unit!r} is not {OFFSET_UNIT!r}")
    spans = _parse_spans(raw.get("spans", []), text, rules)
    own_meta = {k: v for k, v in meta.items() if k not in EXPORT_META_KEYS}
    return GoldDocument(id=doc_id, text=text, sha256=sha256, spans=spans, meta=own_meta)


def read_gold_jsonl(
    lines: Iterable[bytes | str], *, rules: SpanRules = SpanRules()
) -> Iterator[GoldDocument | LineError]:
    """Parse exported gold JSONL lazily, yielding a LineError for each invalid line; blank lines are skipped.

    Spans pass the one span validator under `rules` (by default: any label, overlaps allowed). The release
    keys the writer added to meta are removed, so a round trip gives back the exported documents.
    """
    for number, raw in json_lines(lines):
        try:
            if isinstance(raw, InputError):
                raise _Invalid(str(raw))
            yield gold_document(raw, rules)
        except _Invalid as exc:
            yield LineError(line_number=number, reason=str(exc))
