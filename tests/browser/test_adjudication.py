"""Adjudication against the real app: reviewer decisions by key, button and edit; starting; access; releases."""
import json
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.auth.models import User
from app.gold.models import AdjudicationDecision, AdjudicationItem, GoldAnnotation
from app.gold.service import AdjudicationReport, adjudicate_project
from app.jobs.worker import run_job_in_app
from app.texts.models import Project, Text
from tests.browser.conftest import LiveServer, add_project_text, create_test_project, make_user, submit_spans
from tests.browser.pages import ADJUDICATOR_READY, current_item, login, open_adjudicator, type_reason

pytestmark = pytest.mark.browser

READOUT = {"source": "russian_readout"}
MOTIVE = {"reason": "motive_or_intent", "check_worthiness": "high"}
SPECULATION = {"inference_type": "speculation"}
INTERPRETATION = {"inference_type": "interpretation"}
AGREED = "The conversation lasted 1 hour and 25 minutes"
MOTIVE_CLAIM = "Because Putin wanted to let Xi know exactly what he planned to discuss"
SURE = "I am sure that the upcoming joint-naval military exercise with Iran was thoroughly discussed"
SURE_WIDE = "While not explicitly stated, " + SURE
SURE_NARROW = SURE.removeprefix("I am sure that ")
ALLIES = "This is how two allies cooperate and coordinate"
SIXTH = "This is their sixth early-year high-level chat"
START_JS = """async (url) => (await fetch(url, {method: 'POST', headers: {
  Accept: 'application/json', 'X-CSRFToken': document.querySelector('meta[name=csrf-token]').content}})).status"""


def at(text: str, phrase: str) -> tuple[int, int]:
    """Code-point offsets of the phrase's only occurrence."""
    start = text.index(phrase)
    assert text.find(phrase, start + 1) == -1, phrase
    return start, start + len(phrase)


def span(text: str, phrase: str, label: str, attributes: dict) -> tuple[int, int, str, dict]:
    return (*at(text, phrase), label, attributes)


def wait_status(page: Page, status: str) -> None:
    expect(page.get_by_test_id("adjudication-status")).to_have_text(status)


def settle_by_majority(server: LiveServer, project_id: int) -> AdjudicationReport:
    with server.db() as s:
        return adjudicate_project(s, project=s.get(Project, project_id), policy="majority", min_annotators=2)


def gold_of(server: LiveServer, text_id: int) -> dict[tuple[int, int, str], tuple[dict, list[str]]]:
    with server.db() as s:
        return {(g.start, g.end, g.label): (dict(g.attributes), list(g.proposed_by))
                for g in s.scalars(select(GoldAnnotation).where(GoldAnnotation.text_id == text_id))}


def decisions_of(server: LiveServer, text_id: int) -> dict[tuple[int, int], tuple]:
    """Per item (start, end): the decision in force as (action, reviewer, chosen annotator, reason, policy)."""
    with server.db() as s:
        rows = s.execute(
            select(AdjudicationItem.start, AdjudicationItem.end, AdjudicationDecision, User.username)
            .join(AdjudicationDecision, AdjudicationDecision.item_id == AdjudicationItem.id)
            .outerjoin(User, User.id == AdjudicationDecision.decided_by_id)
            .where(AdjudicationItem.text_id == text_id).order_by(AdjudicationDecision.id)).all()
        return {(start, end): (d.action, who, d.chosen_annotator, d.reason, d.policy) for start, end, d, who in rows}


def adjudication_status(server: LiveServer, text_id: int) -> str:
    with server.db() as s:
        return s.get(Text, text_id).adjudication_status


def test_reviewer_resolves_the_open_conflicts_by_key_button_and_edit(server, page):
    content = server.seed_text()[1]
    project_id = create_test_project(server)
    text_id = add_project_text(server, project_id, content, title="Putin-Xi call, adjudicated")
    first, second, third = (server.make_annotator(text_id) for _ in range(3))
    submit_spans(server, first, [
        span(content, MOTIVE_CLAIM, "unverifiable_claim", MOTIVE),
        span(content, ALLIES, "unverifiable_claim", {"reason": "vague_or_unfalsifiable", "check_worthiness": "low"}),
        span(content, AGREED, "sourced_readout", READOUT),
        span(content, SIXTH, "sourced_readout", READOUT),
        span(content, SURE_WIDE, "author_inference", {**SPECULATION, "cue": "I am sure that"}),
    ])
    submit_spans(server, second, [
        span(content, MOTIVE_CLAIM, "unverifiable_claim", MOTIVE),
        span(content, ALLIES, "author_inference", INTERPRETATION),
        span(content, AGREED, "sourced_readout", READOUT),
        span(content, SIXTH, "author_inference", INTERPRETATION),
        span(content, SURE_NARROW, "author_inference", SPECULATION),
    ])
    submit_spans(server, third, [
        span(content, MOTIVE_CLAIM, "author_inference", SPECULATION),
        span(content, AGREED, "sourced_readout", READOUT),
    ])
    report = settle_by_majority(server, project_id)
    assert (report.texts_started, report.items_settled, report.items_open) == (1, 2, 3)
    reviewer, password = make_user(server, "reviewer")
    lanes = sorted(a.username for a in (first, second, third))

    login(page, server.url, reviewer, password)
    open_adjudicator(page, server.url, text_id)
    wait_status(page, "3 open")
    assert current_item(page) == at(content, ALLIES), "the first open item in text order is selected"
    expect(page.get_by_test_id("accept-annotator")).to_have_count(2)
    expect(page.get_by_test_id("tally")).to_contain_text("Votes (2 of 3 needed)")  # the schema's majority policy

    type_reason(page, "It is the author's reading of the call")
    page.keyboard.press(str(lanes.index(second.username) + 1))
    wait_status(page, "2 open")
    assert current_item(page) == at(content, SIXTH), "the next open item is selected after a decision"

    page.click("[data-testid=no-span]")
    wait_status(page, "1 open")
    assert current_item(page) == at(content, SURE_WIDE)

    type_reason(page, "The stance cue belongs in the span, the concession does not")
    page.keyboard.press("e")
    expect(page.get_by_test_id("track-edit-row")).to_be_visible()
    for _ in range(4):
        page.keyboard.press("BracketRight")  # ] moves the start a word to the right
    start, end = at(content, SURE)
    expect(page.locator("[data-testid=track-edit-row] .fs-offsets")).to_have_text(f"{start}–{end}")
    page.keyboard.press("Enter")
    wait_status(page, "Adjudicated")
    expect(page.get_by_test_id("gold-item")).to_have_count(4)
    page.click(f"[data-testid=conflict-item][data-start='{at(content, ALLIES)[0]}']")
    expect(page.get_by_test_id("decision-info")).to_contain_text(
        f"Accepted {second.username}'s version · {reviewer}")

    assert adjudication_status(server, text_id) == "adjudicated"
    assert gold_of(server, text_id) == {
        (*at(content, AGREED), "sourced_readout"): (READOUT, lanes),
        (*at(content, MOTIVE_CLAIM), "unverifiable_claim"): (MOTIVE, sorted([first.username, second.username])),
        (*at(content, ALLIES), "author_inference"): (INTERPRETATION, [second.username]),
        (start, end, "author_inference"): ({**SPECULATION, "cue": "I am sure that"}, []),
    }
    assert decisions_of(server, text_id) == {
        at(content, MOTIVE_CLAIM): ("policy", None, None, "", "majority"),
        at(content, ALLIES): ("accept_annotator", reviewer, second.username, "It is the author's reading of the call",
                              None),
        at(content, AGREED): ("policy", None, None, "", "majority"),
        at(content, SIXTH): ("no_span", reviewer, None, "", None),
        at(content, SURE_WIDE): ("edit", reviewer, None, "The stance cue belongs in the span, the concession does not",
                                 None),
    }


def submitted_pair(server: LiveServer, content: str, spans_first: list, spans_second: list) -> tuple[int, int]:
    """A new two-annotator project whose one text both annotators have submitted; returns (project, text)."""
    project_id = create_test_project(server, annotators_per_text=2)
    text_id = add_project_text(server, project_id, content)
    for spans in (spans_first, spans_second):
        submit_spans(server, server.make_annotator(text_id), spans)
    return project_id, text_id


def test_reviewer_starts_adjudication_of_a_pending_text_from_its_page(server, page):
    content = "Moscow and Beijing held talks. Both sides called the talks frank and friendly."
    _, text_id = submitted_pair(server, content,
                                [span(content, "Both sides called the talks frank", "sourced_readout", READOUT)],
                                [span(content, "called the talks frank and friendly", "author_inference",
                                      INTERPRETATION)])
    login(page, server.url, *make_user(server, "reviewer"))

    page.goto(f"{server.url}/texts/{text_id}/adjudicate")
    expect(page.locator("[data-testid=adjudicator]")).to_have_count(0)
    assert adjudication_status(server, text_id) == "pending"
    with page.expect_navigation():
        page.click("[data-testid=start-adjudication]")
    page.wait_for_selector(ADJUDICATOR_READY)

    wait_status(page, "1 open")
    expect(page.get_by_test_id("conflict-item")).to_have_count(1)
    expect(page.get_by_test_id("track-row")).to_have_count(2)
    assert current_item(page) == (content.index("Both"), content.index(" and friendly") + len(" and friendly"))
    assert adjudication_status(server, text_id) == "in_progress"


def test_annotators_may_not_open_the_adjudication_page(server, page, console_errors):
    console_errors.expect(r"status of 403")
    content = "The readout was short. It mentioned trade."
    text_id = add_project_text(server, create_test_project(server, annotators_per_text=1), content)
    annotator = server.make_annotator(text_id)
    submit_spans(server, annotator, [span(content, "It mentioned trade", "sourced_readout", READOUT)])
    login(page, server.url, annotator.username, annotator.password)

    response = page.goto(f"{server.url}/texts/{text_id}/adjudicate")

    assert response.status == 403
    expect(page.get_by_test_id("error-message")).to_contain_text("reviewer role")
    expect(page.locator("[data-testid=adjudicator], [data-testid=start-adjudication]")).to_have_count(0)
    assert page.evaluate(START_JS, f"/api/v1/texts/{text_id}/adjudication/start") == 403
    assert adjudication_status(server, text_id) == "pending"


@pytest.fixture
def worker(server, monkeypatch):
    """Jobs the pages queue run in a thread of the server's process, as a worker would, once the test sets
    the event it gets."""
    queue = server.app.extensions["factspan_jobs"]
    go = threading.Event()
    threads: list[threading.Thread] = []

    def run(job_id: int) -> None:
        go.wait(timeout=30)
        run_job_in_app(server.app, queue, job_id)

    def send(job_id: int) -> None:
        threads.append(threading.Thread(target=run, args=(job_id,), daemon=True))
        threads[-1].start()

    monkeypatch.setattr(queue, "send", send)
    yield go
    go.set()
    for thread in threads:
        thread.join(timeout=30)


def test_reviewer_releases_the_gold_and_downloads_it_as_jsonl(server, page, worker, tmp_path: Path):
    content = "Xi invited Putin 🇨🇳 to visit China. Putin accepted. I think this shows a close alliance."
    agreed = [span(content, "Xi invited Putin 🇨🇳 to visit China", "sourced_readout", READOUT),
              span(content, "I think this shows a close alliance", "author_inference", INTERPRETATION)]
    project_id, text_id = submitted_pair(server, content, agreed, agreed)
    assert settle_by_majority(server, project_id).texts_adjudicated == 1
    login(page, server.url, *make_user(server, "reviewer"))

    page.goto(f"{server.url}/projects/{project_id}/gold")
    page.fill("input[name=name]", "v1")
    with page.expect_navigation():
        page.click("[data-testid=create-release]")
    # The release runs as a job; its page shows the report once the worker is done, without a reload.
    expect(page.get_by_test_id("job-state")).to_have_text("queued")
    worker.set()
    expect(page.get_by_test_id("job-state")).to_have_text("succeeded")
    expect(page.get_by_test_id("job-report")).to_contain_text('"release": "v1"')

    page.goto(f"{server.url}/projects/{project_id}/gold")
    row = page.locator("[data-testid=release-row][data-name=v1]")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(2)).to_have_text("1")
    expect(row.locator("td").nth(3)).to_have_text("2")
    with page.expect_download() as info:
        row.get_by_test_id("download-jsonl").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)

    assert path.suffix == ".jsonl"
    documents = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert [d["id"] for d in documents] == [str(text_id)]
    text = documents[0]["text"]
    assert text == content
    assert [(text[s["start"]:s["end"]], s["label"]) for s in documents[0]["spans"]] == [
        ("Xi invited Putin 🇨🇳 to visit China", "sourced_readout"),
        ("I think this shows a close alliance", "author_inference"),
    ]
