"""A text's tokens, sentences and paragraphs, with the readout-section structure commentary on readouts has.

In a readout commentary, a paragraph that mentions a readout introduces a section whose paragraphs open
with a heading ("Bilateral Ties: …"); what they say is the readout's. Author paragraphs have no heading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from app.gold.tokenize import sentence_breaks, token_arrays

# "Economic/Trade Cooperation:" — a few capitalised words and a colon opening a paragraph.
_HEADING = re.compile(r"[A-Z][\w’'/&,\- ]{0,60}?:(?=\s)")
_READOUT_MENTION = re.compile(r"\breadouts?\b|\bofficial statement\b", re.IGNORECASE)


@dataclass(frozen=True)
class Layout:
    """Parallel per-token lists, plus sentence boundaries as token indices."""

    words: list[str]
    starts: list[int]
    ends: list[int]
    sentence_bounds: list[tuple[int, int]]
    paragraph: list[int]
    heading: list[bool]          # the token is part of its paragraph's heading
    in_section: list[bool]       # the paragraph is a headed paragraph of a readout section
    first_sentence: list[bool]   # the token's sentence opens its paragraph
    paragraph_count: int

    def sentences(self) -> list[range]:
        return [range(a, b) for a, b in self.sentence_bounds]


def layout(text: str) -> Layout:
    words, starts, ends = token_arrays(text)
    bounds = [0, *sentence_breaks(text, starts), len(words)]
    sentence_bounds = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
    paragraph_spans = _paragraphs(text)
    paragraph, heading, in_section, first_sentence = [], [], [], []
    headings = [_HEADING.match(text, start, end) for start, end in paragraph_spans]
    section = _sections(text, paragraph_spans, headings)
    p = 0
    for index, start in enumerate(starts):
        while p + 1 < len(paragraph_spans) and start >= paragraph_spans[p + 1][0]:
            p += 1
        paragraph.append(p)
        match = headings[p]
        heading.append(bool(match) and start < match.end())
        in_section.append(section[p])
    sentence_of_paragraph_start: set[int] = set()
    seen: set[int] = set()
    for a, b in sentence_bounds:
        if paragraph[a] not in seen:
            seen.add(paragraph[a])
            sentence_of_paragraph_start.add(a)
        first_sentence.extend([a in sentence_of_paragraph_start] * (b - a))
    return Layout(words, starts, ends, sentence_bounds, paragraph, heading, in_section, first_sentence,
                  len(paragraph_spans))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans or [(0, len(text))]


def _sections(text: str, paragraphs: list[tuple[int, int]], headings: list) -> list[bool]:
    """Headed paragraphs that follow (without a break) a paragraph mentioning a readout."""
    inside, result = False, []
    for (start, end), match in zip(paragraphs, headings):
        if match is None:
            result.append(False)
            inside = bool(_READOUT_MENTION.search(text, start, end))
        else:
            result.append(inside)
    return result
