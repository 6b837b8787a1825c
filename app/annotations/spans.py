"""The one span validator behind every door: the annotation API, adjudication, annotation and gold imports
(CLI, API, --as-gold) and the agreement and gold JSONL readers.

Pure (neither Flask nor SQLAlchemy), so the agreement and gold readers can use it too.
"""
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.annotation_schemas.values import validate_attributes
from app.annotations.textrules import heading_overlapping, sentence_break_inside
from app.errors import Invalid

# Per-span problems that concern the whole span rather than one field.
WHOLE_SPAN = "_schema"
RULE_FIELDS = ("heading", "sentence")


@dataclass(frozen=True)
class SpanInput:
    start: int
    end: int
    label: str
    attributes: Mapping[str, Any]
    id: int | None = None
    # An accepted suggestion's origin ({"suggestion_id", "suggester", "confidence"}); None for one's own span.
    suggested_by: Mapping[str, Any] | None = None

    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)


@dataclass(frozen=True)
class SpanRules:
    """What spans must satisfy. Without a schema (labels None) any label is taken, attributes are not
    judged, and overlaps, headings and sentence boundaries are allowed."""

    labels: Mapping[str, dict] | None = None
    allow_overlap: bool = True
    allow_cross_sentence: bool = True
    exclude_headings: bool = False

    @classmethod
    def of_schema(cls, document: Mapping[str, Any]) -> "SpanRules":
        """The rules of a stored annotation schema document."""
        rules = document["span_rules"]
        return cls(labels={label["id"]: label for label in document["labels"]}, allow_overlap=rules["allow_overlap"],
                   allow_cross_sentence=rules.get("allow_cross_sentence", True),
                   exclude_headings="heading" in rules.get("excluded_regions", ()))


def read_spans(raw: Any) -> list[SpanInput]:
    """Spans from outside JSON: a list of objects with integer offsets (not true or false), a non-empty
    label and, optionally, an attributes object.

    :raises Invalid: with per-span errors keyed by the span's index.
    """
    if not isinstance(raw, list):
        raise Invalid("The spans must be a list.", errors={"spans": ["Must be a list."]})
    spans: list[SpanInput] = []
    errors: dict[str, dict[str, list[str]]] = {}
    for index, item in enumerate(raw):
        if problems := _shape_problems(item):
            errors[str(index)] = problems
        else:
            spans.append(SpanInput(item["start"], item["end"], item["label"], item.get("attributes") or {}))
    if errors:
        raise Invalid("Some spans are not valid; see errors.", errors={"spans": errors})
    return spans


def _shape_problems(item: Any) -> dict[str, list[str]]:
    # The usual span, settled without the checks below (files of spans hold hundreds of thousands).
    if (type(item) is dict and type(item.get("start")) is int and type(item.get("end")) is int
            and type(item.get("label")) is str and item["label"] and type(item.get("attributes", {})) is dict):
        return {}
    if not isinstance(item, Mapping):
        return {WHOLE_SPAN: [f"Must be an object with start, end and label, not {_json_type(item)}."]}
    problems: dict[str, list[str]] = {}
    for key in ("start", "end"):
        value = item.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            problems[key] = [f"Must be an integer, not {_json_type(value)}." if key in item else "Missing."]
    if not isinstance(item.get("label"), str) or not item["label"]:
        problems["label"] = ["Must be a non-empty string."]
    if item.get("attributes") is not None and not isinstance(item["attributes"], Mapping):
        problems["attributes"] = [f"Must be an object, not {_json_type(item['attributes'])}."]
    return problems


def _json_type(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    return "a list" if isinstance(value, list) else "an object"


def check_spans(
    spans: Sequence[SpanInput], *, text: str, rules: SpanRules, require_attributes: bool = False
) -> None:
    """Refuse spans outside the text or empty, breaking the schema's span rules (a heading inside, a sentence
    boundary crossed), with unknown labels or bad attributes (unknown, wrong type, past max_length), the
    same span twice, or overlapping where the schema forbids it.

    :raises Invalid: with per-span errors keyed by the span's index in the list; reason span_rule when
        only the span rules are broken.
    """
    errors: dict[str, dict[str, list[str]]] = {}
    has_text_rules = rules.exclude_headings or not rules.allow_cross_sentence
    for index, span in enumerate(spans):
        problems: dict[str, list[str]] = {}
        if not 0 <= span.start < span.end <= len(text):
            problems["end" if span.start >= 0 else "start"] = [
                f"The span {span.start}–{span.end} is not inside the text (0–{len(text)}) or is empty."
            ]
        elif has_text_rules:
            problems.update(rule_problems(text, span.start, span.end, rules))
        label = rules.labels.get(span.label) if rules.labels is not None else None
        if rules.labels is not None and label is None:
            problems["label"] = [f"Unknown label '{span.label}'; the schema has {', '.join(rules.labels)}."]
        elif label is not None:
            problems.update(validate_attributes(label, span.attributes, require=require_attributes))
        if problems:
            errors[str(index)] = problems
    if errors:
        fields = {field for problems in errors.values() for field in problems}
        if fields <= set(RULE_FIELDS):
            reason, message = "span_rule", "Some spans break the schema's span rules; see errors."
        elif require_attributes and _only_attribute_errors(errors):
            reason = "missing_required_attributes"
            message = "Some spans lack required attributes; fill them in before submitting."
        else:
            reason, message = "invalid", "Some spans are not valid; see errors."
        raise Invalid(message, reason=reason, errors={"spans": errors})
    _check_duplicates_and_overlaps(spans, allow_overlap=rules.allow_overlap)


def validate_spans(raw: Any, *, text: str, rules: SpanRules) -> list[SpanInput]:
    """read_spans then check_spans, for spans that arrive as JSON in a file or an import.

    :raises Invalid: see both.
    """
    spans = read_spans(raw)
    check_spans(spans, text=text, rules=rules)
    return spans


def describe_invalid(exc: Invalid) -> str:
    """One line for a report that names the file line: the first problems of each span, or the message."""
    spans = exc.errors.get("spans")
    if not isinstance(spans, dict) or exc.reason in ("duplicate_span", "overlap_not_allowed"):
        return exc.message
    parts = [
        f"span {index}: " + (" ".join(messages) if field == WHOLE_SPAN else f"{field}: {' '.join(messages)}")
        for index, problems in spans.items()
        for field, messages in problems.items()
    ]
    return "; ".join(parts[:3]) + (f"; and {len(parts) - 3} more" if len(parts) > 3 else "")


def rule_problems(text: str, start: int, end: int, rules: SpanRules) -> dict[str, list[str]]:
    """The schema's span rules that [start, end) breaks: {"heading" | "sentence": [message]}."""
    problems: dict[str, list[str]] = {}
    if rules.exclude_headings:
        heading = heading_overlapping(text, start, end)
        if heading is not None:
            problems["heading"] = [f"The span includes the heading “{text[heading[0]:heading[1]]}”; "
                                   "this schema leaves headings out of spans."]
    if not rules.allow_cross_sentence:
        boundary = sentence_break_inside(text, start, end)
        if boundary is not None:
            problems["sentence"] = [f"The span crosses a sentence boundary before “{text[boundary:boundary + 24]}”; "
                                    "this schema keeps each span within one sentence."]
    return problems


def _only_attribute_errors(errors: dict[str, dict[str, list[str]]]) -> bool:
    return all(field not in ("start", "end", "label", *RULE_FIELDS)
               for problems in errors.values() for field in problems)


def _check_duplicates_and_overlaps(spans: Sequence[SpanInput], *, allow_overlap: bool) -> None:
    ordered = sorted(range(len(spans)), key=lambda i: (spans[i].start, spans[i].end))
    seen: dict[tuple[int, int, str], int] = {}
    for index in ordered:
        key = spans[index].key()
        if key in seen:
            raise Invalid(
                f"Spans {seen[key]} and {index} are the same span twice.",
                reason="duplicate_span",
                errors={"spans": {str(index): {"start": ["Duplicate of another span."]}}},
            )
        seen[key] = index
    if allow_overlap:
        return
    for previous, current in zip(ordered, ordered[1:]):
        if spans[current].start < spans[previous].end:
            a, b = spans[previous], spans[current]
            raise Invalid(
                f"Spans may not overlap in this schema: {a.start}–{a.end} ({a.label}) overlaps "
                f"{b.start}–{b.end} ({b.label}).",
                reason="overlap_not_allowed",
                errors={"spans": {str(current): {"start": ["Overlaps another span."]}}},
            )
