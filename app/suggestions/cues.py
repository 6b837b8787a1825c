"""Cue words from the annotation guidelines: attribution frames, stance and hedge markers, motive talk.

The built-in lists condense the default guide (PARC attribution cues, BioScope-style hedges); a schema
adds its own through the `suggestions` of its cue attributes (`cue_text`: attribution frames copied out
of readout spans; `cue`: stance markers kept inside inference spans).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ATTRIBUTION = (
    "said", "says", "stated", "state", "according to", "readout", "readouts", "emphasized", "emphasised", "stressed",
    "noted", "highlighted", "agreed", "described", "expressed", "reaffirmed", "confirmed", "invited", "called for",
    "characterizing", "portrays", "announced", "told", "exchanged views", "discussed", "spoke", "pledged",
)
STANCE = (
    "i think", "i am sure", "i believe", "we can see", "should", "clearly", "obviously", "likely", "probably",
    "must", "seems", "perhaps", "may", "might", "surely", "in my view", "i suspect", "no doubt", "delusional",
    "biggest takeaway", "really",
)
MOTIVE = ("because", "wanted to", "in order to", "who believe", "intended", "secretly", "behind closed doors")
# Roles the rules know, and the words that name a schema's label for each.
ROLE_HINTS = {"attribution": ("readout", "sourced", "attribut", "quote"),
              "stance": ("inference", "opinion", "stance", "author"),
              "motive": ("unverifiable", "claim", "uncheck")}


@dataclass(frozen=True)
class Lexicon:
    attribution: tuple[tuple[str, ...], ...]
    stance: tuple[tuple[str, ...], ...]
    motive: tuple[tuple[str, ...], ...]

    def first_words(self) -> dict[str, set[str]]:
        """Each kind's phrases by first word, for a quick look-up while scanning tokens."""
        return {kind: {phrase[0] for phrase in getattr(self, kind)} for kind in ("attribution", "stance", "motive")}


_WORDS = re.compile(r"[\w’']+")


def _phrases(items) -> tuple[tuple[str, ...], ...]:
    found = {tuple(_WORDS.findall(item.lower().replace("’", "'"))) for item in items}
    return tuple(sorted(p for p in found if p))


def lexicon_from_schema(schema_document: Mapping[str, Any]) -> Lexicon:
    """The built-in cues plus the schema's own cue suggestions (minus the connective 'that')."""
    attribution, stance = list(ATTRIBUTION), list(STANCE)
    for label in schema_document.get("labels", []):
        for attribute in label.get("attributes", []):
            suggestions = [s.removesuffix(" that") for s in attribute.get("suggestions", [])]
            if attribute["id"] == "cue_text":
                attribution += suggestions
            elif attribute["id"] == "cue":
                stance += suggestions
    return Lexicon(_phrases(attribution), _phrases(stance), _phrases(MOTIVE))


def label_roles(schema_document: Mapping[str, Any]) -> dict[str, str]:
    """Which of the schema's labels plays each role the rules know (by the words of its id), if any."""
    roles: dict[str, str] = {}
    for label in schema_document.get("labels", []):
        for role, hints in ROLE_HINTS.items():
            if role not in roles and any(h in label["id"] for h in hints):
                roles[role] = label["id"]
                break
    return roles


def phrase_hits(lower: list[str], phrases: tuple[tuple[str, ...], ...], first: set[str]) -> list[tuple[int, int]]:
    """(first token, end token) of every phrase occurrence in the lower-cased tokens."""
    hits = []
    for index, word in enumerate(lower):
        if word not in first:
            continue
        for phrase in phrases:
            if phrase[0] == word and tuple(lower[index:index + len(phrase)]) == phrase:
                hits.append((index, index + len(phrase)))
    return hits
