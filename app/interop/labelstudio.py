"""Label Studio JSON (a list of tasks): read Labels-over-Text regions with their per-region controls.

A task is `{"id", "data": {"text": …}, "annotations": [{"completed_by", "result": [...]}], "predictions": [...]}`.
A region is a result of type `labels` (`value.start`, `value.end`, `value.text`, `value.labels`); results
of other types (choices, textarea, number, rating, taxonomy) that share its `id` are its per-region
attributes, named by their `from_name`. Older exports call annotations `completions`.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from app.interop.records import ForeignDocument, ForeignSet, ForeignSpan, ImportIssue, Unreadable
from app.safe_input import InputError, parse_json

# Result types that carry a per-region value, and where in `value` it sits.
_CONTROL_VALUES = {"choices": "choices", "textarea": "text", "number": "number", "rating": "rating",
                   "taxonomy": "taxonomy"}
# Region keys that only say how Label Studio drew it; they are left in the file.
_REGION_TYPES = ("labels",)


def read_labelstudio(data: bytes | str, *, source: str, text_field: str | None = None
                     ) -> Iterator[ForeignDocument | Unreadable | ImportIssue]:
    """Every task of the export as a document; tasks that cannot be read become Unreadable."""
    try:
        tasks = parse_json(data)
    except InputError as exc:
        yield Unreadable(source, f"not a Label Studio JSON export: {exc}")
        return
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        yield Unreadable(source, "a Label Studio export is a JSON list of tasks")
        return
    for number, task in enumerate(tasks, start=1):
        where = f"{source} task {number}" + (f" (id {task['id']})" if isinstance(task, dict) and "id" in task else "")
        yield from _read_task(task, where, text_field)


def _read_task(task: Any, where: str, text_field: str | None) -> Iterator[ForeignDocument | Unreadable | ImportIssue]:
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        yield Unreadable(where, "a task needs a 'data' object")
        return
    data = task["data"]
    key = text_field or ("text" if isinstance(data.get("text"), str) else None)
    if key is None:
        strings = [k for k, v in data.items() if isinstance(v, str) and k not in ("title", "external_id", "source_url")]
        key = strings[0] if len(strings) == 1 else None
    if key is None or not isinstance(data.get(key), str):
        yield Unreadable(where, "cannot tell which data field holds the text; set text_field in the mapping file")
        return
    issues: list[ImportIssue] = []
    sets = []
    for index, annotation in enumerate(task.get("annotations") or task.get("completions") or []):
        place = f"{where} annotation {index + 1}"
        if not isinstance(annotation, dict):
            issues.append(ImportIssue(place, "not an object"))
            continue
        if annotation.get("was_cancelled"):
            issues.append(ImportIssue(place, "skipped: the annotation was cancelled (skipped) in Label Studio"))
            continue
        factspan = annotation.get("factspan") if isinstance(annotation.get("factspan"), dict) else {}
        spans = tuple(_regions(annotation.get("result") or [], place, issues))
        sets.append(ForeignSet(annotator=_annotator(annotation.get("completed_by"), factspan), spans=spans,
                               status="draft" if factspan.get("status") == "draft" else "submitted",
                               ground_truth=bool(annotation.get("ground_truth"))))
    for index, prediction in enumerate(task.get("predictions") or []):
        place = f"{where} prediction {index + 1}"
        if not isinstance(prediction, dict):
            issues.append(ImportIssue(place, "not an object"))
            continue
        spans = tuple(_regions(prediction.get("result") or [], place, issues))
        name = str(prediction.get("model_version") or "labelstudio")
        sets.append(ForeignSet(annotator=name, spans=spans, kind="prediction", score=_number(prediction.get("score"))))
    yield from issues
    meta = {k: v for k, v in data.items() if k not in (key, "title", "external_id", "source_url", "meta")}
    if isinstance(data.get("meta"), dict):
        meta.update(data["meta"])
    yield ForeignDocument(
        location=where, text=data[key], sets=tuple(sets),
        external_id=str(data.get("external_id") or task.get("id") or "") or None,
        title=str(data.get("title") or ""), meta=meta,
    )


def _annotator(completed_by: Any, factspan: Mapping[str, Any]) -> str:
    """factspan's own name when the file came from factspan; else the user's email, username or id."""
    if isinstance(factspan.get("annotator"), str):
        return factspan["annotator"]
    if isinstance(completed_by, dict):
        for key in ("username", "email"):
            if completed_by.get(key):
                return str(completed_by[key])
        completed_by = completed_by.get("id")
    return f"labelstudio-user-{completed_by}" if completed_by is not None else "labelstudio"


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _regions(results: list, where: str, issues: list[ImportIssue]) -> Iterator[ForeignSpan]:
    regions: dict[str, dict[str, Any]] = {}
    controls: dict[str, dict[str, Any]] = {}
    for index, result in enumerate(results):
        place = f"{where} result {index + 1}"
        if not isinstance(result, dict) or not isinstance(result.get("value"), dict):
            issues.append(ImportIssue(place, "a result needs a 'value' object"))
            continue
        region_id = str(result.get("id") or f"#{index}")
        kind = result.get("type")
        if kind in _REGION_TYPES:
            regions[region_id] = dict(result, _place=place)
        elif kind in _CONTROL_VALUES:
            name = str(result.get("from_name") or kind)
            controls.setdefault(region_id, {})[name] = result["value"].get(_CONTROL_VALUES[kind])
        else:
            issues.append(ImportIssue(place, f"result type '{kind}' is not a text span; skipped"))
    for region_id, attributes in controls.items():
        if region_id not in regions:
            issues.append(ImportIssue(f"{where} region {region_id}",
                                      f"{', '.join(attributes)} belong to no labelled region (task-level "
                                      "choices are not span attributes); skipped"))
    for region_id, region in regions.items():
        value = region["value"]
        labels = value.get("labels")
        if not isinstance(labels, list) or not labels:
            issues.append(ImportIssue(region["_place"], "a labels region without labels; skipped"))
            continue
        text = value.get("text") if isinstance(value.get("text"), str) else None
        yield ForeignSpan(
            start=value.get("start"), end=value.get("end"), labels=tuple(str(label) for label in labels),
            location=region["_place"], text=text, attributes=controls.get(region_id, {}),
            score=_number(region.get("score")),
            suggested_by=region.get("factspan_suggested_by") if isinstance(region.get("factspan_suggested_by"),
                                                                            dict) else None,
        )
