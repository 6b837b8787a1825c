"""The sequence tagger: a linear-chain CRF (CRFsuite) over one sentence at a time, trained on gold spans.

Training and tagging read and write only the model file; nothing is downloaded. A span's confidence is
the mean marginal probability of its tokens' tags; a text's uncertainty is the mean, over its sentences,
of one minus the probability of the best tag sequence.
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycrfsuite

from app.suggestions.cues import Lexicon, lexicon_from_schema
from app.suggestions.decoding import ProposedSpan, decode, sentence_tags
from app.suggestions.features import document_features
from app.suggestions.layout import layout

# The CRF likelihood with L2 regularisation, fitted by stochastic gradient descent: ten epochs reach what
# L-BFGS reaches in a few times the time, which keeps 2,000 texts under a minute (bench/bench_suggest.py),
# and unlike a perceptron it gives probabilities that mean something for confidences and uncertainty.
ALGORITHM = "l2sgd"
TRAINING = {"c2": 0.01, "max_iterations": 10, "feature.possible_transitions": True, "feature.minfreq": 2}


@dataclass(frozen=True)
class TrainingText:
    text: str
    spans: Sequence[tuple[int, int, str]]


@dataclass(frozen=True)
class TrainingReport:
    texts: int
    sentences: int
    tokens: int
    spans: int
    seconds: float


def train(texts: Iterable[TrainingText], *, schema_document: Mapping[str, Any], model_path: Path,
          params: Mapping[str, Any] | None = None) -> TrainingReport:
    """Fit the tagger on gold texts and write it to `model_path`.

    :raises ValueError: no text to learn from.
    """
    began = time.perf_counter()
    lexicon = lexicon_from_schema(schema_document)
    trainer = pycrfsuite.Trainer(algorithm=ALGORITHM, verbose=False)
    trainer.set_params({**TRAINING, **(params or {})})
    counts = [0, 0, 0, 0]
    for item in texts:
        shape = layout(item.text)
        for sentence, features in zip(shape.sentences(), document_features(shape, lexicon)):
            trainer.append(features, sentence_tags(shape, sentence, item.spans))
            counts[1] += 1
            counts[2] += len(features)
        counts[0] += 1
        counts[3] += len(item.spans)
    if counts[1] == 0:
        raise ValueError("there is no gold text to train on")
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    return TrainingReport(*counts, seconds=round(time.perf_counter() - began, 2))


class CrfSuggester:
    """A trained model opened for tagging; `suggest(text)` is pure given the file."""

    def __init__(self, model_path: Path, schema_document: Mapping[str, Any], name: str = "crf") -> None:
        self.name = name
        self.lexicon: Lexicon = lexicon_from_schema(schema_document)
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(model_path))

    def suggest(self, text: str) -> tuple[list[ProposedSpan], float]:
        shape = layout(text)
        spans: list[ProposedSpan] = []
        doubts = []
        for sentence, features in zip(shape.sentences(), document_features(shape, self.lexicon)):
            self.tagger.set(features)
            tags = self.tagger.tag()
            doubts.append(1.0 - self.tagger.probability(tags))
            if all(tag == "O" for tag in tags):
                continue
            confidence = [self.tagger.marginal(tag, i) if tag != "O" else 0.0 for i, tag in enumerate(tags)]
            spans += decode(shape, sentence, tags, confidence)
        return spans, round(sum(doubts) / len(doubts), 4) if doubts else 1.0
