"""Submitting: refused while a required attribute is missing, then read-only until reopened."""
import pytest
from playwright.sync_api import expect

from app.gold.service import adjudicate_project
from app.texts.models import Project
from app.texts.service import update_project_settings
from tests.browser.conftest import add_project_text, create_test_project, submit_spans
from tests.browser.pages import (
    ITEM, dom_index, drag, set_attribute, span_items, start_annotating, submit_annotation, wait_saved,
)

pytestmark = pytest.mark.browser


def test_submit_needs_required_attributes_then_is_read_only_until_reopened(server, page):
    annotator = server.make_annotator()
    work = annotator.work[0]
    start_annotating(page, server.url, annotator)
    drag(page, *dom_index(page, "Putin will also attend"))
    page.keyboard.press("1")
    page.keyboard.press("Escape")

    page.click("[data-testid=submit-annotation]")
    expect(page.locator(f"{ITEM}[aria-invalid=true]")).to_have_count(1)
    expect(page.get_by_test_id("message")).to_contain_text("Not submitted: 1 span still needs required attributes")
    assert server.assignment_status(work.assignment_id) == "draft"

    set_attribute(page, "source", "russian_readout")
    expect(page.locator(f"{ITEM}[aria-invalid=true]")).to_have_count(0)
    submit_annotation(page)
    expect(page.get_by_test_id("annotation-status")).to_have_text("Submitted")
    expect(page.get_by_test_id("reopen-annotation")).to_be_visible()
    expect(page.get_by_test_id("submit-annotation")).to_be_hidden()
    assert server.assignment_status(work.assignment_id) == "submitted"
    assert server.stored_spans(work.annotation_set_id)[0][3]["source"] == "russian_readout"

    page.click(ITEM)
    page.keyboard.press("Delete")
    expect(page.get_by_test_id("message")).to_contain_text("read-only")
    assert len(span_items(page)) == 1

    page.click("[data-testid=reopen-annotation]")
    expect(page.get_by_test_id("annotation-status")).to_have_text("Draft")
    assert server.assignment_status(work.assignment_id) == "draft"
    page.click(ITEM)
    page.keyboard.press("Delete")
    wait_saved(page)
    assert server.stored_spans(work.annotation_set_id) == []
    assert server.history_actions(work.annotation_set_id)[-3:] == ["submit", "reopen", "save"]


def test_submit_first_shows_spans_per_label_and_what_looks_unusual(server, page):
    annotator = server.make_annotator()
    work = annotator.work[0]
    start_annotating(page, server.url, annotator)
    drag(page, *dom_index(page, "Putin will also attend"))
    page.keyboard.press("1")
    set_attribute(page, "source", "Kremlin website")
    wait_saved(page)

    page.click("[data-testid=submit-annotation]")

    dialog = page.get_by_test_id("submit-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("tr[data-label=sourced_readout] td.fs-num")).to_have_text("1")
    expect(dialog.locator("tr[data-label=author_inference] td.fs-num")).to_have_text("0")
    notes = page.get_by_test_id("summary-notes")
    expect(notes).to_contain_text("No span is labelled “Author inference” or “Unverifiable claim”.")
    expect(notes).to_contain_text("Source “Kremlin website”")
    expect(notes).to_contain_text("paragraphs have no span")
    page.click("[data-testid=submit-cancel]")
    expect(dialog).to_be_hidden()
    assert server.assignment_status(work.assignment_id) == "draft"

    submit_annotation(page)
    expect(page.get_by_test_id("annotation-status")).to_have_text("Submitted")
    assert server.assignment_status(work.assignment_id) == "submitted"


def adjudicated_text(server, *, show_gold: bool):
    """A text two annotators submitted identically, adjudicated by the policy; returns the annotators."""
    project_id = create_test_project(server, annotators_per_text=2)
    with server.db() as s:
        update_project_settings(s, project=s.get(Project, project_id), changes={"show_gold_to_annotators": show_gold})
    content = "Xi invited Putin to visit China. Putin accepted."
    text_id = add_project_text(server, project_id, content)
    annotators = [server.make_annotator(text_id) for _ in range(2)]
    for annotator in annotators:
        submit_spans(server, annotator, [(0, 31, "sourced_readout", {"source": "chinese_readout"})])
    with server.db() as s:
        adjudicate_project(s, project=s.get(Project, project_id))
    return annotators


def test_once_adjudication_started_the_page_says_reopening_is_over(server, page):
    annotator = adjudicated_text(server, show_gold=False)[0]
    start_annotating(page, server.url, annotator)

    expect(page.get_by_test_id("reopen-closed")).to_have_text(
        "A reviewer has started adjudicating this text, so it can no longer be reopened.")
    expect(page.get_by_test_id("reopen-annotation")).to_be_hidden()


def test_the_gold_comparison_is_linked_from_the_text_when_the_project_shows_gold(server, page):
    annotator = adjudicated_text(server, show_gold=True)[0]
    start_annotating(page, server.url, annotator)

    with page.expect_navigation():
        page.click("[data-testid=feedback-link]")
    expect(page.get_by_test_id("feedback-matched")).to_contain_text("Matched · 1")


def test_nothing_links_to_the_gold_comparison_when_the_project_hides_it(server, page):
    annotator = adjudicated_text(server, show_gold=False)[0]
    start_annotating(page, server.url, annotator)
    expect(page.get_by_test_id("feedback-link")).to_have_count(0)
    page.goto(f"{server.url}/")
    expect(page.get_by_test_id("assignment-row")).to_have_count(1)
    expect(page.get_by_test_id("feedback-link")).to_have_count(0)
