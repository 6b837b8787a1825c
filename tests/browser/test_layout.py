"""The annotation page's layout for long texts, at 1400 and 800 px: nothing covered, clipped or cut, nothing jumps."""
import pytest
from playwright.sync_api import Page, expect

from app.annotations.textrules import headings, sentence_starts
from tests.browser.conftest import save_spans
from tests.browser.pages import ITEM, click_span, dom_index, drag, start_annotating, wait_for_items

pytestmark = pytest.mark.browser
WIDTHS = pytest.mark.parametrize("width", [1400, 800])
READOUT = {"source": "russian_readout", "quote": "paraphrase", "author_framing": True, "cue_text": "stated that"}

# True when the element, scrolled into view inside whatever scrolls it, is fully on screen and on top there.
REACHABLE_JS = """(el) => {
  el.scrollIntoView({block: 'nearest', inline: 'nearest'});
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return 'has no box';
  if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) return 'off screen';
  for (let a = el.parentElement; a; a = a.parentElement) {
    const style = getComputedStyle(a);
    if (style.display === 'contents' || (style.overflowX === 'visible' && style.overflowY === 'visible')) continue;
    const box = a.getBoundingClientRect();
    if (r.top < box.top - 1 || r.bottom > box.bottom + 1 || r.left < box.left - 1 || r.right > box.right + 1) return 'clipped by ' + a.className;
  }
  const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 8), r.top + Math.min(r.height / 2, 8));
  return hit === el || el.contains(hit) ? 'ok' : 'covered by ' + (hit && hit.className);
}"""


def sentence_openings(content: str, count: int) -> list[tuple[int, int]]:
    """The first three words of `count` sentences, never a heading: spans that keep every span rule."""
    heads = {start: end for start, end in headings(content)}
    starts = [0, *sentence_starts(content)]
    spans = []
    for start, following in zip(starts, [*starts[1:], len(content)]):
        start = heads.get(start, start)
        while content[start] == " ":
            start += 1
        words = content[start:following].split(" ")[:3]
        end = start + len(" ".join(words).rstrip(".,:;!?…”\n "))
        if start < end:
            spans.append((start, end))
    return spans[:count]


def many_spans(server, count: int = 24):
    annotator = server.make_annotator()
    content = annotator.work[0].content
    spans = [(s, e, "sourced_readout", READOUT) if i % 3 == 0 else (s, e, "author_inference", {})
             for i, (s, e) in enumerate(sentence_openings(content, count))]
    save_spans(server, annotator, spans)
    return annotator, spans


def open_at(page: Page, server, annotator, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    start_annotating(page, server.url, annotator)


def wait_drawer_settled(page: Page) -> None:
    """Wait until the narrow screen's drawer has slid fully into view."""
    page.wait_for_function("""() => {
      const r = document.querySelector('[data-testid=sidebar]').getBoundingClientRect();
      return Math.abs(r.right - innerWidth) < 1;
    }""")


def box(page: Page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@WIDTHS
def test_header_stays_above_the_text_and_keeps_title_status_and_submit_in_view(server, page, width):
    annotator, _ = many_spans(server)
    open_at(page, server, annotator, width)
    pane = page.get_by_test_id("document-pane")

    pane.evaluate("e => e.scrollTop = e.scrollHeight / 2")
    toolbar, text = box(page, ".fs-toolbar"), pane.bounding_box()
    assert toolbar["y"] + toolbar["height"] <= text["y"], "the toolbar overlaps the text"
    top_line = page.evaluate("""() => {
      const pane = document.querySelector('[data-testid=document-pane]').getBoundingClientRect();
      const hit = document.elementFromPoint(pane.left + pane.width / 2, pane.top + 4);
      return hit && hit.closest('[data-testid=document-pane]') !== null;
    }""")
    assert top_line, "something covers the first line of text in view"
    assert page.evaluate("window.scrollY") == 0
    assert page.evaluate("document.scrollingElement.scrollHeight <= innerHeight"), "the window itself scrolls"
    title = page.get_by_test_id("text-title")
    assert title.evaluate("h => h.scrollWidth <= h.clientWidth && getComputedStyle(h).textOverflow !== 'ellipsis'")
    for testid in ("text-title", "save-status", "submit-annotation"):
        assert page.get_by_test_id(testid).evaluate(REACHABLE_JS) == "ok", testid


@WIDTHS
def test_every_part_of_the_selected_span_panel_can_be_reached_unclipped(server, page, width):
    annotator, _ = many_spans(server)
    open_at(page, server, annotator, width)
    click_span(page, 0)  # a sourced readout: every attribute is shown
    expect(page.get_by_test_id("span-panel-body")).not_to_be_empty()
    if width < 1000:
        wait_drawer_settled(page)

    controls = page.locator("[data-testid=span-panel-body] :is(button, input, select, label, blockquote)")
    assert controls.count() >= 12
    for i in range(controls.count()):
        assert controls.nth(i).evaluate(REACHABLE_JS) == "ok", controls.nth(i).evaluate("e => e.outerHTML.slice(0, 80)")
    for attribute in ("source", "quote", "author_framing", "cue_text"):
        expect(page.locator(f"[data-testid=attribute-field][data-attribute={attribute}]")).to_be_visible()


@pytest.mark.parametrize(("width", "at_least"), [(1400, 15), (800, 10)])
def test_the_span_list_shows_many_spans_at_once(server, page, width, at_least):
    annotator, spans = many_spans(server)
    open_at(page, server, annotator, width)
    if width < 1000:
        page.click("[data-testid=spans-open]")
        wait_drawer_settled(page)
    expect(page.locator(ITEM)).to_have_count(len(spans))

    shown = page.evaluate("""() => {
      const box = document.querySelector('[data-testid=span-scroll]').getBoundingClientRect();
      return [...document.querySelectorAll('[data-testid=span-item]')].filter((e) => {
        const r = e.getBoundingClientRect(); return r.top >= box.top && r.bottom <= box.bottom + 0.5 && r.height > 0;
      }).length;
    }""")
    assert shown >= at_least


def test_at_800_px_clicking_a_span_opens_the_panel_over_the_text_without_moving_it(server, page):
    annotator, _ = many_spans(server)
    open_at(page, server, annotator, 800)
    pane = page.get_by_test_id("document-pane")
    mark = page.locator("mark.fs-span").nth(12)
    mark.evaluate("m => m.scrollIntoView({block: 'center'})")
    before = (page.evaluate("window.scrollY"), pane.evaluate("e => e.scrollTop"), mark.bounding_box()["y"])
    expect(page.get_by_test_id("sidebar")).not_to_be_in_viewport()

    click_span(page, 12)

    sidebar = page.get_by_test_id("sidebar")
    wait_drawer_settled(page)
    expect(page.get_by_test_id("panel-excerpt")).to_be_visible()
    assert sidebar.evaluate("e => getComputedStyle(e).position") == "fixed"
    assert (page.evaluate("window.scrollY"), pane.evaluate("e => e.scrollTop"), mark.bounding_box()["y"]) == before
    page.keyboard.press("Escape")
    expect(sidebar).not_to_be_in_viewport()


def test_a_new_label_does_not_move_the_text_around_it(server, page):
    annotator = server.make_annotator()
    start_annotating(page, server.url, annotator)
    later = "strategic cooperation between Russia"
    marker = f"""(p) => {{
      const root = document.querySelector('[data-testid=document-text]');
      const at = root.textContent.indexOf(p);
      const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT); let acc = 0;
      for (let n = w.nextNode(); n; n = w.nextNode()) {{
        if (at < acc + n.data.length) {{
          const r = document.createRange(); r.setStart(n, at - acc); r.setEnd(n, at - acc + 1);
          const b = r.getBoundingClientRect(); const o = root.getBoundingClientRect(); return [b.left - o.left, b.top - o.top];
        }}
        acc += n.data.length;
      }}
    }}"""
    before = page.evaluate(marker, later)

    drag(page, *dom_index(page, "The leaders reaffirmed the comprehensive partnership"))
    page.keyboard.press("2")
    wait_for_items(page, [(annotator.work[0].content.index("The leaders"),
                           annotator.work[0].content.index("The leaders") + 52, "author_inference")])

    after = page.evaluate(marker, later)
    assert after == pytest.approx(before, abs=0.5)


def test_guidelines_open_in_a_full_height_drawer_at_the_labels_section(server, page):
    annotator, _ = many_spans(server)
    open_at(page, server, annotator, 1400)
    click_span(page, 0)
    page.click("[data-testid=label-guidelines]")

    drawer = page.get_by_test_id("guidelines-drawer")
    expect(drawer).to_be_visible()
    assert drawer.bounding_box()["height"] >= 850
    expect(page.locator("#sourced-readout")).to_be_in_viewport()
    page.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
