"""Work out which unit another tool counted offsets in (code points, UTF-16 units or UTF-8 bytes) and convert.

Label Studio's browser front end counts UTF-16 units, some exporters count bytes, Python tools count
code points; the files rarely say which. The evidence is the span text a file carries (the unit whose
slice reproduces it wins) or, without it, where spans fall (the unit whose spans start and end on word
boundaries wins). Texts with nothing but ASCII before and inside their spans give every unit the same
answer, so nothing needs deciding.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from app.annotations.offsets import utf16_to_codepoint
from app.texts.readers import normalise_newlines

UNITS = ("codepoint", "utf16", "utf8")
_ZWJ = "\u200d"
# On a tie, the unit factspan itself uses wins.
_PREFERENCE = {unit: rank for rank, unit in enumerate(UNITS)}


@dataclass(frozen=True)
class RawSpan:
    """Offsets as the file wrote them, with the covered text when the file carries it."""

    start: int
    end: int
    text: str | None = None


@dataclass(frozen=True)
class Detection:
    """The unit chosen for one text and why."""

    unit: str
    # span_text: slices matched the texts the file carries; word_boundaries: spans fell on word edges;
    # no_difference: every unit gives the same offsets; forced: the caller named the unit.
    evidence: str
    fitting: int
    total: int
    ambiguous: bool = False
    # The tool counted on its text with \r\n kept (raw) or already normalised to \n.
    newlines: str = "raw"

    def summary(self) -> str:
        """The unit and the kind of evidence, e.g. "utf16 by span texts", for counting texts per choice."""
        what = {"span_text": "by span texts", "word_boundaries": "by word boundaries",
                "no_difference": "all units agree", "forced": "as requested"}[self.evidence]
        return f"{self.unit} {what}" + (" (ambiguous)" if self.ambiguous else "")


class _Counter:
    """Turns one unit's offsets into code points; None for an offset out of range or inside a character."""

    def __init__(self, text: str, unit: str) -> None:
        self.text, self.unit = text, unit
        self.bounds = None
        if unit == "utf8":
            self.bounds = [0, *accumulate(len(c.encode("utf-8", "surrogatepass")) for c in text)]

    def to_codepoint(self, offset: int) -> int | None:
        """The code point at this offset, or None when it is out of range or inside a character."""
        if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
            return None
        if self.unit == "codepoint":
            return offset if offset <= len(self.text) else None
        if self.unit == "utf16":
            try:
                return utf16_to_codepoint(self.text, offset)
            except ValueError:
                return None
        index = bisect_left(self.bounds, offset)
        return index if index < len(self.bounds) and self.bounds[index] == offset else None


def _newline_map(raw: str) -> list[int] | None:
    """For a text holding \\r: the normalised code point of every raw code point (None when there is no \\r)."""
    if "\r" not in raw:
        return None
    mapping, removed = [], 0
    for index, char in enumerate(raw):
        mapping.append(index - removed)
        if char == "\r" and raw[index + 1:index + 2] == "\n":
            removed += 1
    mapping.append(len(raw) - removed)
    return mapping


@dataclass(frozen=True)
class _Candidate:
    unit: str
    newlines: str
    spans: tuple[tuple[int, int] | None, ...]
    fitting: int


def _splits(text: str, position: int) -> bool:
    """A boundary inside a word, or inside a character cluster (before a mark, a joiner or a modifier)."""
    if not 0 < position < len(text):
        return False
    before, after = text[position - 1], text[position]
    return (before.isalnum() and after.isalnum()) or before == _ZWJ or after == _ZWJ \
        or unicodedata.category(after).startswith("M") or "\U0001F3FB" <= after <= "\U0001F3FF"


def _on_word_edges(text: str, start: int, end: int) -> bool:
    """Where a person's span falls: on word edges, not on spaces, holding at least one letter or digit."""
    covered = text[start:end]
    return not _splits(text, start) and not _splits(text, end) and not covered[0].isspace() \
        and not covered[-1].isspace() and any(char.isalnum() for char in covered)


def _evaluate(raw: str, normalised: str, spans: Sequence[RawSpan], unit: str, newlines: str,
              use_text: bool) -> _Candidate:
    base = raw if newlines == "raw" else normalised
    counter = _Counter(base, unit)
    mapping = _newline_map(raw) if newlines == "raw" else None
    converted: list[tuple[int, int] | None] = []
    fitting = 0
    for span in spans:
        start, end = counter.to_codepoint(span.start), counter.to_codepoint(span.end)
        if start is None or end is None or start >= end:
            converted.append(None)
            continue
        covered = base[start:end]
        if mapping is not None:
            start, end = mapping[start], mapping[end]
        if start >= end:
            converted.append(None)
            continue
        converted.append((start, end))
        if use_text:
            fitting += span.text is not None and normalise_newlines(span.text) == normalise_newlines(covered)
        else:
            fitting += _on_word_edges(normalised, start, end)
    return _Candidate(unit, newlines, tuple(converted), fitting)


def detect_offsets(raw_text: str, spans: Sequence[RawSpan], *, unit: str | None = None, newlines: str = "raw"
                   ) -> tuple[Detection, list[tuple[int, int] | None]]:
    """Choose the unit (or take the given one) and convert every span to code points into the normalised text.

    A span that does not fit the chosen unit (out of range, inside a character) comes back as None.
    """
    normalised = normalise_newlines(raw_text)
    newline_modes = ("raw", "normalised") if "\r" in raw_text else ("raw",)
    use_text = any(span.text is not None for span in spans)
    if unit is not None:
        chosen = _evaluate(raw_text, normalised, spans, unit, newlines, use_text)
        return Detection(unit, "forced", chosen.fitting, len(spans), newlines=newlines), list(chosen.spans)
    candidates = [_evaluate(raw_text, normalised, spans, u, mode, use_text) for u in UNITS for mode in newline_modes]
    valid = [c for c in candidates if None not in c.spans] or candidates
    best_score = max(c.fitting for c in valid)
    best = sorted((c for c in valid if c.fitting == best_score),
                  key=lambda c: (_PREFERENCE[c.unit], c.newlines != "raw"))
    chosen = best[0]
    if all(c.spans == chosen.spans for c in candidates):
        return Detection(chosen.unit, "no_difference", chosen.fitting, len(spans)), list(chosen.spans)
    ambiguous = any(c.spans != chosen.spans for c in best[1:])
    evidence = "span_text" if use_text else "word_boundaries"
    return (Detection(chosen.unit, evidence, chosen.fitting, len(spans), ambiguous, chosen.newlines),
            list(chosen.spans))
