"""Agreement merged from chunks of documents equals one pass over all of them (to 1e-12)."""
import random

import pytest

from app.agreement.documents import Document
from app.agreement.metrics import compute_agreement
from app.agreement.partials import agreement_partial, merge_partials

LABELS = ("fact", "opinion", "claim")
FIGURES = ("char_alpha_nominal", "token_alpha_nominal", "span_f1_exact_mean", "span_f1_overlap_mean")


def documents(count: int, seed: int) -> list[Document]:
    """Texts annotated by a varying subset of four annotators who mostly agree."""
    rng = random.Random(seed)
    docs = []
    for d in range(count):
        text = " ".join(f"word{rng.randrange(50)}" for _ in range(60))
        truth = sorted({(s, s + rng.randrange(5, 30), rng.choice(LABELS)) for s in rng.sample(range(0, 400, 40), 4)})
        annotations = {}
        for name in rng.sample(["ann", "bob", "cat", "dan"], rng.randrange(2, 5)):
            spans = [(s + rng.choice((0, 0, 0, 2)), e, label if rng.random() > 0.2 else rng.choice(LABELS))
                     for s, e, label in truth if rng.random() > 0.15]
            annotations[name] = tuple(sorted(spans))
        docs.append(Document(id=str(d), text=text, annotations=annotations))
    return docs


@pytest.mark.parametrize("seed, chunk", [(1, 7), (2, 1), (3, 40)])
def test_merged_chunks_equal_one_pass(seed, chunk):
    docs = documents(40, seed)
    whole = compute_agreement(docs, bootstrap_samples=0)
    merged = merge_partials([agreement_partial(docs[i:i + chunk]) for i in range(0, len(docs), chunk)])
    assert merged["documents"] == whole["documents"] and merged["annotators"] == whole["annotators"]
    for figure in FIGURES:
        assert merged[figure] == pytest.approx(whole[figure], abs=1e-12, rel=0), figure
    for kind in ("exact", "overlap"):
        assert merged[f"span_f1_{kind}_pairs"].keys() == whole[f"span_f1_{kind}_pairs"].keys()
        for pair, value in whole[f"span_f1_{kind}_pairs"].items():
            assert merged[f"span_f1_{kind}_pairs"][pair] == pytest.approx(value, abs=1e-12, rel=0)


def test_a_pair_that_never_met_is_undefined_as_in_one_pass():
    docs = [Document("1", "one two three four", {"ann": ((0, 3, "fact"),), "bob": ((0, 3, "fact"),)}),
            Document("2", "five six seven", {"cat": ((0, 4, "opinion"),), "dan": ((0, 4, "fact"),)})]
    whole = compute_agreement(docs, bootstrap_samples=0)
    merged = merge_partials([agreement_partial(docs[:1]), agreement_partial(docs[1:])])
    assert merged["span_f1_exact_pairs"] == whole["span_f1_exact_pairs"]
