"""The editors' desk in Chromium: queue, side-by-side source, evidence by key, sign-off, export, correction, article."""
import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.gold.importing import import_annotations
from app.gold.releases import release_gold
from app.review.models import Claim, Verdict
from app.review.service import build_queue as build_queue_service
from app.review.sources import add_source
from app.texts.models import Project
from tests.browser.conftest import LiveServer, add_project_text, create_test_project, make_user
from tests.browser.pages import login
from tests.review.helpers import gold_line
from tests.review.readouts import CHINESE_READOUT, LEFT_OUT, RUSSIAN_READOUT, SEED_TEXT, seed_gold_spans

pytestmark = pytest.mark.browser
BOTH = pytest.mark.parametrize("server", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
                               indirect=True)
CLAIM = "The conversation lasted 1 hour and 25 minutes"
MOTIVE = "Because Putin wanted to let Xi know exactly what he planned"
READY = "[data-testid=review-page][data-ready=true]"


def released_project(server: LiveServer) -> tuple[int, str]:
    """A project holding the seed text with its reference gold released as v1, and the Chinese test readout.

    A project of its own (not the shared seed project) keeps the other browser tests' seed text unadjudicated.
    """
    project_id = create_test_project(server)
    add_project_text(server, project_id, SEED_TEXT, title="Putin and Xi's call: readouts with commentary")
    with server.db() as s:
        project = s.get(Project, project_id)
        report = import_annotations(s, project=project, lines=[gold_line(SEED_TEXT, seed_gold_spans())], as_gold=True)
        assert not report.rejected
        release_gold(s, project=project, name="v1", user=None)
        add_source(s, project=project, title="Chinese readout (test version)", content=CHINESE_READOUT,
                   linked_values=["chinese_readout"], user=None, publisher="Foreign Ministry (test)")
        return project_id, project.name


def paste_russian_readout(page: Page, server: LiveServer, project_id: int) -> None:
    page.goto(f"{server.url}/projects/{project_id}/sources")
    page.fill("[data-testid=source-title]", "Kremlin readout (test version)")
    page.fill("[data-testid=source-publisher]", "Kremlin (test)")
    page.fill("[data-testid=source-url]", "https://example.org/kremlin-readout")
    page.check("[data-testid=link-russian_readout]")
    page.fill("[data-testid=source-content]", RUSSIAN_READOUT)
    with page.expect_navigation():
        page.click("[data-testid=add-source]")
    expect(page.get_by_test_id("source-row")).to_have_count(2)


def build_queue(page: Page, server: LiveServer, project_id: int) -> None:
    page.goto(f"{server.url}/")
    page.locator(f"[data-testid=editor-project-row][data-project-id='{project_id}'] [data-testid=open-queue]").click()
    page.select_option("[data-testid=build-release]", "v1")
    with page.expect_navigation():
        page.click("[data-testid=build-queue-submit]")
    expect(page.get_by_test_id("review-queue")).to_be_visible()


def open_claim(page: Page, phrase: str) -> None:
    page.locator("[data-testid=review-item]", has_text=phrase).get_by_test_id("open-claim").click()
    page.wait_for_selector(READY)


def switch_to(page: Page, server: LiveServer, user: tuple[str, str]) -> None:
    page.context.clear_cookies()
    login(page, server.url, *user)


def click_and_reload(page: Page, testid: str) -> None:
    with page.expect_navigation():
        page.click(f"[data-testid={testid}]")
    page.wait_for_selector(READY)


def verdicts_of(server: LiveServer, project_id: int, phrase: str) -> list[tuple[int, str, str | None]]:
    with server.db() as s:
        claim = s.scalars(select(Claim).where(Claim.project_id == project_id,
                                              Claim.span_text.startswith(phrase))).one()
        return [(v.number, v.status, v.rating) for v in s.scalars(
            select(Verdict).where(Verdict.claim_id == claim.id).order_by(Verdict.number))]


@BOTH
def test_editor_checks_a_readout_claim_and_a_second_editor_publishes_it(server, page, tmp_path: Path):
    project_id, project_name = released_project(server)
    first, second = make_user(server, "editor"), make_user(server, "editor")
    login(page, server.url, *first)
    paste_russian_readout(page, server, project_id)
    build_queue(page, server, project_id)
    expect(page.locator("[data-testid=review-item][data-label=sourced_readout]").first).to_be_visible()
    expect(page.locator("[data-testid=review-item]", has_text=LEFT_OUT).get_by_test_id("weak-flag")).to_be_visible()

    open_claim(page, CLAIM)
    best = page.locator("[data-testid=source-match][data-rank='0']")
    expect(best).to_have_attribute("aria-current", "true")
    start, end = int(best.get_attribute("data-start")), int(best.get_attribute("data-end"))
    assert RUSSIAN_READOUT[start:end] == CLAIM and float(best.get_attribute("data-score")) == 100
    page.keyboard.press("a")
    expect(page.get_by_test_id("evidence-item")).to_have_count(1)
    expect(page.get_by_test_id("evidence-item")).to_have_attribute("data-start", str(start))
    page.select_option("[data-testid=rating-select]", "accurate")
    page.fill("[data-testid=claim-reviewed]", "The Putin-Xi call lasted 1 hour and 25 minutes")
    page.fill("[data-testid=explanation]", "The Kremlin readout gives the same length.")
    click_and_reload(page, "submit-verdict")
    expect(page.get_by_test_id("claim-status")).to_have_text("awaiting signoff")
    expect(page.get_by_test_id("signoff-button")).to_have_count(0)  # the author cannot sign off

    switch_to(page, server, second)
    page.goto(f"{server.url}/projects/{project_id}/review?status=awaiting_signoff")
    open_claim(page, CLAIM)
    click_and_reload(page, "signoff-button")
    click_and_reload(page, "publish-button")
    expect(page.get_by_test_id("claim-status")).to_have_text("published")
    assert verdicts_of(server, project_id, CLAIM) == [(1, "published", "accurate")]

    out = tmp_path / "claimreview.json"
    with server.app.app_context():  # as `factspan` runs it: one app context for the command
        result = server.app.test_cli_runner().invoke(args=["review", "export", project_name, "--format",
                                                           "claimreview", "--out", str(out)])
    assert result.exit_code == 0, result.output
    [review] = json.loads(out.read_text("utf-8"))
    assert review["claimReviewed"] == "The Putin-Xi call lasted 1 hour and 25 minutes"
    assert review["reviewRating"]["alternateName"] == "Accurate" and review["url"].startswith("http")
    assert review["itemReviewed"]["@type"] == "Claim" and review["itemReviewed"]["author"]["name"] == "Kremlin (test)"
    assert review["itemReviewed"]["appearance"]

    page.fill("[data-testid=correction-note-input]", "The readout's wording is closer to 'lasted'.")
    click_and_reload(page, "correct-button")
    page.select_option("[data-testid=rating-select]", "accurate_with_added_framing")
    click_and_reload(page, "submit-verdict")
    switch_to(page, server, first)
    page.goto(f"{server.url}/projects/{project_id}/review?status=awaiting_signoff")
    open_claim(page, CLAIM)
    click_and_reload(page, "signoff-button")
    click_and_reload(page, "publish-button")
    history = page.get_by_test_id("claim-history")
    expect(history.locator("[data-testid=verdict-version][data-number='1']")).to_have_attribute("data-status",
                                                                                              "corrected")
    expect(history.locator("[data-testid=verdict-version][data-number='1']")).to_contain_text("Accurate")
    expect(history.locator("[data-testid=verdict-version][data-number='2']")).to_have_attribute("data-status",
                                                                                              "published")
    assert verdicts_of(server, project_id, CLAIM) == [(1, "corrected", "accurate"),
                                                      (2, "published", "accurate_with_added_framing")]


@BOTH
def test_unverifiable_claim_gets_external_evidence_and_the_article_shows_both_verdicts(server, page):
    project_id, _ = released_project(server)
    editor = make_user(server, "editor")
    login(page, server.url, *editor)
    build_queue(page, server, project_id)

    page.goto(f"{server.url}/projects/{project_id}/review?label=unverifiable_claim")
    open_claim(page, MOTIVE)
    page.select_option("[data-testid=check-type-select]", "factual_accuracy")
    page.select_option("[data-testid=rating-select]", "unverifiable")
    page.fill("[data-testid=claim-reviewed]", "Putin called Xi first to brief him on the Trump call")
    page.click("[data-testid=external-evidence] summary")
    page.fill("[data-testid=ev-url]", "https://example.org/press-briefing")
    page.fill("[data-testid=ev-publisher]", "Example Agency")
    page.fill("[data-testid=ev-title]", "Press briefing, 5 February")
    page.fill("[data-testid=ev-quote]", "Officials gave no reason for the order of the calls.")
    page.click("[data-testid=add-external-evidence]")
    expect(page.locator("[data-testid=evidence-item][data-kind=external]")).to_contain_text("Press briefing")
    click_and_reload(page, "submit-verdict")
    assert verdicts_of(server, project_id, MOTIVE) == [(1, "awaiting_signoff", "unverifiable")]

    page.goto(f"{server.url}/projects/{project_id}/review?label=sourced_readout")
    open_claim(page, "They also discussed Cuba")
    page.keyboard.press("n")  # "not in source" rates it at once
    expect(page.get_by_test_id("message")).to_contain_text("Saved")
    assert verdicts_of(server, project_id, "They also discussed Cuba") == [(1, "draft", "not_in_source")]

    page.goto(f"{server.url}/projects/{project_id}/review/article")
    article = page.get_by_test_id("printable-article")
    expect(article.get_by_test_id("article-verdict")).to_have_count(2)
    for phrase, rating in ((MOTIVE, "Unverifiable"), ("They also discussed Cuba", "Not in source")):
        span = article.locator("[data-testid=article-span][data-note]", has_text=phrase)
        note = span.get_attribute("data-note")
        expect(article.locator(f"[data-testid=article-verdict][data-note='{note}']")).to_contain_text(rating)
    expect(article).to_contain_text("Press briefing, 5 February")
    page.emulate_media(media="print")
    expect(page.locator("header.topbar")).to_be_hidden()


def test_a_click_on_a_proposed_passage_accepts_it(server, page):
    project_id, _ = released_project(server)
    with server.db() as s:
        build_queue_service(s, project=s.get(Project, project_id), release_name="v1")
    editor = make_user(server, "editor")
    login(page, server.url, *editor)
    page.goto(f"{server.url}/projects/{project_id}/review?label=sourced_readout")
    open_claim(page, "Xi extended sincere Spring Festival greetings")
    page.fill("[data-testid=assignee-input]", editor[0])
    click_and_reload(page, "assign-button")
    expect(page.get_by_test_id("assignee")).to_contain_text(editor[0])
    page.keyboard.press("j")
    second = page.locator("[data-testid=source-match][data-rank='1']")
    expect(second).to_have_attribute("aria-current", "true")
    page.locator("[data-testid=source-match][data-rank='0']").click()
    expect(page.get_by_test_id("evidence-item")).to_have_count(1)
    expect(page.locator("[data-testid=source-match][data-rank='0']")).to_have_class("source-match current accepted")


def test_annotators_see_no_verdicts(server, page, console_errors):
    console_errors.expect(r"status of 403")
    project_id, _ = released_project(server)
    with server.db() as s:
        build_queue_service(s, project=s.get(Project, project_id), release_name="v1")
        claim_id = s.scalars(select(Claim.id).where(Claim.project_id == project_id)).first()
    login(page, server.url, *make_user(server, "annotator"))
    assert page.goto(f"{server.url}/claims/{claim_id}").status == 403
    assert page.goto(f"{server.url}/projects/{project_id}/review/summary").status == 403
    status = page.evaluate("async (u) => (await fetch(u)).status", f"/api/v1/claims/{claim_id}")
    assert status == 403
