"""Benchmark the gold export writers on lazily generated documents: time, throughput, output size, peak RSS."""
import argparse
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from app.gold.formats import FORMAT_SUFFIX, FORMATS, write_export
from app.gold.records import ExportContext, GoldDocument, GoldSpan

LABELS = ("sourced_readout", "author_inference", "unverifiable_claim")
CONTEXT = ExportContext(
    release="bench",
    schema_id="factspan-default",
    schema_version="1.0.0",
    labels=LABELS,
    bio_tags={"sourced_readout": "READOUT", "author_inference": "INFERENCE", "unverifiable_claim": "UNVERIFIABLE"},
)
_SPECIAL_WORDS = ("café", "naïve", "U.S.-Iran", "e.g.,", "“quoted”", "1,000.5", "let’s", "Asia-Pacific", "Putin’s")
# CJK, an emoji with a skin tone and a combining accent send a text down the tokenizer's slower full pattern.
_WIDE_UNICODE = " 中文 👍🏽 cafe\u0301 👨\u200d👩\u200d👧."


def _word_pool(rng: random.Random, size: int) -> str:
    """A long pseudo-English text that documents are cut from, so generating one costs a slice, not a loop."""
    syllables = ["ta", "ro", "ni", "ver", "sa", "mon", "el", "ka", "pu", "tin", "xi", "dor", "al", "ex", "ion"]
    vocabulary = ["".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(3000)]
    vocabulary += list(_SPECIAL_WORDS)
    words = rng.choices(vocabulary, k=size // 6)
    parts = []
    for i, word in enumerate(words):
        if i % 17 == 0:
            word = word.capitalize()
        parts.append(word)
        if i % 17 == 16:
            parts.append(". " if i % 170 else ".\n")
        else:
            parts.append(", " if i % 11 == 5 else " ")
    return "".join(parts)


def generate_documents(
    count: int, chars: int, spans: int, seed: int, unicode_share: float = 0.1
) -> Iterator[GoldDocument]:
    """Yield `count` seeded GoldDocuments of about `chars` characters and `spans` non-overlapping spans.

    A share `unicode_share` of the texts ends with CJK, emoji and combining marks.
    """
    pool = _word_pool(random.Random(seed), max(2_000_000, chars * 20))
    rng = np.random.default_rng(seed)  # vectorised draws: per-call random.Random would dominate the run
    limit = len(pool) - chars * 2
    attributes = {"certainty": "high", "cue_text": "stated that", "explicit": True}
    for number in range(count):
        offset = pool.index(" ", int(rng.integers(limit))) + 1
        end = pool.index(" ", offset + int(rng.integers(chars * 9 // 10, chars * 11 // 10)))
        text = pool[offset:end] + (_WIDE_UNICODE if rng.random() < unicode_share else "")
        cuts = sorted({text.find(" ", p) for p in rng.integers(len(text), size=spans * 2).tolist()} - {-1})
        labels = rng.integers(len(LABELS), size=len(cuts) // 2).tolist()
        provenance = {"proposed_by": ["ann1", "ann2"], "decision": "accepted_majority", "decision_id": number}
        gold = tuple(
            GoldSpan(start=start + 1, end=stop, label=LABELS[label], attributes=attributes, provenance=provenance)
            for start, stop, label in zip(cuts[0::2], cuts[1::2], labels)
            if stop > start + 1
        )
        yield GoldDocument(
            id=f"text-{number:07d}",
            text=text,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            spans=gold,
            meta={"title": f"Text {number}", "source_url": f"https://example.org/{number}", "agreement": {"f1": 0.8}},
        )


def run_one(fmt: str, args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export{FORMAT_SUFFIX[fmt]}"
        started = time.perf_counter()
        with path.open("wb") as out:
            documents = generate_documents(args.texts, args.chars, args.spans, args.seed, args.unicode_share)
            stats = write_export(fmt, documents, out, CONTEXT)
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_SELF)
        size = path.stat().st_size
    return {
        "format": fmt,
        "documents": stats.documents,
        "spans": stats.spans,
        "seconds": round(seconds, 2),
        # CPU time separates the exporter's cost from waiting on a busy machine.
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "docs_per_s": round(stats.documents / seconds),
        "mb_written": round(size / 1e6, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # ru_maxrss is in KiB on Linux
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--chars", type=int, default=5_000)
    parser.add_argument("--spans", type=int, default=30)
    parser.add_argument("--formats", default="jsonl,hf", help=f"comma-separated, from {','.join(FORMATS)}")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--unicode-share", type=float, default=0.1, help="share of texts with CJK/emoji/marks")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # one format, in this fresh process
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args)))
        return
    print(f"{args.texts} texts, ~{args.chars} chars, ~{args.spans} spans each, {args.unicode_share:.0%} wide Unicode")
    print(f"{'format':<7}{'seconds':>9}{'CPU s':>9}{'docs/s':>9}{'MB':>9}{'peak RSS MB':>13}")
    for fmt in args.formats.split(","):
        # A fresh interpreter per format keeps each peak RSS its own.
        command = [sys.executable, __file__, "--child", fmt, "--texts", str(args.texts), "--chars", str(args.chars)]
        command += ["--spans", str(args.spans), "--seed", str(args.seed), "--unicode-share", str(args.unicode_share)]
        r = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        figures = f"{r['seconds']:>9}{r['cpu_seconds']:>9}{r['docs_per_s']:>9}{r['mb_written']:>9}{r['peak_rss_mb']:>13}"
        print(f"{fmt:<7}{figures}")


if __name__ == "__main__":
    main()
