"""Page helpers for the browser tests: log in, open the annotator, select text, read spans and save state."""
from playwright.sync_api import Page, expect

READY = "[data-testid=annotator][data-ready=true]"
DOC = "[data-testid=document-text]"
ITEM = "[data-testid=span-item]"
OFFLINE_TEXT = "Offline — changes kept in this browser"

# A UTF-16 offset into the document text (what the DOM counts) -> [text node, offset in it].
POINT_JS = """(u16) => {
  const root = document.querySelector('[data-testid=document-text]');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let acc = 0, last = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (u16 < acc + n.data.length) return [n, u16 - acc];
    acc += n.data.length; last = n;
  }
  return [last, last.data.length];
}"""


def login(page: Page, base_url: str, username: str, password: str) -> None:
    """Log in through the form and wait for the page it redirects to."""
    page.goto(f"{base_url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("[data-testid=login-submit]")


def open_annotator(page: Page, base_url: str, assignment_id: int) -> None:
    page.goto(f"{base_url}/annotate/{assignment_id}")
    page.wait_for_selector(READY)


def dom_text(page: Page) -> str:
    return page.text_content(DOC) or ""


def dom_index(page: Page, phrase: str) -> tuple[int, int]:
    """Where the phrase sits in the document text as the DOM counts it (UTF-16 units), half-open."""
    start = page.evaluate("(p) => document.querySelector('[data-testid=document-text]').textContent.indexOf(p)", phrase)
    assert start >= 0, f"{phrase!r} is not in the page"
    return start, start + page.evaluate("(p) => p.length", phrase)


def _edge(page: Page, u16: int, side: str) -> tuple[float, float]:
    """Viewport point just inside the left or right side of the UTF-16 unit at u16."""
    box = page.evaluate(f"""(u16) => {{
      const [n, o] = ({POINT_JS})(u16);
      const r = document.createRange(); r.setStart(n, o); r.setEnd(n, Math.min(n.data.length, o + 1));
      const rect = r.getClientRects()[0]; return [rect.left, rect.right, rect.top + rect.height / 2];
    }}""", u16)
    return (box[0] + 1 if side == "left" else box[1] - 1), box[2]


def drag(page: Page, start: int, end: int) -> None:
    """A real mouse drag over left-to-right text from the unit at start to the unit at end - 1 (UTF-16)."""
    page.evaluate(f"(u) => ({POINT_JS})(u)[0].parentElement.scrollIntoView({{block: 'center'}})", start)
    x1, y1 = _edge(page, start, "left")
    x2, y2 = _edge(page, end - 1, "right")
    page.mouse.move(x1, y1)
    page.mouse.down()
    page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, steps=2)
    page.mouse.move(x2, y2, steps=2)
    page.mouse.up()


def select_range(page: Page, start: int, end: int, alt: bool = False) -> None:
    """Select [start, end) (UTF-16) as a mouse selection ends, without screen geometry (for bidi text)."""
    page.evaluate(f"""([start, end, alt]) => {{
      const root = document.querySelector('[data-testid=document-text]');
      const [n1, o1] = ({POINT_JS})(start);
      const [n2, o2] = ({POINT_JS})(end);
      root.dispatchEvent(new MouseEvent('mousedown', {{bubbles: true, button: 0, altKey: alt}}));
      const range = document.createRange(); range.setStart(n1, o1); range.setEnd(n2, o2);
      getSelection().removeAllRanges(); getSelection().addRange(range);
      document.dispatchEvent(new MouseEvent('mouseup', {{bubbles: true, button: 0, altKey: alt}}));
    }}""", [start, end, alt])


def span_items(page: Page) -> list[tuple[int, int, str]]:
    """The span list as (start, end, label), in code points as the page reports them."""
    return [tuple(x) for x in page.eval_on_selector_all(
        ITEM, "els => els.map(e => [Number(e.dataset.start), Number(e.dataset.end), e.dataset.label])")]


def wait_for_items(page: Page, expected: list[tuple[int, int, str]]) -> None:
    page.wait_for_function(
        """(want) => JSON.stringify([...document.querySelectorAll('[data-testid=span-item]')]
             .map(e => [Number(e.dataset.start), Number(e.dataset.end), e.dataset.label])) === JSON.stringify(want)""",
        arg=[list(x) for x in expected])


def save_status(page: Page):
    return page.locator("[data-testid=save-status]")


def wait_saved(page: Page) -> None:
    """Wait until autosave has sent everything: status Saved and no unsent copy left in localStorage."""
    page.wait_for_function("""() => {
      const key = JSON.parse(document.getElementById('page-data').textContent).storage_key;
      return document.querySelector('[data-testid=save-status]').dataset.state === 'saved' && !localStorage.getItem(key);
    }""")
    expect(save_status(page)).to_have_text("Saved")


def attribute_input(page: Page, attribute: str):
    return page.locator(f"[data-testid=attribute-field][data-attribute={attribute}] [data-testid=attribute-input]")


def set_attribute(page: Page, attribute: str, value: str) -> None:
    """Type a value into an attribute field and commit it with Enter, as a person does."""
    field = attribute_input(page, attribute)
    field.fill(value)
    field.press("Enter")


def submit_annotation(page: Page) -> None:
    """Press Submit and confirm in the summary dialog."""
    page.click("[data-testid=submit-annotation]")
    page.click("[data-testid=submit-confirm]")


def click_span(page: Page, index: int = 0) -> None:
    """Click a highlighted span on its first line (a wrapped mark's box centre may fall on other text)."""
    x, y = page.locator("mark.fs-span").nth(index).evaluate(
        "m => { m.scrollIntoView({block: 'center'}); const r = m.getClientRects()[0]; return [r.left + 3, r.top + r.height / 2]; }")
    page.mouse.click(x, y)


def start_annotating(page: Page, base_url: str, annotator, work_index: int = 0) -> None:
    """Log in as the annotator and open the annotator page of one of their assignments."""
    login(page, base_url, annotator.username, annotator.password)
    open_annotator(page, base_url, annotator.work[work_index].assignment_id)


ADJUDICATOR_READY = "[data-testid=adjudicator][data-ready=true]"


def open_adjudicator(page: Page, base_url: str, text_id: int) -> None:
    page.goto(f"{base_url}/texts/{text_id}/adjudicate")
    page.wait_for_selector(ADJUDICATOR_READY)


def current_item(page: Page) -> tuple[int, int] | None:
    """(start, end) of the item selected in the adjudicator's item list."""
    el = page.query_selector("[data-testid=conflict-item][aria-current=true]")
    return (int(el.get_attribute("data-start")), int(el.get_attribute("data-end"))) if el else None


def type_reason(page: Page, reason: str) -> None:
    """Type a reason for the next decision, then leave the field so the adjudicator's keys work again."""
    page.fill("[data-testid=decision-reason]", reason)
    page.focus("[data-testid=decision-reason]")
    page.keyboard.press("Escape")
