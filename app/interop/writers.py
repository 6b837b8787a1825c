"""Streaming writers for every annotator's annotations: factspan JSONL, Label Studio JSON, doccano JSONL."""
from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from app.gold.formats_common import json_line, json_text
from app.interop.doccano import render_doccano

EXPORT_FORMATS = ("jsonl", "labelstudio", "doccano")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_.@\-]+")
EXPORT_SUFFIX = {"jsonl": ".annotations.jsonl", "labelstudio": ".labelstudio.json", "doccano": ".doccano.zip"}
EXPORT_MEDIA_TYPE = {"jsonl": "application/x-ndjson", "labelstudio": "application/json", "doccano": "application/zip"}
# Label Studio's per-region control for each attribute type, and where its value goes.
_LS_CONTROLS = {"enum": ("choices", "choices"), "multi_enum": ("choices", "choices"), "bool": ("choices", "choices"),
                "string": ("textarea", "text"), "number": ("number", "number")}


@dataclass(frozen=True)
class ExportSpan:
    start: int
    end: int
    label: str
    attributes: Mapping[str, Any] = field(default_factory=dict)
    suggested_by: Mapping[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {"start": self.start, "end": self.end, "label": self.label, "attributes": dict(self.attributes)}
        if self.suggested_by:
            out["suggested_by"] = dict(self.suggested_by)
        return out


@dataclass(frozen=True)
class AnnotatorWork:
    annotator: str
    user_id: int
    status: str
    spans: tuple[ExportSpan, ...]


@dataclass(frozen=True)
class AnnotatedText:
    """One text with every included annotator's spans."""

    text_id: int
    external_id: str | None
    text: str
    title: str
    meta: Mapping[str, Any]
    work: tuple[AnnotatorWork, ...]

    @property
    def id(self) -> str:
        return self.external_id or str(self.text_id)


def jsonl_record(doc: AnnotatedText) -> dict[str, Any]:
    """The shape `factspan agreement --input` and `factspan import-annotations` read."""
    return {"id": doc.id, "text": doc.text, "title": doc.title, "meta": {**doc.meta, "text_id": doc.text_id},
            "annotations": [{"annotator": w.annotator, "status": w.status, "spans": [s.as_dict() for s in w.spans]}
                            for w in doc.work]}


def write_jsonl(documents: Iterable[AnnotatedText], out: BinaryIO, on_document: Callable[[], None]) -> None:
    for doc in documents:
        out.write(json_line(jsonl_record(doc)))
        on_document()


def write_labelstudio(documents: Iterable[AnnotatedText], out: BinaryIO, on_document: Callable[[], None], *,
                      attribute_types: Mapping[str, str], as_predictions: bool = False) -> None:
    """A JSON list of tasks, one per text, streamed; each annotator is an annotation (or a prediction)."""
    out.write(b"[")
    for number, doc in enumerate(documents):
        out.write((",\n" if number else "\n").encode() + json_text(labelstudio_task(
            doc, attribute_types=attribute_types, as_predictions=as_predictions)).encode("utf-8"))
        on_document()
    out.write(b"\n]\n")


def labelstudio_task(doc: AnnotatedText, *, attribute_types: Mapping[str, str], as_predictions: bool) -> dict:
    """Offsets are code points with the covered text, as Label Studio has stored them since its emoji fix."""
    task: dict[str, Any] = {"id": doc.text_id, "data": {"text": doc.text, "title": doc.title,
                                                        "external_id": doc.id, "meta": dict(doc.meta)}}
    entries = []
    for work in doc.work:
        result = [region for number, span in enumerate(work.spans)
                  for region in _regions(doc.text, span, f"{work.user_id}-{number}", attribute_types)]
        if as_predictions:
            entries.append({"model_version": work.annotator, "result": result})
        else:
            entries.append({"completed_by": {"id": work.user_id, "username": work.annotator},
                            "result": result, "was_cancelled": False, "ground_truth": False,
                            "factspan": {"annotator": work.annotator, "status": work.status}})
    task["predictions" if as_predictions else "annotations"] = entries
    return task


def _regions(text: str, span: ExportSpan, region_id: str, attribute_types: Mapping[str, str]) -> list[dict]:
    value = {"start": span.start, "end": span.end, "text": text[span.start:span.end], "labels": [span.label]}
    region: dict[str, Any] = {"id": region_id, "from_name": "label", "to_name": "text", "type": "labels",
                              "value": value}
    if span.suggested_by:
        region["factspan_suggested_by"] = dict(span.suggested_by)
    regions = [region]
    for name, attribute in span.attributes.items():
        if attribute is None:
            continue
        control, key = _LS_CONTROLS.get(attribute_types.get(name, "string"), ("textarea", "text"))
        if isinstance(attribute, bool):
            attribute = str(attribute).lower()
        shaped = attribute if isinstance(attribute, list) or control == "number" else [attribute]
        regions.append({"id": region_id, "from_name": name, "to_name": "text", "type": control,
                        "value": {"start": span.start, "end": span.end, key: shaped}})
    return regions


def write_doccano(by_annotator: Iterable[tuple[str, Iterable[AnnotatedText]]], out: BinaryIO,
                  on_document: Callable[[], None]) -> None:
    """A zip of `<username>.jsonl`, one per annotator, as doccano exports a project without shared annotation."""
    with zipfile.ZipFile(out, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[arg-type]
        for annotator, documents in by_annotator:
            with archive.open(f"{_UNSAFE_NAME.sub('_', annotator)}.jsonl", mode="w", force_zip64=True) as member:
                for doc in documents:
                    [work] = doc.work
                    member.write(render_doccano({"id": doc.id, "text": doc.text, "meta": dict(doc.meta),
                                                 "spans": [s.as_dict() for s in work.spans]}).encode("utf-8"))
                    on_document()


def attribute_types_of(schema_document: Mapping[str, Any]) -> dict[str, str]:
    """Attribute id -> type over all labels (ids are shared across labels with one type)."""
    return {a["id"]: a["type"] for label in schema_document["labels"] for a in label["attributes"]}

