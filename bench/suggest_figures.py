"""The suggester's figures: the rules on the seed text, and a cross-validated evaluation on synthetic gold.

Builds a throwaway SQLite project through the `factspan` command: the seed cut into five groups' parts
plus seeded variations of each group as gold (tests/suggestions/synthetic_gold.py), three simulated
annotators on the same texts, a release, then `suggest evaluate`, which holds each group out whole: no
held-out sentence, filler content or cue occurs in the training folds (the output counts shared
sentences). The rules and the simulated annotators give the scale.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.suggestions.scoring import score  # noqa: E402
from bench.common import REPO, factspan, fresh_environment  # noqa: E402
from tests.suggestions.synthetic_gold import seed_document  # noqa: E402

SEED = REPO / "seed_texts" / "putin_xi_call_2026-02-04.txt"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=200)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    env, folder = fresh_environment("figures")
    seed_jsonl, predicted = folder / "seed.jsonl", folder / "seed.rules.jsonl"
    seed_jsonl.write_text(json.dumps({"id": "seed", "text": SEED.read_text(encoding="utf-8")}) + "\n")
    factspan(env, "init")
    print(factspan(env, "suggest", "predict", "--input", str(seed_jsonl), "--output", str(predicted), "--rules")
          .stdout.strip())
    [record] = [json.loads(line) for line in predicted.read_text().splitlines()]
    spans = [(s["start"], s["end"], s["label"]) for s in record["annotations"][0]["spans"]]
    gold = [(s["start"], s["end"], s["label"]) for s in seed_document()["spans"]]
    print("rules on the seed against its gold (tests/suggestions/seed_gold.py):")
    print(f"{'label':<20} {'gold':>5} {'rules':>6} {'P exact':>8} {'R exact':>8} {'F1 exact':>9} {'P overl':>8} "
          f"{'R overl':>8} {'F1 overl':>9}")
    labels = sorted({label for *_, label in gold})
    for label, entry in score([("seed", record["text"], gold, spans)], labels).items():
        e, o = entry["exact"], entry["overlap"]
        print(f"{label:<20} {entry['gold']:>5} {entry['predicted']:>6} " + " ".join(
            f"{_f(v):>{w}}" for v, w in ((e["precision"], 8), (e["recall"], 8), (e["f1"], 9),
                                         (o["precision"], 8), (o["recall"], 8), (o["f1"], 9))))
    gold, annotators = folder / "gold.jsonl", folder / "annotators.jsonl"
    factspan(env, "projects", "create", "synthetic", "--schema", "fact_opinion")
    subprocess.run([sys.executable, "-m", "tests.suggestions.synthetic_gold", "--texts", str(args.texts),
                    "--out", str(gold), "--annotators", str(annotators)], cwd=REPO, check=True)
    print(factspan(env, "import-annotations", "synthetic", str(annotators)).stdout.splitlines()[0])
    print(factspan(env, "import-annotations", "synthetic", str(gold), "--as-gold").stdout.splitlines()[0])
    print(factspan(env, "gold", "release", "synthetic", "--name", "v1").stdout.splitlines()[0])
    print(factspan(env, "suggest", "evaluate", "synthetic", "--release", "v1", "--folds", str(args.folds)).stdout)
    return 0


def _f(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    sys.exit(main())
