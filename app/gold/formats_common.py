"""Shared plumbing of the export writers: byte counting, tallies and JSON lines."""
import json
from collections import Counter
from collections.abc import Callable
from typing import Any, BinaryIO

from app.gold.records import OFFSET_UNIT, ExportContext, ExportStats, GoldDocument

# JSON leaves these unescaped when ensure_ascii is off, yet str.splitlines() breaks lines on them.
_LINE_BREAKERS = (("\x85", "\\u0085"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class CountingWriter:
    """Forwards bytes to the real output and counts them; deliberately neither seekable nor closable."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self.count = 0

    def write(self, data: bytes) -> int:
        self._out.write(data)
        self.count += len(data)
        return len(data)

    def flush(self) -> None:
        self._out.flush()


class Tally:
    """Running totals of one export; calls the progress callback after every document."""

    def __init__(self, on_document: Callable[[], None] | None) -> None:
        self._on_document = on_document
        self.documents = 0
        self.spans = 0
        self.label_counts: Counter[str] = Counter()
        self.bio_conflicts = 0

    def document_done(self, doc: GoldDocument) -> None:
        self.record(len(doc.spans), Counter(span.label for span in doc.spans), 0)

    def record(self, spans: int, labels: Counter[str], bio_conflicts: int) -> None:
        """Count one written document from what its renderer reported."""
        self.documents += 1
        self.spans += spans
        self.label_counts.update(labels)
        self.bio_conflicts += bio_conflicts
        if self._on_document is not None:
            self._on_document()

    def stats(self, bytes_written: int) -> ExportStats:
        return ExportStats(
            documents=self.documents,
            spans=self.spans,
            label_counts=dict(self.label_counts),
            bio_conflicts=self.bio_conflicts,
            bytes_written=bytes_written,
        )


def release_meta(ctx: ExportContext) -> dict[str, str]:
    """The release keys added to every exported document's meta."""
    return {
        "release": ctx.release,
        "schema_id": ctx.schema_id,
        "schema_version": ctx.schema_version,
        "offset_unit": OFFSET_UNIT,
    }


def json_text(obj: Any) -> str:
    """Compact JSON without ASCII escaping, yet safe for every line splitter."""
    text = _dumps(obj)
    if not text.isascii():
        for char, escape in _LINE_BREAKERS:
            if char in text:
                text = text.replace(char, escape)
    return text


def json_line(obj: Any) -> bytes:
    """One JSONL line, UTF-8 encoded."""
    return (json_text(obj) + "\n").encode("utf-8")
