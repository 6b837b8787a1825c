"""compute_agreement against krippendorff, scikit-learn and statsmodels on generated corpora."""

from __future__ import annotations

import math
import re
import warnings
from itertools import combinations

import krippendorff
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

from app.agreement.corpus import build_corpus, tokenize
from app.agreement.documents import Document
from app.agreement.metrics import compute_agreement

ANNOTATORS = ("a", "b", "c")
ALPHABET = "ab cd\n\té中😀\u00a0\u2003\u3000x"


@st.composite
def documents(draw, max_docs: int = 4) -> list[Document]:
    docs = []
    for d in range(draw(st.integers(0, max_docs))):
        text = draw(st.text(alphabet=ALPHABET, max_size=24))
        annotations = {}
        for annotator in ANNOTATORS:
            if not draw(st.booleans()) and draw(st.booleans()):
                continue
            spans = []
            if len(text):
                for _ in range(draw(st.integers(0, 4))):
                    start = draw(st.integers(0, len(text) - 1))
                    end = draw(st.integers(start + 1, len(text)))
                    spans.append((start, end, draw(st.sampled_from("XYZ"))))
            annotations[annotator] = tuple(spans)
        docs.append(Document(id=f"d{d}", text=text, annotations=annotations))
    return docs


def value(spans, lo: int, hi: int) -> str:
    """Reference value of one unit [lo, hi): labels of spans sharing a character with it."""
    labels = sorted({label for s, e, label in spans if s < hi and lo < e})
    return "+".join(labels) or "O"


def reliability(docs, level: str, only=None) -> tuple[list[list[str | None]], list[str]]:
    """Annotator-by-unit values; units nobody valued are dropped."""
    names = sorted({a for d in docs for a in d.annotations})
    rows: list[list[str | None]] = [[] for _ in names]
    unit_docs = []
    for doc in docs:
        if only is not None and doc.id != only:
            continue
        if level == "char":
            units = [(i, i + 1) for i in range(len(doc.text))]
        else:
            units = [m.span() for m in re.finditer(r"\S+", doc.text)]
        for lo, hi in units:
            column = [value(doc.annotations[a], lo, hi) if a in doc.annotations else None for a in names]
            if any(v is not None for v in column):
                for row, v in zip(rows, column):
                    row.append(v)
                unit_docs.append(doc.id)
    return rows, names


def ref_alpha(rows) -> float | None:
    domain = sorted({v for row in rows for v in row if v is not None})
    data = np.array([[np.nan if v is None else domain.index(v) for v in row] for row in rows], dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        except ValueError:
            return None
    return None if math.isnan(result) else float(result)


def ref_kappa(x, y) -> float | None:
    both = [(p, q) for p, q in zip(x, y) if p is not None and q is not None]
    if not both:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = cohen_kappa_score([p for p, _ in both], [q for _, q in both])
    return None if math.isnan(result) else float(result)


def ref_fleiss(docs, rows, names) -> float | None:
    annotated = [d for d in docs if d.annotations]
    if len(names) < 2 or any(set(d.annotations) != set(names) for d in annotated) or not rows[0]:
        return None
    domain = sorted({v for row in rows for v in row})
    data = np.array([[domain.index(v) for v in row] for row in rows]).T
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = fleiss_kappa(aggregate_raters(data)[0])
    return None if not math.isfinite(result) else float(result)


def close(ours, reference) -> bool:
    if reference is None:
        return ours is None
    return ours is not None and abs(ours - reference) < 1e-9


@settings(max_examples=120, deadline=None)
@given(documents())
def test_coding_metrics_equal_reference_libraries(docs):
    report = compute_agreement(docs, bootstrap_samples=0)
    for level in ("char", "token"):
        rows, names = reliability(docs, level)
        assert close(report[f"{level}_alpha_nominal"], ref_alpha(rows))
        assert close(report[f"{level}_fleiss_kappa"], ref_fleiss(docs, rows, names))
        for i, j in combinations(range(len(names)), 2):
            key = f"{names[i]}|{names[j]}"
            assert close(report[f"{level}_cohen_kappa_pairs"][key], ref_kappa(rows[i], rows[j]))
            if report[f"{level}_cohen_kappa_pairs"][key] is None:
                assert f"{level}_cohen_kappa_pairs.{key}" in report["undefined"]
        for doc in docs:
            doc_rows, _ = reliability(docs, level, only=doc.id)
            expected = ref_alpha(doc_rows) if doc_rows and doc_rows[0] else None
            assert close(report[f"{level}_alpha_nominal_per_doc"][doc.id], expected)
        if report[f"{level}_alpha_nominal"] is None:
            assert f"{level}_alpha_nominal" in report["undefined"]


@settings(max_examples=60, deadline=None)
@given(documents())
def test_binary_label_alpha_equals_krippendorff(docs):
    report = compute_agreement(docs, bootstrap_samples=0)
    rows, _ = reliability(docs, "char")
    for label in report["labels"]:
        binary = [[None if v is None else ("1" if label in v.split("+") else "0") for v in row] for row in rows]
        assert close(report["per_label"][label]["char_alpha_binary"], ref_alpha(binary))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=15), max_size=4))
def test_vectorised_tokenizer_equals_re_finditer(texts):
    docs = [Document(id=str(i), text=t, annotations={}) for i, t in enumerate(texts)]
    offsets = build_corpus(docs).offsets
    starts, ends = tokenize(docs, offsets)
    expected = [(offsets[i] + m.start(), offsets[i] + m.end()) for i, t in enumerate(texts)
                for m in re.finditer(r"\S+", t)]
    assert list(zip(starts.tolist(), ends.tolist())) == expected


def ref_span_f1(docs, a, b, overlap: bool, label=None) -> float | None:
    tp = size = 0
    for doc in docs:
        if a not in doc.annotations or b not in doc.annotations:
            continue
        xs = sorted({s for s in doc.annotations[a] if label is None or s[2] == label})
        ys = sorted({s for s in doc.annotations[b] if label is None or s[2] == label})
        size += len(xs) + len(ys)
        if not overlap:
            tp += len(set(xs) & set(ys))
            continue

        def best(i: int, used: frozenset) -> int:
            if i == len(xs):
                return 0
            s, e, lab = xs[i]
            options = [best(i + 1, used)]
            for j, (s2, e2, lab2) in enumerate(ys):
                if j not in used and lab2 == lab and s < e2 and s2 < e:
                    options.append(1 + best(i + 1, used | {j}))
            return max(options)

        tp += best(0, frozenset())
    return 2 * tp / size if size else None


@settings(max_examples=80, deadline=None)
@given(documents(max_docs=3))
def test_span_f1_equals_brute_force(docs):
    report = compute_agreement(docs, bootstrap_samples=0)
    for a, b in combinations(report["annotators"], 2):
        key = f"{a}|{b}"
        assert close(report["span_f1_exact_pairs"][key], ref_span_f1(docs, a, b, overlap=False))
        assert close(report["span_f1_overlap_pairs"][key], ref_span_f1(docs, a, b, overlap=True))
    for label in report["labels"]:
        pairs = [ref_span_f1(docs, a, b, True, label) for a, b in combinations(report["annotators"], 2)]
        defined = [p for p in pairs if p is not None]
        expected = sum(defined) / len(defined) if defined else None
        assert close(report["per_label"][label]["span_f1_overlap_mean"], expected)


def test_many_labels_and_annotators_use_the_wide_paths():
    # 70 labels need two 62-bit mask words; 14 annotators overflow the packed tuple code.
    rng = np.random.default_rng(3)
    docs = []
    for d in range(3):
        text = "".join(rng.choice(list("ab c"), size=40))
        annotations = {}
        for a in range(14):
            if rng.random() < 0.2:
                continue
            starts = rng.integers(0, 39, size=4)
            annotations[f"n{a:02d}"] = tuple(
                (int(s), int(s + rng.integers(1, 40 - s + 1)), f"L{int(rng.integers(0, 70)):02d}") for s in starts
            )
        docs.append(Document(id=str(d), text=text, annotations=annotations))
    report = compute_agreement(docs, bootstrap_samples=0)
    for level in ("char", "token"):
        rows, names = reliability(docs, level)
        assert close(report[f"{level}_alpha_nominal"], ref_alpha(rows))
        assert close(report[f"{level}_cohen_kappa_pairs"][f"{names[0]}|{names[1]}"], ref_kappa(rows[0], rows[1]))
    assert len(report["labels"]) > 62
