"""Blind annotation, inert HTML in texts, the exact stored text in the DOM, and the CSP header."""
import pytest
from playwright.sync_api import expect

from tests.browser.pages import DOC, READY, dom_text, login, start_annotating

pytestmark = pytest.mark.browser

FETCH_JS = """async (url) => {
  const r = await fetch(url, {headers: {Accept: 'application/json'}});
  return [r.status, r.headers.get('content-type'), await r.json()];
}"""


def test_annotator_cannot_open_or_fetch_another_annotators_work(server, page, console_errors):
    console_errors.expect(r"status of 404")
    owner = server.make_annotator()
    other = server.make_annotator()
    theirs = owner.work[0]
    login(page, server.url, other.username, other.password)

    response = page.goto(f"{server.url}/annotate/{theirs.assignment_id}")
    assert response.status == 404
    expect(page.get_by_test_id("error-message")).to_have_text(f"You have no assignment {theirs.assignment_id}.")
    expect(page.locator(DOC)).to_have_count(0)

    page.goto(f"{server.url}/annotate/{other.work[0].assignment_id}")
    page.wait_for_selector(READY)
    status, content_type, body = page.evaluate(FETCH_JS, f"/api/v1/annotation-sets/{theirs.annotation_set_id}")
    assert (status, content_type, body["reason"]) == (404, "application/json", "not_found")
    assert "spans" not in body


def test_html_in_a_text_is_shown_literally_and_never_runs(server, page):
    content = "Before <script>window.__pwned=1</script><b>bold</b> & <img src=x onerror=\"window.__pwned=2\"> after."
    annotator = server.make_annotator(server.add_text(content, title="<i>Markup</i> title"))
    start_annotating(page, server.url, annotator)

    assert dom_text(page) == content
    expect(page.locator(DOC)).to_contain_text("<script>window.__pwned=1</script><b>bold</b>")
    assert page.locator(f"{DOC} b, {DOC} script, {DOC} img").count() == 0
    expect(page.get_by_test_id("text-title")).to_have_text("<i>Markup</i> title")
    assert page.evaluate("() => typeof window.__pwned") == "undefined"


def test_seed_text_is_rendered_exactly_under_a_strict_csp(server, page):
    annotator = server.make_annotator()
    login(page, server.url, annotator.username, annotator.password)

    response = page.goto(f"{server.url}/annotate/{annotator.work[0].assignment_id}")
    page.wait_for_selector(READY)

    assert dom_text(page) == annotator.work[0].content == server.seed_text()[1]
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy
