"""Validate a submitted span list against the text and the annotation schema."""
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.annotation_schemas.file_format import validate_attributes
from app.annotations.textrules import heading_overlapping, sentence_break_inside
from app.errors import Invalid

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


def check_spans(
    spans: Sequence[SpanInput], *, text: str, schema_document: Mapping[str, Any], require_attributes: bool
) -> None:
    """Refuse spans outside the text, with unknown labels or bad attributes, that break the schema's span
    rules (a heading inside, a sentence boundary crossed), or overlapping when not allowed.

    :raises Invalid: with per-span errors keyed by the span's index in the list; reason span_rule when
        only the span rules are broken.
    """
    labels = {label["id"]: label for label in schema_document["labels"]}
    rules = schema_document["span_rules"]
    errors: dict[str, dict[str, list[str]]] = {}
    for index, span in enumerate(spans):
        problems: dict[str, list[str]] = {}
        if not 0 <= span.start < span.end <= len(text):
            problems["end" if span.start >= 0 else "start"] = [
                f"The span {span.start}–{span.end} is not inside the text (0–{len(text)}) or is empty."
            ]
        else:
            problems.update(rule_problems(text, span.start, span.end, rules))
        label = labels.get(span.label)
        if label is None:
            problems["label"] = [f"Unknown label '{span.label}'; the schema has {', '.join(labels)}."]
        else:
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
    _check_duplicates_and_overlaps(spans, allow_overlap=schema_document["span_rules"]["allow_overlap"])


def rule_problems(text: str, start: int, end: int, rules: Mapping[str, Any]) -> dict[str, list[str]]:
    """The schema's span rules that [start, end) breaks: {"heading" | "sentence": [message]}."""
    problems: dict[str, list[str]] = {}
    if "heading" in rules.get("excluded_regions", ()):
        heading = heading_overlapping(text, start, end)
        if heading is not None:
            problems["heading"] = [f"The span includes the heading “{text[heading[0]:heading[1]]}”; "
                                   "this schema leaves headings out of spans."]
    if not rules.get("allow_cross_sentence", True):
        boundary = sentence_break_inside(text, start, end)
        if boundary is not None:
            problems["sentence"] = [f"The span crosses a sentence boundary before “{text[boundary:boundary + 24]}”; "
                                    "this schema keeps each span within one sentence."]
    return problems


def _only_attribute_errors(errors: dict[str, dict[str, list[str]]]) -> bool:
    return all(field not in ("start", "end", "label", *RULE_FIELDS) for problems in errors.values() for field in problems)


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
