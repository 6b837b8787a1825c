"""Pick the reader for a format and walk a bundle with it, naming annotators by file where the format does."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from app.interop.brat import pair_stems, read_brat_pair
from app.interop.bundles import Bundle
from app.interop.doccano import SHARED_FILE_STEM, read_doccano
from app.interop.factspan_jsonl import read_factspan_jsonl
from app.interop.labelstudio import read_labelstudio
from app.interop.records import ForeignDocument, ImportIssue, Unreadable
from app.safe_input import InputError, decode_utf8

IMPORT_FORMATS = ("jsonl", "labelstudio", "doccano", "brat")
# doccano's shared (collaborative) file has no member name in it.
SHARED_ANNOTATOR = "doccano"

Item = ForeignDocument | Unreadable | ImportIssue


def read_bundle(fmt: str, bundle: Bundle, *, annotator: str | None = None, text_field: str | None = None
                ) -> Iterator[Item]:
    """Every document of the bundle; `annotator` names the author of files that do not say."""
    if fmt == "brat":
        yield from _brat(bundle, annotator)
        return
    suffixes = {"labelstudio": (".json",), "doccano": (".jsonl", ".json"), "jsonl": (".jsonl",)}[fmt]
    names = bundle.names()
    chosen = [n for n in names if n.lower().endswith(suffixes)] if len(names) > 1 else names
    if not chosen:
        yield Unreadable(bundle.name, f"no {' or '.join(suffixes)} file in it")
    for name in chosen:
        if fmt == "labelstudio":
            yield from read_labelstudio(bundle.read(name), source=name, text_field=text_field)
        elif fmt == "doccano":
            stem = PurePosixPath(name).stem
            member = annotator or (SHARED_ANNOTATOR if stem == SHARED_FILE_STEM else stem)
            yield from read_doccano(bundle.lines(name), source=name, annotator=member)
        else:
            yield from read_factspan_jsonl(bundle.lines(name), source=name)


def _brat(bundle: Bundle, annotator: str | None) -> Iterator[Item]:
    """Pairs at the top belong to `annotator` (else the bundle's name); pairs in a folder to that folder's name."""
    names = bundle.names()
    stems = pair_stems(dict.fromkeys(names))
    if not stems:
        yield Unreadable(bundle.name, "no .txt/.ann pair in it")
    for stem in stems:
        path = PurePosixPath(stem)
        owner = path.parent.name if path.parent.name else (annotator or bundle.name)
        try:
            text, ann = (decode_utf8(bundle.read(name)).removeprefix("\ufeff") for name in (f"{stem}.txt", f"{stem}.ann"))
        except InputError as exc:
            yield Unreadable(f"{stem}.txt/.ann", str(exc))  # offsets into a text with U+FFFD in it would be wrong
            continue
        yield from read_brat_pair(text, ann, source=f"{stem}.ann", annotator=owner, external_id=path.name)
