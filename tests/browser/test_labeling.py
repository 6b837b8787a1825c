"""Making spans: mouse and keyboard selection, labels, attributes, and code-point offsets in the database."""
import pytest
from playwright.sync_api import expect

from tests.browser.pages import (
    ITEM, READY, dom_index, drag, login, select_range, set_attribute, span_items, start_annotating, wait_for_items,
    wait_saved,
)

pytestmark = pytest.mark.browser

PHRASE = "The conversation lasted 1 hour and 25 minutes"


def test_mouse_drag_then_label_button_and_hotkey_make_spans(server, page):
    annotator = server.make_annotator()
    text = annotator.work[0].content
    start_annotating(page, server.url, annotator)
    first, second = "President Putin did a teleconference", "Because Putin wanted to let Xi know"

    drag(page, *dom_index(page, first))
    page.click("[data-testid=label-button][data-label=author_inference]")
    wait_for_items(page, [(text.index(first), text.index(first) + len(first), "author_inference")])
    start, end = dom_index(page, second)
    drag(page, start + 2, end - 2)  # inside the first and last words: the selection snaps to them
    page.keyboard.press("3")

    expected = sorted([(text.index(first), text.index(first) + len(first), "author_inference"),
                       (text.index(second), text.index(second) + len(second), "unverifiable_claim")])
    wait_for_items(page, expected)
    expect(page.locator(f"{ITEM}[data-label=unverifiable_claim]")).to_have_attribute("aria-current", "true")


@pytest.mark.parametrize("server", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_label_seed_phrase_with_attribute_survives_reload_with_code_point_offsets(server, page):
    annotator = server.make_annotator()
    work = annotator.work[0]
    login(page, server.url, annotator.username, annotator.password)
    page.click("[data-testid=next-text]")
    page.wait_for_selector(READY)
    assert page.url.endswith(f"/annotate/{work.assignment_id}")

    drag(page, *dom_index(page, PHRASE))
    page.keyboard.press("1")
    set_attribute(page, "source", "russian_readout")
    wait_saved(page)
    page.reload()
    page.wait_for_selector(READY)

    start, end = work.content.index(PHRASE), work.content.index(PHRASE) + len(PHRASE)
    assert (start, end) == (773, 818)
    assert span_items(page) == [(start, end, "sourced_readout")]
    [(stored_start, stored_end, label, attributes)] = server.stored_spans(work.annotation_set_id)
    assert (stored_start, stored_end, label) == (start, end, "sourced_readout")
    assert attributes["source"] == "russian_readout"


def test_spans_after_emoji_cjk_and_rtl_store_code_point_offsets(server, page):
    content = "Hi 👋🏽 there. 🙂 Xi spoke.\n会谈在𠀋北京举行。\nقال الرئيس مرحبا بكم في موسكو."
    annotator = server.make_annotator(server.add_text(content, title="Emoji, CJK and RTL"))
    start_annotating(page, server.url, annotator)

    drag(page, *dom_index(page, "Xi spoke"))
    page.keyboard.press("1")
    select_range(page, *dom_index(page, "北京"), alt=True)
    page.keyboard.press("2")
    select_range(page, *dom_index(page, "مرحبا بكم"))
    page.keyboard.press("3")
    wait_saved(page)

    expected = [(content.index(p), content.index(p) + len(p), label) for p, label in
                (("Xi spoke", "sourced_readout"), ("北京", "author_inference"), ("مرحبا بكم", "unverifiable_claim"))]
    # 👋🏽 is two code points and 🙂 one, but they take six UTF-16 units: the DOM says 18, the store 15.
    assert (expected[0][0], dom_index(page, "Xi spoke")[0]) == (15, 18)
    assert span_items(page) == expected
    assert [s[:3] for s in server.stored_spans(annotator.work[0].annotation_set_id)] == expected


def test_edit_label_and_boundary_then_delete_undo_redo(server, page):
    annotator = server.make_annotator()
    text = annotator.work[0].content
    start_annotating(page, server.url, annotator)
    phrase = "Vladimir Putin spoke with"
    start = text.index(phrase)
    drag(page, *dom_index(page, phrase))
    page.keyboard.press("1")
    wait_for_items(page, [(start, start + len(phrase), "sourced_readout")])

    page.click("[data-testid=panel-label-button][data-label=author_inference]")
    wait_for_items(page, [(start, start + len(phrase), "author_inference")])
    page.keyboard.press("BracketRight")  # start one word right: drops "Vladimir"
    page.keyboard.press("Shift+BracketRight")  # end one word right: takes in "Donald"
    edited = (text.index("Putin spoke"), text.index("Donald") + len("Donald"), "author_inference")
    wait_for_items(page, [edited])
    expect(page.get_by_test_id("panel-excerpt")).to_have_text("Putin spoke with Donald")

    page.keyboard.press("Delete")
    wait_for_items(page, [])
    page.keyboard.press("Control+z")
    wait_for_items(page, [edited])
    page.keyboard.press("Control+Shift+z")
    wait_for_items(page, [])
    page.click("[data-testid=undo]")
    wait_for_items(page, [edited])
    page.click("[data-testid=undo]")  # quick nudges of one span undo as one step
    wait_for_items(page, [(start, start + len(phrase), "author_inference")])
    wait_saved(page)
    assert [s[:3] for s in server.stored_spans(annotator.work[0].annotation_set_id)] == span_items(page)
