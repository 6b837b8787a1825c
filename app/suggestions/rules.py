"""The cold-start suggester: the guidelines' decision order applied with cue words, sentence by sentence.

1. An attribution frame ("Ushakov stated that …") proposes the content after it as sourced;
   a headed paragraph of a readout section proposes its sentences as sourced.
2. Otherwise a stance or hedge marker proposes the sentence (cue included) as the author's inference.
3. Otherwise talk of motives proposes an unverifiable claim; a bare reporting verb, a sourced span.
Confidences are fixed per rule and modest: they order suggestions, they are not probabilities.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.suggestions.cues import Lexicon, label_roles, lexicon_from_schema, phrase_hits
from app.suggestions.decoding import ProposedSpan, decode
from app.suggestions.layout import Layout, layout

RULE_CONFIDENCE = {"frame": 0.7, "section": 0.6, "stance": 0.6, "motive": 0.4, "reporting": 0.45}
_MIN_WORDS = 3
# Cue words that say where talk is, not that someone said something: no sourced span on their own.
_NOT_REPORTING = {"readout", "readouts", "spoke", "discussed", "exchanged"}


def _frame_end(words: list[str], cues: list[tuple[int, int]]) -> int | None:
    """Where the content after an attribution frame starts: "stated that |", "characterizing it as |",
    "according to the readout, |"."""
    for _, end in cues:
        if words[end:end + 1] == ["that"]:
            return end + 1
        if words[end:end + 2] == ["it", "as"]:
            return end + 2
        if words[end - 1] == "to" and "," in words[end:end + 5]:
            return words.index(",", end) + 1
    return None


class RuleSuggester:
    """Built once per schema; `suggest(text)` is pure."""

    name = "rules"

    def __init__(self, schema_document: Mapping[str, Any]) -> None:
        self.lexicon: Lexicon = lexicon_from_schema(schema_document)
        self.first_words = self.lexicon.first_words()
        self.roles = label_roles(schema_document)

    def suggest(self, text: str) -> tuple[list[ProposedSpan], float]:
        """Proposed spans and the text's uncertainty (mean of 1 - confidence over sentences; 1 with none)."""
        shape = layout(text)
        spans: list[ProposedSpan] = []
        doubts = []
        for sentence in shape.sentences():
            proposal = self._sentence(shape, sentence)
            doubts.append(1.0 - proposal[0].confidence if proposal else 0.5)
            spans += proposal
        return spans, round(sum(doubts) / len(doubts), 4) if doubts else 1.0

    def _sentence(self, shape: Layout, sentence: range) -> list[ProposedSpan]:
        words = [shape.words[i].lower().replace("’", "'") for i in sentence]
        if sum(w[:1].isalnum() for w in words) < _MIN_WORDS:
            return []
        hits = {kind: phrase_hits(words, getattr(self.lexicon, kind), self.first_words[kind])
                for kind in ("attribution", "stance", "motive")}
        begin, rule, role = 0, None, None
        frame = _frame_end(words, hits["attribution"])
        reporting = [(a, b) for a, b in hits["attribution"] if words[a] not in _NOT_REPORTING]
        if frame is not None and frame < len(words):
            begin, rule, role = frame, "frame", "attribution"
        elif shape.in_section[sentence.start]:
            rule, role = "section", "attribution"
        elif hits["stance"]:
            rule, role = "stance", "stance"
        elif hits["motive"]:
            rule, role = "motive", "motive"
        elif reporting:
            rule, role = "reporting", "attribution"
        label = self.roles.get(role) if role else None
        if label is None:
            return []
        tags = ["O"] * begin + [f"B-{label}"] + [f"I-{label}"] * (len(words) - begin - 1)
        return decode(shape, sentence, tags, [RULE_CONFIDENCE[rule]] * len(words))
