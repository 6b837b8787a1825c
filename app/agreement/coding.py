"""Coding coefficients (Krippendorff's alpha, Cohen's and Fleiss' kappa) from weighted unit tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.agreement.corpus import MISSING, Units

_BINCOUNT_LIMIT = 1 << 23


@dataclass(frozen=True)
class Table:
    """Units collapsed to distinct (document, value tuple) rows with summed weights."""

    doc: np.ndarray
    values: np.ndarray  # (rows, annotators), -1 = missing
    weight: np.ndarray
    counts: np.ndarray  # (rows, values): how many annotators gave each value
    n_values: int


def group_sum(keys: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys (ascending) with their summed weights."""
    if keys.size and int(keys.max()) < _BINCOUNT_LIMIT:
        sums = np.bincount(keys, weights, minlength=int(keys.max()) + 1)
        nonzero = np.flatnonzero(sums)
        return nonzero, sums[nonzero]
    uniq, inverse = np.unique(keys, return_inverse=True)
    return uniq, np.bincount(inverse.ravel(), weights, minlength=uniq.size)


def collapse(units: Units) -> Table:
    """Sum unit weights per distinct (document, value tuple), sorted by document."""
    n_values, (n_units, n_ann) = len(units.names), units.values.shape
    base = n_values + 1
    if n_ann * np.log2(base) < 40:
        code = np.zeros(n_units, dtype=np.int64)
        for column in units.values.T[::-1]:
            code = code * base + (column + 1)
        n_codes = base**n_ann
        keys, weight = group_sum(units.doc * n_codes + code, units.weight)
        doc, code = keys // n_codes, keys % n_codes
        values = (code[:, None] // base ** np.arange(n_ann, dtype=np.int64)) % base - 1
    else:
        # Too many annotators to pack a tuple into one integer: number the distinct tuples first.
        tuples, inverse = np.unique(units.values, axis=0, return_inverse=True)
        keys, weight = group_sum(units.doc * len(tuples) + inverse.ravel(), units.weight)
        doc, values = keys // len(tuples), tuples[keys % len(tuples)]
    counts = np.zeros((doc.size, n_values), dtype=np.float64)
    rows = np.arange(doc.size)
    for column in values.T:
        valued = column != MISSING
        np.add.at(counts, (rows[valued], column[valued]), 1.0)
    return Table(doc=doc, values=values, weight=weight, counts=counts, n_values=n_values)


def coincidences(counts: np.ndarray, weight: np.ndarray, doc: np.ndarray | None = None, n_docs: int = 0) -> np.ndarray:
    """Krippendorff coincidence matrix, pooled (V, V) or per document (docs, V, V)."""
    m = counts.sum(axis=1)
    factor = np.where(m >= 2, weight / np.maximum(m - 1, 1), 0.0)
    if doc is None:
        return (counts * factor[:, None]).T @ counts - np.diag((counts * factor[:, None]).sum(axis=0))
    per_row = counts[:, :, None] * counts[:, None, :] - counts[:, :, None] * np.eye(counts.shape[1])
    per_row *= factor[:, None, None]
    out = np.zeros((n_docs, counts.shape[1], counts.shape[1]))
    if doc.size:
        # Rows come sorted by document, so each document is one contiguous block.
        firsts = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
        out[doc[firsts]] = np.add.reduceat(per_row, firsts, axis=0)
    return out


def alpha_from_coincidences(o: np.ndarray) -> tuple[float | None, str | None]:
    """Nominal alpha = 1 - (n-1) * off-diagonal(o) / (n^2 - sum n_c^2); None with a reason if undefined."""
    n_c = o.sum(axis=1)
    n = float(n_c.sum())
    if n <= 0:
        return None, "no unit has values from two annotators"
    expected = n * n - float((n_c * n_c).sum())
    if expected <= 0:
        return None, "only one value occurs among pairable units"
    return 1.0 - (n - 1.0) * (n - float(np.trace(o))) / expected, None


def alpha_batch(o: np.ndarray) -> np.ndarray:
    """Alpha for a stack of coincidence matrices (..., V, V); nan where undefined."""
    n_c = o.sum(axis=-1)
    n = n_c.sum(axis=-1)
    trace = np.trace(o, axis1=-2, axis2=-1)
    expected = n * n - (n_c * n_c).sum(axis=-1)
    ok = (n > 0) & (expected > 0)
    return np.where(ok, 1.0 - (n - 1.0) * (n - trace) / np.where(ok, expected, 1.0), np.nan)


def pair_confusion(table: Table, a: int, b: int) -> np.ndarray:
    """Weighted (V, V) confusion of annotator a (rows) against b (columns) where both have values."""
    va, vb = table.values[:, a], table.values[:, b]
    both = (va != MISSING) & (vb != MISSING)
    v = table.n_values
    return np.bincount(va[both] * v + vb[both], table.weight[both], minlength=v * v).reshape(v, v)


def cohen_kappa(confusion: np.ndarray) -> tuple[float | None, str | None]:
    """Cohen's kappa as scikit-learn computes it; None with a reason if undefined."""
    total = float(confusion.sum())
    if total <= 0:
        return None, "no unit valued by both annotators"
    rows, cols = confusion.sum(axis=1), confusion.sum(axis=0)
    expected = (total * total - float((rows * cols).sum())) / total
    if expected <= 0:
        return None, "both annotators used one and the same single value"
    return 1.0 - (total - float(np.trace(confusion))) / expected, None


def fleiss_kappa(table: Table, present: np.ndarray) -> tuple[float | None, str | None]:
    """Fleiss' kappa over all units; needs every annotator on every annotated document."""
    n_raters = present.shape[1]
    annotated = present.any(axis=1)
    if n_raters < 2:
        return None, "needs at least two annotators"
    if not present[annotated].all():
        return None, "not every annotated document has every annotator"
    weight = table.weight
    total = float(weight.sum())
    if total <= 0:
        return None, "no units"
    p_cat = (table.counts * weight[:, None]).sum(axis=0) / (total * n_raters)
    p_unit = ((table.counts**2).sum(axis=1) - n_raters) / (n_raters * (n_raters - 1.0))
    p_mean = float((p_unit * weight).sum()) / total
    p_exp = float((p_cat * p_cat).sum())
    if p_exp >= 1.0:
        return None, "only one value occurs"
    return (p_mean - p_exp) / (1.0 - p_exp), None


def binary_label_alpha(table: Table, has_label: np.ndarray) -> np.ndarray:
    """Pooled alpha of "this label / anything else" per label; has_label is (values, labels) bool."""
    m = table.counts.sum(axis=1)
    ones = table.counts @ has_label.astype(np.float64)  # (rows, labels)
    zeros = m[:, None] - ones
    factor = np.where(m >= 2, table.weight / np.maximum(m - 1, 1), 0.0)[:, None]
    o11 = (factor * ones * (ones - 1)).sum(axis=0)
    o00 = (factor * zeros * (zeros - 1)).sum(axis=0)
    o01 = (factor * ones * zeros).sum(axis=0)
    o = np.stack([np.stack([o00, o01], axis=-1), np.stack([o01, o11], axis=-1)], axis=-2)
    return alpha_batch(o)
