"""The adjudication page at 800 px keeps the item panel beside the text, in view, covering none of it (issue 11)."""
import pytest

from app.gold.workflow import start_adjudication
from app.texts.models import Text
from tests.browser.conftest import add_project_text, create_test_project, make_user, submit_spans
from tests.browser.pages import current_item, login, open_adjudicator
from tests.review.readouts import SEED_TEXT

pytestmark = pytest.mark.browser
LATE = "Together, Russia and China are flexing their military and economic power"
BOXES_JS = """() => Object.fromEntries(['document-text', 'item-panel'].map((id) => {
  const r = document.querySelector(`[data-testid=${id}]`).getBoundingClientRect();
  return [id, {left: r.left, right: r.right, top: r.top, bottom: r.bottom}];
}))"""


@pytest.mark.parametrize("width", [800, 1400])
def test_the_item_panel_sits_beside_the_text_and_stays_in_view(server, page, width):
    project_id = create_test_project(server, annotators_per_text=2)
    text_id = add_project_text(server, project_id, SEED_TEXT)
    start = SEED_TEXT.index(LATE)
    first, second = server.make_annotator(text_id), server.make_annotator(text_id)
    submit_spans(server, first, [(start, start + len(LATE), "author_inference", {"inference_type": "interpretation"})])
    submit_spans(server, second, [(start, start + len(LATE), "unverifiable_claim",
                                   {"reason": "vague_or_unfalsifiable", "check_worthiness": "low"})])
    with server.db() as s:
        start_adjudication(s, text=s.get(Text, text_id))
    page.set_viewport_size({"width": width, "height": 900})
    login(page, server.url, *make_user(server, "reviewer"))
    open_adjudicator(page, server.url, text_id)
    page.keyboard.press("n")  # the item is near the end of a long text: the page scrolls to it
    assert current_item(page) is not None
    boxes = page.evaluate(BOXES_JS)
    text, panel = boxes["document-text"], boxes["item-panel"]
    assert panel["left"] >= text["right"], boxes  # beside the text, covering none of it
    # In view although the page scrolled thousands of pixels down the text (not below the text, out of sight).
    assert min(panel["bottom"], 900) - max(panel["top"], 0) >= 400, boxes
    assert text["right"] - text["left"] >= 360, boxes  # the text keeps a readable measure
