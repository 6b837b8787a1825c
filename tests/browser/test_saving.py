"""Autosave: reload keeps spans, history, offline copies, and two tabs whose changes merge instead of overwriting."""
import json

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import save_spans
from tests.browser.pages import (
    ITEM, OFFLINE_TEXT, READY, dom_index, drag, open_annotator, save_status, span_items, start_annotating,
    wait_for_items, wait_saved,
)

pytestmark = pytest.mark.browser
BOTH = pytest.mark.parametrize("server", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
                               indirect=True)


def label(page, phrase: str, key: str) -> None:
    drag(page, *dom_index(page, phrase))
    page.keyboard.press(key)


def spans_of(text: str, *labelled: tuple[str, str]) -> list[tuple[int, int, str]]:
    return sorted((text.index(p), text.index(p) + len(p), lab) for p, lab in labelled)


def test_autosave_then_reload_shows_the_same_spans_and_history(server, page):
    annotator = server.make_annotator()
    work = annotator.work[0]
    start_annotating(page, server.url, annotator)
    label(page, "reaffirmed the comprehensive partnership", "2")
    wait_saved(page)
    label(page, "Putin will also attend", "3")
    wait_saved(page)
    before = span_items(page)

    page.reload()
    page.wait_for_selector(READY)

    assert before == span_items(page) == spans_of(
        work.content, ("reaffirmed the comprehensive partnership", "author_inference"),
        ("Putin will also attend", "unverifiable_claim"))
    history = page.request.get(f"{server.url}/api/v1/annotation-sets/{work.annotation_set_id}/history").json()
    assert [event["action"] for event in history] == ["save", "save"]
    assert [len(event["changes"]["added"]) for event in history] == [1, 1]
    assert history[-1]["set_version"] == server.stored_version(work.annotation_set_id)


def test_offline_change_is_kept_locally_and_sent_when_back_online(server, context, page):
    annotator = server.make_annotator()
    work = annotator.work[0]
    start_annotating(page, server.url, annotator)
    key = json.loads(page.text_content("#page-data"))["storage_key"]

    context.set_offline(True)
    label(page, "Trade and energy cooperation", "1")
    expect(save_status(page)).to_have_text(OFFLINE_TEXT)
    stored = json.loads(page.evaluate("(k) => localStorage.getItem(k)", key))
    expected = spans_of(work.content, ("Trade and energy cooperation", "sourced_readout"))
    assert [(s["start"], s["end"], s["label"]) for s in stored["spans"]] == expected
    assert server.stored_spans(work.annotation_set_id) == []

    context.set_offline(False)
    wait_saved(page)
    assert [s[:3] for s in server.stored_spans(work.annotation_set_id)] == expected


def two_tabs(server, context, console_errors, base_phrases):
    """An annotator with the given spans saved, and two tabs open on them."""
    console_errors.expect(r"status of 409")
    annotator = server.make_annotator()
    work = annotator.work[0]
    save_spans(server, annotator, [(work.content.index(p), work.content.index(p) + len(p), label, {})
                                   for p, label in base_phrases])
    tab_a = context.new_page()
    start_annotating(tab_a, server.url, annotator)
    tab_b = context.new_page()
    open_annotator(tab_b, server.url, work.assignment_id)
    return work, tab_a, tab_b


@BOTH
def test_changes_of_two_tabs_to_different_spans_merge_without_asking(server, context, console_errors):
    kept = ("Special attention", "sourced_readout")
    deleted = ("Putin will also attend", "author_inference")
    work, tab_a, tab_b = two_tabs(server, context, console_errors, [kept, deleted])

    tab_a.click(f"{ITEM}[data-label=author_inference]")
    tab_a.keyboard.press("Delete")  # tab A deletes a span and saves
    wait_saved(tab_a)
    label(tab_b, "Trade and energy cooperation", "3")  # tab B, still on the old version, adds another

    merged = spans_of(work.content, kept, ("Trade and energy cooperation", "unverifiable_claim"))
    wait_for_items(tab_b, merged)
    wait_saved(tab_b)
    expect(tab_b.get_by_test_id("conflict-banner")).to_be_hidden()
    expect(tab_b.get_by_test_id("message")).to_contain_text("Merged")
    assert [s[:3] for s in server.stored_spans(work.annotation_set_id)] == merged


@BOTH
def test_changes_of_two_tabs_to_the_same_span_are_shown_and_the_chosen_side_kept(server, context, console_errors):
    base = ("Special attention", "sourced_readout")
    other = ("Putin will also attend", "author_inference")
    work, tab_a, tab_b = two_tabs(server, context, console_errors, [base, other])

    tab_a.click(f"{ITEM}[data-label=sourced_readout]")
    tab_a.keyboard.press("Delete")  # tab A deletes the span and saves
    wait_saved(tab_a)
    tab_b.click(f"{ITEM}[data-label=sourced_readout]")
    tab_b.keyboard.press("3")  # tab B relabels the same span
    label(tab_b, "Trade and energy cooperation", "2")  # and adds one elsewhere

    expect(tab_b.get_by_test_id("conflict-banner")).to_be_visible()
    expect(save_status(tab_b)).to_have_text("Conflict")
    mine, theirs = tab_b.get_by_test_id("conflict-mine"), tab_b.get_by_test_id("conflict-theirs")
    expect(mine.locator("li.is-conflict")).to_have_text(["⚠ added Unverifiable claim “Special attention”"])
    expect(mine).to_contain_text("added Author inference “Trade and energy cooperation”")
    expect(theirs).to_contain_text("deleted Sourced readout “Special attention”")
    assert [s[:3] for s in server.stored_spans(work.annotation_set_id)] == spans_of(work.content, other)

    tab_b.click("[data-testid=conflict-keep-mine]")
    expected = spans_of(work.content, other, ("Special attention", "unverifiable_claim"),
                        ("Trade and energy cooperation", "author_inference"))
    wait_for_items(tab_b, expected)
    wait_saved(tab_b)
    assert [s[:3] for s in server.stored_spans(work.annotation_set_id)] == expected
