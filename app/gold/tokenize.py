"""Code-point tokenizer and rule-based sentence splitter for the BIO exports."""
import re
from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate, pairwise
from operator import sub
from typing import NamedTuple

from app.annotations.textrules import sentence_starts

# Combining marks, variation selectors, skin tones and emoji tag characters never start a token:
# they stay with the character they modify, so "é" written as e + U+0301 is one word.
_MARK = (
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
    "\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
)
# Han and kana have no spaces between words, so each character is its own token.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_WORD_CHARS = rf"[^\W{_CJK}]+(?:[{_MARK}]+[^\W{_CJK}]*)*"
_TOKEN = (
    # Words with internal apostrophes/hyphens; numbers keep their separators (1,000.5), but "4, 2026" splits.
    rf"{_WORD_CHARS}(?:(?<=\d)[.,]\d+)*(?:['’\-‐‑]{_WORD_CHARS})*"
    rf"|[{_CJK}][{_MARK}]*"
    rf"|\S[{_MARK}]*(?:\u200d\S[{_MARK}]*)*"  # any other mark, emoji with its ZWJ sequence
)
# Matching the whitespace before each token lets offsets come from lengths alone (no Match objects).
_GAP_AND_TOKEN = re.compile(rf"\s*(?:{_TOKEN})")
# The same tokens for texts without CJK, combining marks or ZWJ, where \w needs no exclusions: ~40% faster.
_PLAIN_GAP_AND_TOKEN = re.compile(r"\s*(?:\w+(?:(?<=\d)[.,]\d+)*(?:['’\-‐‑]\w+)*|\S)")
_NEEDS_FULL_PATTERN = re.compile(f"[{_CJK}{_MARK}\u200d]")

class Token(NamedTuple):
    """One token: its text and half-open code-point offsets."""

    text: str
    start: int
    end: int


def token_arrays(text: str) -> tuple[list[str], list[int], list[int]]:
    """Token strings, starts and ends as parallel lists: the fast path for big exports."""
    pattern = _GAP_AND_TOKEN if _NEEDS_FULL_PATTERN.search(text) else _PLAIN_GAP_AND_TOKEN
    chunks = pattern.findall(text)
    # Every non-space character belongs to a token, so the chunks (gap + token) tile the text from
    # offset 0: running totals of their lengths are the token ends. All C-level loops, for speed.
    words = list(map(str.lstrip, chunks))
    ends = list(accumulate(map(len, chunks)))
    return words, list(map(sub, ends, map(len, words))), ends


def tokenize(text: str) -> list[Token]:
    """Words, numbers and single punctuation marks with code-point offsets; whitespace is skipped."""
    return list(map(Token, *token_arrays(text)))


def sentence_breaks(text: str, starts: Sequence[int]) -> list[int]:
    """Indices of the tokens (given by their start offsets) that open a new sentence, the first one excluded.

    Sentences are the annotation schema's (app.annotations.textrules), so a span that the
    no-cross-sentence rule lets through never crosses an exported sentence.
    """
    breaks: list[int] = []
    for offset in sentence_starts(text):
        following = bisect_left(starts, offset)
        if following not in (0, len(starts)) and (not breaks or breaks[-1] != following):
            breaks.append(following)
    return breaks


def split_sentences(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Group tokens into sentences: break at newlines and after . ! ? … before a capital, digit or quote."""
    if not tokens:
        return []
    bounds = [0, *sentence_breaks(text, [token.start for token in tokens]), len(tokens)]
    return [tokens[a:b] for a, b in pairwise(bounds)]
