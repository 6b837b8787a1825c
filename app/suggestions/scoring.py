"""Suggestions scored against gold per label, exact and overlap, with the agreement engine's span matching."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.agreement.corpus import build_corpus
from app.agreement.documents import Document
from app.agreement.spans import pair_counts

GOLD, MODEL = "gold", "model"
Spans = Sequence[tuple[int, int, str]]


def score(pairs: Iterable[tuple[str, str, Spans, Spans]], labels: Sequence[str]) -> dict[str, dict]:
    """{label: {exact: {precision, recall, f1}, overlap: {...}, gold, predicted}} over (id, text, gold, model).

    Overlap counts a one-to-one matching of same-label spans that share a character (as agreement does).
    """
    documents = [Document(id=doc_id, text=text, annotations={GOLD: tuple(gold), MODEL: tuple(model)})
                 for doc_id, text, gold, model in pairs]
    corpus = build_corpus(documents)
    result: dict[str, dict] = {}
    if not documents or len(corpus.annotators) < 2:
        return {label: _empty() for label in labels}
    counts = pair_counts(corpus, corpus.annotators.index(GOLD), corpus.annotators.index(MODEL))
    index = {name: i for i, name in enumerate(corpus.labels)}
    for label in labels:
        if label not in index:
            result[label] = _empty()
            continue
        c = index[label]
        gold, predicted = int(counts.size_a[:, c].sum()), int(counts.size_b[:, c].sum())
        result[label] = {"gold": gold, "predicted": predicted}
        for kind, tp in (("exact", counts.tp_exact), ("overlap", counts.tp_overlap)):
            hits = int(tp[:, c].sum())
            result[label][kind] = {"precision": _ratio(hits, predicted), "recall": _ratio(hits, gold),
                                   "f1": _ratio(2 * hits, gold + predicted)}
    return result


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _empty() -> dict:
    nothing = {"precision": None, "recall": None, "f1": None}
    return {"gold": 0, "predicted": 0, "exact": dict(nothing), "overlap": dict(nothing)}


def folds_of(ids: Sequence[str], folds: int) -> list[list[int]]:
    """Indices split into `folds` groups by position in a stable order (every k-th text), never empty."""
    folds = max(2, min(folds, len(ids)))
    return [list(range(k, len(ids), folds)) for k in range(folds)]
