"""Span-level agreement: exact and overlap F1 per annotator pair, boundary-vs-label disagreement."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from app.agreement.corpus import Corpus


@dataclass(frozen=True)
class PairCounts:
    """Per (document, label) counts for one annotator pair over the documents both annotated."""

    shared_docs: int
    size_a: np.ndarray  # (docs, labels)
    size_b: np.ndarray
    tp_exact: np.ndarray
    tp_overlap: np.ndarray
    overlapping: int  # cross-annotator span pairs sharing >= 1 character, any labels
    same_label_other_bounds: int
    same_bounds_other_label: int


def max_matching(left: list[tuple[int, int]], right: list[tuple[int, int]]) -> int:
    """Maximum bipartite matching between overlapping half-open intervals (BFS augmenting paths)."""
    adjacency = [[j for j, (s2, e2) in enumerate(right) if s1 < e2 and s2 < e1] for s1, e1 in left]
    match_left, match_right = [-1] * len(left), [-1] * len(right)
    for root in range(len(left)):
        came_from: dict[int, int] = {}
        queue, found = deque([root]), -1
        while queue and found < 0:
            u = queue.popleft()
            for v in adjacency[u]:
                if v in came_from:
                    continue
                came_from[v] = u
                if match_right[v] < 0:
                    found = v
                    break
                queue.append(match_right[v])
        v = found
        while v >= 0:
            u = came_from[v]
            v_next = match_left[u]
            match_left[u], match_right[v] = v, u
            v = v_next
    return sum(1 for v in match_left if v >= 0)


def _overlap_tp(start, end, side, doc, label, n_docs, n_labels) -> np.ndarray:
    """Matching size per (doc, label): components of overlapping intervals, matched one by one."""
    out = np.zeros((n_docs, n_labels), dtype=np.int64)
    if start.size == 0:
        return out
    # Global coordinates keep documents apart; a per-label shift keeps labels apart.
    shift = int(end.max()) + 1
    s, e = label * shift + start, label * shift + end
    order = np.lexsort((s,))
    s, e, side, doc, label = s[order], e[order], side[order], doc[order], label[order]
    reach = np.maximum.accumulate(e)
    new = np.r_[True, s[1:] >= reach[:-1]]
    comp = np.cumsum(new) - 1
    n_a = np.bincount(comp, side == 0)
    n_b = np.bincount(comp, side == 1)
    firsts = np.flatnonzero(new)
    simple = (n_a == 1) & (n_b == 1)
    np.add.at(out, (doc[firsts[simple]], label[firsts[simple]]), 1)
    for c in np.flatnonzero((n_a >= 1) & (n_b >= 1) & ~simple):
        lo, hi = firsts[c], firsts[c + 1] if c + 1 < firsts.size else s.size
        left = [(int(s[i]), int(e[i])) for i in range(lo, hi) if side[i] == 0]
        right = [(int(s[i]), int(e[i])) for i in range(lo, hi) if side[i] == 1]
        out[doc[lo], label[lo]] += max_matching(left, right)
    return out


def _count_equal(query: np.ndarray, pool: np.ndarray) -> int:
    pool = np.sort(pool)
    return int((np.searchsorted(pool, query, "right") - np.searchsorted(pool, query, "left")).sum())


def _count_overlapping(qs, qe, ps, pe) -> int:
    """Sum over queries of pool intervals sharing a character (pool: any overlaps allowed)."""
    return int((np.searchsorted(np.sort(ps), qe, "left") - np.searchsorted(np.sort(pe), qs, "right")).sum())


def pair_counts(corpus: Corpus, a: int, b: int) -> PairCounts:
    """Exact/overlap true positives, sizes and boundary-vs-label counts for annotators a and b."""
    n_docs, n_labels = len(corpus.doc_ids), max(1, len(corpus.labels))
    shared = corpus.present[:, a] & corpus.present[:, b]
    in_shared = shared[corpus.span_doc]
    sel_a = in_shared & (corpus.span_ann == a)
    sel_b = in_shared & (corpus.span_ann == b)
    pick = np.flatnonzero(sel_a | sel_b)
    start, end = corpus.span_start[pick], corpus.span_end[pick]
    label, doc = corpus.span_label[pick], corpus.span_doc[pick]
    side = (corpus.span_ann[pick] == b).astype(np.int64)
    size_a = np.bincount(doc[side == 0] * n_labels + label[side == 0], minlength=n_docs * n_labels)
    size_b = np.bincount(doc[side == 1] * n_labels + label[side == 1], minlength=n_docs * n_labels)
    # Ranks of the global coordinates pack (label, start, end) into one int64 without overflow.
    coords, ranks = np.unique(np.concatenate([start, end]), return_inverse=True)
    rs, re_ = ranks.ravel()[: start.size], ranks.ravel()[start.size:]
    width = coords.size + 1
    bounds_key = rs * width + re_
    full_key = label * width * width + bounds_key
    a_idx, b_idx = side == 0, side == 1
    order = np.lexsort((side, full_key))
    sorted_key = full_key[order]
    dup = np.flatnonzero(sorted_key[1:] == sorted_key[:-1])
    tp_exact = np.bincount(doc[order[dup]] * n_labels + label[order[dup]], minlength=n_docs * n_labels)
    exact = dup.size
    same_bounds = _count_equal(bounds_key[a_idx], bounds_key[b_idx])
    overlapping = _count_overlapping(start[a_idx], end[a_idx], start[b_idx], end[b_idx])
    lab_shift = label * (int(end.max()) + 1 if end.size else 1)
    same_label = _count_overlapping(
        (lab_shift + start)[a_idx], (lab_shift + end)[a_idx], (lab_shift + start)[b_idx], (lab_shift + end)[b_idx]
    )
    shape = (n_docs, n_labels)
    return PairCounts(
        shared_docs=int(shared.sum()),
        size_a=size_a.reshape(shape), size_b=size_b.reshape(shape), tp_exact=tp_exact.reshape(shape),
        tp_overlap=_overlap_tp(start, end, side, doc, label, n_docs, n_labels),
        overlapping=overlapping, same_label_other_bounds=same_label - exact,
        same_bounds_other_label=same_bounds - exact,
    )


def f1(tp: float, size_a: float, size_b: float) -> float | None:
    """2TP / (|A| + |B|), None when both sets are empty."""
    return float(2.0 * tp / (size_a + size_b)) if size_a + size_b > 0 else None
