"""Attribution fidelity: find the passages of a source document that best match a claim (rapidfuzz).

Offsets are code points into the source, half-open. The source is cut into sentences; each sentence
and each pair of neighbouring sentences is a candidate. rapidfuzz's token-set ratio picks the
candidates (robust to reordered and added words), then a partial alignment narrows a candidate to the
stretch that matches the claim when that scores better than the whole candidate.
"""
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process, utils

# A sentence ends at . ! ? or … (with closing quotes or brackets) before white space, or at a line break.
_SENTENCE_END = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s)|\n+""")
_WORD = re.compile(r"\w+")
_TRAILING = ".!?…,;:"
SHORTLIST = 4


@dataclass(frozen=True)
class SourceText:
    """A source document as the matcher needs it."""

    id: int
    text: str


@dataclass(frozen=True)
class Match:
    """A passage of a source: [start, end) in code points, and its similarity to the claim (0-100)."""

    source_id: int
    start: int
    end: int
    score: float


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding white space."""
    spans, start = [], 0
    for found in _SENTENCE_END.finditer(text):
        end = found.end() if found.group().strip() else found.start()
        spans.append((start, end))
        start = found.end()
    spans.append((start, len(text)))
    return [trimmed for trimmed in (_trim(text, s, e) for s, e in spans) if trimmed[0] < trimmed[1]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding white space and trailing punctuation, as span boundaries do (guide section 3)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING):
        end -= 1
    return start, end


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) of `text` that hold [start, end): the context an editor reads a claim in."""
    covering = [(s, e) for s, e in sentence_spans(text) if s < end and start < e]
    if not covering:
        return start, end
    return min(start, covering[0][0]), max(end, covering[-1][1])


class SourceIndex:
    """A source cut into candidate passages once, to match many claims against it."""

    def __init__(self, source: SourceText) -> None:
        self.source = source
        sentences = sentence_spans(source.text)
        pairs = [(a[0], b[1]) for a, b in zip(sentences, sentences[1:])]
        self.candidates = sentences + pairs
        self._processed = [utils.default_process(source.text[s:e]) for s, e in self.candidates]
        # Folded once per source: the per-claim work is then all inside rapidfuzz.
        self._folded = [_fold(source.text[s:e]) for s, e in self.candidates]

    def matches(self, claim: str, *, limit: int = 3) -> list[Match]:
        """The best non-overlapping passages for the claim, best first."""
        query = utils.default_process(claim)
        if not query or not self.candidates:
            return []
        # Pairs of sentences overlap their halves, so twice the wanted number keeps enough apart.
        shortlist = process.extract(query, self._processed, scorer=fuzz.token_set_ratio,
                                    processor=None, limit=max(SHORTLIST, 2 * limit))
        found = [self._refine(query, index, score) for _, score, index in shortlist]
        return _non_overlapping(sorted(found, key=lambda m: (-m.score, m.end - m.start, m.start)), limit)

    def _refine(self, query: str, index: int, token_score: float) -> Match:
        start, end = self.candidates[index]
        passage = self.source.text[start:end]
        aligned = fuzz.partial_ratio_alignment(query, self._folded[index])
        # The whole candidate counts when the claim reorders or adds words; the tighter stretch when
        # it follows the source closely. Both are rapidfuzz scores on the same 0-100 scale.
        if aligned is not None and aligned.score >= token_score and aligned.dest_end > aligned.dest_start:
            narrow = _words(passage, aligned.dest_start, aligned.dest_end)
            return Match(self.source.id, start + narrow[0], start + narrow[1], round(aligned.score, 1))
        return Match(self.source.id, start, end, round(_balanced(query, self._processed[index], token_score), 1))


def _fold(text: str) -> str:
    """default_process without its trimming: same length, so alignment offsets stay offsets into the text."""
    return "".join(c.lower() if c.isalnum() and len(c.lower()) == 1 else (c if c.isalnum() else " ") for c in text)


def _balanced(query: str, passage: str, token_score: float) -> float:
    """Token-set ratio is 100 whenever the claim's words are a subset of a long passage; weigh in
    the plain ratio of the two so a short claim inside a long sentence does not tie a close paraphrase."""
    return (3 * token_score + fuzz.token_sort_ratio(query, passage)) / 4


def _words(passage: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words of the passage."""
    for word in _WORD.finditer(passage):
        if word.start() < start < word.end():
            start = word.start()
        if word.start() < end < word.end():
            end = word.end()
    return _trim(passage, start, end)


def _non_overlapping(matches: Sequence[Match], limit: int) -> list[Match]:
    chosen: list[Match] = []
    for match in matches:
        if all(match.source_id != c.source_id or match.end <= c.start or c.end <= match.start for c in chosen):
            chosen.append(match)
        if len(chosen) == limit:
            break
    return chosen


@lru_cache(maxsize=64)
def _index(source: SourceText) -> SourceIndex:
    return SourceIndex(source)


def best_matches(claim: str, sources: Sequence[SourceText], *, limit: int = 3) -> list[Match]:
    """The best passages for the claim across the sources, best first (indexes are cached per source)."""
    found = [match for source in sources for match in _index(source).matches(claim, limit=limit)]
    return sorted(found, key=lambda m: (-m.score, m.source_id, m.start))[:limit]
