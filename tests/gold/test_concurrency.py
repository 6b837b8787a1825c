"""Races on the gold workflow, run as real concurrent requests: threads, each request with its own session and
connection, released together by a barrier, on a database of their own with real commits.

Both requests meet inside the read-then-write window (a second barrier there), so without the fix the
interleaving the race needs happens every time; with it, one waits for the other's lock and the one inside
gives up waiting after MEET_TIMEOUT_S. SQLite runs writers one at a time, so there the same calls check that
the outcome is still right."""
import threading
import uuid
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from sqlalchemy import select

from app import create_app
from app.agreement import routing
from app.agreement.routing import set_routing
from app.agreement.service import ROUTING_META_KEY
from app.annotations.models import Assignment
from app.extensions import db, session
from app.gold import releases, workflow
from app.gold.models import AdjudicationDecision, AdjudicationItem, GoldAnnotation, GoldRelease
from app.migrate import upgrade_to_head
from app.texts.models import Text
from tests.agreement.helpers import INFERENCE, READOUT, annotate, make_setup
from tests.conftest import BACKENDS, create_postgres_database, make_test_config
from tests.factories import bearer, make_user
from tests.gold.helpers import INFERENCE as INFERENCE_ATTRIBUTES, submitted_project

MEET_TIMEOUT_S = 1.0


@pytest.fixture(scope="module", params=BACKENDS)
def race_app(request, tmp_path_factory):
    """An app on a database of its own: the races need real commits, not the test's rolled-back transaction."""
    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('races') / 'races.sqlite'}"
    else:
        url, drop = create_postgres_database()
    # Not TESTING: an unexpected error must become the 500 a client would see, not an exception in a thread.
    app = create_app({**make_test_config(url, None), "TESTING": False})
    with app.app_context():
        upgrade_to_head(db.engine)
    yield app
    with app.app_context():
        db.engine.dispose()
    if drop:
        drop()


@contextmanager
def committed(app):
    with app.app_context():
        yield session()
        session().commit()


def race(*calls: Callable[[], tuple]) -> list[tuple]:
    """Run the calls in threads released together; returns their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index: int, call: Callable[[], tuple]) -> None:
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def post(app, url: str, headers: dict, body: dict | None = None) -> Callable[[], tuple]:
    def call() -> tuple:
        response = app.test_client().post(url, json=body or {}, headers=headers)
        return response.status_code, response.json
    return call


def meet_in(monkeypatch, module, name: str, *, wait: Callable[[], None] | None = None) -> None:
    """Make module.name, called between a read and the write it leads to, first wait for the racing request
    to get there too (or for `wait`); a request held back by a lock never comes, so waiting times out."""
    original = getattr(module, name)
    inside = threading.Barrier(2)

    def meet() -> None:
        try:
            inside.wait(timeout=MEET_TIMEOUT_S)
        except threading.BrokenBarrierError:
            pass

    def met(*args, **kwargs):
        (wait or meet)()
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, met)


def a_text_to_adjudicate(app):
    with committed(app) as s:
        project, text, users = submitted_project(s, name=f"race {uuid.uuid4().hex[:8]}")
        reviewers = [bearer(s, make_user(s, role="reviewer", password=None)) for _ in range(2)]
        return project.id, text.id, users, reviewers


def items_of(app, text_id: int) -> list[AdjudicationItem]:
    with app.app_context():
        return session().scalars(select(AdjudicationItem).where(AdjudicationItem.text_id == text_id)).all()


def gold_rows(app, text_id: int) -> list[tuple]:
    with app.app_context():
        return session().execute(
            select(GoldAnnotation.item_id, GoldAnnotation.decision_id, GoldAnnotation.start, GoldAnnotation.end)
            .where(GoldAnnotation.text_id == text_id).order_by(GoldAnnotation.start)).all()


def started(app, text_id: int, headers: dict) -> list[dict]:
    """Start adjudication; the open items of the payload."""
    response = app.test_client().post(f"/api/v1/texts/{text_id}/adjudication/start", headers=headers)
    assert response.status_code == 200, response.json
    return [item for item in response.json["items"] if item["status"] == "open"]


def test_two_starts_build_the_items_once(race_app, monkeypatch):
    _, text_id, _, (first, second) = a_text_to_adjudicate(race_app)
    meet_in(monkeypatch, workflow, "submitted_proposals")
    url = f"/api/v1/texts/{text_id}/adjudication/start"
    outcomes = race(post(race_app, url, first), post(race_app, url, second))
    assert [status for status, _ in outcomes] == [200, 200]
    assert len(items_of(race_app, text_id)) == 3
    assert [len(body["items"]) for _, body in outcomes] == [3, 3]


def test_two_decisions_on_one_item_revision_leave_one_and_a_409(race_app, monkeypatch):
    _, text_id, users, (first, second) = a_text_to_adjudicate(race_app)
    item = started(race_app, text_id, first)[0]
    meet_in(monkeypatch, workflow, "tally_group")
    url = f"/api/v1/adjudication-items/{item['id']}/decision"
    outcomes = race(
        post(race_app, url, first, {"action": "accept_annotator", "annotator": users["ann_a"].username,
                                     "revision": item["revision"]}),
        post(race_app, url, second, {"action": "accept_annotator", "annotator": users["ann_c"].username,
                                      "revision": item["revision"]}))
    assert sorted(status for status, _ in outcomes) == [200, 409], outcomes
    loser = next(body for status, body in outcomes if status == 409)
    assert loser["reason"] == "stale_decision"
    with race_app.app_context():
        assert len(session().scalars(select(AdjudicationDecision).where(
            AdjudicationDecision.item_id == item["id"])).all()) == 1


def test_racing_decisions_without_a_revision_leave_the_gold_of_one_decision(race_app, monkeypatch):
    _, text_id, users, (first, second) = a_text_to_adjudicate(race_app)
    item = started(race_app, text_id, first)[0]
    meet_in(monkeypatch, workflow, "tally_group")
    url = f"/api/v1/adjudication-items/{item['id']}/decision"
    outcomes = race(post(race_app, url, first, {"action": "accept_annotator", "annotator": users["ann_a"].username}),
                    post(race_app, url, second, {"action": "accept_annotator", "annotator": users["ann_c"].username}))
    assert all(status in (200, 409) for status, _ in outcomes), outcomes
    with race_app.app_context():
        decisions = session().scalars(select(AdjudicationDecision.id).where(
            AdjudicationDecision.item_id == item["id"]).order_by(AdjudicationDecision.id)).all()
    assert len(decisions) == [status for status, _ in outcomes].count(200)
    item_gold = [row for row in gold_rows(race_app, text_id) if row.item_id == item["id"]]
    assert len(item_gold) == 1 and item_gold[0].decision_id == decisions[-1]


def test_racing_edits_of_two_items_cannot_make_gold_overlap(race_app, monkeypatch):
    _, text_id, _, (first, second) = a_text_to_adjudicate(race_app)
    inference, motive = started(race_app, text_id, first)
    meet_in(monkeypatch, workflow, "check_spans")

    def edit(item: dict, start: int, end: int, headers: dict) -> Callable[[], tuple]:
        span = {"start": start, "end": end, "label": "author_inference", "attributes": INFERENCE_ATTRIBUTES}
        return post(race_app, f"/api/v1/adjudication-items/{item['id']}/decision", headers,
                    {"action": "edit", "spans": [span]})

    # Both edits stay inside "I think the exercise was discussed." (52-87): the schema keeps a span in one sentence.
    outcomes = race(edit(inference, 53, 75, first), edit(motive, 60, 85, second))
    assert sorted(status for status, _ in outcomes) == [200, 422], outcomes
    spans = [(row.start, row.end) for row in gold_rows(race_app, text_id)]
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:])), spans


def test_reopen_racing_start_of_adjudication_cannot_both_succeed(race_app, monkeypatch):
    _, text_id, users, (reviewer, _) = a_text_to_adjudicate(race_app)
    with committed(race_app) as s:
        annotator = users["ann_a"]
        own = s.scalars(select(Assignment).where(Assignment.text_id == text_id,
                                                 Assignment.annotator_id == annotator.id)).one()
        reopen_url, version = f"/api/v1/annotation-sets/{own.annotation_set.id}/reopen", own.annotation_set.version
        annotator_headers = bearer(s, annotator)
    building, reopened = threading.Event(), threading.Event()

    def let_the_reopen_in() -> None:
        building.set()
        reopened.wait(timeout=MEET_TIMEOUT_S)

    meet_in(monkeypatch, workflow, "submitted_proposals", wait=let_the_reopen_in)

    def reopen_while_items_are_built() -> tuple:
        building.wait(timeout=10)
        try:
            return post(race_app, reopen_url, annotator_headers, {"version": version})()
        finally:
            reopened.set()

    outcomes = race(post(race_app, f"/api/v1/texts/{text_id}/adjudication/start", reviewer),
                    reopen_while_items_are_built)
    assert sorted(status for status, _ in outcomes) == [200, 409], outcomes
    with race_app.app_context():
        text = session().get(Text, text_id)
        statuses = session().scalars(select(Assignment.status).where(Assignment.text_id == text_id)).all()
    assert (text.adjudication_status == "pending") == ("draft" in statuses)


def test_the_last_two_submissions_racing_still_route_the_text(race_app, monkeypatch):
    with committed(race_app) as s:
        made = make_setup(s, texts=1, annotators=3, name=f"routing race {uuid.uuid4().hex[:8]}")
        set_routing(s, project=made.project, action="flag", threshold=0.5)
        annotate(s, made.assignments[(0, 0)], [READOUT])
        calls = []
        for a, spans in ((1, [INFERENCE]), (2, [])):
            assignment = made.assignments[(0, a)]
            annotate(s, assignment, spans, submit=False)
            calls.append((f"/api/v1/annotation-sets/{assignment.annotation_set.id}/submit",
                          bearer(s, assignment.annotator), {"version": assignment.annotation_set.version}))
        text_id = made.texts[0].id
    meet_in(monkeypatch, routing, "_text_fully_submitted")
    outcomes = race(*(post(race_app, url, headers, body) for url, headers, body in calls))
    assert [status for status, _ in outcomes] == [200, 200], outcomes
    with race_app.app_context():
        meta = session().get(Text, text_id).meta
    assert meta.get(ROUTING_META_KEY, {}).get("action") == "flag"


def test_two_releases_with_one_name_leave_one_and_a_409(race_app, monkeypatch):
    project_id, text_id, _, (first, second) = a_text_to_adjudicate(race_app)
    response = race_app.test_client().post(f"/api/v1/projects/{project_id}/gold/adjudicate",
                                           json={"policy": "majority"}, headers=first)
    assert response.json["texts_adjudicated"] == 1
    meet_in(monkeypatch, releases, "compute_project_agreement")
    url = f"/api/v1/projects/{project_id}/gold/releases"
    outcomes = race(post(race_app, url, first, {"name": "v1"}), post(race_app, url, second, {"name": "v1"}))
    assert sorted(status for status, _ in outcomes) == [201, 409], outcomes
    assert next(body for status, body in outcomes if status == 409)["reason"] == "release_exists"
    with race_app.app_context():
        assert session().scalars(select(GoldRelease.name).where(GoldRelease.project_id == project_id)).all() == ["v1"]
