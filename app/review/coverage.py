"""Characters per label and the segments of a text to draw, from plain (start, end, label) spans (pure)."""
from collections.abc import Sequence
from typing import Any

UNLABELLED = "unlabelled"


def label_characters(length: int, spans: Sequence[tuple[int, int, str]]) -> dict[str, int]:
    """Characters covered by each label, and by none ("unlabelled"); overlaps count for each label once."""
    covered: dict[str, set[int]] = {}
    for start, end, label in spans:
        covered.setdefault(label, set()).update(range(max(0, start), min(length, end)))
    counts = {label: len(chars) for label, chars in covered.items()}
    anywhere = set().union(*covered.values()) if covered else set()
    counts[UNLABELLED] = length - len(anywhere)
    return counts


def shares(counts: dict[str, int], length: int) -> dict[str, float]:
    """Each count as a share of the length (0 for an empty text)."""
    return {label: (count / length if length else 0.0) for label, count in counts.items()}


def segments(length: int, marks: Sequence[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Cut [0, length) into runs: each mark's run carries its payload, the gaps carry None.

    Marks are taken in order of start; one that overlaps an earlier mark is left out (gold never overlaps).
    """
    runs: list[tuple[int, int, Any]] = []
    position = 0
    for start, end, payload in sorted(marks, key=lambda mark: (mark[0], -mark[1])):
        if start < position or start >= end or end > length:
            continue
        if start > position:
            runs.append((position, start, None))
        runs.append((start, end, payload))
        position = end
    if position < length:
        runs.append((position, length, None))
    return runs
