"""Times the tagger: training on 2,000 gold texts (< 1 min) and predicting 1,000 texts (< 10 s).

The texts are synthetic variations of the seed (tests/suggestions/synthetic_gold.py), three joined per
text, about the length of a news commentary; the figures printed include their average size.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.suggestions.crf import CrfSuggester, TrainingText, train  # noqa: E402
from tests.suggestions.synthetic_gold import generate  # noqa: E402

SCHEMA = Path(__file__).resolve().parents[1] / "annotation_schemas" / "fact_opinion.yaml"


# A variation draws on one fifth of the seed (its group), so a few of them make one commentary-sized text.
PIECES = 3


def joined(documents: list[dict]) -> list[dict]:
    """Every PIECES consecutive variations as one text (each ends with a line break), spans shifted along."""
    out = []
    for first in range(0, len(documents), PIECES):
        text, spans = "", []
        for document in documents[first:first + PIECES]:
            spans += [{**span, "start": span["start"] + len(text), "end": span["end"] + len(text)}
                      for span in document["spans"]]
            text += document["text"]
        out.append({"text": text, "spans": spans})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=2000)
    parser.add_argument("--predict", type=int, default=1000)
    parser.add_argument("--blocks", type=int, default=4, help="paragraph blocks per variation")
    args = parser.parse_args()
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    documents = joined(generate(PIECES * (args.train + args.predict), seed=7, include_seed=False,
                                max_blocks=args.blocks))
    gold, unseen = documents[:args.train], documents[args.train:]
    chars = sum(len(d["text"]) for d in documents) / len(documents)
    print(f"{len(gold)} gold texts, {len(unseen)} to predict, {chars:,.0f} characters on average")
    with tempfile.TemporaryDirectory() as folder:
        model = Path(folder) / "bench.crfsuite"
        began = time.perf_counter()
        report = train((TrainingText(d["text"], [(s["start"], s["end"], s["label"]) for s in d["spans"]])
                        for d in gold), schema_document=schema, model_path=model)
        trained = time.perf_counter() - began
        print(f"train: {trained:.1f} s for {report.texts} texts, {report.tokens:,} tokens, {report.spans:,} spans "
              f"(target < 60 s) {'OK' if trained < 60 else 'SLOW'}")
        tagger = CrfSuggester(model, schema)
        began = time.perf_counter()
        proposed = sum(len(tagger.suggest(d["text"])[0]) for d in unseen)
        predicted = time.perf_counter() - began
        print(f"predict: {predicted:.1f} s for {len(unseen)} texts, {proposed:,} spans "
              f"(target < 10 s) {'OK' if predicted < 10 else 'SLOW'}")
    return 0 if trained < 60 and predicted < 10 else 1


if __name__ == "__main__":
    sys.exit(main())
