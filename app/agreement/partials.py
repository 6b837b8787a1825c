"""Agreement over chunks of texts: per-chunk sums that add up, merged into the project's headline figures.

Krippendorff's coincidences are sums over units, and a pair's span true positives and sizes are sums
over documents, so figures computed from the merged sums equal those of one pass over all texts (up to
floating-point summation order). Values and pairs are keyed by name: chunks see different label sets.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from app.agreement import coding
from app.agreement.corpus import build_corpus, build_units
from app.agreement.documents import Document
from app.agreement.spans import f1, pair_counts

LEVELS = ("char", "token")
_SEPARATOR = "\t"  # between the two value names of a coincidence cell; value names never hold a tab


def agreement_partial(documents: Sequence[Document]) -> dict:
    """The additive sums of one chunk of documents, JSON-ready."""
    corpus = build_corpus(documents)
    partial: dict = {"documents": len(corpus.doc_ids), "annotators": list(corpus.annotators)}
    for level, units in zip(LEVELS, build_units(corpus, documents)):
        table = coding.collapse(units)
        o = coding.coincidences(table.counts, table.weight)
        partial[f"{level}_coincidences"] = {f"{units.names[i]}{_SEPARATOR}{units.names[j]}": float(o[i, j])
                                            for i, j in zip(*np.nonzero(o))}
    names = corpus.annotators
    partial["pairs"] = {}
    for a in range(len(names)):
        for b in range(a + 1, len(names)):
            counts = pair_counts(corpus, a, b)
            partial["pairs"][f"{names[a]}|{names[b]}"] = {
                "tp_exact": int(counts.tp_exact.sum()), "tp_overlap": int(counts.tp_overlap.sum()),
                "size_a": int(counts.size_a.sum()), "size_b": int(counts.size_b.sum())}
    return partial


def _alpha(cells: Counter[str]) -> float | None:
    names = sorted({name for key in cells for name in key.split(_SEPARATOR)})
    index = {name: i for i, name in enumerate(names)}
    o = np.zeros((len(names), len(names)))
    for key, value in cells.items():
        first, second = key.split(_SEPARATOR)
        o[index[first], index[second]] += value
    return coding.alpha_from_coincidences(o)[0]


def _mean(values: Iterable[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def merge_partials(partials: Sequence[dict]) -> dict:
    """Headline figures of all chunks together, named as in compute_agreement's report."""
    annotators = sorted({name for p in partials for name in p["annotators"]})
    report: dict = {"documents": sum(p["documents"] for p in partials), "annotators": annotators,
                    "chunks": len(partials)}
    for level in LEVELS:
        cells: Counter[str] = Counter()
        for partial in partials:
            cells.update(partial[f"{level}_coincidences"])
        report[f"{level}_alpha_nominal"] = _alpha(cells)
    totals: dict[str, Counter[str]] = {}
    for partial in partials:
        for key, counts in partial["pairs"].items():
            totals.setdefault(key, Counter()).update(counts)
    pair_keys = [f"{a}|{b}" for i, a in enumerate(annotators) for b in annotators[i + 1:]]
    for kind in ("exact", "overlap"):
        values = {}
        for key in pair_keys:
            counts = totals.get(key, Counter())
            values[key] = f1(counts[f"tp_{kind}"], counts["size_a"], counts["size_b"])
        report[f"span_f1_{kind}_pairs"] = values
        report[f"span_f1_{kind}_mean"] = _mean(values.values())
    return report
