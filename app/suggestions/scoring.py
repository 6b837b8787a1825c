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


def group_folds(groups: Sequence[str], folds: int) -> list[list[int]]:
    """Indices split into at most `folds` folds so that texts of one group share a fold, never empty.

    Groups go, largest first (then in order of first appearance), to the fold holding fewest texts so
    far, as scikit-learn's GroupKFold deals them; a text with a group of its own is dealt alone.

    :raises ValueError: fewer than two groups, so nothing can be held out.
    """
    members: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        members.setdefault(group, []).append(index)
    if len(members) < 2:
        raise ValueError("cross-validation needs at least two groups")
    count = max(2, min(folds, len(members)))
    result: list[list[int]] = [[] for _ in range(count)]
    for indices in sorted(members.values(), key=len, reverse=True):
        min(result, key=len).extend(indices)
    return [sorted(fold) for fold in result]


def shared_sentences(sentences: Sequence[frozenset[str]], folds: Sequence[Sequence[int]]) -> tuple[int, int]:
    """(held-out sentences also in their fold's training texts, held-out sentences), counted once per fold."""
    shared = total = 0
    for held_out in folds:
        held = set(held_out)
        training = set().union(*(sentences[i] for i in range(len(sentences)) if i not in held))
        tested = set().union(*(sentences[i] for i in held_out))
        shared += len(tested & training)
        total += len(tested)
    return shared, total
