"""Krippendorff's unitizing alpha (alpha_U, 1995) per label, as DKPro Agreement computes it."""

from __future__ import annotations

import numpy as np

from app.agreement.corpus import Corpus


def _inception_units(corpus: Corpus) -> np.ndarray:
    """Mask of spans kept as units: like INCEpTION, a span overlapping an earlier same-label span
    of the same annotator (ordered by start, longest first) is left out."""
    if corpus.span_start.size == 0:
        return np.zeros(0, dtype=bool)
    shift = int(corpus.span_end.max()) + 1
    group = corpus.span_ann * max(1, len(corpus.labels)) + corpus.span_label
    s, e = group * shift + corpus.span_start, group * shift + corpus.span_end
    order = np.lexsort((-e, s))
    reach = np.maximum.accumulate(e[order])
    dropped = np.zeros(s.size, dtype=bool)
    dropped[order[1:]] = s[order[1:]] < reach[:-1]
    return ~dropped


def _observed(s_a, e_a, d_a, s_b, e_b, d_b, n_docs) -> np.ndarray:
    """Per document: sum of (dstart^2 + dend^2) over overlapping unit pairs plus length^2 of
    every unit lying wholly in the other annotator's gap (units are sorted, non-overlapping)."""
    out = np.zeros(n_docs)
    lo = np.searchsorted(e_b, s_a, "right")
    hi = np.searchsorted(s_b, e_a, "left")
    hits = hi - lo
    alone = hits == 0
    np.add.at(out, d_a[alone], ((e_a - s_a)[alone] ** 2).astype(np.float64))
    lo_b = np.searchsorted(e_a, s_b, "right")
    hi_b = np.searchsorted(s_a, e_b, "left")
    alone_b = hi_b == lo_b
    np.add.at(out, d_b[alone_b], ((e_b - s_b)[alone_b] ** 2).astype(np.float64))
    x = np.repeat(np.arange(s_a.size), hits)
    y = lo[x] + np.arange(x.size) - np.repeat(np.cumsum(hits) - hits, hits)
    dist = (s_a[x] - s_b[y]) ** 2 + (e_a[x] - e_b[y]) ** 2
    np.add.at(out, d_a[x], dist.astype(np.float64))
    return out


def _gaps(start, end, ann, doc, corpus: Corpus, pairable: np.ndarray) -> np.ndarray:
    """Lengths of all positive gaps around one label's units, for every present annotator."""
    order = np.lexsort((start, doc, ann))
    start, end, ann, doc = start[order], end[order], ann[order], doc[order]
    group = ann * len(corpus.doc_ids) + doc
    first = np.r_[True, group[1:] != group[:-1]] if group.size else np.zeros(0, bool)
    last = np.r_[group[1:] != group[:-1], True] if group.size else np.zeros(0, bool)
    doc_start = corpus.offsets[doc]
    prev_end = np.where(first, doc_start, np.r_[0, end[:-1]])
    inner = start - prev_end
    trailing = corpus.offsets[doc[last] + 1] - end[last]
    covered = np.zeros(corpus.present.shape, dtype=bool)
    covered[doc, ann] = True
    empty_docs, _ = np.nonzero(corpus.present & pairable[:, None] & ~covered)
    whole = corpus.lengths[empty_docs]
    gaps = np.concatenate([inner, trailing, whole]).astype(np.float64)
    return np.sort(gaps[gaps > 0])


def _expected(lengths: np.ndarray, gaps: np.ndarray, n: float, total_length: float) -> float:
    """Krippendorff's closed form over unit lengths l and gap lengths h >= l."""
    l = lengths.astype(np.float64)
    n_c = l.size
    first = (n_c - 1) * (2 * l**3 - 3 * l**2 + l) / 3.0
    suffix = np.r_[np.cumsum(gaps[::-1])[::-1], 0.0]
    at = np.searchsorted(gaps, l, "left")
    count = gaps.size - at
    second = l**2 * (suffix[at] - count * (l - 1))
    denominator = n * (n - 1) - float((l * (l - 1)).sum())
    if denominator <= 0:
        return 0.0
    return 2.0 / total_length * float((first + second).sum()) / denominator


def disagreements(corpus: Corpus) -> dict[str, tuple[float, float] | None]:
    """Observed and expected disagreement per label (None: no unit where two annotators worked).
    Each document is its own continuum; with missing annotators a document of m annotators weighs
    its pair sums by 1/(m-1) and adds m*L to the rater-length n, as alpha's pairable values do."""
    m_d = corpus.present.sum(axis=1)
    pairable = (m_d >= 2) & (corpus.lengths > 0)
    total_length = float(corpus.lengths[pairable].sum())
    n = float((m_d * corpus.lengths)[pairable].sum())
    keep = _inception_units(corpus) & pairable[corpus.span_doc]
    n_docs, n_ann = len(corpus.doc_ids), len(corpus.annotators)
    weights = np.where(pairable, 2.0 / np.maximum(m_d - 1, 1), 0.0)
    result: dict[str, tuple[float, float] | None] = {}
    for c, name in enumerate(corpus.labels):
        sel = keep & (corpus.span_label == c)
        if not sel.any():
            result[name] = None
            continue
        s, e, a, d = corpus.span_start[sel], corpus.span_end[sel], corpus.span_ann[sel], corpus.span_doc[sel]
        pair_sums = np.zeros(n_docs)
        for i in range(n_ann):
            for j in range(i + 1, n_ann):
                both = corpus.present[:, i] & corpus.present[:, j]
                ui, uj = (a == i) & both[d], (a == j) & both[d]
                oi, oj = np.argsort(s[ui]), np.argsort(s[uj])
                pair_sums += _observed(s[ui][oi], e[ui][oi], d[ui][oi], s[uj][oj], e[uj][oj], d[uj][oj], n_docs)
        observed = float((pair_sums * weights).sum()) / (n * total_length)
        result[name] = (observed, _expected(e - s, _gaps(s, e, a, d, corpus, pairable), n, total_length))
    return result


def unitizing_alpha(corpus: Corpus) -> tuple[dict, dict[str, str]]:
    """alpha_U per label and overall (1 - mean observed / mean expected), with undefined reasons."""
    per_label: dict[str, float | None] = {}
    undefined: dict[str, str] = {}
    d_o, d_e = [], []
    for name, pair in disagreements(corpus).items():
        per_label[name] = None
        if pair is None:
            undefined[f"alpha_unitized.per_label.{name}"] = "no unit in a document with two annotators"
            continue
        d_o.append(pair[0])
        d_e.append(pair[1])
        if pair[1] > 0:
            per_label[name] = 1.0 - pair[0] / pair[1]
        else:
            undefined[f"alpha_unitized.per_label.{name}"] = "no expected disagreement"
    overall = None
    if not d_e:
        undefined["alpha_unitized.overall"] = "no unit in a document with two annotators"
    elif sum(d_e) <= 0:
        undefined["alpha_unitized.overall"] = "no expected disagreement"
    else:
        overall = 1.0 - (sum(d_o) / len(d_o)) / (sum(d_e) / len(d_e))
    return {"overall": overall, "per_label": per_label}, undefined
