"""Small things every page shares: a favicon (no 404 in the console) and status pills on one line."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD
from tests.browser.pages import login

pytestmark = pytest.mark.browser


def test_pages_have_a_favicon_and_no_request_fails(live_server, page):
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    login(page, live_server.url, "annotator1", DEMO_PASSWORD)
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(live_server.url + icon).status == 200
    page.reload()
    page.wait_for_load_state("networkidle")
    assert failed == []


@pytest.mark.parametrize("width", [1400, 800])
def test_the_not_started_pill_stays_on_one_line(server, page, width):
    annotator = server.make_annotator()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, server.url, annotator.username, annotator.password)
    pill = page.locator("[data-testid=assignment-row] .status")
    expect(pill).to_have_text("not started")
    height, line = pill.evaluate("e => [e.getBoundingClientRect().height, parseFloat(getComputedStyle(e).lineHeight) || 20]")
    assert height < 1.6 * line
