"""Where sentences start and which lines open with a heading: the schema's span rules, mirrored by textrules.js.

Both sides are checked against tests/vectors/textrules.json, so the annotation page refuses exactly
what the server refuses. Offsets are code points here; the JS side returns UTF-16 units.

Sentences break at a newline; after . ! ? … (plus closing quotes or brackets) when whitespace and
then a capital, a letter of a script without case (Han, Arabic, …), a digit or an opening quote
follow, and the period does not end an abbreviation; and
after the CJK stops 。！？｡ whatever follows. A sentence starts at its first non-space character.

A heading is a short title-cased run at the start of a line ending in ':' ("Bilateral Ties:",
"Coordination on Key Issues:"): at most 8 words and 60 characters; the first word starts with a
capital, every other one with a capital or a digit or is a small word (and, of, on, the, …).
"""
import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

# Explicit sets rather than \s or str.isspace(), whose members differ between Python and JavaScript.
SPACES = " \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
TERMINALS = ".!?…"
CJK_TERMINALS = "。！？｡"
CLOSERS = "\"'”’»)]」』）】〕〉》"
OPENERS = "\"'“‘«([「『（【"
SMALL_WORDS = frozenset("a an and as at but by for from in into nor of on or per the to vs via with".split())
WORD_JOINERS = "'’-/&."
MAX_HEADING_WORDS = 8
MAX_HEADING_LENGTH = 60
ABBREVIATIONS = frozenset(
    """mr. mrs. ms. dr. prof. st. jr. sr. vs. gen. sen. rep. gov. lt. col. capt. sgt. rev. hon. pres.
    inc. ltd. co. corp. dept. univ. approx. cf. al. ca. e.g. i.e. u.s. u.k. u.n.
    jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec.""".split()
)
# Abbreviations only before a number ("No. 5", "p. 12"); elsewhere "no." ends a sentence as often as not.
NUMBER_ABBREVIATIONS = frozenset("no. nos. p. pp. vol. fig. art. sec.".split())

_SPACE_CLASS = "".join(f"\\u{ord(c):04x}" for c in SPACES)
_CANDIDATE = re.compile(
    f"[{re.escape(TERMINALS)}]+[{re.escape(CLOSERS)}]*(?=[{_SPACE_CLASS}])"
    f"|[{CJK_TERMINALS}][{re.escape(CLOSERS)}]*|\n"
)


def _category(char: str) -> str:
    return unicodedata.category(char)


def _is_capital(char: str) -> bool:
    return _category(char) in ("Lu", "Lt")


def _opens_sentence(char: str) -> bool:
    return _category(char) in ("Lu", "Lt", "Lo", "Nd") or char in OPENERS


def _is_digit(char: str) -> bool:
    return _category(char) == "Nd"


def _is_word_char(char: str) -> bool:
    return _category(char)[0] in "LNM"


def _next_non_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in SPACES:
        index += 1
    return index


def _is_abbreviation(text: str, period: int, following: str) -> bool:
    """Whether the '.' at `period` ends an abbreviation rather than a sentence."""
    start = period
    while start > 0 and text[start - 1] not in SPACES and period - start < 30:
        start -= 1
    chunk = text[start:period + 1].lstrip(OPENERS)
    lower = chunk.lower()
    if lower in NUMBER_ABBREVIATIONS:
        return _is_digit(following)
    if lower in ABBREVIATIONS:
        return True
    letters = chunk[0::2]
    dots = chunk[1::2]
    dotted = len(chunk) >= 4 and len(chunk) % 2 == 0 and set(dots) == {"."} and all(
        _category(c)[0] == "L" for c in letters)
    initial = len(chunk) == 2 and chunk[1] == "." and "A" <= chunk[0] <= "Z"
    return dotted or initial


def sentence_starts(text: str) -> list[int]:
    """Offsets where a sentence other than the first begins, ascending."""
    return list(_index(text)[0])


def _sentence_starts(text: str) -> tuple[int, ...]:
    starts: list[int] = []
    for match in _CANDIDATE.finditer(text):
        found = _next_non_space(text, match.end())
        if found >= len(text) or found == 0 or (starts and starts[-1] >= found):
            continue
        mark = match.group()[0]
        if mark in TERMINALS:
            first = text[found]
            if not _opens_sentence(first):
                continue
            last = match.start() + len(match.group().rstrip(CLOSERS)) - 1
            if text[last] == "." and _is_abbreviation(text, last, first):
                continue
        starts.append(found)
    return tuple(starts)


def headings(text: str) -> list[tuple[int, int]]:
    """[start, end) of every heading, the colon included."""
    return list(_index(text)[1])


def _heading_end(text: str, start: int) -> int | None:
    position, words = start, 0
    while True:
        word_start = position
        if position >= len(text) or not _is_word_char(text[position]):
            return None
        while position < len(text) and (_is_word_char(text[position]) or text[position] in WORD_JOINERS):
            position += 1
        word = text[word_start:position]
        words += 1
        capitalised = _is_capital(word[0]) or (words > 1 and (_is_digit(word[0]) or word.lower() in SMALL_WORDS))
        if not capitalised or words > MAX_HEADING_WORDS or position - start >= MAX_HEADING_LENGTH:
            return None
        if position < len(text) and text[position] == ":":
            after = position + 1
            return after if after == len(text) or text[after] in SPACES else None
        if position >= len(text) or text[position] not in " \t":
            return None
        while position < len(text) and text[position] in " \t":
            position += 1


def _headings(text: str) -> tuple[tuple[int, int], ...]:
    found = []
    line_start = 0
    while line_start < len(text):
        end = _heading_end(text, line_start)
        if end is not None:
            found.append((line_start, end))
        newline = text.find("\n", line_start)
        if newline == -1:
            break
        line_start = newline + 1
    return tuple(found)


@lru_cache(maxsize=64)
def _index(text: str) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...]]:
    # Texts never change once stored, and a save checks every span against the same text.
    return _sentence_starts(text), _headings(text)


def sentence_break_inside(text: str, start: int, end: int) -> int | None:
    """The first sentence start strictly inside [start, end), or None."""
    starts = _index(text)[0]
    i = bisect_right(starts, start)
    return starts[i] if i < len(starts) and starts[i] < end else None


def heading_overlapping(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The first heading sharing a character with [start, end), or None."""
    for heading_start, heading_end in _index(text)[1]:
        if heading_start >= end:
            return None
        if heading_end > start:
            return heading_start, heading_end
    return None
