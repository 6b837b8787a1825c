"""Benchmark `factspan gold export` of a 100,000-text release from SQLite: wall time and peak RSS per format."""
import argparse
import hashlib
import os
import resource
import subprocess
import time
from pathlib import Path

from bench_export import LABELS, generate_documents
from common import FACTSPAN, REPO, factspan, fresh_environment

BATCH = 2000


def populate(env: dict, texts: int, chars: int, spans: int, seed: int) -> None:
    """Write texts and a release straight into the database (adjudicating 100k texts is not what is measured)."""
    os.environ.update({k: env[k] for k in ("FACTSPAN_DATABASE_URL", "FACTSPAN_SECRET_KEY")})
    from sqlalchemy import insert

    from app import create_app
    from app.extensions import session
    from app.gold.models import GoldRelease, GoldReleaseText
    from app.texts.models import Text
    from app.texts.service import require_project

    app = create_app()
    with app.app_context():
        project = require_project(session(), "bench")
        release = GoldRelease(project_id=project.id, name="bench", sha256="0" * 64, text_count=texts, span_count=0,
                              annotation_schema_version_id=project.annotation_schema_version_id, label_counts={},
                              agreement={}, annotator_count=3, adjudicator_count=1)
        session().add(release)
        session().flush()
        text_rows, release_rows = [], []
        for index, document in enumerate(generate_documents(texts, chars, spans, seed), start=1):
            # The generator reuses passages; a numbered tail keeps texts unique, as a project requires.
            content = f"{document.text} [{index}]"
            text_rows.append({"project_id": project.id, "title": f"bench {index}", "content": content,
                              "sha256": hashlib.sha256(content.encode()).hexdigest(), "char_count": len(content),
                              "meta": {}, "adjudication_status": "adjudicated"})
            release_rows.append([{"start": s.start, "end": s.end, "label": s.label, "attributes": dict(s.attributes),
                                  "provenance": {"proposed_by": ["a", "b"], "decision": "policy",
                                                 "decision_id": index, "adjudicator": None}}
                                 for s in document.spans])
            if len(text_rows) == BATCH or index == texts:
                ids = session().execute(insert(Text).returning(Text.id), text_rows).scalars().all()
                session().execute(insert(GoldReleaseText), [
                    {"release_id": release.id, "text_id": text_id, "spans": spans_, "meta": {},
                     "offsets": [n for s in spans_ for n in (s["start"], s["end"], LABELS.index(s["label"]))]}
                    for text_id, spans_ in zip(ids, release_rows)])
                text_rows, release_rows = [], []
        session().commit()


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (shared pages counted once per process)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total / 1024


def timed_export(env: dict, fmt: str, out: str, workers: int) -> tuple[float, float, float]:
    """Wall seconds, the largest single process's peak RSS, and the peak summed RSS of the process tree."""
    started = time.perf_counter()
    process = subprocess.Popen([FACTSPAN, "gold", "export", "bench", "--release", "bench", "--format", fmt,
                                "--out", out, "--workers", str(workers)], env=env, cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_tree = 0.0
    while process.poll() is None:
        peak_tree = max(peak_tree, tree_rss_mb(process.pid))
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"export {fmt} failed with status {process.returncode}")
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, largest, peak_tree


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--chars", type=int, default=5_000)
    parser.add_argument("--spans", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--formats", default="jsonl,hf")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--database", help="reuse the bench.sqlite of an earlier run (its folder)")
    args = parser.parse_args()
    env, folder = fresh_environment("gold-export")
    if args.database:
        folder = Path(args.database)
        env["FACTSPAN_DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite'}"
    else:
        factspan(env, "init")
        factspan(env, "projects", "create", "bench", "--schema", "fact_opinion")
        started = time.perf_counter()
        populate(env, args.texts, args.chars, args.spans, args.seed)
        print(f"populated {args.texts:,} texts x ~{args.chars} chars x {args.spans} spans in "
              f"{time.perf_counter() - started:.1f} s ({(folder / 'bench.sqlite').stat().st_size / 1e9:.2f} GB SQLite)")
    for fmt in args.formats.split(","):
        out = folder / f"bench.{fmt}"
        seconds, largest, tree = timed_export(env, fmt, str(out), args.workers)
        print(f"{fmt:>6}: {seconds:6.1f} s wall, {args.texts / seconds:,.0f} texts/s, {out.stat().st_size / 1e6:,.0f} MB "
              f"written; peak RSS {largest:.0f} MB in the largest process, {tree:.0f} MB summed over the "
              f"{args.workers + 1} processes ({args.workers} workers)")


if __name__ == "__main__":
    main()
