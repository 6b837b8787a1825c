"""Benchmark `factspan archive export` of a 10,000-text project from SQLite and `archive import` of it into an empty
SQLite database and (with --postgres) an empty PostgreSQL database: wall time, peak RSS, archive size."""
import argparse
import hashlib
import os
import subprocess
import time

from bench_export import generate_documents
from common import FACTSPAN, REPO, factspan, fresh_environment, postgres_database

BATCH = 2000
ANNOTATORS = ("ann1", "ann2", "ann3")


def populate(env: dict, texts: int, chars: int, spans: int, seed: int) -> dict[str, int]:
    """Texts, three annotators' submitted sets with spans and history, and a release, written straight into the
    database (annotating 10,000 texts through the services is not what is measured). Returns row counts."""
    os.environ.update({k: env[k] for k in ("FACTSPAN_DATABASE_URL", "FACTSPAN_SECRET_KEY")})
    from sqlalchemy import insert, select

    from app import create_app
    from app.annotations.models import AnnotationEvent, AnnotationSet, Assignment, Span
    from app.auth.models import User
    from app.extensions import session
    from app.gold.models import GoldRelease, GoldReleaseText
    from app.texts.models import Text
    from app.texts.service import require_project

    counts = dict.fromkeys(("text", "assignment", "span", "gold_release_text"), 0)
    app = create_app()
    with app.app_context():
        db = session()
        project = require_project(db, "bench")
        schema_id = project.annotation_schema_version_id
        users = [db.scalar(select(User.id).where(User.username == name)) for name in ANNOTATORS]
        release = GoldRelease(project_id=project.id, name="bench", sha256="0" * 64, text_count=texts, span_count=0,
                              annotation_schema_version_id=schema_id, label_counts={}, agreement={},
                              annotator_count=3, adjudicator_count=1)
        db.add(release)
        db.flush()
        pending = []
        for index, document in enumerate(generate_documents(texts, chars, spans, seed), start=1):
            content = f"{document.text} [{index}]"  # the generator reuses passages; a project's texts are unique
            pending.append((content, document.spans))
            if len(pending) < BATCH and index < texts:
                continue
            text_ids = db.execute(insert(Text).returning(Text.id), [
                {"project_id": project.id, "title": f"bench {n}", "content": c, "meta": {}, "char_count": len(c),
                 "sha256": hashlib.sha256(c.encode()).hexdigest(), "adjudication_status": "adjudicated"}
                for n, (c, _) in enumerate(pending)]).scalars().all()
            assignment_ids = db.execute(insert(Assignment).returning(Assignment.id), [
                {"text_id": t, "annotator_id": u, "status": "submitted"} for t in text_ids for u in users]
            ).scalars().all()
            set_ids = db.execute(insert(AnnotationSet).returning(AnnotationSet.id), [
                {"assignment_id": a, "annotation_schema_version_id": schema_id, "version": 3} for a in assignment_ids]
            ).scalars().all()
            span_lists = [doc_spans for _, doc_spans in pending for _ in users]
            db.execute(insert(Span), [{"annotation_set_id": s, "start": sp.start, "end": sp.end, "label": sp.label,
                                       "attributes": dict(sp.attributes)}
                                      for s, doc_spans in zip(set_ids, span_lists) for sp in doc_spans])
            db.execute(insert(AnnotationEvent), [{"annotation_set_id": s, "user_id": users[i % 3], "action": "submit",
                                                  "set_version": 3, "changes": {}} for i, s in enumerate(set_ids)])
            db.execute(insert(GoldReleaseText), [
                {"release_id": release.id, "text_id": t, "offsets": [], "meta": {},
                 "spans": [{"start": s.start, "end": s.end, "label": s.label, "attributes": dict(s.attributes),
                            "provenance": {"proposed_by": list(ANNOTATORS), "decision": "policy", "decision_id": t,
                                           "adjudicator": None}} for s in doc_spans]}
                for t, (_, doc_spans) in zip(text_ids, pending)])
            counts["text"] += len(text_ids)
            counts["assignment"] += len(assignment_ids)
            counts["span"] += sum(len(spans_) for spans_ in span_lists)
            counts["gold_release_text"] += len(text_ids)
            pending = []
        db.commit()
    return counts


def peak_rss_mb(pid: int) -> float:
    """The process's resident high-water mark so far (VmHWM starts anew at exec, unlike the rusage figure)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (FileNotFoundError, ProcessLookupError, StopIteration):
        return 0.0


def timed(env: dict, *args: str) -> tuple[float, float]:
    """Wall seconds and the command's peak RSS in MB, read from /proc while it runs."""
    started = time.perf_counter()
    process = subprocess.Popen([FACTSPAN, *args], env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, peak_rss_mb(process.pid))
        time.sleep(0.1)
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"factspan {' '.join(args)} failed")
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=10_000)
    parser.add_argument("--chars", type=int, default=5_000)
    parser.add_argument("--spans", type=int, default=30, help="spans per annotator per text")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--postgres", help="server URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres) to "
                                           "import into a throwaway database there too")
    args = parser.parse_args()
    env, folder = fresh_environment("archive")
    factspan(env, "init")
    factspan(env, "projects", "create", "bench", "--schema", "fact_opinion")
    for name in ANNOTATORS:
        factspan(env, "users", "create", name, "--role", "annotator", "--password", "bench-password")
    started = time.perf_counter()
    counts = populate(env, args.texts, args.chars, args.spans, args.seed)
    print(f"populated in {time.perf_counter() - started:.1f} s: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    archive = folder / "bench.zip"
    seconds, rss = timed(env, "archive", "export", "bench", str(archive))
    print(f"export (SQLite):      {seconds:6.1f} s wall, peak RSS {rss:.0f} MB, archive {archive.stat().st_size / 1e6:.0f} MB")
    targets = [("SQLite", f"sqlite:///{folder / 'target.sqlite'}", None)]
    if args.postgres:
        targets.append(("PostgreSQL", *postgres_database(args.postgres)))
    for label, url, drop in targets:
        try:
            seconds, rss = timed({**env, "FACTSPAN_DATABASE_URL": url}, "archive", "import", str(archive))
            print(f"import ({label + '):':<12} {seconds:6.1f} s wall, peak RSS {rss:.0f} MB (migrating the empty "
                  "database included)")
        finally:
            if drop:
                drop()


if __name__ == "__main__":
    main()
