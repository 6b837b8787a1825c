"""Canonical gold JSONL: one text per line, and its validating reader for re-import."""
import hashlib
import json
from collections.abc import Collection, Iterable, Iterator
from typing import Any

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


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_span(raw: Any, index: int, text_length: int, labels: Collection[str] | None) -> GoldSpan:
    where = f"spans[{index}]"
    _require(isinstance(raw, dict), f"{where} is not an object")
    start, end, label = raw.get("start"), raw.get("end"), raw.get("label")
    _require(_is_int(start) and _is_int(end), f"{where}: start and end must be integers")
    _require(
        0 <= start < end <= text_length, f"{where}: offsets {start}-{end} outside the text (0-{text_length}) or empty"
    )
    _require(isinstance(label, str) and label != "", f"{where}: label must be a non-empty string")
    _require(labels is None or label in labels, f"{where}: unknown label {label!r}")
    attributes, provenance = raw.get("attributes", {}), raw.get("provenance", {})
    _require(isinstance(attributes, dict), f"{where}: attributes must be an object")
    _require(isinstance(provenance, dict), f"{where}: provenance must be an object")
    return GoldSpan(start=start, end=end, label=label, attributes=attributes, provenance=provenance)


def _parse_document(line: str, labels: Collection[str] | None) -> GoldDocument:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _Invalid(f"not JSON: {exc.msg} at column {exc.colno}") from None
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
    raw_spans = raw.get("spans", [])
    _require(isinstance(raw_spans, list), "spans must be a list")
    spans = tuple(_parse_span(s, i, len(text), labels) for i, s in enumerate(raw_spans))
    own_meta = {k: v for k, v in meta.items() if k not in EXPORT_META_KEYS}
    return GoldDocument(id=doc_id, text=text, sha256=sha256, spans=spans, meta=own_meta)


def read_gold_jsonl(
    lines: Iterable[str], *, labels: Collection[str] | None = None
) -> Iterator[GoldDocument | LineError]:
    """Parse exported gold JSONL lazily, yielding a LineError for each invalid line; blank lines are skipped.

    The release keys the writer added to meta are removed, so a round trip gives back the exported documents.
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield _parse_document(line, labels)
        except _Invalid as exc:
            yield LineError(line_number=number, reason=str(exc))
