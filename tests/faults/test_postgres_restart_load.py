"""Restart PostgreSQL under load: `factspan serve` answers again within seconds, without being restarted."""
import subprocess
import threading
import time
import uuid

import pytest

from app import create_app
from app.annotations.models import AnnotationSet
from app.extensions import db, session
from app.migrate import upgrade_to_head
from tests.factories import bearer, make_assignment, make_project, make_text, make_user
from tests.faults.server import Server
from tests.pg_cluster import cluster  # noqa: F401  # the module-scoped fixture

pytestmark = [pytest.mark.faults, pytest.mark.postgres]
SPAN = {"start": 0, "end": 31, "label": "sourced_readout", "attributes": {"source": "chinese_readout"}}
CLIENTS, RECOVERY_S = 4, 10


@pytest.fixture
def cluster_app(cluster):  # noqa: F811
    name = f"load_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-qc",
                    f'CREATE DATABASE "{name}"'], check=True, timeout=60)
    application = create_app({"SECRET_KEY": uuid.uuid4().hex,
                              "DATABASE_URL": cluster.url.rsplit("/", 1)[0] + f"/{name}"})
    with application.app_context():
        upgrade_to_head(db.engine)
        project = make_project(session())
        drafts = []
        for _ in range(CLIENTS):
            annotator = make_user(session())
            assignment = make_assignment(session(), text=make_text(session(), project), annotator=annotator)
            drafts.append((bearer(session(), annotator), assignment.annotation_set.id))
        session().commit()
    yield application, drafts
    with application.app_context():
        db.engine.dispose()


class Saver(threading.Thread):
    """Saves its draft over and over (alternating spans) until stopped; notes when each answer came and what it was."""

    def __init__(self, server: Server, headers: dict, set_id: int, stop: threading.Event):
        super().__init__()
        self.server, self.headers, self.set_id, self.stop = server, headers, set_id, stop
        self.version, self.answers = 1, []  # (monotonic time, status or None, reason)

    def run(self) -> None:
        step = 0
        while not self.stop.is_set():
            body = {"version": self.version, "spans": [SPAN] if step % 2 == 0 else []}
            status, answer, _ = self.server.request("PUT", f"/api/v1/annotation-sets/{self.set_id}", body,
                                                    {**self.headers, "Idempotency-Key": f"s{self.set_id}-{step}"})
            self.answers.append((time.monotonic(), status, (answer or {}).get("reason")))
            if status == 200:
                self.version, step = answer["version"], step + 1

    def saved_since(self, moment: float) -> int:
        return sum(1 for at, status, _ in self.answers if at > moment and status == 200)


def test_the_service_answers_again_soon_after_postgres_restarts(cluster_app, cluster, tmp_path):  # noqa: F811
    application, drafts = cluster_app
    server = Server(application.config["DATABASE_URL"], tmp_path, workers=2)
    stop = threading.Event()
    savers = [Saver(server, headers, set_id, stop) for headers, set_id in drafts]
    try:
        for saver in savers:
            saver.start()
        before = time.monotonic()
        while any(saver.saved_since(before) < 3 for saver in savers) and time.monotonic() - before < 20:
            time.sleep(0.05)  # polling the savers' progress, with a deadline
        cluster.restart()  # fast shutdown: every pooled connection of every worker dies
        restarted = time.monotonic()
        while any(saver.saved_since(restarted) < 3 for saver in savers) and time.monotonic() - restarted < RECOVERY_S:
            time.sleep(0.05)
    finally:
        stop.set()
        for saver in savers:
            saver.join(30)
        server.stop()
    for saver in savers:
        assert saver.saved_since(restarted) >= 3, f"set {saver.set_id} did not save again within {RECOVERY_S} s"
        answered = {(status, reason) for _, status, reason in saver.answers}
        # During the restart: answered, a 503 naming the database, or a dropped connection; never a 500.
        assert answered <= {(200, None), (503, "database_unavailable"), (None, None)}, answered
    with application.app_context():
        for saver in savers:
            assert session().get(AnnotationSet, saver.set_id).version == saver.version
