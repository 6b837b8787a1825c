"""The synthetic gold set splits into folds that share no sentence and no filler (issue 13, honest evaluation)."""
import re

from app.suggestions.scoring import group_folds
from tests.suggestions.synthetic_gold import (CONTENT, INFERENCE_CUES, SEED_PATH, SWAPS, UNVERIFIABLE_CUES,
                                              generate, sentences_of)

# Every name, date and hedge a variation swaps in is mapped back to the seed's, so a sentence whose
# names were swapped still counts as the same sentence.
_CANONICAL = {option: seed for seed, options in SWAPS.items() for option in options}
_SWAPPED = re.compile("|".join(rf"\b{re.escape(o)}(?!\w)" for o in sorted(_CANONICAL, key=len, reverse=True)))


def canonical_sentences(text: str) -> set[str]:
    return {_SWAPPED.sub(lambda m: _CANONICAL[m.group()], sentence) for sentence in sentences_of(text)}


def fold_overlaps(documents, folds):
    """Per fold, the held-out sentences that also occur (names unswapped) in the fold's training texts."""
    overlaps = []
    for held_out in folds:
        held = set(held_out)
        training = set().union(*(canonical_sentences(d["text"]) for i, d in enumerate(documents) if i not in held))
        tested = set().union(*(canonical_sentences(documents[i]["text"]) for i in held_out))
        overlaps.append(tested & training)
    return overlaps


def test_no_held_out_sentence_occurs_in_its_training_folds():
    documents = generate(60)
    folds = group_folds([d["group"] for d in documents], 5)
    assert len(folds) == 5 and sorted(i for fold in folds for i in fold) == list(range(60))
    assert fold_overlaps(documents, folds) == [set()] * 5


def test_a_split_by_text_would_leak_the_same_sentences():
    # The check above can fail: ignoring the groups puts variations of one group on both sides.
    documents = generate(60)
    folds = group_folds([d["id"] for d in documents], 4)
    assert any(fold_overlaps(documents, folds))


def test_no_filler_content_or_cue_crosses_folds():
    documents = generate(60)
    fold_of = {i: k for k, fold in enumerate(group_folds([d["group"] for d in documents], 5)) for i in fold}
    fillers = CONTENT + [cue for cue, _ in INFERENCE_CUES + UNVERIFIABLE_CUES]
    used = {filler: {fold_of[i] for i, d in enumerate(documents) if filler in d["text"]} for filler in fillers}
    assert all(len(folds) <= 1 for folds in used.values()), {f: k for f, k in used.items() if len(k) > 1}
    assert sum(1 for folds in used.values() if folds) > len(fillers) // 2


def test_the_seed_is_in_the_gold_set_once_cut_into_its_groups():
    parts = generate(5)
    assert [d["id"] for d in parts] == [f"seed-g{k}" for k in range(5)]
    seed_sentences = set(sentences_of(SEED_PATH.read_text(encoding="utf-8")))
    covered = set().union(*(sentences_of(d["text"]) for d in parts))
    assert seed_sentences <= covered
