"""Autosave: reload keeps spans, history, offline copies, and two tabs that must not overwrite each other."""
import json

import pytest
from playwright.sync_api import expect

from tests.browser.pages import (
    OFFLINE_TEXT, READY, dom_index, drag, open_annotator, save_status, span_items, start_annotating, wait_for_items,
    wait_saved,
)

pytestmark = pytest.mark.browser


def label(page, phrase: str, key: str) -> None:
    drag(page, *dom_index(page, phrase))
    page.keyboard.press(key)


def spans_of(text: str, *labelled: tuple[str, str]) -> list[tuple[int, int, str]]:
    return sorted((text.index(p), text.index(p) + len(p), lab) for p, lab in labelled)


def test_autosave_then_reload_shows_the_same_spans_and_history(server, page):
    annotator = server.make_annotator()
    work = annotator.work[0]
    start_annotating(page, server.url, annotator)
    label(page, "Bilateral Ties", "2")
    wait_saved(page)
    label(page, "Future Plans", "3")
    wait_saved(page)
    before = span_items(page)

    page.reload()
    page.wait_for_selector(READY)

    assert before == span_items(page) == spans_of(
        work.content, ("Bilateral Ties", "author_inference"), ("Future Plans", "unverifiable_claim"))
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


def test_stale_second_tab_gets_conflict_banner_and_never_overwrites(server, context, console_errors):
    console_errors.expect(r"status of 409")
    annotator = server.make_annotator()
    work = annotator.work[0]
    tab_a = context.new_page()
    start_annotating(tab_a, server.url, annotator)
    tab_b = context.new_page()
    open_annotator(tab_b, server.url, work.assignment_id)

    label(tab_a, "Special attention", "1")
    wait_saved(tab_a)
    label(tab_b, "Future Plans", "2")

    expect(tab_b.get_by_test_id("conflict-banner")).to_be_visible()
    expect(save_status(tab_b)).to_have_text("Conflict")
    a_spans = spans_of(work.content, ("Special attention", "sourced_readout"))
    assert [s[:3] for s in server.stored_spans(work.annotation_set_id)] == a_spans
    tab_b.on("dialog", lambda dialog: dialog.accept())  # "leave with unsent changes?"
    tab_b.reload()
    tab_b.wait_for_selector(READY)
    wait_for_items(tab_b, a_spans)
    assert [s[:3] for s in server.stored_spans(work.annotation_set_id)] == a_spans
