"""Hand-computed agreement cases, properties, bootstrap, JSONL reading and the text table."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.agreement.documents import Document, LineError, parse_annotations_jsonl
from app.agreement.metrics import compute_agreement
from app.agreement.report import render_table
from app.agreement.spans import max_matching


def doc(text: str, doc_id: str = "d", **annotators) -> Document:
    return Document(id=doc_id, text=text, annotations={k: tuple(v) for k, v in annotators.items()})


def report(*docs: Document, samples: int = 0) -> dict:
    return compute_agreement(list(docs), bootstrap_samples=samples)


def test_perfect_agreement_is_one_everywhere():
    spans = [(0, 3, "F"), (4, 9, "O2")]
    r = report(doc("the cat sat on it", a=spans, b=spans))
    for key in ("char_alpha_nominal", "token_alpha_nominal", "char_cohen_kappa_mean", "char_fleiss_kappa",
                "token_fleiss_kappa", "span_f1_exact_mean", "span_f1_overlap_mean"):
        assert r[key] == pytest.approx(1.0), key
    assert r["alpha_unitized"]["overall"] == pytest.approx(1.0)
    assert r["undefined"] == {}


def test_total_disagreement():
    # Two characters, a says X and b says Y on both: o_XY = o_YX = 2, n = 4.
    # alpha = 1 - (n - 1) * 4 / (16 - 4 - 4) = 1 - 12/8 = -0.5; kappa = 0 (each annotator is constant).
    r = report(doc("ab", a=[(0, 2, "X")], b=[(0, 2, "Y")]))
    assert r["char_alpha_nominal"] == pytest.approx(-0.5)
    assert r["char_cohen_kappa_pairs"]["a|b"] == pytest.approx(0.0)
    assert r["span_f1_exact_mean"] == 0.0
    assert r["boundary_vs_label"] == {"pairs": 1, "same_label_different_boundaries": 0.0,
                                      "same_boundaries_different_labels": 1.0}


def test_one_empty_annotator():
    # a marks "ab" of "ab cd" as X, b marks nothing: char values a = X X O O O, b = O O O O O.
    # n = 10, o_XO = o_OX = 2, o_OO = 6; alpha = 1 - 9 * 4 / (100 - 64 - 4) = 1 - 36/32 = -0.125.
    r = report(doc("ab cd", a=[(0, 2, "X")], b=[]))
    assert r["char_alpha_nominal"] == pytest.approx(-0.125)
    assert r["span_f1_overlap_pairs"]["a|b"] == 0.0
    assert r["per_label"]["X"]["char_alpha_binary"] == pytest.approx(-0.125)


def test_same_spans_different_labels():
    r = report(doc("one two", a=[(0, 3, "A"), (4, 7, "B")], b=[(0, 3, "B"), (4, 7, "A")]))
    assert r["span_f1_exact_mean"] == 0.0
    assert r["span_f1_overlap_mean"] == 0.0
    assert r["boundary_vs_label"]["same_boundaries_different_labels"] == 1.0
    assert r["confusion_matrix"]["values"] == ["A", "B"]
    assert r["confusion_matrix"]["counts"] == [[0, 2], [2, 0]]


def test_document_nobody_annotated_is_undefined_and_not_counted():
    r = report(doc("aa bb", "x", a=[(0, 2, "X")], b=[(0, 2, "X")]), doc("zzz", "y"))
    assert r["units"] == {"char": 5, "token": 2}
    assert r["char_alpha_nominal_per_doc"]["y"] is None
    assert "char_alpha_nominal_per_doc.y" in r["undefined"]
    assert r["char_fleiss_kappa"] == pytest.approx(1.0)


def test_overlap_matching_where_greedy_fails():
    # Greedy gives x1 its first overlapping partner y1 and leaves x2 alone; the maximum is 2.
    left, right = [(0, 5), (6, 8)], [(0, 7), (3, 4)]
    assert max_matching(left, right) == 2
    r = report(doc("x" * 10, a=[(0, 5, "L"), (6, 8, "L")], b=[(0, 7, "L"), (3, 4, "L")]))
    assert r["span_f1_overlap_pairs"]["a|b"] == pytest.approx(1.0)


def test_touching_spans_do_not_match():
    r = report(doc("x" * 6, a=[(0, 3, "L")], b=[(3, 6, "L")]))
    assert r["span_f1_overlap_mean"] == 0.0
    assert r["boundary_vs_label"]["pairs"] == 0


def test_duplicate_spans_count_once():
    r = report(doc("abc def", a=[(0, 3, "L"), (0, 3, "L")], b=[(0, 3, "L")]))
    assert r["span_f1_exact_mean"] == pytest.approx(1.0)


def test_fleiss_needs_every_annotator():
    r = report(doc("ab", "1", a=[(0, 1, "X")], b=[]), doc("cd", "2", a=[]))
    assert r["char_fleiss_kappa"] is None
    assert r["undefined"]["char_fleiss_kappa"] == "not every annotated document has every annotator"


def test_pairs_without_shared_document_are_listed_and_undefined():
    r = report(doc("ab", "1", a=[(0, 1, "X")]), doc("cd", "2", b=[(0, 1, "X")]))
    assert r["span_f1_exact_pairs"] == {"a|b": None}
    assert r["undefined"]["span_f1_exact_pairs.a|b"] == "no shared document"
    assert r["char_cohen_kappa_pairs"] == {"a|b": None}


def test_zero_documents():
    r = report(samples=100)
    assert r["documents"] == 0 and r["bootstrap"]["char_alpha_nominal"] is None
    json.dumps(r, allow_nan=False)
    assert "n/a" in render_table(r)


def test_one_document_has_no_interval_and_says_why():
    r = report(doc("the cat sat", a=[(0, 3, "F")], b=[(0, 3, "F"), (4, 7, "F")]), samples=50)
    assert r["bootstrap"]["char_alpha_nominal"] is None and r["bootstrap"]["span_f1_overlap_mean"] is None
    assert r["bootstrap"]["reason"] == "needs at least 2 documents to resample"


def test_unitized_alpha_ignores_single_annotator_documents():
    base = doc("x" * 20, "1", a=[(2, 8, "L")], b=[(3, 9, "L")])
    alone = doc("y" * 30, "2", a=[(0, 5, "L")])
    assert report(base, alone)["alpha_unitized"] == report(base)["alpha_unitized"]


def test_bootstrap_is_seeded_and_ordered():
    docs = [doc("aa bb cc", str(i), a=[(0, 2, "X"), (3, 5, "Y")], b=[(0, 2, "X"), (3, 5, "X" if i % 2 else "Y")])
            for i in range(12)]
    first = compute_agreement(docs, bootstrap_samples=200, seed=7)["bootstrap"]
    assert first == compute_agreement(docs, bootstrap_samples=200, seed=7)["bootstrap"]
    low, high = first["char_alpha_nominal"]
    assert low <= high and first["samples"] == 200 and first["seed"] == 7
    assert compute_agreement(docs, bootstrap_samples=0)["bootstrap"]["span_f1_overlap_mean"] is None


spans_strategy = st.lists(
    st.tuples(st.integers(0, 11), st.integers(1, 12), st.sampled_from("PQ")).filter(lambda s: s[0] < s[1]), max_size=5
)


@settings(max_examples=60, deadline=None)
@given(spans_strategy, spans_strategy, st.text(alphabet="ab é", min_size=12, max_size=12))
def test_pair_metrics_are_symmetric(first, second, text):
    forward = report(doc(text, a=first, b=second))
    backward = report(doc(text, a=second, b=first))
    for key in ("char_cohen_kappa_pairs", "token_cohen_kappa_pairs", "span_f1_exact_pairs", "span_f1_overlap_pairs"):
        assert forward[key]["a|b"] == pytest.approx(backward[key]["a|b"])
    assert forward["alpha_unitized"]["overall"] == pytest.approx(backward["alpha_unitized"]["overall"])
    assert forward["alpha_unitized"]["per_label"] == pytest.approx(backward["alpha_unitized"]["per_label"])
    assert forward["boundary_vs_label"] == backward["boundary_vs_label"]


@settings(max_examples=60, deadline=None)
@given(spans_strategy, st.text(alphabet="ab é\n", min_size=12, max_size=12))
def test_identical_annotations_have_kappa_one(spans, text):
    r = report(doc(text, a=spans, b=spans, c=spans))
    for key in ("char_cohen_kappa_pairs", "token_cohen_kappa_pairs"):
        assert all(v is None or v == pytest.approx(1.0) for v in r[key].values())
    for key in ("char_alpha_nominal", "char_fleiss_kappa", "span_f1_exact_mean", "span_f1_overlap_mean"):
        assert r[key] is None or r[key] == pytest.approx(1.0)
    json.dumps(r, allow_nan=False)


def plain(value) -> bool:
    """Only JSON's own Python types, no numpy scalars and no NaN."""
    if isinstance(value, dict):
        return all(type(k) is str and plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(plain(v) for v in value)
    if type(value) is float:
        return value == value
    return value is None or type(value) in (int, str)


def test_report_holds_plain_json_types():
    r = report(doc("ab cd ef", "1", a=[(0, 2, "X"), (3, 5, "Y")], b=[(0, 5, "X")], c=[]),
               doc("gh", "2", a=[(0, 2, "X")]), samples=20)
    assert plain(r)
    assert set(r) >= {"annotators", "labels", "documents", "units", "alpha_unitized", "per_label", "bootstrap",
                      "confusion_matrix", "boundary_vs_label", "undefined", "char_fleiss_kappa", "token_fleiss_kappa"}


def test_render_table_lists_pairs_labels_and_reasons():
    text = render_table(report(doc("ab cd", "1", a=[(0, 2, "X")], b=[(0, 5, "X")]), doc("", "2")))
    assert "Krippendorff alpha, characters" in text
    assert "a|b" in text and "X" in text
    assert "char_alpha_nominal_per_doc.2" in text


def test_jsonl_reads_documents_and_reports_bad_lines():
    lines = [
        json.dumps({"id": "1", "text": "héllo", "annotations": [
            {"annotator": "a", "spans": [{"start": 0, "end": 5, "label": "F", "attributes": {"x": 1}}]},
            {"annotator": "b", "spans": []}]}),
        "",
        "{not json",
        json.dumps({"id": "2", "annotations": []}),
        json.dumps({"id": "3", "text": "abc", "annotations": [
            {"annotator": "a", "spans": [{"start": 2, "end": 4, "label": "F"}]}]}),
    ]
    docs, errors = parse_annotations_jsonl(lines)
    assert docs == [Document(id="1", text="héllo", annotations={"a": ((0, 5, "F"),), "b": ()})]
    assert [e.line_number for e in errors] == [3, 4, 5]
    assert errors[1] == LineError(line_number=4, reason="missing field 'text'")
    assert "is not inside the text" in errors[2].reason
