"""Benchmark a 100,000-text release export run as a job: one `factspan worker` process against two.

The export is split into chunk jobs (FACTSPAN_JOB_EXPORT_CHUNK_TEXTS texts each) that any worker takes;
the figure is the wall time from enqueueing to the merged file, and the speed-up of two workers over one.
"""
import argparse
import hashlib
import os
import signal
import subprocess
import time
from pathlib import Path

from bench_gold_export import populate
from common import FACTSPAN, REPO, factspan, fresh_environment


def run_export(env: dict, workers: int, fmt: str, log: Path) -> tuple[float, str, int]:
    """Seconds from enqueueing to success with `workers` worker processes; the file's sha256; its chunks."""
    from sqlalchemy import func, select

    from app import create_app
    from app.extensions import db
    from app.jobs.models import Job
    from app.jobs.queue import current_queue
    from app.jobs.service import enqueue_job
    from app.texts.service import require_project

    os.environ.update({k: v for k, v in env.items() if k.startswith("FACTSPAN_")})
    app = create_app()
    with log.open("ab") as output:
        processes = [subprocess.Popen([FACTSPAN, "worker"], env=env, cwd=REPO, stdout=output, stderr=subprocess.STDOUT,
                                      start_new_session=True) for _ in range(workers)]
    try:
        time.sleep(3)  # let the workers start (import the app) before the clock runs
        with app.app_context():
            project = require_project(db.session, "bench")
            started = time.perf_counter()
            job = enqueue_job(db.session, kind="gold.export", user_id=None, project_id=project.id,
                              params={"project_id": project.id, "release": "bench", "format": fmt,
                                      "chunk_texts": int(env["FACTSPAN_JOB_EXPORT_CHUNK_TEXTS"])},
                              send=current_queue().send)
            db.session.commit()
            while True:
                db.session.expire_all()
                state = db.session.scalar(select(Job.state).where(Job.id == job.id))
                if state in ("succeeded", "failed", "cancelled"):
                    break
                db.session.rollback()
                time.sleep(0.1)
            elapsed = time.perf_counter() - started
            db.session.refresh(job)
            if state != "succeeded":
                raise SystemExit(f"the export job {state}: {job.error}")
            chunks = db.session.scalar(select(func.count()).where(Job.parent_id == job.id))
            digest = hashlib.sha256()
            with open(job.result_path, "rb") as written:
                for block in iter(lambda: written.read(1 << 20), b""):
                    digest.update(block)
            db.session.remove()
            db.engine.dispose()
        return elapsed, digest.hexdigest(), chunks
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGINT)
        for process in processes:
            process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--chars", type=int, default=5_000)
    parser.add_argument("--spans", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", default="jsonl")
    parser.add_argument("--chunk-texts", type=int, default=5_000)
    parser.add_argument("--database", help="reuse the bench.sqlite of an earlier run (its folder)")
    args = parser.parse_args()
    env, folder = fresh_environment("jobs")
    if args.database:
        folder = Path(args.database)
        env["FACTSPAN_DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite'}"
    env.update({"FACTSPAN_QUEUE_SQLITE_PATH": str(folder / "queue.sqlite"), "FACTSPAN_JOBS_DIR": str(folder / "jobs"),
                "FACTSPAN_JOB_EXPORT_CHUNK_TEXTS": str(args.chunk_texts)})
    if not args.database:
        factspan(env, "init")
        factspan(env, "projects", "create", "bench", "--schema", "fact_opinion")
        started = time.perf_counter()
        populate(env, args.texts, args.chars, args.spans, args.seed)
        print(f"populated {args.texts:,} texts x ~{args.chars} chars x {args.spans} spans in "
              f"{time.perf_counter() - started:.1f} s")
    figures = {}
    for workers in (1, 2):
        seconds, sha256, chunks = run_export(env, workers, args.format, folder / "workers.log")
        figures[workers] = (seconds, sha256)
        print(f"{workers} worker(s): {seconds:6.1f} s wall for {args.texts:,} texts ({args.texts / seconds:,.0f} texts/s), "
              f"{chunks} chunks, sha256 {sha256[:16]}…")
    if figures[1][1] != figures[2][1]:
        raise SystemExit("the two runs wrote different files")
    print(f"speed-up of two workers over one: {figures[1][0] / figures[2][0]:.2f}x (identical output); "
          f"{os.cpu_count()} CPU cores")


if __name__ == "__main__":
    main()
