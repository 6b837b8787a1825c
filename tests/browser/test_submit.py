"""Submitting: refused while a required attribute is missing, then read-only until reopened."""
import pytest
from playwright.sync_api import expect

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
