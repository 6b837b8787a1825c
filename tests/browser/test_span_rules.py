"""The schema's span rules on the annotation page: headings shown as headings and left out, one sentence per span."""
import pytest
from playwright.sync_api import expect

from app.annotations.textrules import headings
from tests.browser.pages import (
    dom_index, drag, select_range, span_items, start_annotating, wait_for_items, wait_saved,
)

pytestmark = pytest.mark.browser
BOTH = pytest.mark.parametrize("server", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
                               indirect=True)


def test_headings_are_drawn_as_headings(server, page):
    annotator = server.make_annotator()
    content = annotator.work[0].content
    start_annotating(page, server.url, annotator)

    drawn = page.locator("[data-testid=document-text] .fs-heading")
    expect(drawn).to_have_text([content[s:e] for s, e in headings(content)])
    style = drawn.first.evaluate("e => [getComputedStyle(e).display, Number(getComputedStyle(e).fontWeight)]")
    assert style[0] == "block" and style[1] >= 700


@BOTH
def test_a_selection_over_a_heading_leaves_the_heading_out_and_says_so(server, page):
    annotator = server.make_annotator()
    content = annotator.work[0].content
    start_annotating(page, server.url, annotator)
    body = "The leaders reaffirmed the comprehensive partnership"

    drag(page, *dom_index(page, f"Bilateral Ties: {body}"))
    page.keyboard.press("2")

    expected = [(content.index(body), content.index(body) + len(body), "author_inference")]
    wait_for_items(page, expected)
    expect(page.get_by_test_id("message")).to_contain_text("Added without the heading “Bilateral Ties:”")
    wait_saved(page)
    assert [s[:3] for s in server.stored_spans(annotator.work[0].annotation_set_id)] == expected


@BOTH
def test_a_selection_across_a_sentence_before_cjk_text_is_refused_with_the_reason(server, page):
    content = "The ministers discussed trade. 北京会谈继续进行。双方表示满意。"
    annotator = server.make_annotator(server.add_text(content, title="English then Chinese"))
    start_annotating(page, server.url, annotator)

    select_range(page, *dom_index(page, "discussed trade. 北京会谈"), alt=True)
    page.keyboard.press("1")

    expect(page.get_by_test_id("message")).to_contain_text("Not added: the span would cross a sentence boundary")
    assert span_items(page) == []
    select_range(page, *dom_index(page, "北京会谈继续进行"), alt=True)
    page.keyboard.press("1")
    start = content.index("北京")
    expected = [(start, start + len("北京会谈继续进行"), "sourced_readout")]
    wait_for_items(page, expected)
    wait_saved(page)
    assert [s[:3] for s in server.stored_spans(annotator.work[0].annotation_set_id)] == expected


def test_moving_a_boundary_into_the_next_sentence_is_refused(server, page):
    annotator = server.make_annotator()
    content = annotator.work[0].content
    start_annotating(page, server.url, annotator)
    phrase = "This is how two allies cooperate and coordinate"
    drag(page, *dom_index(page, phrase))
    page.keyboard.press("2")
    start = content.index(phrase)
    wait_for_items(page, [(start, start + len(phrase), "author_inference")])

    page.keyboard.press("Shift+BracketRight")  # the end one word right would take in "I" of the next sentence

    expect(page.get_by_test_id("message")).to_contain_text("Not moved: the span would cross a sentence boundary")
    assert span_items(page) == [(start, start + len(phrase), "author_inference")]
