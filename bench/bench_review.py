"""Benchmark the review desk on a project with 10,000 claims: building the queue (with fidelity matching),
the queue's first page (service and API, filtered and sorted) and the review page of one claim.

The texts are numbered copies of the seed text with its reference gold (17 claims each), frozen in a
release; the two test readouts are the sources. SQLite by default, `--postgres URL` for PostgreSQL.
"""
import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.service import create_user  # noqa: E402
from app.auth.tokens import create_api_token  # noqa: E402
from app.bootstrap import initialize  # noqa: E402
from app.extensions import db, session  # noqa: E402
from app.gold.models import GoldRelease, GoldReleaseText  # noqa: E402
from app.migrate import upgrade_to_head  # noqa: E402
from app.review.models import Claim  # noqa: E402
from app.review.service import ClaimFilters, build_queue, list_claims  # noqa: E402
from app.review.sources import add_source  # noqa: E402
from app.texts.models import Text  # noqa: E402
from app.texts.service import require_project  # noqa: E402
from tests.review.readouts import CHINESE_READOUT, RUSSIAN_READOUT, SEED_TEXT, seed_gold_spans  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
QUEUED = ("sourced_readout", "unverifiable_claim")


def populate(app, claims: int) -> tuple[int, str]:
    """Texts and a release written straight to the database (adjudication is not what is measured)."""
    spans = seed_gold_spans()
    per_text = sum(span["label"] in QUEUED for span in spans)
    texts = -(-claims // per_text)
    with app.app_context():
        upgrade_to_head(db.engine)
        initialize(session(), schemas_dir=REPO / "annotation_schemas", seed_dir=REPO / "seed_texts",
                   project_name="bench", demo=False)
        project = require_project(session(), "bench")
        editor = create_user(session(), username="bench-editor", role="editor", password="bench-password")
        token = create_api_token(session(), user=editor, name="bench")
        release = GoldRelease(project_id=project.id, name="v1", sha256="0" * 64, text_count=texts, span_count=0,
                              annotation_schema_version_id=project.annotation_schema_version_id, label_counts={},
                              agreement={}, annotator_count=3, adjudicator_count=1)
        session().add(release)
        session().flush()
        rows = []
        for index in range(texts):
            content = SEED_TEXT + f"\n[copy {index}]"
            rows.append({"project_id": project.id, "title": f"Seed copy {index}", "content": content,
                         "sha256": hashlib.sha256(content.encode()).hexdigest(), "char_count": len(content),
                         "meta": {"date": "2026-02-04"}, "adjudication_status": "adjudicated"})
        ids = session().execute(insert(Text).returning(Text.id), rows).scalars().all()
        session().execute(insert(GoldReleaseText), [
            {"release_id": release.id, "text_id": text_id, "spans": spans, "offsets": [], "meta": {}} for text_id in ids])
        for title, content, value in (("Kremlin readout", RUSSIAN_READOUT, "russian_readout"),
                                      ("Chinese readout", CHINESE_READOUT, "chinese_readout")):
            add_source(session(), project=project, title=title, content=content, linked_values=[value], user=editor)
        session().commit()
        return project.id, token


def timed(function, repeat: int) -> tuple[float, float]:
    """(median, max) milliseconds over `repeat` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--postgres", help="a PostgreSQL URL of an empty database (default: a temporary SQLite file)")
    args = parser.parse_args()
    url = args.postgres or f"sqlite:///{Path(tempfile.mkdtemp(prefix='factspan-review-')) / 'bench.sqlite'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-only-secret", "TESTING": False})
    started = time.perf_counter()
    project_id, token = populate(app, args.claims)
    print(f"populated in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})")

    with app.app_context():
        project = require_project(session(), project_id)
        started = time.perf_counter()
        report = build_queue(session(), project=project, release_name="v1")
        session().commit()
        print(f"build the queue: {report.created:,} claims, {report.matched:,} matched against their source, "
              f"{time.perf_counter() - started:.2f} s")
        filters = ClaimFilters(label="sourced_readout", status="unreviewed", weak_only=True)
        median, worst = timed(lambda: list_claims(session(), project=project, filters=ClaimFilters()), args.repeat)
        print(f"queue service, first page of 50, all claims, sorted: {median:.1f} ms median, {worst:.1f} ms max")
        median, worst = timed(lambda: list_claims(session(), project=project, filters=filters), args.repeat)
        print(f"queue service, first page, weak unreviewed readouts: {median:.1f} ms median, {worst:.1f} ms max")
        claim_id = session().scalars(select(Claim.id).where(Claim.project_id == project_id,
                                                            Claim.label == "sourced_readout")
                                     .order_by(Claim.id.desc()).limit(1)).one()

    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    base = f"/api/v1/projects/{project_id}/review/claims"
    for label, query in (("all claims", ""), ("label+status+weak filter", "?label=sourced_readout&status=unreviewed&weak=true"),
                         ("sorted by position, page 100", "?sort=position&page=100")):
        median, worst = timed(lambda: client.get(base + query, headers=headers), args.repeat)
        print(f"queue API, {label}: {median:.1f} ms median, {worst:.1f} ms max")
    for label, path in (("review page (HTML, with the fidelity match)", f"/claims/{claim_id}"),
                        ("claim API (detail, matches, versions)", f"/api/v1/claims/{claim_id}"),
                        ("queue page (HTML, first page)", f"/projects/{project_id}/review")):
        assert client.get(path, headers=headers).status_code == 200, path
        median, worst = timed(lambda: client.get(path, headers=headers), args.repeat)
        print(f"{label}: {median:.1f} ms median, {worst:.1f} ms max")


if __name__ == "__main__":
    main()
