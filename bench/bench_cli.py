"""Whole-process times of the command line: `factspan --help`, and `factspan agreement --input` on a big file.

    python bench/bench_cli.py [--runs 10] [--docs 2000] [--chars 5000] [--annotators 3] [--spans 30]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_agreement import make_corpus  # noqa: E402
from common import FACTSPAN, fresh_environment  # noqa: E402


def timed_runs(command: list[str], env: dict[str, str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds per run, after one warm-up run (like hyperfine's --warmup 1).

    On a shared machine the CPU figure is the steadier one: wall time there includes waiting for a core.
    """
    subprocess.run(command, env=env, capture_output=True, check=True)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def write_corpus(path: Path, *, docs: int, chars: int, annotators: int, spans: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for document in make_corpus(docs, chars, annotators, spans, seed=1):
            out.write(json.dumps({"id": document.id, "text": document.text, "annotations": [
                {"annotator": name, "spans": [{"start": s, "end": e, "label": label} for s, e, label in found]}
                for name, found in document.annotations.items()]}) + "\n")


def report(name: str, times: tuple[list[float], list[float]], target: float) -> None:
    walls, cpus = times
    print(f"{name}: wall min {min(walls):.3f} s, median {statistics.median(walls):.3f} s; "
          f"CPU median {statistics.median(cpus):.3f} s (target < {target} s, {len(walls)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--chars", type=int, default=5000)
    parser.add_argument("--annotators", type=int, default=3)
    parser.add_argument("--spans", type=int, default=30)
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    env, folder = fresh_environment("cli")
    report("factspan --help", timed_runs([FACTSPAN, "--help"], env, args.runs), 0.3)
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "annotations.jsonl"
        write_corpus(corpus, docs=args.docs, chars=args.chars, annotators=args.annotators, spans=args.spans)
        command = [FACTSPAN, "agreement", "--input", str(corpus), "--json"]
        label = f"agreement --input ({args.docs} docs x {args.chars} chars x {args.annotators})"
        report(label, timed_runs(command, env, max(1, args.runs // 3)), 2.0)


if __name__ == "__main__":
    main()
