"""kill -9 gunicorn workers during concurrent saves: every acknowledged save is stored whole, and a save
retried with its Idempotency-Key is applied once."""
import threading

import pytest
from sqlalchemy import select

from app.annotations.models import AnnotationEvent, AnnotationSet, Span
from app.extensions import session
from tests.factories import bearer, make_assignment, make_project, make_text, make_user
from tests.faults.server import Server

pytestmark = pytest.mark.faults
SENTENCES = [f"The minister said item {n}." for n in range(5)]
TEXT = " ".join(SENTENCES)
CLIENTS, STEPS, KILLS = 6, 12, 3


def spans_for(step: int) -> list[dict]:
    """The whole draft a client sends at a step: the first (step % 5) + 1 sentences, each one span."""
    spans, offset = [], 0
    for sentence in SENTENCES[: step % len(SENTENCES) + 1]:
        start = TEXT.index(sentence, offset)
        spans.append({"start": start, "end": start + len(sentence) - 1, "label": "sourced_readout",
                      "attributes": {"source": "chinese_readout"}})
        offset = start + len(sentence)
    return spans


@pytest.fixture
def drafts(served_app):
    """One annotator, token and draft per client, committed."""
    with served_app.app_context():
        project = make_project(session())
        made = []
        for _ in range(CLIENTS):
            annotator = make_user(session())
            assignment = make_assignment(session(), text=make_text(session(), project, TEXT), annotator=annotator)
            made.append((bearer(session(), annotator), assignment.annotation_set.id))
        session().commit()
    return made


class Annotator(threading.Thread):
    """Saves its draft STEPS times in a row; a save that got no answer is sent again with the same key."""

    def __init__(self, server: Server, headers: dict, set_id: int, progress: threading.Condition, acked: list):
        super().__init__()
        self.server, self.headers, self.set_id, self.progress, self.acked = server, headers, set_id, progress, acked
        self.unanswered = self.replayed = 0
        self.failure: str | None = None

    def run(self) -> None:
        for step in range(STEPS):
            body = {"version": step + 1, "spans": spans_for(step)}
            headers = {**self.headers, "Idempotency-Key": f"set{self.set_id}-step{step}"}
            for _attempt in range(50):
                status, answer, response_headers = self.server.request(
                    "PUT", f"/api/v1/annotation-sets/{self.set_id}", body, headers)
                if status is None or status == 503:  # the worker died under us, or the database was busy
                    self.unanswered += 1
                    continue
                break
            if status != 200 or answer["version"] != step + 2:
                self.failure = f"step {step}: {status} {answer}"
                return
            self.replayed += response_headers.get("Idempotent-Replayed") == "true"
            with self.progress:
                self.acked.append((self.set_id, step))
                self.progress.notify_all()


def test_killed_workers_lose_no_acknowledged_save_and_apply_none_twice(served_app, drafts, tmp_path):
    server = Server(served_app.config["DATABASE_URL"], tmp_path, workers=2)
    progress, acked = threading.Condition(), []
    clients = [Annotator(server, headers, set_id, progress, acked) for headers, set_id in drafts]
    try:
        for client in clients:
            client.start()
        killed = []
        for kill in range(1, KILLS + 1):
            with progress:  # kill while saves are in flight, spread over the run
                progress.wait_for(lambda: len(acked) >= kill * CLIENTS * STEPS // (KILLS + 1), timeout=40)
            killed.append(server.kill_a_worker())
        for client in clients:
            client.join(50)
    finally:
        server.stop()
    assert [c.failure for c in clients] == [None] * CLIENTS
    assert len(acked) == CLIENTS * STEPS and len(killed) == KILLS
    assert sum(c.unanswered for c in clients) > 0, "no save was interrupted: the kills tested nothing"
    with served_app.app_context():
        for _headers, set_id in drafts:
            assert session().get(AnnotationSet, set_id).version == STEPS + 1  # each step applied exactly once
            stored = session().scalars(select(Span).where(Span.annotation_set_id == set_id).order_by(Span.start)).all()
            assert [(s.start, s.end) for s in stored] == [(s["start"], s["end"]) for s in spans_for(STEPS - 1)]
            saves = session().scalars(select(AnnotationEvent.set_version).where(
                AnnotationEvent.annotation_set_id == set_id, AnnotationEvent.action == "save")).all()
            assert sorted(saves) == list(range(2, STEPS + 2))  # one history row set per applied save
