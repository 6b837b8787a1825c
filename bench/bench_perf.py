"""Issue 12 item 9 on the side-by-side data set: 2,000 texts of ~5,000 characters, 3 annotators x 30 spans on
400 of them. Times `factspan assign` (2,000 texts), 30-span saves through the API against gunicorn (one
client, one request at a time), and `factspan gold adjudicate --policy majority` over the 400 texts.

    python bench/bench_perf.py [--postgres postgresql://postgres@127.0.0.1:5432/postgres] [--texts 2000]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import resource
import subprocess
import time

from bench_server import _wait_for, request
from common import FACTSPAN, REPO, factspan, free_port, fresh_environment, percentile, postgres_database

ANNOTATORS = ("ann1", "ann2", "ann3")
WORDS = ("the minister said that growth will rise next year while critics doubt the plan and officials "
         "report new data on prices wages exports and the budget").split()
ATTRIBUTES = {
    "sourced_readout": {"source": "russian_readout"},
    "author_inference": {"inference_type": "speculation"},
    "unverifiable_claim": {"reason": "motive_or_intent", "check_worthiness": "high"},
}


def make_text(rng: random.Random, length: int) -> tuple[str, list[tuple[int, int]]]:
    """Sentences of 8-16 lowercase words after a capitalised first word; returns the text and each
    sentence's [start, end) without its full stop."""
    parts, sentences, position = [], [], 0
    while position < length:
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
        sentence = " ".join(words).capitalize()
        sentences.append((position, position + len(sentence)))
        parts.append(sentence + ". ")
        position += len(sentence) + 2
    return "".join(parts).rstrip(), sentences


def annotator_spans(rng: random.Random, sentences: list[tuple[int, int]], text: str, count: int) -> list[list[dict]]:
    """Each annotator's `count` spans: a shared choice of sentences, each annotator sometimes trimming the
    span by a word, changing the label or picking another sentence (so majority settles most items)."""
    chosen = sorted(rng.sample(range(len(sentences)), count))
    per_annotator = []
    for _ in ANNOTATORS:
        spans, used = [], set()
        for index in chosen:
            roll = rng.random()
            if roll < 0.1:
                free = [i for i in range(len(sentences)) if i not in chosen and i not in used]
                index = rng.choice(free)
            used.add(index)
            start, end = sentences[index]
            if 0.1 <= roll < 0.2:
                start = text.index(" ", start) + 1
            label = sorted(ATTRIBUTES)[index % 3] if roll < 0.9 else sorted(ATTRIBUTES)[(index + 1) % 3]
            spans.append({"start": start, "end": end, "label": label, "attributes": ATTRIBUTES[label]})
        per_annotator.append(sorted(spans, key=lambda s: s["start"]))
    return per_annotator


def use_postgres(env: dict[str, str], server_url: str) -> callable:
    """Point env at a new database on the server; returns the function that drops it."""
    env["FACTSPAN_DATABASE_URL"], drop = postgres_database(server_url)
    return drop


def timed(env: dict[str, str], *args: str) -> tuple[str, str]:
    """Wall and CPU seconds (user + system) of one whole `factspan` process, and its output.

    On a shared machine the CPU figure is the steadier one: wall time there includes waiting for a core.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    output = factspan(env, *args).stdout
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return f"{wall:.2f} s wall, {cpu:.2f} s CPU", output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL server URL (a database is created and dropped); default SQLite")
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--chars", type=int, default=5000)
    parser.add_argument("--annotated", type=int, default=400)
    parser.add_argument("--spans", type=int, default=30)
    args = parser.parse_args()
    print(f"load average before the run: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    env, folder = fresh_environment("perf")
    backend, drop = ("PostgreSQL", use_postgres(env, args.postgres)) if args.postgres else ("SQLite", lambda: None)
    rng = random.Random(12)
    try:
        factspan(env, "init")
        factspan(env, "projects", "create", "perf", "--schema", "fact_opinion", "--annotators-per-text", "3")
        texts = [make_text(rng, args.chars) for _ in range(args.texts)]
        corpus = folder / "texts.jsonl"
        corpus.write_text("".join(json.dumps({"id": f"t{i}", "text": text}) + "\n" for i, (text, _) in enumerate(texts)))
        import_seconds, _ = timed(env, "import-texts", "perf", str(corpus))
        for name in ANNOTATORS:
            factspan(env, "users", "create", name, "--role", "annotator", "--password", "bench-password")
        startup, _ = timed(env, "projects", "list")
        assign_seconds, assign_output = timed(env, "assign", "perf", *ANNOTATORS)
        tokens = [factspan(env, "users", "token", name).stdout.strip() for name in ANNOTATORS]
        saves = save_and_submit(env, tokens, texts, args)
        adjudicate_seconds, adjudicate_output = timed(env, "gold", "adjudicate", "perf", "--policy", "majority")
    finally:
        drop()
    print(f"{backend}: {args.texts} texts x ~{args.chars} chars (import {import_seconds})")
    print(f"  factspan projects list (the start of any command that loads the app): {startup}")
    print(f"  factspan assign ({assign_output.strip()}): {assign_seconds} (target < 0.5 s)")
    print(f"  {len(saves)} saves of {args.spans} spans through the API, one client: p50 {percentile(saves, .5) * 1000:.1f} ms, "
          f"p95 {percentile(saves, .95) * 1000:.1f} ms (target p50 < 8 ms)")
    print(f"  factspan gold adjudicate --policy majority over {args.annotated} texts: {adjudicate_seconds} "
          f"(target < 2 s)")
    print("    " + adjudicate_output.strip().replace("\n", "\n    "))


def save_and_submit(env: dict[str, str], tokens: list[str], texts: list, args: argparse.Namespace) -> list[float]:
    """Save each annotator's spans on the first `annotated` texts and submit them; returns the save latencies."""
    port = free_port()
    gunicorn = subprocess.Popen([FACTSPAN.replace("factspan", "gunicorn"), "--workers", "2", "--bind",
                                 f"127.0.0.1:{port}", "wsgi:app"], env=env, cwd=str(REPO),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rng = random.Random(34)
    latencies = []
    try:
        _wait_for(port)
        connection = http.client.HTTPConnection("127.0.0.1", port)
        sets = []
        for token in tokens:
            _, assignments, _ = request(connection, "GET", "/api/v1/assignments", token)
            by_text = {a["text_id"]: a["annotation_set_id"] for a in assignments}
            sets.append([by_text[text_id] for text_id in sorted(by_text)[: args.annotated]])
        for index in range(args.annotated):
            text, sentences = texts[index]
            for token, set_ids, spans in zip(tokens, sets, annotator_spans(rng, sentences, text, args.spans)):
                status, saved, elapsed = request(connection, "PUT", f"/api/v1/annotation-sets/{set_ids[index]}",
                                                 token, {"version": 1, "spans": spans})
                assert status == 200, saved
                latencies.append(elapsed)
                status, submitted, _ = request(connection, "POST", f"/api/v1/annotation-sets/{set_ids[index]}/submit",
                                               token, {"version": saved["version"]})
                assert status == 200, submitted
    finally:
        gunicorn.terminate()
        gunicorn.wait()
    return sorted(latencies)


if __name__ == "__main__":
    main()
