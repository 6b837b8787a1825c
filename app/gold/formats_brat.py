"""brat standoff export: a zip of <id>.txt/<id>.ann pairs plus annotation.conf."""
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

from app.gold.formats_common import CountingWriter, Tally
from app.gold.formats_readme import export_readme
from app.gold.records import ExportContext, GoldDocument, sorted_spans

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_.\-]+")
_UNSAFE_TYPE = re.compile(r"[^A-Za-z0-9_\-]+")
_MAX_NAME = 100
# Characters that would break a value in the .ann line or in annotation.conf's "Value:a|b" list.
_PLAIN_VALUE = re.compile(r"[^\s|,;:=]+")
# Gold spans may overlap or nest; brat refuses that unless annotation.conf says otherwise.
_ALLOW_OVERLAPS = "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"


def brat_type(name: str) -> str:
    """A brat entity/attribute type name: letters, digits, _ and - only."""
    return _UNSAFE_TYPE.sub("_", name) or "_"


class _FileNames:
    """Safe, unique (also on case-insensitive file systems) zip entry stems for text ids."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def stem(self, text_id: str) -> str:
        base = _UNSAFE_NAME.sub("_", text_id).lstrip(".")[:_MAX_NAME] or "text"
        stem, n = base, 1
        while stem.lower() in self._used:
            n += 1
            stem = f"{base}-{n}"
        self._used.add(stem.lower())
        return stem


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span's pieces between newlines, since a brat fragment may not contain one."""
    pieces = []
    piece_start = start
    while piece_start < end:
        newline = text.find("\n", piece_start, end)
        piece_end = end if newline == -1 else newline
        if piece_end > piece_start:
            pieces.append((piece_start, piece_end))
        piece_start = piece_end + 1
    return pieces


class _AttributeCatalog:
    """Attribute names and the values seen for them, for annotation.conf."""

    def __init__(self) -> None:
        self.values: dict[str, set[str]] = {}

    def note(self, name: str, value: str | None) -> None:
        seen = self.values.setdefault(name, set())
        if value is not None:
            seen.add(value)


def _attribute_lines(
    span_ref: str, attributes: Mapping[str, Any], numbers: dict[str, int], catalog: _AttributeCatalog
) -> list[str]:
    lines = []
    for name, value in attributes.items():
        attr = brat_type(name)
        if value is None or value is False:
            continue
        if value is True:
            numbers["A"] += 1
            lines.append(f"A{numbers['A']}\t{attr} {span_ref}")
            catalog.note(attr, None)
            continue
        # bool is handled above, so ints here are real numbers
        plain = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        if isinstance(value, str | int | float) and _PLAIN_VALUE.fullmatch(plain):
            numbers["A"] += 1
            lines.append(f"A{numbers['A']}\t{attr} {span_ref} {plain}")
            catalog.note(attr, plain)
        else:
            numbers["#"] += 1
            note = " ".join(f"{name}={plain}".split())
            lines.append(f"#{numbers['#']}\tAnnotatorNotes {span_ref}\t{note}")
    return lines


def _span_lines(doc: GoldDocument, ctx: ExportContext, catalog: _AttributeCatalog, types: set[str]) -> list[str]:
    lines: list[str] = []
    numbers = {"A": 0, "#": 0}
    t_number = 0
    for span in sorted_spans(doc.spans):
        pieces = fragments(doc.text, span.start, span.end)
        if not pieces:  # nothing but newlines: brat cannot show it
            continue
        t_number += 1
        entity = brat_type(ctx.tag_stem(span.label))
        types.add(entity)
        offsets = ";".join(f"{s} {e}" for s, e in pieces)
        shown = " ".join(doc.text[s:e] for s, e in pieces)
        lines.append(f"T{t_number}\t{entity} {offsets}\t{shown}")
        lines += _attribute_lines(f"T{t_number}", span.attributes, numbers, catalog)
    return lines


def annotation_conf(entity_types: Iterable[str], catalog: _AttributeCatalog, ctx: ExportContext | None = None) -> str:
    """brat's annotation.conf: every entity type, overlaps allowed, and each attribute with its values.

    Attributes come from the schema (every attribute of every label, with every choice, whether the
    release uses it or not), plus whatever other values the release holds; an attribute the schema
    does not know applies to any entity type.
    """
    declared: dict[str, tuple[list[str], list[str]]] = {}  # name -> (entity types, values)
    free: set[str] = set()  # text and number attributes: declared only for the plain values a release holds
    for label, specs in (ctx.attributes if ctx else {}).items():
        entity = brat_type(ctx.tag_stem(label))
        for spec in specs:
            types, values = declared.setdefault(brat_type(spec.id), ([], []))
            types.append(entity)
            if spec.type == "enum":
                values.extend(v for v in spec.values if _PLAIN_VALUE.fullmatch(v) and v not in values)
            elif spec.type != "bool":
                free.add(brat_type(spec.id))
    lines = ["[entities]", *entity_types, "", "[relations]", _ALLOW_OVERLAPS, "", "[events]", "", "[attributes]"]
    for name in sorted((set(declared) - (free - set(catalog.values))) | set(catalog.values)):
        types, values = declared.get(name, ([], []))
        values = values + sorted(catalog.values.get(name, set()) - set(values))
        target = "|".join(dict.fromkeys(types)) if types else "<ENTITY>"
        lines.append(f"{name}\tArg:{target}" + (f", Value:{'|'.join(values)}" if values else ""))
    return "\n".join(lines) + "\n"


def write_brat(documents: Iterable[GoldDocument], out: CountingWriter, ctx: ExportContext, tally: Tally) -> None:
    names = _FileNames()
    catalog = _AttributeCatalog()
    seen_types: set[str] = set()
    # zipfile streams to a non-seekable output with data descriptors; only its central directory grows per text.
    with zipfile.ZipFile(out, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[arg-type]
        for doc in documents:
            stem = names.stem(doc.id)
            archive.writestr(f"{stem}.txt", doc.text.encode("utf-8"))
            lines = _span_lines(doc, ctx, catalog, seen_types)
            archive.writestr(f"{stem}.ann", "".join(line + "\n" for line in lines).encode("utf-8"))
            tally.document_done(doc)
        declared = [brat_type(ctx.tag_stem(label)) for label in ctx.labels]
        extra = sorted(seen_types - set(declared))
        archive.writestr("annotation.conf",
                         annotation_conf(dict.fromkeys(declared + extra), catalog, ctx).encode("utf-8"))
        archive.writestr("README.md", export_readme("brat", ctx).encode("utf-8"))
