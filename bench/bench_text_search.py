"""Benchmark the text browser on 100,000 texts: search, filters, sorts and later pages, on SQLite and PostgreSQL.

Texts are generated from a seeded Zipf vocabulary (a few very common words, a long tail of rare ones), so
queries range from a word in most texts to one in a handful. A fifth of the texts have three assignments
and half of those an agreement figure, so status and agreement filters have work to do. Each query is
timed through the service (`search_texts`) and through the page (`GET /projects/<id>/texts`, HTML).

    python bench/bench_text_search.py [--texts 100000] [--queries 200] [--backends sqlite,postgresql]
PostgreSQL: `FACTSPAN_BENCH_POSTGRES_URL` (default postgresql://postgres@127.0.0.1:5432/postgres) must be
able to create databases; a temporary one is created and dropped.
"""
import argparse
import hashlib
import itertools
import os
import random
import shutil
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, text  # noqa: E402

from app import create_app  # noqa: E402
from app.annotation_schemas.service import latest_schema_version, load_schema_folder  # noqa: E402
from app.annotations.models import Assignment  # noqa: E402
from app.auth.service import create_user  # noqa: E402
from app.auth.tokens import create_api_token  # noqa: E402
from app.desk.text_search import TextQuery, search_texts  # noqa: E402
from app.extensions import db, session  # noqa: E402
from app.migrate import upgrade_to_head  # noqa: E402
from app.auth.models import User  # noqa: E402
from app.texts.models import Project, Text  # noqa: E402
from app.texts.service import create_project  # noqa: E402
from bench.common import percentile, postgres_database  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
VOCABULARY = 20_000
WORDS_PER_TEXT = 110  # about 800 characters
BATCH = 5_000


def word(rank: int) -> str:
    """A pronounceable made-up word per rank, stable across runs."""
    syllables = ("ka", "lo", "mi", "ne", "su", "ta", "vo", "ri", "pe", "du", "go", "ze")
    out, n = [], rank + 1
    while n:
        n, digit = divmod(n, len(syllables))
        out.append(syllables[digit])
    return "".join(out)


def populate(app, count: int, rng: random.Random) -> tuple[int, str]:
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(VOCABULARY)))
    with app.app_context():
        upgrade_to_head(db.engine)
        load_schema_folder(session(), REPO / "annotation_schemas")
        project = create_project(session(), name="bench", annotation_schema_version=latest_schema_version(
            session(), "fact_opinion"), annotators_per_text=3)
        reviewer = create_user(session(), username="bench-reviewer", role="reviewer", password="bench-password")
        annotators = [create_user(session(), username=f"bench-annotator{i}", role="annotator",
                                  password="bench-password") for i in range(3)]
        token = create_api_token(session(), user=reviewer, name="bench")
        session().commit()
        for start in range(0, count, BATCH):
            rows = []
            for index in range(start, min(start + BATCH, count)):
                body = " ".join(word(r) for r in rng.choices(range(VOCABULARY), cum_weights=cumulative, k=WORDS_PER_TEXT)) + "."
                title = " ".join(word(r) for r in rng.choices(range(VOCABULARY), cum_weights=cumulative, k=4)).title()
                rows.append({"project_id": project.id, "title": title, "content": body,
                             "sha256": hashlib.sha256(f"{index}{body}".encode()).hexdigest(), "char_count": len(body),
                             "meta": {}, "adjudication_status": rng.choice(("pending", "pending", "in_progress", "adjudicated")),
                             "agreement": None})
            ids = session().execute(insert(Text).returning(Text.id), rows).scalars().all()
            assigned = [text_id for text_id in ids if text_id % 5 == 0]
            session().execute(insert(Assignment), [
                {"text_id": text_id, "annotator_id": user.id, "status": rng.choice(("draft", "submitted", "submitted"))}
                for text_id in assigned for user in annotators])
            session().execute(text("UPDATE text SET agreement = :value WHERE id = :id"),
                              [{"id": text_id, "value": rng.random()} for text_id in assigned if text_id % 10 == 0])
            session().commit()
        return project.id, token


def reused(app) -> tuple[int, str]:
    with app.app_context():
        project = session().scalars(select(Project).where(Project.name == "bench")).one()
        reviewer = session().scalars(select(User).where(User.username == "bench-reviewer")).one()
        token = create_api_token(session(), user=reviewer, name="bench")
        session().commit()
        return project.id, token


def queries(rng: random.Random, count: int) -> list[tuple[str, dict]]:
    """A mix: common, middling and rare words, two words, a prefix, filters, sorts and later pages."""
    common, middling, rare = (lambda: word(rng.randrange(0, 20)), lambda: word(rng.randrange(200, 2_000)),
                              lambda: word(rng.randrange(5_000, VOCABULARY)))
    shapes = {
        "common word": lambda: {"q": common()},
        "middling word": lambda: {"q": middling()},
        "rare word": lambda: {"q": rare()},
        "two words": lambda: {"q": f"{middling()} {common()}"},
        "prefix of 4": lambda: {"q": middling()[:4]},
        "common word, submitted": lambda: {"q": common(), "status": "submitted"},
        "middling word, in adjudication": lambda: {"q": middling(), "adjudication": "in_progress"},
        "agreement below 0.5": lambda: {"agreement_below": 0.5},
        "annotating, by title": lambda: {"status": "annotating", "sort": "title"},
        "common word, longest first": lambda: {"q": common(), "sort": "-length"},
        "lowest agreement first": lambda: {"sort": "agreement"},
        "common word, pages 1-5": lambda: {"q": common(), "pages": 5},
    }
    names = list(shapes)
    return [(name, shapes[name]()) for name in (rng.choice(names) for _ in range(count))]


def run(app, project_id: int, token: str, plan: list[tuple[str, dict]],
        by_shape: dict[str, list[float]] | None = None) -> tuple[list[float], list[float]]:
    service_ms, page_ms = [], []
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    for name, spec in plan:
        spec = dict(spec)
        pages = spec.pop("pages", 1)
        after = None
        with app.app_context():
            for _ in range(pages):
                started = time.perf_counter()
                page = search_texts(session(), project_id=project_id, query=TextQuery(**spec, after=after))
                service_ms.append((time.perf_counter() - started) * 1000)
                if by_shape is not None:
                    by_shape.setdefault(name, []).append(service_ms[-1])
                after = page.next_cursor
                if after is None:
                    break
        started = time.perf_counter()
        response = client.get(f"/projects/{project_id}/texts", query_string={**spec, **({"after": after} if after else {})},
                              headers=headers)
        page_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return sorted(service_ms), sorted(page_ms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--reuse", help="the URL of a database an earlier run populated (kept with --keep)")
    parser.add_argument("--keep", action="store_true", help="keep the databases (their URLs are printed)")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        drop = None
        if args.reuse:
            url = args.reuse
        elif backend == "sqlite":
            folder = Path(tempfile.mkdtemp(prefix="factspan-search-"))
            url = f"sqlite:///{folder / 'bench.sqlite'}"
            if not args.keep:
                drop = partial(shutil.rmtree, folder)
        else:
            url, drop = postgres_database(
                os.environ.get("FACTSPAN_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"))
            drop = None if args.keep else drop
        try:
            app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-only-secret", "TESTING": False})
            started = time.perf_counter()
            project_id, token = (reused(app) if args.reuse else populate(app, args.texts, random.Random(args.seed)))
            if backend != "sqlite":
                with app.app_context():
                    session().execute(text("ANALYZE"))
                    session().commit()
            if args.keep:
                print(f"kept {url}")
            print(f"{backend}: {args.texts:,} texts populated in {time.perf_counter() - started:.0f} s", flush=True)
            plan = queries(random.Random(args.seed + 1), args.queries)
            run(app, project_id, token, plan[:10])  # warm caches and the connection pool
            by_shape: dict[str, list[float]] = {}
            service, page = run(app, project_id, token, plan, by_shape)
            for name, times in by_shape.items():
                times.sort()
                print(f"  {name:<32} {len(times):>4} queries  p50 {percentile(times, 0.5):6.1f} ms  "
                      f"max {times[-1]:6.1f} ms")
            print(f"{backend}: service, {len(service)} page queries: p50 {percentile(service, 0.5):.1f} ms, "
                  f"p95 {percentile(service, 0.95):.1f} ms, max {service[-1]:.1f} ms")
            print(f"{backend}: HTML page, {len(page)} requests: p50 {percentile(page, 0.5):.1f} ms, "
                  f"p95 {percentile(page, 0.95):.1f} ms, max {page[-1]:.1f} ms", flush=True)
            with app.app_context():
                db.engine.dispose()
        finally:
            if drop:
                drop()


if __name__ == "__main__":
    main()
