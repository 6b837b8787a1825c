"""Pools documents into numpy arrays: spans, presence, tokens and per-unit annotator values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.agreement.documents import Document

# Code points Python's `re` treats as `\s` (str.isspace); none lies above U+3000.
_WS_LIMIT = 0x3000
_WHITESPACE = np.array([chr(c).isspace() for c in range(_WS_LIMIT + 1)], dtype=bool)
# Labels are packed into int64 bit masks, 62 per word, so -1 can stand for "missing".
_BITS = 62
MISSING = -1


@dataclass(frozen=True)
class Corpus:
    """Pooled corpus: documents laid end to end in one global code-point coordinate."""

    doc_ids: list[str]
    annotators: list[str]
    labels: list[str]
    offsets: np.ndarray  # doc start in global coordinates, plus the total length at the end
    present: np.ndarray  # (docs, annotators) bool: the annotator annotated the document
    span_ann: np.ndarray  # deduplicated spans, one entry per (annotator, doc, start, end, label)
    span_doc: np.ndarray
    span_start: np.ndarray  # global coordinates
    span_end: np.ndarray
    span_label: np.ndarray

    @property
    def lengths(self) -> np.ndarray:
        return np.diff(self.offsets)


@dataclass(frozen=True)
class Units:
    """Coding units of one level: doc, weight and one dense value id per annotator (-1 = missing)."""

    doc: np.ndarray
    weight: np.ndarray
    values: np.ndarray  # (units, annotators)
    names: list[str]  # value id -> "O" or "+"-joined sorted labels
    members: np.ndarray  # (values, labels) bool: the value contains the label


def build_corpus(documents: Sequence[Document]) -> Corpus:
    """Index the documents; spans with impossible offsets are dropped, duplicates counted once."""
    annotators = sorted({a for d in documents for a in d.annotations})
    labels = sorted({s[2] for d in documents for spans in d.annotations.values() for s in spans})
    ann_index = {a: i for i, a in enumerate(annotators)}
    label_index = {label: i for i, label in enumerate(labels)}
    lengths = np.array([len(d.text) for d in documents], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    present = np.zeros((len(documents), len(annotators)), dtype=bool)
    cols: list[list[int]] = [[], [], [], [], []]
    for d, doc in enumerate(documents):
        for annotator, spans in doc.annotations.items():
            a = ann_index[annotator]
            present[d, a] = True
            if not spans:
                continue
            starts, ends, names = zip(*spans)
            cols[0].extend([a] * len(spans))
            cols[1].extend([d] * len(spans))
            cols[2].extend(starts)
            cols[3].extend(ends)
            cols[4].extend(label_index[n] for n in names)
    ann, doc, start, end, label = (np.array(c, dtype=np.int64) for c in cols)
    ok = (start >= 0) & (start < end) & (end <= lengths[doc]) if doc.size else np.zeros(0, bool)
    ann, doc, start, end, label = ann[ok], doc[ok], start[ok], end[ok], label[ok]
    start, end = start + offsets[doc], end + offsets[doc]
    order = np.lexsort((label, end, start, ann))
    ann, doc, start, end, label = ann[order], doc[order], start[order], end[order], label[order]
    same = np.zeros(ann.size, dtype=bool)
    if ann.size:
        same[1:] = (ann[1:] == ann[:-1]) & (start[1:] == start[:-1]) & (end[1:] == end[:-1]) & (label[1:] == label[:-1])
    keep = ~same
    return Corpus(
        doc_ids=[d.id for d in documents], annotators=annotators, labels=labels, offsets=offsets,
        present=present, span_ann=ann[keep], span_doc=doc[keep], span_start=start[keep],
        span_end=end[keep], span_label=label[keep],
    )


def tokenize(documents: Sequence[Document], offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Global [start, end) of every `re.finditer(r"\\S+", text)` token, vectorised over the corpus."""
    text = "".join(d.text for d in documents)
    try:
        # One byte per code point when the text allows it: a quarter of the memory traffic.
        solid = ~_WHITESPACE[np.frombuffer(text.encode("latin-1"), dtype=np.uint8)]
    except UnicodeEncodeError:
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        solid = ~((points <= _WS_LIMIT) & _WHITESPACE[np.minimum(points, _WS_LIMIT)])
    doc_starts = offsets[:-1][np.diff(offsets) > 0]
    before = np.zeros_like(solid)
    before[1:] = solid[:-1]
    before[doc_starts] = False
    after = np.zeros_like(solid)
    after[:-1] = solid[1:]
    after[offsets[1:][np.diff(offsets) > 0] - 1] = False
    return np.flatnonzero(solid & ~before), np.flatnonzero(solid & ~after) + 1


def _segment_masks(corpus: Corpus) -> tuple[np.ndarray, list[np.ndarray]]:
    """Split the corpus where any span or document starts or ends; label bit masks per segment."""
    bounds = np.unique(np.concatenate([corpus.offsets, corpus.span_start, corpus.span_end]))
    n_seg = bounds.size - 1
    n_labels, n_ann = len(corpus.labels), len(corpus.annotators)
    seg_doc = np.searchsorted(corpus.offsets, bounds[:-1], side="right") - 1
    first = np.searchsorted(bounds, corpus.span_start)
    last = np.searchsorted(bounds, corpus.span_end)
    words = []
    for word in range(max(1, -(-n_labels // _BITS))):
        masks = np.zeros((n_seg, n_ann), dtype=np.int64)
        chosen = (corpus.span_label // _BITS) == word
        bit_of = corpus.span_label[chosen] % _BITS
        for bit in np.unique(bit_of):
            pick = np.flatnonzero(chosen)[bit_of == bit]
            # Coverage counts by a difference array over segments, then > 0 sets the bit.
            delta = np.zeros((n_seg + 1) * n_ann, dtype=np.int64)
            np.add.at(delta, first[pick] * n_ann + corpus.span_ann[pick], 1)
            np.add.at(delta, last[pick] * n_ann + corpus.span_ann[pick], -1)
            covered = np.cumsum(delta.reshape(n_seg + 1, n_ann), axis=0)[:-1] > 0
            masks |= covered.astype(np.int64) << np.int64(bit)
        masks[~corpus.present[seg_doc]] = MISSING
        words.append(masks)
    return bounds, words


def _dense(words: list[np.ndarray], labels: list[str]) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Map per-unit mask words to dense value ids with readable names; missing stays -1."""
    if len(words) == 1:
        flat = words[0].ravel()
        top = int(flat.max()) if flat.size else MISSING
        if top < 1 << 16:
            # Small masks: counting and a lookup table beat sorting and binary search per unit.
            uniq = np.flatnonzero(np.bincount(flat + 1, minlength=top + 2)[1:])
            table = np.full(top + 2, MISSING, dtype=np.int64)
            table[uniq + 1] = np.arange(uniq.size)
        else:
            table = None
            uniq = np.unique(flat)
            uniq = uniq[uniq != MISSING]
            ids = np.searchsorted(uniq, flat).reshape(words[0].shape)
            ids[words[0] == MISSING] = MISSING
        rows = uniq[:, None]
    else:
        table = None
        stacked = np.stack([w.ravel() for w in words], axis=1)
        rows, inverse = np.unique(stacked, axis=0, return_inverse=True)
        keep = rows[:, 0] != MISSING
        remap = np.cumsum(keep) - 1
        remap[~keep] = MISSING
        ids = remap[inverse.ravel()].reshape(words[0].shape)
        rows = rows[keep]
    members = np.zeros((len(rows), len(labels)), dtype=bool)
    for r, row in enumerate(rows):
        for w, word in enumerate(row):
            for b in range(_BITS):
                if int(word) >> b & 1:
                    members[r, w * _BITS + b] = True
    names = ["+".join(labels[i] for i in np.flatnonzero(m)) or "O" for m in members]
    order = sorted(range(len(names)), key=lambda i: (names[i] != "O", names[i]))
    rank = np.empty(len(order) + 1, dtype=np.int64)
    rank[np.array(order, dtype=np.int64)] = np.arange(len(order))
    rank[-1] = MISSING
    if table is not None:
        ids = rank[table][flat + 1].reshape(words[0].shape)
    else:
        ids = rank[ids]
    sorted_members = members[np.array(order, dtype=np.int64)].reshape(len(order), len(labels))
    return ids, [names[i] for i in order], sorted_members


def _token_or(masks: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """OR of the segment masks each token [lo, hi) covers; most tokens lie in a single segment."""
    out = masks[lo]
    extent = hi - lo
    longer = np.flatnonzero(extent > 1)
    step = 1
    while longer.size:
        out[longer] |= masks[lo[longer] + step]
        step += 1
        longer = longer[extent[longer] > step]
    return out


def build_units(corpus: Corpus, documents: Sequence[Document]) -> tuple[Units, Units]:
    """Character and token units with every annotator's value; units nobody valued are dropped."""
    bounds, words = _segment_masks(corpus)
    seg_doc = np.searchsorted(corpus.offsets, bounds[:-1], side="right") - 1
    tok_start, tok_end = tokenize(documents, corpus.offsets)
    lo = np.searchsorted(bounds, tok_start, side="right") - 1
    hi = np.searchsorted(bounds, tok_end, side="left")
    tok_words = [_token_or(masks, lo, hi) for masks in words]
    char = _valued(seg_doc, np.diff(bounds).astype(np.float64), *_dense(words, corpus.labels))
    tok_doc = np.searchsorted(corpus.offsets, tok_start, side="right") - 1
    token = _valued(tok_doc, np.ones(tok_start.size), *_dense(tok_words, corpus.labels))
    return char, token


def _valued(doc: np.ndarray, weight: np.ndarray, ids: np.ndarray, names: list[str], members: np.ndarray) -> Units:
    keep = np.zeros(ids.shape[0], dtype=bool)
    for column in ids.T:
        keep |= column != MISSING
    return Units(doc=doc[keep], weight=weight[keep], values=ids[keep], names=names, members=members)
