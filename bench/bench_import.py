"""Benchmark `factspan import-texts` on a 50,000-line JSONL file with 3 broken lines (SQLite)."""
import argparse
import json
import random
import re
import time

from common import factspan, fresh_environment

WORDS = ("readout", "leaders", "agreed", "strategic", "cooperation", "the", "of", "and", "Moscow", "Beijing",
         "партнёрство", "合作", "stability", "I", "think", "talks", "summit", "energy", "trade", "é", "🙂")


def write_corpus(path, lines: int, chars: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    broken = sorted(rng.sample(range(1, lines + 1), 3))
    with path.open("w", encoding="utf-8") as handle:
        for number in range(1, lines + 1):
            if number == broken[0]:
                handle.write('{"id": "broken", "text": \n')
            elif number == broken[1]:
                handle.write(json.dumps({"id": f"t{number}", "title": "no text"}) + "\n")
            elif number == broken[2]:
                handle.write(json.dumps({"id": f"t{number}", "text": "  \n "}) + "\n")
            else:
                words, size = [], 0
                while size < chars:
                    word = rng.choice(WORDS)
                    words.append(word)
                    size += len(word) + 1
                text = f"Text {number}. " + " ".join(words)
                handle.write(json.dumps({"id": f"t{number}", "text": text, "title": f"Text {number}",
                                         "meta": {"n": number}}, ensure_ascii=False) + "\n")
    return broken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--chars", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    env, folder = fresh_environment("import")
    corpus = folder / "texts.jsonl"
    broken = write_corpus(corpus, args.lines, args.chars, args.seed)
    factspan(env, "init")
    started = time.perf_counter()
    result = factspan(env, "import-texts", "Seed project", str(corpus))
    elapsed = time.perf_counter() - started
    summary = re.search(r"imported (\d+), skipped (\d+) as duplicate, rejected (\d+)", result.stdout)
    rejected_lines = [int(n) for n in re.findall(r"texts\.jsonl:(\d+):", result.stdout)]
    print(f"file: {args.lines:,} lines, ~{args.chars} chars each, {corpus.stat().st_size / 1e6:.1f} MB")
    print(f"result: {summary.group(0)}; rejected lines {rejected_lines} (expected {broken})")
    print(f"import-texts wall time: {elapsed:.2f} s  ({int(summary.group(1)) / elapsed:,.0f} texts/s, "
          "including process start-up)")
    assert rejected_lines == broken


if __name__ == "__main__":
    main()
