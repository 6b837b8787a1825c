"""Every page passes axe-core (from npm, see package.json) with no serious or critical violation, at 1400 and 800 px,
and keyboard focus is always visible.

To check a new page, add an AxePage to PAGES: who logs in, where it is, and (optionally) what to do first.
"""
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page

from sqlalchemy import select

from app import REPO_ROOT
from app.gold.importing import import_annotations
from app.gold.releases import release_gold
from app.gold.service import adjudicate_project
from app.gold.workflow import start_adjudication
from app.review.models import Claim
from app.review.service import build_queue
from app.texts.imports import import_upload
from app.texts.models import Project, Text
from app.texts.service import update_project_settings
from tests.browser.conftest import (
    PASSWORD, Annotator, LiveServer, add_project_text, create_test_project, make_user, save_spans, submit_spans,
)
from tests.browser.pages import ADJUDICATOR_READY, READY, click_span, login
from tests.review.helpers import add_readouts, gold_line
from tests.review.readouts import SEED_TEXT, seed_gold_spans

pytestmark = pytest.mark.browser
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
RUN_AXE = """async (impacts) => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter((v) => impacts.includes(v.impact))
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')}`);
}"""
READOUT = {"source": "russian_readout", "author_framing": False}
REVIEW_READY = "[data-testid=review-page][data-ready=true]"


@dataclass
class World:
    """What the pages show: one of each kind of thing, made once per live server."""

    reviewer: tuple[str, str]
    annotator: Annotator  # on the seed text, with spans
    adjudicated_annotator: Annotator  # whose text is adjudicated in a project that shows the gold
    project_id: int  # two annotators, one text in adjudication with an open conflict
    text_id: int
    editor: tuple[str, str]
    admin: tuple[str, str]
    review: "ReviewDesk"
    import_id: int  # a text import with a rejected line, for its report page


@dataclass(frozen=True)
class ReviewDesk:
    """The seed text with its gold released, both test readouts as sources, the queue built."""

    project_id: int
    text_id: int  # the seed text, with gold
    claim_id: int  # "The conversation lasted 1 hour and 25 minutes"
    import_project_id: int  # empty, for the import page to import into


def review_desk(server: LiveServer) -> ReviewDesk:
    project_id = create_test_project(server)
    text_id = add_project_text(server, project_id, SEED_TEXT, title="Putin and Xi's call: readouts with commentary")
    with server.db() as s:
        project = s.get(Project, project_id)
        report = import_annotations(s, project=project, lines=[gold_line(SEED_TEXT, seed_gold_spans())], as_gold=True)
        assert not report.rejected, report.rejected
        release_gold(s, project=project, name="v1", user=None)
        add_readouts(s, project, user=None)
        build_queue(s, project=project, release_name="v1")
        claim_id = s.scalars(select(Claim.id).where(Claim.project_id == project_id, Claim.span_text.startswith(
            "The conversation lasted 1 hour and 25 minutes"))).one()
    return ReviewDesk(project_id, text_id, claim_id, create_test_project(server))


# One text with a label the schema lacks, and a broken line: the report lists both.
IMPORTED = (json.dumps({"id": "a11y", "text": "Xi spoke. Putin listened.", "annotations": [
    {"annotator": "a11y_annotator", "spans": [{"start": 0, "end": 8, "label": "no_such_label"}]}]}) + "\nnot json\n")


def import_with_report(page: Page) -> None:
    """Start the import job; its page reloads itself with the report once the server's worker has run it."""
    page.set_input_files("[data-testid=import-file]", files=[
        {"name": "a11y.jsonl", "mimeType": "application/json", "buffer": IMPORTED.encode()}])
    page.select_option("[data-testid=import-format]", "jsonl")
    with page.expect_navigation():
        page.click("[data-testid=import-submit]")
    page.wait_for_selector("[data-testid=import-report]", timeout=30_000)


_worlds: dict[str, World] = {}


def world(server: LiveServer) -> World:
    if server.url in _worlds:
        return _worlds[server.url]
    annotator = server.make_annotator()
    content = annotator.work[0].content
    phrase = "The conversation lasted 1 hour and 25 minutes"
    start = content.index(phrase)
    save_spans(server, annotator, [(start, start + len(phrase), "sourced_readout", READOUT),
                                   (content.index("Why"), content.index("Why") + 3, "author_inference",
                                    {"inference_type": "interpretation"})])

    project_id = create_test_project(server, annotators_per_text=2)
    text = "Xi invited Putin to visit China. Putin accepted. I think this shows a close alliance."
    text_id = add_project_text(server, project_id, text)
    first, second = server.make_annotator(text_id), server.make_annotator(text_id)
    submit_spans(server, first, [(0, 31, "sourced_readout", {"source": "chinese_readout"})])
    submit_spans(server, second, [(0, 16, "author_inference", {"inference_type": "interpretation"}),
                                  (49, 84, "author_inference", {"inference_type": "interpretation"})])
    with server.db() as s:
        start_adjudication(s, text=s.get(Text, text_id))

    shown_id = create_test_project(server, annotators_per_text=2)
    with server.db() as s:
        update_project_settings(s, project=s.get(Project, shown_id), changes={"show_gold_to_annotators": True})
    shown_text = add_project_text(server, shown_id, "Moscow and Beijing held talks. Both called them frank.")
    agreeing = [server.make_annotator(shown_text) for _ in range(2)]
    for a in agreeing:
        submit_spans(server, a, [(0, 29, "sourced_readout", {"source": "russian_readout"})])
    with server.db() as s:
        adjudicate_project(s, project=s.get(Project, shown_id))

    with server.db() as s:
        upload = io.BytesIO(b'{"text": "An imported text."}\n{"text": broken}\n')
        import_id = import_upload(s, project_id=project_id, stream=upload, filename="desk.jsonl",
                                  actor_id=None).import_id
    _worlds[server.url] = World(make_user(server, "reviewer"), annotator, agreeing[0], project_id, text_id,
                                make_user(server, "editor"), make_user(server, "admin"), review_desk(server),
                                import_id)
    return _worlds[server.url]


@dataclass(frozen=True)
class AxePage:
    name: str
    role: str | None  # "annotator", "adjudicated_annotator", "reviewer", "editor", "admin", or None for nobody
    path: Callable[[World], str]
    ready: str = "main"
    status: int = 200
    then: Callable[[Page], None] | None = None


PAGES = [
    AxePage("login", None, lambda w: "/login"),
    AxePage("annotator home", "annotator", lambda w: "/"),
    AxePage("annotation page", "annotator", lambda w: f"/annotate/{w.annotator.work[0].assignment_id}", READY),
    AxePage("annotation page, span selected", "annotator",
            lambda w: f"/annotate/{w.annotator.work[0].assignment_id}", READY, then=lambda p: click_span(p, 0)),
    AxePage("annotation page, guidelines open", "annotator",
            lambda w: f"/annotate/{w.annotator.work[0].assignment_id}", READY,
            then=lambda p: p.click("[data-testid=guidelines-open]")),
    AxePage("annotation page, submit summary", "annotator",
            lambda w: f"/annotate/{w.annotator.work[0].assignment_id}", READY,
            then=lambda p: (p.click("[data-testid=submit-annotation]"),
                            p.wait_for_selector("[data-testid=submit-dialog][open]"))),
    AxePage("feedback", "adjudicated_annotator",
            lambda w: f"/annotate/{w.adjudicated_annotator.work[0].assignment_id}/feedback"),
    AxePage("staff home", "reviewer", lambda w: "/"),
    AxePage("adjudication page", "reviewer", lambda w: f"/texts/{w.text_id}/adjudicate", ADJUDICATOR_READY),
    AxePage("adjudication page, editing", "reviewer", lambda w: f"/texts/{w.text_id}/adjudicate", ADJUDICATOR_READY,
            then=lambda p: p.keyboard.press("e")),
    AxePage("agreement dashboard", "reviewer", lambda w: f"/projects/{w.project_id}/agreement"),
    AxePage("gold page", "reviewer", lambda w: f"/projects/{w.project_id}/gold"),
    AxePage("editor home", "editor", lambda w: "/"),
    AxePage("review queue", "editor", lambda w: f"/projects/{w.review.project_id}/review",
            "[data-testid=review-queue]"),
    AxePage("review page of a claim", "editor", lambda w: f"/claims/{w.review.claim_id}", REVIEW_READY),
    AxePage("review page of a claim, evidence accepted", "editor", lambda w: f"/claims/{w.review.claim_id}",
            REVIEW_READY, then=lambda p: (p.keyboard.press("a"), p.wait_for_selector("[data-testid=evidence-item]"))),
    AxePage("sources", "editor", lambda w: f"/projects/{w.review.project_id}/sources"),
    AxePage("editorial summary", "editor", lambda w: f"/projects/{w.review.project_id}/review/summary"),
    AxePage("printable article", "editor", lambda w: f"/texts/{w.review.text_id}/review/article"),
    AxePage("gold, read-only", "editor", lambda w: f"/texts/{w.review.text_id}/gold"),
    AxePage("annotation import and export", "admin", lambda w: f"/projects/{w.review.import_project_id}/annotations"),
    AxePage("annotation import job, with its report", "admin",
            lambda w: f"/projects/{w.review.import_project_id}/annotations", then=import_with_report),
    AxePage("import texts", "admin", lambda w: f"/projects/{w.project_id}/import"),
    AxePage("import report", "admin", lambda w: f"/projects/{w.project_id}/imports/{w.import_id}"),
    AxePage("assignments", "admin", lambda w: f"/projects/{w.project_id}/assignments"),
    AxePage("progress", "reviewer", lambda w: f"/projects/{w.project_id}/progress"),
    AxePage("text browser", "reviewer", lambda w: f"/projects/{w.project_id}/texts?q=Putin"),
    AxePage("text page", "reviewer", lambda w: f"/texts/{w.text_id}"),
    AxePage("projects", "reviewer", lambda w: "/projects"),
    AxePage("projects, with the archive import form", "admin", lambda w: "/projects"),
    AxePage("project overview", "admin", lambda w: f"/projects/{w.project_id}"),
    AxePage("project settings", "admin", lambda w: f"/projects/{w.project_id}/settings"),
    AxePage("new project", "admin", lambda w: "/projects/new"),
    AxePage("users", "admin", lambda w: "/admin/users"),
    AxePage("audit log", "admin", lambda w: "/admin/audit"),
    AxePage("schemas", "admin", lambda w: "/admin/schemas"),
    AxePage("account", "reviewer", lambda w: "/account"),
    AxePage("change password", "reviewer", lambda w: "/account/password"),
    AxePage("guidelines", "annotator", lambda w: "/guidelines"),
    AxePage("choose a project", "reviewer", lambda w: "/agreement"),
    AxePage("not found", "reviewer", lambda w: "/texts/999999/adjudicate", status=404),
    AxePage("forbidden", "annotator", lambda w: f"/projects/{w.project_id}/agreement", status=403),
]


def open_page(server: LiveServer, context, page: Page, target: AxePage, width: int, console_errors) -> None:
    if not AXE.exists():
        message = f"{AXE} is missing; run `npm ci` (make test does) to install axe-core"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    if target.status != 200:
        console_errors.expect(f"status of {target.status}")
    # An init script runs through the DevTools protocol, so the page's strict CSP does not block it.
    context.add_init_script(path=str(AXE))
    page.set_viewport_size({"width": width, "height": 900})
    w = world(server)
    if target.role in ("reviewer", "editor", "admin"):
        login(page, server.url, *getattr(w, target.role))
    elif target.role:
        who = w.annotator if target.role == "annotator" else w.adjudicated_annotator
        login(page, server.url, who.username, PASSWORD)
    response = page.goto(server.url + target.path(w))
    assert response.status == target.status
    page.wait_for_selector(target.ready)
    if target.then:
        target.then(page)


@pytest.mark.parametrize("width", [1400, 800])
@pytest.mark.parametrize("target", PAGES, ids=[p.name for p in PAGES])
def test_no_serious_or_critical_axe_violations(server, context, page, console_errors, target, width):
    open_page(server, context, page, target, width, console_errors)
    violations = page.evaluate(RUN_AXE, list(SERIOUS))
    assert violations == [], "\n".join(violations)


FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shown = (e) => { const s = getComputedStyle(e); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
    || s.boxShadow !== 'none'; };
  // The text shows its focus with the caret and its pane's border.
  const ok = shown(el) || (el.dataset.testid === 'document-text' && shown(el.closest('.fs-doc')));
  return ok ? 'ok' : `${el.tagName.toLowerCase()} ${el.dataset.testid || el.name || el.className || el.textContent.trim().slice(0, 30)}`;
}"""
KEYBOARD_PAGES = [p for p in PAGES if p.name in ("annotation page, span selected", "adjudication page", "gold page",
                                                 "review queue", "review page of a claim")]


@pytest.mark.parametrize("target", KEYBOARD_PAGES, ids=[p.name for p in KEYBOARD_PAGES])
def test_every_tab_stop_shows_where_the_focus_is(server, context, page, console_errors, target):
    open_page(server, context, page, target, 1400, console_errors)
    unseen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUS_JS)
        if found not in (None, "ok"):
            unseen.append(found)
    assert unseen == [], "no visible focus on: " + ", ".join(unseen)
