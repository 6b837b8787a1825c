"""Canonical gold JSONL: round trips through read_gold_jsonl and its validation errors."""
import hashlib
import io
import json

import pytest

from app.annotations.spans import SpanRules
from app.gold.formats import read_gold_jsonl, write_export
from app.gold.records import ExportContext, GoldDocument, GoldSpan, LineError

CTX = ExportContext(
    release="r7",
    schema_id="factspan-default",
    schema_version="1.0.0",
    labels=("sourced_readout", "author_inference"),
    bio_tags={"sourced_readout": "READOUT", "author_inference": "INFERENCE"},
)
TEXT = 'Xi said: "We agree 👍🏽."\nPutin, cafe\u0301 中文 nods.\u2028Next'
SHA = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
DOC = GoldDocument(
    id="t-1",
    text=TEXT,
    sha256=SHA,
    spans=(
        GoldSpan(10, 22, "sourced_readout", {"explicit": True, "cue_text": "Xi said", "n": 2, "p": 0.5, "tags": ["a"]}),
        GoldSpan(22, 36, "author_inference", {}, {"proposed_by": ["ann1"], "decision_id": 3}),
    ),
    meta={"title": "Readout", "source_url": None, "agreement": {"f1_overlap": 0.75}},
)


def _line(**overrides) -> str:
    sha256 = hashlib.sha256(b"Hello world").hexdigest()
    record = {"id": "t-1", "text": "Hello world", "sha256": sha256, "spans": [], "meta": {}}
    record.update(overrides)
    return json.dumps(record)


def _exported(*docs: GoldDocument) -> str:
    out = io.BytesIO()
    write_export("jsonl", iter(docs), out, CTX)
    return out.getvalue().decode("utf-8")


def test_round_trip_gives_equal_documents() -> None:
    assert list(read_gold_jsonl(_exported(DOC).splitlines(keepends=True))) == [DOC]


def test_spans_are_written_sorted_and_read_back_sorted() -> None:
    shuffled = GoldDocument(DOC.id, DOC.text, DOC.sha256, DOC.spans[::-1], DOC.meta)
    assert list(read_gold_jsonl(_exported(shuffled).splitlines())) == [DOC]


def test_every_exported_line_survives_str_splitlines() -> None:
    # U+2028 in the text would split the line for readers that use str.splitlines().
    assert len(_exported(DOC, DOC).splitlines()) == 2


def test_every_span_text_matches_the_offsets() -> None:
    record = json.loads(_exported(DOC))
    assert [record["text"][s["start"] : s["end"]] for s in record["spans"]] == ["We agree 👍🏽.", '"\nPutin, cafe\u0301']


def test_meta_carries_the_release() -> None:
    meta = json.loads(_exported(DOC))["meta"]
    added = {"release": "r7", "schema_id": "factspan-default", "schema_version": "1.0.0", "offset_unit": "codepoint"}
    assert meta == {**DOC.meta, **added}


def test_blank_lines_are_skipped_and_errors_keep_line_numbers() -> None:
    results = list(read_gold_jsonl(["\n", _line(), "{oops\n", _line(id="")]))
    assert isinstance(results[0], GoldDocument)
    assert results[1] == LineError(3, "not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2")
    assert results[2] == LineError(4, "id must be a non-empty string")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1]", "not a JSON object"),
        (_line(text=3), "text must be a string"),
        (_line(sha256="0" * 64), "sha256 does not match the text"),
        (_line(meta=[]), "meta must be an object"),
        (_line(meta={"offset_unit": "utf16"}), "offset_unit 'utf16' is not 'codepoint'"),
        (_line(spans={}), "spans must be a list"),
        (_line(spans=[3]), "span 0: Must be an object with start, end and label, not the number 3."),
        (_line(spans=[{"start": "0", "end": 5, "label": "x"}]), "span 0: start: Must be an integer, not the string '0'."),
        (_line(spans=[{"start": True, "end": 5, "label": "x"}]), "span 0: start: Must be an integer, not true."),
        (_line(spans=[{"start": 4, "end": 4, "label": "x"}]),
         "span 0: end: The span 4–4 is not inside the text (0–11) or is empty."),
        (
            _line(spans=[{"start": 0, "end": 12, "label": "x"}]),
            "span 0: end: The span 0–12 is not inside the text (0–11) or is empty.",
        ),
        (_line(spans=[{"start": 0, "end": 5, "label": ""}]), "span 0: label: Must be a non-empty string."),
        (
            _line(spans=[{"start": 0, "end": 5, "label": "x", "attributes": []}]),
            "span 0: attributes: Must be an object, not a list.",
        ),
        (
            _line(spans=[{"start": 0, "end": 5, "label": "x", "provenance": 1}]),
            "span 0: provenance must be an object",
        ),
    ],
)
def test_invalid_lines_are_reported(line: str, reason: str) -> None:
    assert list(read_gold_jsonl([line])) == [LineError(1, reason)]


def test_labels_can_be_restricted() -> None:
    line = _line(spans=[{"start": 0, "end": 5, "label": "opinion"}])
    rules = SpanRules(labels={label: {"id": label, "name": label, "attributes": []} for label in CTX.labels})
    assert list(read_gold_jsonl([line], rules=rules)) == [
        LineError(1, "span 0: label: Unknown label 'opinion'; the schema has sourced_readout, author_inference.")]


def test_reader_is_lazy() -> None:
    def lines():
        yield _line()
        raise AssertionError("read past the first document")

    assert isinstance(next(read_gold_jsonl(lines())), GoldDocument)
