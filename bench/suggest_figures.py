"""The suggester's figures: the rules on the seed text, and a cross-validated evaluation on synthetic gold.

Builds a throwaway SQLite project through the `factspan` command: the seed plus seeded variations of it
as gold (tests/suggestions/synthetic_gold.py), three simulated annotators on the same texts, a release,
then `suggest evaluate`. The variations share the seed's sentences, so the tagger's figures are an upper
bound; the rules and the simulated annotators give the scale.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import REPO, factspan, fresh_environment  # noqa: E402

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
    spans = record["annotations"][0]["spans"]
    print("rules on the seed, per label: " + ", ".join(f"{k} {v}" for k, v in Counter(s["label"] for s in spans)
                                                      .items()))
    gold, annotators = folder / "gold.jsonl", folder / "annotators.jsonl"
    factspan(env, "projects", "create", "synthetic", "--schema", "fact_opinion")
    subprocess.run([sys.executable, "-m", "tests.suggestions.synthetic_gold", "--texts", str(args.texts),
                    "--out", str(gold), "--annotators", str(annotators)], cwd=REPO, check=True)
    print(factspan(env, "import-annotations", "synthetic", str(annotators)).stdout.splitlines()[0])
    print(factspan(env, "import-annotations", "synthetic", str(gold), "--as-gold").stdout.splitlines()[0])
    print(factspan(env, "gold", "release", "synthetic", "--name", "v1").stdout.splitlines()[0])
    print(factspan(env, "suggest", "evaluate", "synthetic", "--release", "v1", "--folds", str(args.folds)).stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
