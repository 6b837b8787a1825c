"""factspan's own annotations JSONL read as foreign documents, for imports through a mapping or as suggestions.

`{"id", "text", "title"?, "meta"?, "annotations": [{"annotator", "status"?, "spans": [{start, end, label,
attributes?, confidence?, suggested_by?}]}]}`, the shape `factspan agreement --input` reads,
`factspan export-annotations --format jsonl` writes and `factspan suggest predict` writes.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from app.interop.records import ForeignDocument, ForeignSet, ForeignSpan, ImportIssue, Unreadable
from app.safe_input import InputError, json_lines


def read_factspan_jsonl(lines: Iterable[bytes | str], *, source: str
                        ) -> Iterator[ForeignDocument | Unreadable | ImportIssue]:
    for number, record in json_lines(lines):
        where = f"{source}:{number}"
        if isinstance(record, InputError):
            yield Unreadable(where, str(record))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) \
                or not isinstance(record.get("annotations"), list):
            yield Unreadable(where, "each line needs 'text' (a string) and 'annotations' (a list)")
            continue
        sets = []
        for index, entry in enumerate(record["annotations"]):
            if not isinstance(entry, dict) or not isinstance(entry.get("annotator"), str) or not entry["annotator"]:
                yield ImportIssue(f"{where} annotation {index + 1}", "needs an 'annotator' name; skipped")
                continue
            spans = []
            for number_in_set, span in enumerate(entry.get("spans") or []):
                place = f"{where} {entry['annotator']} span {number_in_set + 1}"
                if not isinstance(span, dict) or "label" not in span:
                    yield ImportIssue(place, "a span needs start, end and label; skipped")
                    continue
                confidence = span.get("confidence")
                spans.append(ForeignSpan(
                    start=span.get("start"), end=span.get("end"), labels=(str(span["label"]),), location=place,
                    attributes=span.get("attributes") or {},
                    score=float(confidence) if isinstance(confidence, int | float) else None,
                    suggested_by=span.get("suggested_by") if isinstance(span.get("suggested_by"), dict) else None))
            sets.append(ForeignSet(annotator=entry["annotator"], spans=tuple(spans),
                                   status="draft" if entry.get("status") == "draft" else "submitted"))
        meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
        yield ForeignDocument(location=where, text=record["text"], sets=tuple(sets),
                              external_id=str(record["id"]) if record.get("id") is not None else None,
                              title=str(record.get("title") or ""), meta=meta)
