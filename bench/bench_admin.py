"""Benchmark the desk's admin reads on a long audit log (100,000 entries by default): the audit page's first,
filtered and deep pages (keyset), and a token-authenticated API read (token check plus throttled last_used_at).

SQLite by default, `--postgres URL` (an empty database) for PostgreSQL.
"""
import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from app import create_app  # noqa: E402
from app.audit.listing import AuditFilters, list_events  # noqa: E402
from app.audit.models import AUDIT_ACTIONS, AuditEvent  # noqa: E402
from app.auth.service import create_user  # noqa: E402
from app.auth.tokens import create_api_token  # noqa: E402
from app.bootstrap import initialize  # noqa: E402
from app.db import utcnow  # noqa: E402
from app.extensions import db, session  # noqa: E402
from app.migrate import upgrade_to_head  # noqa: E402
from app.texts.service import require_project  # noqa: E402
from common import percentile  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BATCH = 5000


def populate(app, entries: int) -> tuple[int, int, str]:
    """(admin id, project id, admin's token) after writing `entries` audit entries over the last 100 days."""
    with app.app_context():
        upgrade_to_head(db.engine)
        initialize(session(), schemas_dir=REPO / "annotation_schemas", seed_dir=REPO / "seed_texts",
                   project_name="bench", demo=False)
        project = require_project(session(), "bench")
        admin = create_user(session(), username="bench-admin", role="admin", password="bench-password")
        others = [create_user(session(), username=f"bench-user{n}", role="annotator", password=None).id
                  for n in range(20)]
        token = create_api_token(session(), user=admin, name="bench")
        start = utcnow() - timedelta(days=100)
        step = timedelta(days=100) / entries
        for first in range(0, entries, BATCH):
            session().execute(insert(AuditEvent), [
                {"actor_id": (admin.id if n % 7 == 0 else others[n % len(others)]),
                 "action": AUDIT_ACTIONS[n % len(AUDIT_ACTIONS)], "target_type": "user", "target_id": n,
                 "project_id": project.id if n % 3 == 0 else None,
                 "changes": {"role": {"before": "annotator", "after": "reviewer"}}, "created_at": start + step * n}
                for n in range(first, min(entries, first + BATCH))])
        session().commit()
        return admin.id, project.id, token


def timed(function, repeat: int) -> tuple[float, float]:
    """(median, p95) milliseconds over `repeat` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), percentile(sorted(times), 0.95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--postgres", help="a PostgreSQL URL of an empty database (default: a temporary SQLite file)")
    args = parser.parse_args()
    url = args.postgres or f"sqlite:///{Path(tempfile.mkdtemp(prefix='factspan-admin-')) / 'bench.sqlite'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-only-secret", "TESTING": False})
    started = time.perf_counter()
    admin_id, project_id, token = populate(app, args.entries)
    print(f"populated {args.entries:,} audit entries in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})")

    today = utcnow().date()
    with app.app_context():
        deep = session().scalar(select(AuditEvent.id).order_by(AuditEvent.id).offset(100).limit(1))
        for label, filters, before in (
                ("first page, no filter", AuditFilters(), None),
                ("first page, one action", AuditFilters(action="token.revoked"), None),
                ("first page, one actor + project + last 30 days",
                 AuditFilters(actor_id=admin_id, project_id=project_id, since=today - timedelta(days=30)), None),
                ("a page near the oldest entry (keyset)", AuditFilters(), deep)):
            median, p95 = timed(lambda: list_events(session(), filters=filters, before=before), args.repeat)
            print(f"audit service, {label}: {median:.1f} ms median, {p95:.1f} ms p95")

    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    for label, path in (("audit page (HTML), first page", "/admin/audit"),
                        ("audit page (HTML), filtered by action", "/admin/audit?action=user.role_changed"),
                        ("users page (HTML)", "/admin/users"),
                        ("token-authenticated API read (/api/v1/me)", "/api/v1/me")):
        assert client.get(path, headers=headers).status_code == 200, path
        median, p95 = timed(lambda: client.get(path, headers=headers), args.repeat)
        print(f"{label}: {median:.1f} ms median, {p95:.1f} ms p95")


if __name__ == "__main__":
    main()
