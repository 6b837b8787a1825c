"""Frozen records the foreign-format readers produce and the translation step consumes."""
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Annotation sets become an annotator's submitted work; prediction sets become suggestions.
SET_KINDS = ("annotation", "prediction")


@dataclass(frozen=True)
class ForeignSpan:
    """A span as another tool wrote it: offsets in that tool's unit, its own label and attribute names."""

    start: int
    end: int
    labels: tuple[str, ...]
    location: str
    # The covered text, when the file carries it: the best evidence of the offset unit.
    text: str | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)
    score: float | None = None
    # Discontinuous spans (brat): the pieces; empty for an ordinary span.
    fragments: tuple[tuple[int, int], ...] = ()
    # factspan's own provenance, carried through Label Studio and back.
    suggested_by: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class ForeignSet:
    """One person's (or one model's) spans on one text."""

    annotator: str
    spans: tuple[ForeignSpan, ...]
    kind: str = "annotation"
    status: str = "submitted"
    ground_truth: bool = False
    score: float | None = None


@dataclass(frozen=True)
class ForeignDocument:
    """One text with every set another tool holds for it."""

    location: str
    text: str
    sets: tuple[ForeignSet, ...]
    external_id: str | None = None
    title: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportIssue:
    """Something in the file that was not imported, and where it is (file, line, task or region)."""

    location: str
    message: str


@dataclass(frozen=True)
class Unreadable:
    """A document the reader could not make sense of at all."""

    location: str
    reason: str
