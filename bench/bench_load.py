"""Load: N simulated annotators open their text and save spans about once a second against `factspan serve`.

    python bench/bench_load.py [--db sqlite|postgresql] [--annotators 50] [--seconds 60] [--ramp 2,4,8]

Reports throughput and p50/p95/p99 of saves and page loads; --ramp then offers higher save rates per
annotator (20 s each) to find the highest rate the server sustains (>= 95 % of offered, no errors).
--export-texts N writes a release of N generated texts and exports it beside the load: as a job started through
/api/v1/jobs (as the Gold page's Export button does) run by `factspan worker` processes (--export-workers), or
with --export-cli by `factspan gold export`; --during CMD runs any other command beside it.
"""
import argparse
import http.client
import json
import multiprocessing
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from pathlib import Path

from bench_gold_export import populate
from common import FACTSPAN, free_port, percentile, postgres_database
from load_setup import PASSWORD, Annotator, build

PROCESSES = 5  # client processes; each runs its share of annotators as threads (no GIL queue for 50 in one)
SLOW_SAVE_S = 0.1  # saves slower than this are listed by second (--slow-timeline), to see when the tail happens


class Client:
    """One simulated annotator: logs in with the form, opens the annotation page, saves its draft on a schedule."""

    def __init__(self, port: int, annotator: Annotator, spans: list[dict]):
        self.port, self.annotator, self.spans = port, annotator, spans
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie, self.version = "", 1
        self.saves, self.pages, self.errors = [], [], []
        self.slow: list[tuple[float, float]] = []  # (when it started, seconds) of saves over SLOW_SAVE_S

    def _send(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.connection.close()
            self.errors.append(f"{method} {path}: {exc!r}")
            return None, b"", {}, time.perf_counter() - started
        return response.status, data, response.headers, time.perf_counter() - started

    def log_in(self) -> None:
        status, page, headers, _ = self._send("GET", "/login")
        cookie = headers["Set-Cookie"].split(";")[0]
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode({"username": self.annotator.username, "password": PASSWORD, "csrf_token": token})
        status, _, headers, _ = self._send("POST", "/login", form.encode(), {
            "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
        if status != 302:
            raise SystemExit(f"login of {self.annotator.username} answered {status}")
        self.cookie = headers["Set-Cookie"].split(";")[0]

    def read_version(self) -> None:
        """Start from the draft's stored version: a ramp step follows runs that already saved it."""
        status, data, _, _ = self._send("GET", f"/api/v1/annotation-sets/{self.annotator.annotation_set_id}", None,
                                        {"Authorization": f"Bearer {self.annotator.token}"})
        if status != 200:
            raise SystemExit(f"reading the draft of {self.annotator.username} answered {status}")
        self.version = json.loads(data)["version"]

    def open_page(self) -> None:
        status, _, _, elapsed = self._send("GET", f"/annotate/{self.annotator.assignment_id}", None,
                                           {"Cookie": self.cookie})
        (self.pages.append(elapsed) if status == 200 else self.errors.append(f"page: {status}"))

    def save(self, step: int) -> None:
        spans = self.spans[: step % len(self.spans) + 1]
        body = json.dumps({"version": self.version, "spans": spans}).encode()
        status, data, _, elapsed = self._send("PUT", f"/api/v1/annotation-sets/{self.annotator.annotation_set_id}",
                                              body, {"Authorization": f"Bearer {self.annotator.token}",
                                                     "Content-Type": "application/json",
                                                     "Idempotency-Key": uuid.uuid4().hex})
        if status == 200:
            self.version = json.loads(data)["version"]
            self.saves.append(elapsed)
            if elapsed > SLOW_SAVE_S:
                self.slow.append((time.time() - elapsed, elapsed))
        else:  # each annotator owns its draft, so any refusal (even a 409) is an error here
            self.errors.append(f"save: {status} {data[:200]!r}")


def run_annotator(port: int, annotator: Annotator, spans: list[dict], rate: float, seconds: float, ready,
                  out: list) -> None:
    client = Client(port, annotator, spans)
    client.log_in()
    client.read_version()
    # The clock starts once everyone has logged in: 50 password checks (scrypt, ~0.1 s of CPU each) are
    # the setup, not the load being measured.
    ready.wait(timeout=600)
    start_at = time.time() + 1.0
    period, step = 1.0 / rate, 0
    deadline = start_at + seconds
    # Spread the annotators over the period, the first page opens too: fifty people do not open their
    # texts in the same millisecond, and a herd of page loads at t=0 would queue every save behind it.
    offset = (hash(annotator.username) % 1000) / 1000 * period
    while time.time() < start_at + offset:
        time.sleep(min(0.05, max(0.0, start_at + offset - time.time())))
    client.open_page()
    next_save = start_at + offset + period
    while next_save < deadline:
        time.sleep(max(0.0, next_save - time.time()))
        client.save(step)
        step += 1
        if step % 20 == 0:
            client.open_page()  # on to "the next text", as an annotator would
        next_save = max(next_save + period, time.time() - period)  # open loop; catch up at most one period
    out.append({"saves": client.saves, "pages": client.pages, "errors": client.errors, "offered": step,
                "slow": client.slow})


def run_share(port: int, annotators: list[Annotator], spans: list[dict], rate: float, seconds: float,
              ready) -> list[dict]:
    out: list[dict] = []
    threads = [threading.Thread(target=run_annotator, args=(port, a, spans, rate, seconds, ready, out))
               for a in annotators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return out


def load(port: int, annotators: list[Annotator], spans: list[dict], rate: float, seconds: float) -> dict:
    shares = [annotators[i::PROCESSES] for i in range(PROCESSES)]
    with multiprocessing.Manager() as manager, multiprocessing.Pool(PROCESSES) as pool:
        ready = manager.Barrier(len(annotators))
        results = pool.starmap(run_share, [(port, share, spans, rate, seconds, ready) for share in shares if share])
    merged = [r for share in results for r in share]
    return {"saves": sorted(x for r in merged for x in r["saves"]), "pages": sorted(x for r in merged for x in r["pages"]),
            "slow": sorted(x for r in merged for x in r["slow"]),
            "errors": [e for r in merged for e in r["errors"]], "offered": sum(r["offered"] for r in merged)}


class CpuTimeline(threading.Thread):
    """Every `period` s, the CPU share of each kind of process (gunicorn, job workers, PostgreSQL, the
    clients): to see what takes the cores when the tail grows."""

    KINDS = (("gunicorn", "web"), ("factspan worker", "job workers"), ("postgres:", "postgresql"),
             ("bench_load", "load clients"))

    def __init__(self, period: float = 5.0) -> None:
        super().__init__(daemon=True)
        self.period, self.rows, self.stopped = period, [], threading.Event()

    @staticmethod
    def _ticks() -> Counter:
        ticks: Counter = Counter()
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            kind = next((name for marker, name in CpuTimeline.KINDS if marker in command), "other")
            ticks[kind] += int(fields[11]) + int(fields[12])
        return ticks

    def run(self) -> None:
        before, tick = self._ticks(), os.sysconf("SC_CLK_TCK")
        while not self.stopped.wait(self.period):
            now = self._ticks()
            self.rows.append({kind: max(0, now[kind] - before[kind]) / tick / self.period for kind in now})
            before = now

    def report(self) -> str:
        kinds = [name for _, name in self.KINDS] + ["other"]
        lines = [f"  CPU (cores) per {self.period:g} s: " + " | ".join(kinds)]
        for index, row in enumerate(self.rows):
            lines.append(f"    {index * self.period:5.0f} s: " + " | ".join(f"{row.get(kind, 0):.2f}" for kind in kinds))
        return "\n".join(lines)


def describe(name: str, values: list[float]) -> str:
    ms = [percentile(values, q) * 1000 for q in (.5, .95, .99)]
    return f"{name}: {len(values)}, p50 {ms[0]:.1f} ms, p95 {ms[1]:.1f} ms, p99 {ms[2]:.1f} ms"


def jobs_environment(database_url: str, folder: Path) -> dict[str, str]:
    """What the server and the job workers share: the database, the queue and the jobs folder."""
    return {"FACTSPAN_DATABASE_URL": database_url, "FACTSPAN_QUEUE_SQLITE_PATH": str(folder / "queue.sqlite"),
            "FACTSPAN_JOBS_DIR": str(folder / "jobs")}


def start_export_job(port: int, database_url: str) -> tuple[int, str]:
    """A reviewer's token, then POST /api/v1/jobs for the release's jsonl export; returns the job id and token."""
    os.environ["FACTSPAN_DATABASE_URL"] = database_url
    from app import create_app
    from app.auth.service import create_user
    from app.auth.tokens import create_api_token
    from app.extensions import db
    from app.texts.service import require_project

    app = create_app()
    with app.app_context():
        user = create_user(db.session, username=f"exporter_{uuid.uuid4().hex[:6]}", role="reviewer", password=PASSWORD)
        token = create_api_token(db.session, user=user, name="bench_load")
        project_id = require_project(db.session, "bench").id
        db.session.commit()
        db.engine.dispose()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps({"kind": "gold.export", "project_id": project_id, "params": {"release": "bench", "format": "jsonl"}})
    connection.request("POST", "/api/v1/jobs", body, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    response = connection.getresponse()
    answer = json.loads(response.read())
    if response.status != 202:
        raise SystemExit(f"the export job was refused: {answer}")
    return answer["id"], token


def job_state(port: int, job_id: int, token: str) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", f"/api/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {token}"})
    return json.loads(connection.getresponse().read())


def serve(database_url: str, workers: int | None, folder: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, **jobs_environment(database_url, folder), "FACTSPAN_SECRET_KEY": uuid.uuid4().hex,
           "FACTSPAN_ACCESS_LOG": str(folder / "access.log")}  # metrics: serve's own folder, in memory
    command = [FACTSPAN, "serve", "--bind", f"127.0.0.1:{port}"] + (["--workers", str(workers)] if workers else [])
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=open(folder / "serve.log", "w"))
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/readyz")
            if connection.getresponse().status == 200:
                return process, port
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"factspan serve did not start; see {folder / 'serve.log'}")


def settle_writes(url: str) -> None:
    """Settle what the setup wrote (a 100,000-text release is over a gigabyte) before the clock starts.

    On PostgreSQL, VACUUM ANALYZE does what autovacuum does within a minute of a bulk load (without it the
    export's first read of each fresh row sets its hint bits and dirties every page it reads), and CHECKPOINT
    writes it all out. Without either, the first 20 s of the load measured the aftermath of the setup.
    """
    if url.startswith("postgresql"):
        from sqlalchemy import create_engine, text

        from app.database import normalise_url

        engine = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("VACUUM ANALYZE"))
            connection.execute(text("CHECKPOINT"))
        engine.dispose()
    os.sync()


def database(kind: str, postgres_url: str, folder: Path):
    if kind == "sqlite":
        return f"sqlite:///{folder / 'load.sqlite'}", lambda: None
    return postgres_database(postgres_url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="server URL; the run creates and drops its own database there")
    parser.add_argument("--annotators", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=1.0, help="saves per annotator per second")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: factspan serve's)")
    parser.add_argument("--ramp", default="", help="comma-separated saves/s per annotator to try after the run")
    parser.add_argument("--ramp-seconds", type=float, default=20)
    parser.add_argument("--export-texts", type=int, default=0, help="export a release of this many texts beside the load")
    parser.add_argument("--export-workers", type=int, default=1, help="`factspan worker` processes for the export job")
    parser.add_argument("--export-cli", action="store_true", help="export with `factspan gold export`, not as a job")
    parser.add_argument("--during", help="a command to run beside the load")
    parser.add_argument("--slow-timeline", action="store_true", help="count the saves over 100 ms per second")
    parser.add_argument("--cpu-timeline", action="store_true",
                        help="CPU per kind of process every 5 s, from the logins on (the clock starts after them)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="factspan-load-"))
    url, drop = database(args.db, args.postgres, folder)
    try:
        annotators, spans = build(url, args.annotators)
        during = shlex.split(args.during) if args.during else None
        if args.export_texts:
            populate({"FACTSPAN_DATABASE_URL": url, "FACTSPAN_SECRET_KEY": uuid.uuid4().hex}, args.export_texts,
                     5000, 30, 7)
            if args.export_cli:
                during = [FACTSPAN, "gold", "export", "bench", "--release", "bench", "--format", "jsonl",
                          "--out", str(folder / "release.jsonl")]
            settle_writes(url)
        server, port = serve(url, args.workers, folder)
        beside, beside_started, job_workers, export_job = None, time.perf_counter(), [], None
        if during:
            beside = subprocess.Popen(during, env={**os.environ, "FACTSPAN_DATABASE_URL": url},
                                      stdout=subprocess.DEVNULL, stderr=open(folder / "beside.log", "w"))
        elif args.export_texts:
            env = {**os.environ, **jobs_environment(url, folder), "FACTSPAN_SECRET_KEY": uuid.uuid4().hex}
            job_workers = [subprocess.Popen([FACTSPAN, "worker"], env=env, stdout=subprocess.DEVNULL,
                                            stderr=open(folder / f"worker{i}.log", "w"), start_new_session=True)
                           for i in range(args.export_workers)]
            export_job = start_export_job(port, url)
        timeline = CpuTimeline() if args.cpu_timeline else None
        if timeline:
            timeline.start()
        try:
            result = load(port, annotators, spans, args.rate, args.seconds)
            if timeline:
                timeline.stopped.set()
            described = ' beside: ' + ' '.join(during[1:]) if during else ''
            if export_job:
                described = f" beside an export job of {args.export_texts:,} texts ({args.export_workers} worker(s))"
            print(f"{args.db}, {args.annotators} annotators x {args.rate:g} save/s for {args.seconds:g} s"
                  f"{described} (up to {len(spans)} spans a save):")
            if beside is not None:
                ended = beside.poll()
                print(f"  beside command: {'exited ' + str(ended) if ended is not None else 'still running'} "
                      f"after {time.perf_counter() - beside_started:.0f} s")
            if export_job:
                job = job_state(port, *export_job)
                print(f"  export job during the load: {job['state']}, {job['progress']['done']:,} of "
                      f"{job['progress']['total']:,} texts after {time.perf_counter() - beside_started:.0f} s")
            print(f"  {len(result['saves']) / args.seconds:.1f} saves/s acknowledged of {result['offered']} offered, "
                  f"{len(result['errors'])} errors {result['errors'][:3]}")
            print("  " + describe("saves", result["saves"]))
            if args.slow_timeline and result["slow"]:
                first = result["slow"][0][0]
                by_second = Counter(int(started - first) for started, _ in result["slow"])
                print(f"  saves over {SLOW_SAVE_S * 1000:.0f} ms by second from the first one (second: count): "
                      + ", ".join(f"{second}: {count}" for second, count in sorted(by_second.items())))
            print("  " + describe("page loads", result["pages"]))
            if timeline:
                print(timeline.report())
            for rate in [float(r) for r in args.ramp.split(",") if r]:
                step = load(port, annotators, spans, rate, args.ramp_seconds)
                offered = args.annotators * rate
                achieved = len(step["saves"]) / args.ramp_seconds
                verdict = "sustained" if achieved >= 0.95 * offered and not step["errors"] else "NOT sustained"
                print(f"  ramp {offered:.0f} saves/s offered: {achieved:.1f} acknowledged, {len(step['errors'])} errors, "
                      f"{describe('saves', step['saves'])} -> {verdict}")
            if export_job:
                while (job := job_state(port, *export_job))["state"] in ("queued", "running"):
                    time.sleep(1)
                print(f"  export job {job['state']} after {time.perf_counter() - beside_started:.0f} s "
                      f"({job['report'] or job['error']})")
        finally:
            for worker in job_workers:
                os.killpg(worker.pid, signal.SIGINT)
                worker.wait()
            if beside is not None and beside.poll() is None:
                beside.send_signal(signal.SIGTERM)
                beside.wait()
            server.terminate()
            server.wait()
    finally:
        drop()
    print(f"  (server logs in {folder})", file=sys.stderr)


if __name__ == "__main__":
    main()
