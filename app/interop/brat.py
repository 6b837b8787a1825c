"""brat standoff: read `.txt` + `.ann` pairs (text-bound annotations, attributes and notes).

`T1<TAB>Type start end[;start end…]<TAB>covered text`, `A1<TAB>Name T1 [Value]` (M is the old
spelling), `#1<TAB>AnnotatorNotes T1<TAB>note`. factspan's own brat export writes attributes it cannot
express as values as notes `name=value`; those come back as attributes. Relations, events and
equivalences have no place in factspan and are reported.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.interop.records import ForeignDocument, ForeignSet, ForeignSpan, ImportIssue, Unreadable
from app.safe_input import InputError, parse_json


@dataclass
class _Entity:
    label: str
    fragments: tuple[tuple[int, int], ...]
    text: str
    location: str
    attributes: dict[str, Any] = field(default_factory=dict)


def read_brat_pair(text: str, ann: str, *, source: str, annotator: str, external_id: str
                   ) -> Iterator[ForeignDocument | Unreadable | ImportIssue]:
    """One document from one `.txt`/`.ann` pair."""
    entities: dict[str, _Entity] = {}
    issues: list[ImportIssue] = []
    notes: list[tuple[str, str, str]] = []
    for number, line in enumerate(ann.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        ident, _, rest = line.partition("\t")
        kind = ident[:1]
        if kind == "T":
            entity = _entity(rest, where)
            if isinstance(entity, str):
                issues.append(ImportIssue(where, entity))
            else:
                entities[ident] = entity
        elif kind in ("A", "M"):
            parts = rest.split()
            if len(parts) < 2 or parts[1] not in entities:
                issues.append(ImportIssue(where, "an attribute must name a text-bound annotation defined before it"))
                continue
            entities[parts[1]].attributes[parts[0]] = " ".join(parts[2:]) if len(parts) > 2 else True
        elif kind == "#":
            head, _, note = rest.partition("\t")
            target = head.split()[1] if len(head.split()) > 1 else ""
            notes.append((where, target, note))
        else:
            issues.append(ImportIssue(where, f"'{ident}' annotations (relations, events, equivalences, "
                                             "normalisations) have no place in factspan; skipped"))
    for where, target, note in notes:
        if target not in entities:
            issues.append(ImportIssue(where, f"the note refers to {target or 'nothing'}, not a text-bound annotation"))
            continue
        _add_note(entities[target], note, where, issues)
    yield from issues
    spans = tuple(
        ForeignSpan(start=e.fragments[0][0], end=e.fragments[-1][1], labels=(e.label,), location=e.location,
                    text=e.text if len(e.fragments) == 1 else None, attributes=e.attributes,
                    fragments=e.fragments if len(e.fragments) > 1 else ())
        for e in entities.values()
    )
    yield ForeignDocument(location=source, text=text, sets=(ForeignSet(annotator=annotator, spans=spans),),
                          external_id=external_id)


def _entity(rest: str, where: str) -> _Entity | str:
    head, _, covered = rest.partition("\t")
    label, _, offsets = head.partition(" ")
    fragments = []
    for piece in offsets.split(";"):
        numbers = piece.split()
        if len(numbers) != 2 or not all(n.isdigit() for n in numbers):
            return f"cannot read the offsets '{offsets}'"
        fragments.append((int(numbers[0]), int(numbers[1])))
    if not label or not fragments:
        return "a text-bound annotation needs a type and offsets"
    return _Entity(label, tuple(sorted(fragments)), covered, where)


def _add_note(entity: _Entity, note: str, where: str, issues: list[ImportIssue]) -> None:
    """`name=value` notes are attributes (factspan writes them so); other notes are kept as `note`."""
    name, equals, value = note.partition("=")
    if equals and name.strip() and " " not in name.strip():
        entity.attributes[name.strip()] = _json_or_text(value.strip())
        return
    previous = entity.attributes.get("note")
    entity.attributes["note"] = f"{previous}; {note}" if previous else note


def _json_or_text(value: str) -> Any:
    try:
        return parse_json(value)
    except InputError:
        return value


def pair_stems(names: Mapping[str, Any]) -> list[str]:
    """Stems (paths without suffix) that have both a .txt and a .ann, in name order."""
    stems = {name[:-4] for name in names if name.endswith(".ann")}
    return sorted(stem for stem in stems if f"{stem}.txt" in names)
