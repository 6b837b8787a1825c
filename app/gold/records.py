"""Frozen records that the gold export writers consume and report."""
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

OFFSET_UNIT = "codepoint"
# Keys that write_export adds to each document's meta; the JSONL reader strips them again.
EXPORT_META_KEYS = ("release", "schema_id", "schema_version", "offset_unit")


@dataclass(frozen=True)
class GoldSpan:
    """One adjudicated span: half-open code-point offsets into its document's text."""

    start: int
    end: int
    label: str
    attributes: Mapping[str, Any] = field(default_factory=dict)
    provenance: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GoldDocument:
    """A text with its gold spans, as one gold version holds it."""

    id: str
    text: str
    sha256: str
    spans: tuple[GoldSpan, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AttributeSpec:
    """One schema attribute as an export declares it: id, type and, for choices, every value."""

    id: str
    type: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportContext:
    """Release-wide facts every writer needs: schema identity, label order and each label's attributes."""

    release: str
    schema_id: str
    schema_version: str
    labels: tuple[str, ...]
    bio_tags: Mapping[str, str]
    spans_key: str = "sc"
    attributes: Mapping[str, tuple[AttributeSpec, ...]] = field(default_factory=dict)

    def tag_stem(self, label: str) -> str:
        """The BIO/brat type name for a label id, falling back to the id itself."""
        return self.bio_tags.get(label, label)


@dataclass(frozen=True)
class ExportStats:
    """What one export wrote."""

    documents: int
    spans: int
    label_counts: Mapping[str, int]
    bio_conflicts: int
    bytes_written: int


@dataclass(frozen=True)
class LineError:
    """A JSONL line that could not be re-imported (1-based line number)."""

    line_number: int
    reason: str


def sorted_spans(spans: tuple[GoldSpan, ...]) -> list[GoldSpan]:
    """Spans in the export order: by start, then end, then label."""
    return sorted(spans, key=lambda s: (s.start, s.end, s.label))
