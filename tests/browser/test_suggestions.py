"""Suggestions on the annotation page: dashed, confidence on hover, accepted and rejected by key, stored with
suggested_by, and agreement unchanged until acceptance."""
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.agreement.service import compute_text_agreement
from app.annotations.saving import save_annotation_set
from app.annotations.service import submit_annotation_set
from app.annotations.spans import SpanInput
from app.auth.service import require_user
from app.suggestions.models import Suggestion, SuggestionDecision
from app.suggestions.service import store_suggestions, suggester_named
from app.texts.models import Text
from tests.browser.pages import dom_index, select_range, start_annotating, wait_saved

pytestmark = pytest.mark.browser

TEXT = ("👩‍👩‍👧 Ushakov stated that the talks were frank and friendly. I think the partnership will deepen further. "
        "They met again in spring.")
FIRST = "the talks were frank and friendly"
SECOND = "I think the partnership will deepen further"
READOUT = {"source": "russian_readout"}


def setup(server):
    """Two annotators on one text with two suggestions; the second annotator submitted the first one's span."""
    # A text of its own per test: the live server's database lives for the whole session.
    text_id = server.add_text(f"{TEXT} Note {uuid.uuid4().hex[:8]}.", title="Suggestions test")
    annotator, other = server.make_annotator(text_id), server.make_annotator(text_id)
    with server.db() as s:
        text = s.get(Text, text_id)
        suggester = suggester_named(s, project=text.project, name="rules", kind="rules")
        spans = [{"start": TEXT.index(p), "end": TEXT.index(p) + len(p), "label": label, "attributes": attributes,
                  "confidence": confidence}
                 for p, label, attributes, confidence in ((FIRST, "sourced_readout", READOUT, 0.9),
                                                          (SECOND, "author_inference", {}, 0.6))]
        store_suggestions(s, text=text, suggester=suggester, spans=spans)
        user = require_user(s, other.username)
        set_id = other.work[0].annotation_set_id
        start = TEXT.index(FIRST)
        save_annotation_set(s, annotation_set_id=set_id, user=user, version=1,
                            spans=[SpanInput(start, start + len(FIRST), "sourced_readout", READOUT)])
        submit_annotation_set(s, annotation_set_id=set_id, user=user, version=2)
    return text_id, annotator


def exact_f1(server, text_id):
    with server.db() as s:
        return compute_text_agreement(s, text=s.get(Text, text_id), include_drafts=True)["span_f1_exact_mean"]


def decisions(server, text_id):
    with server.db() as s:
        rows = s.execute(select(Suggestion.label, SuggestionDecision.state).join(
            SuggestionDecision, SuggestionDecision.suggestion_id == Suggestion.id).where(Suggestion.text_id == text_id))
        return sorted(tuple(r) for r in rows)


def caret_inside(page, phrase):
    start, _ = dom_index(page, phrase)
    select_range(page, start + 3, start + 3)


def test_suggestions_are_dashed_and_show_their_confidence_on_hover(server, page):
    _, annotator = setup(server)
    start_annotating(page, server.url, annotator)
    boxes = page.locator("[data-testid=suggestion]")
    expect(boxes).to_have_count(2)
    piece = boxes.first.locator(".fs-suggestion").first
    assert piece.evaluate("b => getComputedStyle(b).borderTopStyle") == "dashed"
    box = piece.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("[data-testid=suggestion-tip]")).to_contain_text("confidence 90%")


def test_accept_and_reject_by_key_store_suggested_by_and_leave_agreement_alone_until_then(server, page):
    text_id, annotator = setup(server)
    work = annotator.work[0]
    start_annotating(page, server.url, annotator)
    expect(page.locator("[data-testid=suggestion]")).to_have_count(2)
    # Suggestions are nobody's spans: only the other annotator has any, so there is no pair to compare.
    assert exact_f1(server, text_id) is None

    caret_inside(page, SECOND)
    page.keyboard.press("x")
    expect(page.locator("[data-testid=suggestion]")).to_have_count(1)
    assert exact_f1(server, text_id) is None
    caret_inside(page, FIRST)
    page.keyboard.press("a")
    expect(page.locator("[data-testid=suggestion]")).to_have_count(0)
    wait_saved(page)

    start = TEXT.index(FIRST)
    # The schema's defaults fill what the suggestion leaves open, as for a span made by hand.
    assert server.stored_spans(work.annotation_set_id) == [
        (start, start + len(FIRST), "sourced_readout", dict(READOUT, author_framing=False))]
    history = page.request.get(f"{server.url}/api/v1/annotation-sets/{work.annotation_set_id}/history").json()
    [added] = history[-1]["changes"]["added"]
    assert added["suggested_by"]["suggester"] == "rules" and added["suggested_by"]["confidence"] == 0.9
    assert decisions(server, text_id) == [("author_inference", "rejected"), ("sourced_readout", "accepted")]
    assert exact_f1(server, text_id) == 1.0


def test_shift_a_accepts_every_suggestion_in_the_selection(server, page):
    _, annotator = setup(server)
    work = annotator.work[0]
    start_annotating(page, server.url, annotator)
    expect(page.locator("[data-testid=suggestion]")).to_have_count(2)
    start, _ = dom_index(page, "Ushakov")
    _, end = dom_index(page, "further")
    select_range(page, start, end)
    page.keyboard.press("Shift+A")
    expect(page.locator("[data-testid=suggestion]")).to_have_count(0)
    wait_saved(page)
    assert [label for *_, label, _ in server.stored_spans(work.annotation_set_id)] == [
        "sourced_readout", "author_inference"]


def test_the_cheat_sheet_lists_the_suggestion_keys(server, page):
    _, annotator = setup(server)
    start_annotating(page, server.url, annotator)
    page.keyboard.press("?")
    expect(page.locator("[data-testid=cheatsheet]")).to_contain_text("Accept the suggestion (dashed box) under the caret")
