"""The one span validator, on its own and through the agreement reader that uses it."""
import json

import pytest

from app.agreement.documents import parse_annotations_jsonl
from app.annotations.spans import SpanInput, SpanRules, check_spans, describe_invalid, read_spans, validate_spans
from app.errors import Invalid

LABELS = {
    "claim": {"id": "claim", "name": "Claim", "attributes": [
        {"id": "note", "name": "Note", "type": "string", "max_length": 5, "required": False, "default": None,
         "visible_when": None, "choices": []}]},
}
STRICT = SpanRules(labels=LABELS, allow_overlap=False)
TEXT = "x" * 20


def _problems(raw, rules=STRICT, text=TEXT) -> tuple[str, dict]:
    with pytest.raises(Invalid) as caught:
        validate_spans(raw, text=text, rules=rules)
    return caught.value.reason, caught.value.errors


@pytest.mark.parametrize(("span", "field", "message"), [
    ({"start": True, "end": 4, "label": "claim"}, "start", "Must be an integer, not true."),
    ({"start": 0, "end": False, "label": "claim"}, "end", "Must be an integer, not false."),
    ({"start": 0, "end": 4.0, "label": "claim"}, "end", "Must be an integer, not the number 4.0."),
    ({"start": "0", "end": 4, "label": "claim"}, "start", "Must be an integer, not the string '0'."),
    ({"end": 4, "label": "claim"}, "start", "Missing."),
    ({"start": 0, "end": 4, "label": ""}, "label", "Must be a non-empty string."),
    ({"start": 0, "end": 4, "label": "claim", "attributes": ["note"]}, "attributes", "Must be an object, not a list."),
])
def test_spans_of_the_wrong_shape_are_refused(span, field, message):
    with pytest.raises(Invalid) as caught:
        read_spans([span])
    assert caught.value.errors == {"spans": {"0": {field: [message]}}}


@pytest.mark.parametrize(("span", "field"), [
    ({"start": 0, "end": 21, "label": "claim"}, "end"),
    ({"start": 5, "end": 5, "label": "claim"}, "end"),
    ({"start": -1, "end": 5, "label": "claim"}, "start"),
    ({"start": 0, "end": 5, "label": "opinion"}, "label"),
    ({"start": 0, "end": 5, "label": "claim", "attributes": {"nose": "x"}}, "nose"),
    ({"start": 0, "end": 5, "label": "claim", "attributes": {"note": "123456"}}, "note"),
])
def test_spans_the_schema_does_not_take_are_refused(span, field):
    reason, errors = _problems([span])
    assert reason == "invalid" and list(errors["spans"]["0"]) == [field]


def test_the_schema_max_length_applies():
    assert validate_spans([{"start": 0, "end": 5, "label": "claim", "attributes": {"note": "12345"}}],
                          text=TEXT, rules=STRICT)[0].attributes == {"note": "12345"}


def test_duplicates_are_refused_even_where_overlap_is_allowed():
    span = {"start": 0, "end": 5, "label": "claim"}
    assert _problems([span, span], rules=SpanRules(labels=LABELS, allow_overlap=True))[0] == "duplicate_span"


def test_overlaps_are_refused_where_the_schema_forbids_them():
    spans = [{"start": 0, "end": 5, "label": "claim"}, {"start": 4, "end": 8, "label": "claim"}]
    assert _problems(spans)[0] == "overlap_not_allowed"


def test_without_a_schema_any_label_and_overlap_is_taken():
    spans = [{"start": 0, "end": 5, "label": "anything"}, {"start": 4, "end": 8, "label": "else"}]
    assert [s.key() for s in validate_spans(spans, text=TEXT, rules=SpanRules())] == [
        (0, 5, "anything"), (4, 8, "else")]


def test_required_attributes_only_when_asked():
    rules = SpanRules(labels={"claim": {**LABELS["claim"], "attributes": [
        {**LABELS["claim"]["attributes"][0], "required": True}]}})
    spans = [SpanInput(0, 5, "claim", {})]
    check_spans(spans, text=TEXT, rules=rules)
    with pytest.raises(Invalid) as caught:
        check_spans(spans, text=TEXT, rules=rules, require_attributes=True)
    assert caught.value.reason == "missing_required_attributes"


def test_describe_invalid_gives_one_line_per_file_line():
    with pytest.raises(Invalid) as caught:
        validate_spans([{"start": True, "end": 4, "label": "x"}, 7], text=TEXT, rules=STRICT)
    assert describe_invalid(caught.value) == (
        "span 0: start: Must be an integer, not true.; "
        "span 1: Must be an object with start, end and label, not the number 7.")


def _agreement_line(spans) -> str:
    return json.dumps({"id": "d", "text": "x" * 20, "annotations": [{"annotator": "a", "spans": spans}]})


@pytest.mark.parametrize(("spans", "reason"), [
    ([{"start": False, "end": 3, "label": "L"}], "annotator 'a': span 0: start: Must be an integer, not false."),
    ([{"start": 0, "end": 5, "label": "L"}, {"start": 0, "end": 5, "label": "L"}],
     "annotator 'a': Spans 0 and 1 are the same span twice."),
])
def test_the_agreement_reader_uses_the_span_validator(spans, reason):
    documents, errors = parse_annotations_jsonl([_agreement_line(spans)])
    assert documents == [] and [(e.line_number, e.reason) for e in errors] == [(1, reason)]


def test_the_agreement_reader_refuses_a_deeply_nested_line_by_number():
    documents, errors = parse_annotations_jsonl([_agreement_line([]), "[" * 100_000 + "]" * 100_000])
    assert len(documents) == 1
    assert [(e.line_number, e.reason) for e in errors] == [(2, "not valid JSON: nested more than 64 levels deep")]
