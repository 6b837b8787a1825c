"""Spans to BIO tags per sentence (for training) and tags back to spans (for suggestions)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.suggestions.layout import Layout

OUTSIDE = "O"
# Terminal punctuation and trailing commas stay out of spans (the guidelines' trim rule).
_TRIM = set(".?!:…,;")


@dataclass(frozen=True)
class ProposedSpan:
    start: int
    end: int
    label: str
    confidence: float


def sentence_tags(layout: Layout, sentence: range, spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """B-/I-label for tokens inside a span (by their start), O elsewhere; spans are sorted, non-overlapping."""
    tags = []
    ordered = sorted(spans)
    k = 0
    previous = None
    for i in sentence:
        start = layout.starts[i]
        while k < len(ordered) and ordered[k][1] <= start:
            k += 1
        if k < len(ordered) and ordered[k][0] <= start < ordered[k][1]:
            tags.append(("I-" if previous == k else "B-") + ordered[k][2])
            previous = k
        else:
            tags.append(OUTSIDE)
            previous = None
    return tags


def decode(layout: Layout, sentence: range, tags: Sequence[str], confidence: Sequence[float]) -> list[ProposedSpan]:
    """Runs of B/I with one label become spans, without heading tokens or trailing punctuation."""
    spans: list[ProposedSpan] = []
    run: list[int] = []
    label = None

    def close() -> None:
        kept = [i for i in run if not layout.heading[sentence.start + i]]
        while kept and layout.words[sentence.start + kept[-1]] in _TRIM:
            kept.pop()
        if kept:
            first, last = sentence.start + kept[0], sentence.start + kept[-1]
            spans.append(ProposedSpan(layout.starts[first], layout.ends[last], label,
                                      round(sum(confidence[i] for i in kept) / len(kept), 4)))

    for i, tag in enumerate(tags):
        kind, _, name = tag.partition("-")
        if kind == "I" and name == label and run:
            run.append(i)
            continue
        if run:
            close()
        run, label = ([i], name) if kind in ("B", "I") else ([], None)
    if run:
        close()
    return spans
