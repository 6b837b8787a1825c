"""Unitizing alpha against Krippendorff's worked examples and a literal port of DKPro's sweep."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.agreement.corpus import build_corpus
from app.agreement.documents import Document
from app.agreement.metrics import compute_agreement
from app.agreement.unitizing import disagreements

# Krippendorff (1995, p. 57) as DKPro's Krippendorff1995Test encodes it: (start, length, rater, label).
EXAMPLE_1995 = [
    (2, 8, 0, "A"), (14, 6, 0, "A"), (4, 4, 1, "A"), (15, 2, 1, "A"),
    (0, 18, 0, "B"), (0, 2, 1, "B"), (2, 1, 1, "B"), (3, 1, 1, "B"), (4, 1, 1, "B"), (5, 1, 1, "B"),
    (6, 3, 1, "B"), (9, 1, 1, "B"),
    (2, 6, 0, "C"), (10, 2, 0, "C"), (14, 4, 0, "C"), (20, 2, 0, "C"), (0, 2, 1, "C"), (4, 4, 1, "C"),
    (10, 4, 1, "C"), (16, 2, 1, "C"), (20, 2, 1, "C"),
    (0, 2, 0, "D"), (2, 8, 0, "D"), (10, 4, 0, "D"), (14, 6, 0, "D"), (20, 4, 0, "D"), (0, 4, 1, "D"),
    (4, 4, 1, "D"), (8, 7, 1, "D"), (15, 2, 1, "D"), (17, 7, 1, "D"),
]
# Krippendorff (2004, p. 254): continuum 150..450, shifted here to start at 0.
EXAMPLE_2004 = [
    (225, 70, 0, "c"), (370, 30, 0, "c"), (220, 80, 1, "c"), (355, 20, 1, "c"), (400, 20, 1, "c"),
    (180, 60, 0, "k"), (300, 50, 0, "k"), (180, 60, 1, "k"), (300, 50, 1, "k"),
]


def study(units, length: int, stretch: int = 1, shift: int = 0) -> Document:
    annotations: dict[str, list] = {"r0": [], "r1": []}
    for start, size, rater, label in units:
        begin = (start - shift) * stretch
        annotations[f"r{rater}"].append((begin, begin + size * stretch, label))
    return Document(id="d", text="x" * (length * stretch), annotations={k: tuple(v) for k, v in annotations.items()})


def test_krippendorff_1995_observed_disagreement():
    result = disagreements(build_corpus([study(EXAMPLE_1995, 24)]))
    for label, expected in {"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}.items():
        assert result[label][0] == pytest.approx(expected, abs=1e-5)


def test_krippendorff_1995_expected_disagreement_and_alpha():
    doc = study(EXAMPLE_1995, 24, stretch=50)
    result = disagreements(build_corpus([doc]))
    alphas = compute_agreement([doc], bootstrap_samples=0)["alpha_unitized"]["per_label"]
    expected_de = {"A": 0.06990, "B": 1.17731, "C": 0.08642, "D": 0.41445}
    expected_alpha = {"A": 0.553, "B": -0.926, "C": 0.679, "D": 0.066}
    for label in "ABCD":
        assert result[label][1] == pytest.approx(expected_de[label], abs=0.005)
        assert alphas[label] == pytest.approx(expected_alpha[label], abs=0.02)


def test_krippendorff_2004_example():
    report = compute_agreement([study(EXAMPLE_2004, 300, shift=150)], bootstrap_samples=0)
    result = disagreements(build_corpus([study(EXAMPLE_2004, 300, shift=150)]))
    assert result["c"][0] == pytest.approx(0.0144, abs=1e-4)
    assert result["c"][1] == pytest.approx(0.0532, abs=1e-4)
    assert report["alpha_unitized"]["per_label"]["c"] == pytest.approx(0.7286, abs=1e-4)
    assert report["alpha_unitized"]["per_label"]["k"] == pytest.approx(1.0)
    assert report["alpha_unitized"]["overall"] == pytest.approx(0.8591, abs=5e-4)


def test_hand_computed_two_raters():
    # L=10; r0 unit [2,6), r1 unit [4,8): observed 2*((2^2 + 2^2)) / (2*1*100) = 0.08.
    # Expected: N=2, units of length 4, gaps {2,4} of r0 and {4,2} of r1 -> gaps >= 4: two of 4.
    # X = 2 * [(1*(128-48+4)/3) + 16*(1+1)] = 2 * (28 + 32) = 120; D_E = 2/10*120 / (20*19 - 24) = 24/356.
    doc = Document(id="d", text="x" * 10, annotations={"r0": ((2, 6, "L"),), "r1": ((4, 8, "L"),)})
    observed, expected = disagreements(build_corpus([doc]))["L"]
    assert observed == pytest.approx(0.08)
    assert expected == pytest.approx(24 / 356)


def _inception_filter(units):
    kept, reach = [], {}
    for start, end, rater, label in sorted(units, key=lambda u: (u[2], u[3], u[0], -u[1])):
        key = (rater, label)
        if start >= reach.get(key, -1):
            kept.append((start, end, rater, label))
        reach[key] = max(reach.get(key, -1), end)
    return kept


def _distance(o1, l1, c1, o2, l2, c2) -> int:
    begin, length = o1 - o2, l1 - l2
    if c1 and c2 and -l1 < begin < l2:
        return begin * begin + (begin + length) ** 2
    if c1 and not c2 and -length >= begin >= 0:
        return l1 * l1
    if not c1 and c2 and -length <= begin <= 0:
        return l2 * l2
    return 0


def _segments(units, length):
    """A rater's continuum as (offset, length, is_unit) segments, gaps filled in."""
    out, pos = [], 0
    for start, end in sorted(units):
        if start > pos:
            out.append((pos, start - pos, False))
        out.append((start, end - start, True))
        pos = end
    if pos < length:
        out.append((pos, length - pos, False))
    return out


def dkpro_alpha(units, raters: int, length: int, label: str) -> tuple[float, float]:
    """Literal port of DKPro's calculateObserved/ExpectedCategoryDisagreement for one label."""
    mine = [[(s, e) for s, e, r, c in units if r == rater and c == label] for rater in range(raters)]
    observed = 0.0
    for r1 in range(raters):
        for r2 in range(r1 + 1, raters):
            seg1, seg2 = _segments(mine[r1], length), _segments(mine[r2], length)
            i = j = 0
            while i < len(seg1) and j < len(seg2):
                (o1, l1, c1), (o2, l2, c2) = seg1[i], seg2[j]
                observed += _distance(o1, l1, c1, o2, l2, c2)
                if o1 + l1 <= o2 + l2:
                    i += 1
                if o2 + l2 <= o1 + l1:
                    j += 1
    observed = observed * 2 / (raters * (raters - 1) * length * length)
    lengths = [e - s for rater in mine for s, e in rater]
    gaps = [size for rater in mine for _, size, unit in _segments(rater, length) if not unit]
    total = 0.0
    for l in lengths:
        total += (len(lengths) - 1) * (2 * l**3 - 3 * l**2 + l) / 3
        total += l * l * sum(g - l + 1 for g in gaps if g >= l)
    denominator = raters * length * (raters * length - 1) - sum(l * (l - 1) for l in lengths)
    return observed, 2 / length * total / denominator


@st.composite
def single_study(draw):
    length = draw(st.integers(1, 40))
    raters = draw(st.integers(2, 3))
    units = []
    for rater in range(raters):
        for _ in range(draw(st.integers(0, 5))):
            start = draw(st.integers(0, length - 1))
            units.append((start, draw(st.integers(start + 1, length)), rater, draw(st.sampled_from("PQ"))))
    return length, raters, units


@settings(max_examples=150, deadline=None)
@given(single_study())
def test_equals_dkpro_sweep_on_one_document(case):
    length, raters, units = case
    doc = Document(id="d", text="y" * length, annotations={
        f"r{r}": tuple((s, e, c) for s, e, rr, c in units if rr == r) for r in range(raters)})
    kept = _inception_filter(units)
    ours = disagreements(build_corpus([doc]))
    for label in {c for *_, c in units}:
        observed, expected = dkpro_alpha(kept, raters, length, label)
        assert ours[label][0] == pytest.approx(observed, rel=1e-9, abs=1e-12)
        assert ours[label][1] == pytest.approx(expected, rel=1e-9, abs=1e-12)


# Two documents of length 10 with different numbers of annotators, label L:
#   d1 (m=2): r0 [2,6), r1 [4,8)            pair sum (2-4)^2 + (6-8)^2 = 8
#   d2 (m=3): r0 [0,5), r1 [0,5), r2 [5,10)  r0-r1: 0; r0-r2 and r1-r2: each unit lies in the other's gap,
#                                            5^2 + 5^2 = 50 each; pair sum 100
# Each document's pairs weigh 2/(m-1) (ordered pairs, as alpha's pairable values): d1 x2, d2 x1.
# n = sum m*L = 20 + 30 = 50; total length = 20; D_o = (2*8 + 1*100) / (50*20) = 0.116.
# A constant weight gives (2*8 + 2*100)/1000 = 0.216 or (8 + 100)/1000 = 0.108 instead.
MIXED_ANNOTATORS = [
    Document(id="d1", text="x" * 10, annotations={"r0": ((2, 6, "L"),), "r1": ((4, 8, "L"),)}),
    Document(id="d2", text="x" * 10, annotations={"r0": ((0, 5, "L"),), "r1": ((0, 5, "L"),),
                                                  "r2": ((5, 10, "L"),)}),
]


def test_observed_disagreement_weighs_documents_by_their_annotators():
    observed, _ = disagreements(build_corpus(MIXED_ANNOTATORS))["L"]
    assert observed == pytest.approx(0.116)


def test_expected_disagreement_across_documents_with_different_annotators():
    # Units l = 4, 4 (d1) and 5, 5, 5 (d2); positive gaps: d1 r0 {2, 4}, r1 {4, 2}; d2 r0 {5}, r1 {5}, r2 {5}.
    # first terms (n_c - 1)(2l^3 - 3l^2 + l)/3 with n_c = 5: 112 per l=4, 240 per l=5 -> 944
    # second terms l^2 * sum over gaps g >= l of (g - l + 1): l=4 -> 16*8 = 128, l=5 -> 25*3 = 75 -> 481
    # D_e = 2/20 * (944 + 481) / (50*49 - (12 + 12 + 20 + 20 + 20)) = 142.5 / 2366
    _, expected = disagreements(build_corpus(MIXED_ANNOTATORS))["L"]
    assert expected == pytest.approx(142.5 / 2366)


def test_alpha_across_documents_with_different_annotators():
    report = compute_agreement(MIXED_ANNOTATORS, bootstrap_samples=0)
    assert report["alpha_unitized"]["per_label"]["L"] == pytest.approx(1 - 0.116 / (142.5 / 2366))


def test_a_document_with_one_annotator_adds_nothing():
    lone = Document(id="d3", text="x" * 30, annotations={"r0": ((0, 30, "L"),)})
    assert disagreements(build_corpus([*MIXED_ANNOTATORS, lone])) == disagreements(build_corpus(MIXED_ANNOTATORS))
