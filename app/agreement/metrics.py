"""compute_agreement: every inter-annotator agreement metric of factspan as one JSON-ready report."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.agreement import coding
from app.agreement.corpus import Corpus, Units, build_corpus, build_units
from app.agreement.documents import Document
from app.agreement.spans import PairCounts, f1, pair_counts
from app.agreement.unitizing import unitizing_alpha

# Resamples are processed in blocks so the (resamples x documents) weight matrix stays small.
_BOOTSTRAP_CELLS = 1 << 22


def _mean(values) -> float | None:
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


class _Report:
    """Accumulates metric values and the reasons of the undefined ones."""

    def __init__(self) -> None:
        self.data: dict = {}
        self.undefined: dict[str, str] = {}

    def put(self, key: str, result: tuple[float | None, str | None], into: dict | None = None, sub: str = "") -> None:
        value, reason = result
        (self.data if into is None else into)[sub or key] = value
        if value is None:
            self.undefined[f"{key}.{sub}" if sub else key] = reason or "undefined"

    def mean(self, key: str, values: dict) -> None:
        self.put(key, (_mean(values.values()), "no defined value to average"))


def _coding_level(report: _Report, level: str, units: Units, corpus: Corpus, pairs, n_docs: int) -> tuple:
    table = coding.collapse(units)
    pooled = coding.coincidences(table.counts, table.weight)
    report.put(f"{level}_alpha_nominal", coding.alpha_from_coincidences(pooled))
    per_doc_o = coding.coincidences(table.counts, table.weight, table.doc, n_docs)
    per_doc: dict[str, float | None] = {}
    for d, doc_id in enumerate(corpus.doc_ids):
        report.put(f"{level}_alpha_nominal_per_doc", coding.alpha_from_coincidences(per_doc_o[d]), per_doc, doc_id)
    report.data[f"{level}_alpha_nominal_per_doc"] = per_doc
    report.mean(f"{level}_alpha_nominal_doc_mean", per_doc)
    kappas: dict[str, float | None] = {}
    confusion = np.zeros((table.n_values, table.n_values))
    for (a, b), key in pairs:
        matrix = coding.pair_confusion(table, a, b)
        confusion += matrix + matrix.T
        report.put(f"{level}_cohen_kappa_pairs", coding.cohen_kappa(matrix), kappas, key)
    report.data[f"{level}_cohen_kappa_pairs"] = kappas
    report.mean(f"{level}_cohen_kappa_mean", kappas)
    report.put(f"{level}_fleiss_kappa", coding.fleiss_kappa(table, corpus.present))
    return table, per_doc_o, confusion


def _span_level(report: _Report, corpus: Corpus, pairs) -> dict[str, PairCounts]:
    counts = {key: pair_counts(corpus, a, b) for (a, b), key in pairs}
    for kind in ("exact", "overlap"):
        values: dict[str, float | None] = {}
        for key, c in counts.items():
            tp = c.tp_exact if kind == "exact" else c.tp_overlap
            reason = "no shared document" if c.shared_docs == 0 else "no spans in shared documents"
            report.put(f"span_f1_{kind}_pairs", (f1(tp.sum(), c.size_a.sum(), c.size_b.sum()), reason), values, key)
        report.data[f"span_f1_{kind}_pairs"] = values
        report.mean(f"span_f1_{kind}_mean", values)
    total = sum(c.overlapping for c in counts.values())
    same_label = sum(c.same_label_other_bounds for c in counts.values())
    same_bounds = sum(c.same_bounds_other_label for c in counts.values())
    boundary: dict = {"pairs": total}
    report.put("boundary_vs_label", (same_label / total if total else None, "no overlapping span pairs"), boundary,
               "same_label_different_boundaries")
    report.put("boundary_vs_label", (same_bounds / total if total else None, "no overlapping span pairs"), boundary,
               "same_boundaries_different_labels")
    report.data["boundary_vs_label"] = boundary
    return counts


def _per_label(report: _Report, corpus: Corpus, counts: dict[str, PairCounts], char_table, char_units: Units) -> None:
    binary = coding.binary_label_alpha(char_table, char_units.members) if corpus.labels else np.zeros(0)
    per_label: dict = {}
    for c, name in enumerate(corpus.labels):
        entry: dict = {}
        for kind in ("exact", "overlap"):
            pair_values = {}
            for key, pc in counts.items():
                tp = (pc.tp_exact if kind == "exact" else pc.tp_overlap)[:, c].sum()
                pair_values[key] = f1(tp, pc.size_a[:, c].sum(), pc.size_b[:, c].sum())
            report.put(f"per_label.{name}", (_mean(pair_values.values()), "no pair has spans of this label"), entry,
                       f"span_f1_{kind}_mean")
        value = float(binary[c])
        report.put(f"per_label.{name}", (None if np.isnan(value) else value, "label never valued by two annotators "
                                         "or used everywhere"), entry, "char_alpha_binary")
        per_label[name] = entry
    report.data["per_label"] = per_label


MIN_BOOTSTRAP_DOCUMENTS = 2


def _interval(samples: np.ndarray) -> list[float] | None:
    defined = samples[~np.isnan(samples)]
    if defined.size == 0:
        return None
    low, high = np.percentile(defined, [2.5, 97.5])
    return [float(low), float(high)]


def _bootstrap(per_doc_o: np.ndarray, counts: dict[str, PairCounts], n_samples: int, seed: int) -> dict:
    """95% percentile intervals from resampling documents with replacement.

    One document resamples only into itself, so its "interval" would be the value twice: with fewer
    than two documents there is no interval, and `reason` says why.
    """
    n_docs = per_doc_o.shape[0]
    result = {"char_alpha_nominal": None, "span_f1_overlap_mean": None, "samples": n_samples, "seed": seed,
              "reason": None}
    if n_samples <= 0:
        result["reason"] = "no resampling asked for"
        return result
    if n_docs < MIN_BOOTSTRAP_DOCUMENTS:
        result["reason"] = f"needs at least {MIN_BOOTSTRAP_DOCUMENTS} documents to resample"
        return result
    rng = np.random.default_rng(seed)
    o_flat = per_doc_o.reshape(n_docs, -1)
    tp = np.stack([c.tp_overlap.sum(axis=1) for c in counts.values()], axis=1) if counts else np.zeros((n_docs, 0))
    size = np.stack([(c.size_a + c.size_b).sum(axis=1) for c in counts.values()], axis=1) if counts else tp
    alphas, f1s = [], []
    block = max(1, _BOOTSTRAP_CELLS // n_docs)
    for first in range(0, n_samples, block):
        rows = min(block, n_samples - first)
        drawn = rng.integers(0, n_docs, size=(rows, n_docs))
        weights = np.bincount((drawn + np.arange(rows)[:, None] * n_docs).ravel(), minlength=rows * n_docs)
        weights = weights.reshape(rows, n_docs).astype(np.float64)
        v = per_doc_o.shape[1]
        alphas.append(coding.alpha_batch((weights @ o_flat).reshape(rows, v, v)))
        tp_s, size_s = weights @ tp, weights @ size
        defined = size_s > 0
        pair_f1 = np.where(defined, 2 * tp_s / np.where(defined, size_s, 1), 0.0)
        n_defined = defined.sum(axis=1)
        f1s.append(np.where(n_defined > 0, pair_f1.sum(axis=1) / np.maximum(n_defined, 1), np.nan))
    result["char_alpha_nominal"] = _interval(np.concatenate(alphas))
    result["span_f1_overlap_mean"] = _interval(np.concatenate(f1s))
    return result


def compute_agreement(documents: Sequence[Document], *, bootstrap_samples: int = 1000, seed: int = 0) -> dict:
    """Every agreement metric over the documents as a JSON-ready dict; undefined values are None."""
    corpus = build_corpus(documents)
    char_units, token_units = build_units(corpus, documents)
    n_docs, names = len(corpus.doc_ids), corpus.annotators
    pairs = [((a, b), f"{names[a]}|{names[b]}") for a in range(len(names)) for b in range(a + 1, len(names))]
    report = _Report()
    report.data.update({
        "annotators": list(names), "labels": list(corpus.labels), "documents": n_docs,
        "units": {"char": int(char_units.weight.sum()), "token": int(token_units.weight.sum())},
    })
    char_table, per_doc_o, _ = _coding_level(report, "char", char_units, corpus, pairs, n_docs)
    _, _, confusion = _coding_level(report, "token", token_units, corpus, pairs, n_docs)
    report.data["confusion_matrix"] = {
        "values": list(token_units.names), "counts": [[int(x) for x in row] for row in confusion],
        "note": "token units, summed over annotator pairs in both orders (symmetric)",
    }
    counts = _span_level(report, corpus, pairs)
    unitized, unitized_undefined = unitizing_alpha(corpus)
    report.data["alpha_unitized"] = unitized
    report.undefined.update(unitized_undefined)
    _per_label(report, corpus, counts, char_table, char_units)
    report.data["bootstrap"] = _bootstrap(per_doc_o, counts, bootstrap_samples, seed)
    report.data["undefined"] = report.undefined
    return report.data
