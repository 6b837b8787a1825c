"""Keys: Esc leaves an attribute field for the text (keeping what was typed), so label keys label again."""
import pytest
from playwright.sync_api import expect

from tests.browser.pages import (
    DOC, ITEM, attribute_input, dom_index, drag, start_annotating, wait_for_items, wait_saved,
)

pytestmark = pytest.mark.browser
BOTH = pytest.mark.parametrize("server", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
                               indirect=True)
PHRASE = "The conversation lasted 1 hour and 25 minutes"


def readout(server, page):
    annotator = server.make_annotator()
    start_annotating(page, server.url, annotator)
    drag(page, *dom_index(page, PHRASE))
    page.keyboard.press("1")
    start = annotator.work[0].content.index(PHRASE)
    wait_for_items(page, [(start, start + len(PHRASE), "sourced_readout")])
    return annotator, start


def focused_testid(page) -> str | None:
    return page.evaluate("document.activeElement && document.activeElement.dataset.testid")


@BOTH
def test_esc_in_a_text_field_keeps_the_value_and_returns_to_the_text(server, page):
    annotator, start = readout(server, page)
    cue = attribute_input(page, "cue_text")
    cue.click()
    cue.press_sequentially("with Ushakov characterizing it as", delay=10)

    page.keyboard.press("Escape")

    assert focused_testid(page) == "document-text"
    wait_saved(page)
    assert server.stored_spans(annotator.work[0].annotation_set_id)[0][3]["cue_text"] == (
        "with Ushakov characterizing it as")
    page.keyboard.press("2")  # a label key now relabels the span instead of typing into the field
    wait_for_items(page, [(start, start + len(PHRASE), "author_inference")])


@BOTH
def test_esc_in_the_picker_commits_the_typed_name_and_returns_to_the_text(server, page):
    annotator, _ = readout(server, page)
    source = attribute_input(page, "source")
    source.click()
    source.press_sequentially("Chinese readout", delay=10)

    page.keyboard.press("Escape")

    assert focused_testid(page) == "document-text"
    wait_saved(page)
    assert server.stored_spans(annotator.work[0].annotation_set_id)[0][3]["source"] == "chinese_readout"


def test_tab_goes_from_the_text_to_the_selected_spans_label_and_fields(server, page):
    readout(server, page)
    page.click(ITEM)
    page.focus(DOC)

    page.keyboard.press("Tab")

    assert page.evaluate("document.querySelector('[data-testid=span-panel-body]').contains(document.activeElement)")
    for _ in range(4):
        page.keyboard.press("Tab")  # the guidelines link and the three label buttons
    expect(attribute_input(page, "source")).to_be_focused()
