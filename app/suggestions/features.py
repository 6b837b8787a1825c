"""Token features that carry the fact/opinion signal, for the sequence tagger (one sequence per sentence).

Besides the word and its shape: attribution cues, stance and hedge markers and motive talk in the
sentence (and where the token stands relative to them), quotation marks, and where the paragraph sits:
a heading, a headed paragraph of a readout section, the paragraph's first sentence.
"""
from __future__ import annotations

import re
from functools import lru_cache

from app.suggestions.cues import Lexicon, phrase_hits
from app.suggestions.layout import Layout

_OPEN_QUOTES = {"“", "‘", "«"}
_CLOSE_QUOTES = {"”", "’", "»"}
_SHAPE = str.maketrans({**{c: "X" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
                        **{c: "x" for c in "abcdefghijklmnopqrstuvwxyz"}, **{c: "d" for c in "0123456789"}})
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def word_features(word: str) -> tuple[str, ...]:
    """What a word says by itself; cached, since running text repeats its words."""
    lower = word.lower()
    shape = _REPEATS.sub(r"\1\1", word.translate(_SHAPE))
    features = ["w=" + lower, "shape=" + shape, "suf3=" + lower[-3:], "pre3=" + lower[:3]]
    if word[:1].isupper():
        features.append("title")
    if not word[:1].isalnum():
        features.append("punct=" + word[:2])
    return tuple(features)


def sentence_features(layout: Layout, sentence: range, lexicon: Lexicon, first_words: dict[str, set[str]]
                      ) -> list[list[str]]:
    """One feature list per token of the sentence."""
    words = layout.words[sentence.start:sentence.stop]
    lower = [w.lower().replace("’", "'") for w in words]
    flags = _cue_flags(lower, lexicon, first_words)
    context = []
    p = layout.paragraph[sentence.start]
    if layout.in_section[sentence.start]:
        context.append("section")
    if layout.first_sentence[sentence.start]:
        context.append("para_first")
    context.append("para=" + ("first" if p == 0 else "last" if p == layout.paragraph_count - 1 else "mid"))
    context += ["s_" + kind for kind, marks in flags.items() if any(marks)]
    out = []
    quoted = False
    n = len(words)
    for i, word in enumerate(words):
        features = list(word_features(word))
        features += context
        if word in _OPEN_QUOTES or (word == '"' and not quoted):
            quoted = True
        elif word in _CLOSE_QUOTES or word == '"':
            quoted = False
        if quoted:
            features.append("quoted")
        if layout.heading[sentence.start + i]:
            features.append("heading")
        for kind, marks in flags.items():
            if marks[i]:
                features.append("cue_" + kind)
        if i == 0:
            features.append("BOS")
        elif i == n - 1:
            features.append("EOS")
        features.append("-1w=" + (lower[i - 1] if i else "<s>"))
        features.append("+1w=" + (lower[i + 1] if i + 1 < n else "</s>"))
        features.append("pos=" + str(min(4, 5 * i // max(n, 1))))
        out.append(features)
    _mark_after_frames(out, lower, flags["attribution"])
    return out


def _cue_flags(lower: list[str], lexicon: Lexicon, first_words: dict[str, set[str]]) -> dict[str, list[bool]]:
    flags = {}
    for kind in ("attribution", "stance", "motive"):
        marks = [False] * len(lower)
        for a, b in phrase_hits(lower, getattr(lexicon, kind), first_words[kind]):
            marks[a:b] = [True] * (b - a)
        flags[kind] = marks
    return flags


def _mark_after_frames(out: list[list[str]], lower: list[str], attribution: list[bool]) -> None:
    """Tokens after an attribution cue's 'that' or 'as' are where readout content starts."""
    seen_cue = False
    for i, word in enumerate(lower):
        if attribution[i]:
            seen_cue = True
        elif seen_cue and word in ("that", "as"):
            for features in out[i + 1:]:
                features.append("after_frame")
            return


def document_features(layout: Layout, lexicon: Lexicon) -> list[list[list[str]]]:
    """Feature lists for every sentence of a text."""
    first_words = lexicon.first_words()
    return [sentence_features(layout, sentence, lexicon, first_words) for sentence in layout.sentences()]
