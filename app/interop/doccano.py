"""doccano sequence-labelling JSONL: read and write.

doccano exports one JSON object per line: `{"id", "text", "label": [[start, end, "LABEL"], …], …meta}`,
or with `"entities": [{"id", "label", "start_offset", "end_offset"}]` when relations are on. Without
collaborative annotation it writes one file per member (`<username>.jsonl`, zipped); with it, one
shared `all.jsonl`. The file name therefore names the annotator; a shared file needs a name given.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from app.gold.formats_common import json_text
from app.interop.records import ForeignDocument, ForeignSet, ForeignSpan, ImportIssue, Unreadable
from app.safe_input import InputError, json_lines

SHARED_FILE_STEM = "all"
_SPAN_KEYS = ("label", "entities", "labels")
_NOT_META = {"id", "text", "data", "Comments", "comments", "relations", *_SPAN_KEYS}


def read_doccano(lines: Iterable[bytes | str], *, source: str, annotator: str
                 ) -> Iterator[ForeignDocument | Unreadable | ImportIssue]:
    """Each line as one document with one set (the file's annotator)."""
    for number, record in json_lines(lines):
        where = f"{source}:{number}"
        if isinstance(record, InputError):
            yield Unreadable(where, str(record))
            continue
        text = record.get("text", record.get("data")) if isinstance(record, dict) else None
        if not isinstance(text, str):
            yield Unreadable(where, "each line needs 'text' (a string)")
            continue
        issues: list[ImportIssue] = []
        spans = tuple(_spans(record, where, issues))
        yield from issues
        meta = {k: v for k, v in record.items() if k not in _NOT_META}
        comments = record.get("Comments") or record.get("comments")
        if comments:
            meta["doccano_comments"] = comments
        yield ForeignDocument(location=where, text=text, sets=(ForeignSet(annotator=annotator, spans=spans),),
                              external_id=str(record["id"]) if record.get("id") is not None else None,
                              title=str(meta.pop("title", "") or ""), meta=meta)


def _spans(record: dict[str, Any], where: str, issues: list[ImportIssue]) -> Iterator[ForeignSpan]:
    key = next((k for k in _SPAN_KEYS if k in record), None)
    raw = record.get(key) if key else []
    if not isinstance(raw, list):
        issues.append(ImportIssue(where, f"'{key}' must be a list of spans"))
        return
    for index, item in enumerate(raw):
        place = f"{where} span {index + 1}"
        if isinstance(item, list | tuple) and len(item) == 3:
            start, end, label = item
        elif isinstance(item, dict) and {"start_offset", "end_offset", "label"} <= set(item):
            start, end, label = item["start_offset"], item["end_offset"], item["label"]
        else:
            issues.append(ImportIssue(place, "a span is [start, end, label] or {start_offset, end_offset, label}"))
            continue
        yield ForeignSpan(start=start, end=end, labels=(str(label),), location=place)
    if record.get("relations"):
        issues.append(ImportIssue(where, f"{len(record['relations'])} relation(s) skipped: factspan has no relations"))


def render_doccano(document: dict[str, Any]) -> str:
    """One doccano line for one annotator's spans on a text; attributes have no place in doccano."""
    record = {"id": document["id"], "text": document["text"],
              "label": [[s["start"], s["end"], s["label"]] for s in document["spans"]]}
    record.update({k: v for k, v in document.get("meta", {}).items() if k not in record})
    return json_text(record) + "\n"
