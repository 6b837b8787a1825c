"""Drive the adjudication page in the harness with Playwright (Debian's Chromium) and print what works, with timings.

Run: .venv/bin/python tests/browser/harness/check_adjudicator.py  (starts serve_adjudication_harness.py on a free port)
Screenshots: /tmp/adjudicator.png (seed text, one decision made), /tmp/adjudicator-edit.png, /tmp/adjudicator-big.png.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

HERE = Path(__file__).resolve().parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SEED = Path("/work/shared/seeds/000_33f12f0f2108e3d3.txt").read_text("utf-8")
EMOJI = json.loads((HERE / "adjudication" / "fixtures.json").read_text("utf-8"))["emoji"]["text"]
RESULTS: list[tuple[str, bool, str]] = []
PROBLEMS: list[str] = []
BASE = ""
CSP_PROBE = "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective));"


def check(name: str, ok: bool, detail: Any = "") -> None:
    RESULTS.append((name, bool(ok), str(detail)))
    print(f"{'PASS' if ok else 'FAIL'}  {name}  {detail}", flush=True)


def api(path: str, body: dict | None = None) -> dict:
    req = urllib.request.Request(BASE + path, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"}, method="GET" if body is None else "POST")
    with urllib.request.urlopen(req) as resp:
        return json.loads(resp.read())


def open_page(context, text_id: int) -> Page:
    page = context.new_page()
    # Expected 409/422 answers to decisions show up as console errors too; anything else counts.
    page.on("console", lambda m: m.type == "error" and "/decision" not in m.location.get("url", "")
            and PROBLEMS.append(f"console: {m.text} {m.location.get('url', '')}"))
    page.on("pageerror", lambda e: PROBLEMS.append(f"pageerror: {e}"))
    page.on("response", lambda r: r.status >= 400 and "/decision" not in r.url
            and PROBLEMS.append(f"HTTP {r.status} {r.url}"))
    page.add_init_script(CSP_PROBE)
    page.goto(f"{BASE}/adjudicate/{text_id}")
    page.wait_for_selector("[data-testid=adjudicator][data-ready=true]")
    return page


def status(page: Page) -> str:
    return (page.text_content("[data-testid=adjudication-status]") or "").strip()


def current(page: Page) -> int | None:
    el = page.query_selector("[data-testid=conflict-item][aria-current=true]")
    return int(el.get_attribute("data-item-id")) if el else None


def gold(page: Page) -> list[tuple[int, int, str]]:
    return [tuple(x) for x in page.eval_on_selector_all(
        "[data-testid=gold-item]", "els => els.map(e => [Number(e.dataset.start), Number(e.dataset.end), e.dataset.label])")]


def item_attr(page: Page, item_id: int, attr: str) -> str | None:
    return page.get_attribute(f"[data-testid=conflict-item][data-item-id='{item_id}']", attr)


def wait_status(page: Page, text: str) -> None:
    page.wait_for_function("(t) => document.querySelector('[data-testid=adjudication-status]').textContent.trim() === t", arg=text)


def server_item(text_id: int, item_id: int) -> dict:
    return next(i for i in api(f"/api/v1/texts/{text_id}/adjudication")["items"] if i["id"] == item_id)


def test_seed(context) -> None:
    page = open_page(context, 3)
    check("textContent is the stored text", page.text_content("[data-testid=document-text]") == SEED)
    check("status shows N open; first open item selected", status(page) == "7 open" and current(page) == 3000, (status(page), current(page)))
    check("12 items listed, conflicts filter shows 7", page.locator("[data-testid=conflict-item]").count() == 12
          and page.locator("[data-testid=conflict-item]:visible").count() == 7)
    check("one lane per annotator with names", page.eval_on_selector_all("[data-testid=lane]", "els => els.map(e => e.dataset.annotator)")
          == ["annotator1", "annotator2", "annotator3"])
    check("open conflicts are hatched/outlined in the text", page.locator("mark.fs-anchor-open").count() >= 7)

    page.click("[data-testid=conflict-item][data-item-id='3002']")
    in_view = page.evaluate("() => { const r = document.querySelector('mark.is-current').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    accepts = page.eval_on_selector_all("[data-testid=accept-annotator]", "els => els.map(e => e.dataset.annotator)")
    check("click selects the item and scrolls the text to it", current(page) == 3002 and in_view, current(page))
    check("accept buttons only for annotators who proposed", accepts == ["annotator1", "annotator2"], accepts)
    page.fill("[data-testid=decision-reason]", "annotator2 follows the guideline")
    page.click("[data-testid=accept-annotator][data-annotator=annotator2]")
    wait_status(page, "6 open")
    decision = server_item(3, 3002)["decision"]
    check("accept annotator: resolved, gold listed, reason sent", item_attr(page, 3002, "data-status") == "resolved"
          and (309, 469, "author_inference") in gold(page) and decision["chosen_annotator"] == "annotator2"
          and decision["reason"] == "annotator2 follows the guideline", decision)
    check("selection moves on to the next open item", current(page) == 3004, current(page))
    page.click("[data-testid=conflict-item][data-item-id='3002']")
    info = page.text_content("[data-testid=decision-info]") or ""
    check("decision shows action, who and when", "Accepted annotator2's version" in info and "reviewer" in info and "guideline" in info, info)

    page.keyboard.press("n")
    check("n selects the next conflict", current(page) == 3004, current(page))
    page.keyboard.press("p")
    page.keyboard.press("p")
    check("p twice selects the previous conflicts", current(page) == 3000, current(page))
    page.evaluate("scrollTo(0, 0)")
    page.screenshot(path="/tmp/adjudicator.png")

    # Edit boundaries and label with the keyboard, then save with Enter.
    page.keyboard.press("e")
    check("e opens the editor from the leading proposal", page.is_visible("[data-testid=item-editor]")
          and page.is_visible("[data-testid=track-edit-row]"))
    page.keyboard.press("BracketRight")
    page.keyboard.press("Shift+BracketLeft")
    page.keyboard.press("2")
    page.keyboard.press("Enter")
    check("Enter refuses a missing required attribute", page.is_visible("[data-testid=item-editor]")
          and page.locator(".fs-field.has-error").count() == 1 and item_attr(page, 3000, "data-status") == "open",
          page.text_content("[data-testid=message]"))
    field = "[data-testid=attribute-field][data-attribute=inference_type] select"
    page.focus(field)
    page.select_option(field, "interpretation")
    page.keyboard.press("Escape")  # leaves the field; keys work again
    page.screenshot(path="/tmp/adjudicator-edit.png")
    page.keyboard.press("Enter")
    wait_status(page, "5 open")
    start, end = SEED.index("Putin wanted"), SEED.index(" Trump. This is how")
    check("edit saved: ] moved start, { moved end, 2 relabelled", (start, end, "author_inference") in gold(page)
          and server_item(3, 3000)["decision"]["action"] == "edit", [g for g in gold(page) if g[0] < 300])
    check("after the edit the next open item is selected", current(page) == 3004, current(page))

    page.keyboard.press("u")
    check("u goes to the next open item", current(page) == 3007, current(page))
    page.keyboard.press("x")
    wait_status(page, "4 open")
    check("x rejects all: resolved without gold", item_attr(page, 3007, "data-status") == "resolved"
          and not [g for g in gold(page) if 2816 <= g[0] < 2905] and server_item(3, 3007)["decision"]["action"] == "reject_all")
    page.click("[data-testid=conflict-item][data-item-id='3004']")
    page.click("[data-testid=no-span]")
    wait_status(page, "3 open")
    check("no-span button resolves without gold", server_item(3, 3004)["decision"]["action"] == "no_span"
          and item_attr(page, 3004, "data-status") == "resolved" and not [g for g in gold(page) if 1026 <= g[0] < 1276])
    check("then the next open item is selected", current(page) == 3009, current(page))

    api("/harness/texts/3", {"stale_next": True})
    page.keyboard.press("x")
    page.wait_for_function("() => /Someone else/.test(document.querySelector('[data-testid=message]').textContent)")
    check("409 stale: reloads and says so", status(page) == "3 open" and item_attr(page, 3009, "data-status") == "open")

    page.keyboard.press("1")
    wait_status(page, "2 open")
    page.keyboard.press("2")
    wait_status(page, "1 open")
    check("2 accepts annotator2's two spans", len([g for g in gold(page) if 6218 <= g[0] < 6365]) == 2, gold(page)[-3:])
    page.keyboard.press("2")
    msg = page.text_content("[data-testid=message]") or ""
    check("digit of an annotator without proposal explains", "proposed nothing" in msg and status(page) == "1 open", msg)
    page.keyboard.press("1")
    wait_status(page, "Adjudicated")
    check("status reaches Adjudicated", api("/api/v1/texts/3/adjudication")["text"]["adjudication_status"] == "adjudicated")
    page.keyboard.press("?")
    check("? opens the cheat sheet", page.is_visible("[data-testid=cheatsheet]"))
    page.keyboard.press("Escape")
    check("Esc closes it", not page.is_visible("[data-testid=cheatsheet]"))
    page.click("[data-testid=next-unresolved]")
    page.wait_for_url(re.compile(r"/adjudicate/5$"))
    check("next-unresolved goes to the next text with conflicts", page.url.endswith("/adjudicate/5"), page.url)
    page.wait_for_selector("[data-testid=adjudicator][data-ready=true]")
    check("no CSP violations", page.evaluate("window.__csp") == [], page.evaluate("window.__csp"))
    page.close()


def test_overlap_422(context) -> None:
    page = open_page(context, 3)
    page.keyboard.press("e")
    page.keyboard.press("Shift+BracketRight")  # the end into the next sentence: the page refuses, the span rules say why
    check("moving a boundary across a sentence is refused on the page",
          "sentence boundary" in (page.text_content("[data-testid=message]") or ""), page.text_content("[data-testid=message]"))
    # The server's own refusal (here an overlap with other gold) is shown the same way; it is answered by hand,
    # since the page now refuses every edit the harness could make to reach it.
    page.route("**/decision", lambda route: route.fulfill(status=422, content_type="application/json", body=json.dumps({
        "code": 422, "status": "Unprocessable Entity", "reason": "overlap_not_allowed",
        "message": "The span overlaps gold decided in another item.",
        "errors": {"spans": {"0": {"start": ["Overlaps gold."]}}}})))
    page.keyboard.press("Enter")
    page.wait_for_function("() => /Not saved/.test(document.querySelector('[data-testid=message]').textContent)")
    check("422 from the server is shown, editor stays open", "Overlaps" in (page.text_content("[data-testid=message]") or "")
          and page.is_visible("[data-testid=item-editor]") and status(page) == "7 open", page.text_content("[data-testid=message]"))
    page.keyboard.press("Escape")
    check("Esc cancels the edit", not page.is_visible("[data-testid=item-editor]") and page.is_visible("[data-testid=item-actions]"))
    page.close()


def test_emoji(context) -> None:
    page = open_page(context, 5)
    phrase = "Putin 👨‍👩‍👧‍👦 met Xi"
    page.keyboard.press("1")
    wait_status(page, "Adjudicated")
    start = EMOJI.index(phrase)
    marked = page.eval_on_selector_all("mark.fs-gold[data-item-id='5000']", "els => els.map(e => e.textContent).join('')")
    check("emoji: gold offsets are code points and marks cover the right text",
          (start, start + len(phrase), "sourced_readout") in gold(page) and marked == phrase, (gold(page), marked))
    check("emoji: textContent unchanged", page.text_content("[data-testid=document-text]") == EMOJI)
    page.close()


def test_bench(browser) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = open_page(context, 4)
    ready = page.evaluate("performance.getEntriesByName('adjudicator-ready')[0].startTime")
    counts = page.evaluate("""() => ({items: document.querySelectorAll('[data-testid=conflict-item]').length,
      lanes: document.querySelectorAll('[data-testid=lane-span]').length, chars: document.querySelector('[data-testid=document-text]').textContent.length})""")
    check("50k/200 items: open to interactive", counts["items"] == 200 and ready < 1500,
          f"ready {ready:.0f} ms after navigation start; {counts}")
    nav = page.evaluate("""async () => {
      const out = [];
      for (let k = 0; k < 10; k += 1) {
        const t0 = performance.now();
        document.dispatchEvent(new KeyboardEvent('keydown', {key: 'n', bubbles: true}));
        document.body.getBoundingClientRect();
        out.push(performance.now() - t0);
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      }
      return out;
    }""")
    check("50k: n (select + scroll + track) per key", max(nav) < 50, "ms " + ", ".join(f"{t:.1f}" for t in nav))
    decide = page.evaluate("""async () => {
      const out = [];
      const badge = document.querySelector('[data-testid=adjudication-status]');
      for (let k = 0; k < 5; k += 1) {
        const before = badge.textContent;
        const t0 = performance.now();
        document.dispatchEvent(new KeyboardEvent('keydown', {key: 'x', bubbles: true}));
        while (badge.textContent === before) await new Promise((r) => setTimeout(r, 1));
        document.body.getBoundingClientRect();
        out.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
      return out;
    }""")
    check("50k: decision round trip + full re-render", max(decide) < 250, "ms " + ", ".join(f"{t:.0f}" for t in decide))
    page.screenshot(path="/tmp/adjudicator-big.png")
    check("bench: no CSP violations", page.evaluate("window.__csp") == [])
    context.close()


def main() -> int:
    global BASE
    server = subprocess.Popen([sys.executable, str(HERE / "serve_adjudication_harness.py"), "--port", "0"],
                              stdout=subprocess.PIPE, text=True)
    try:
        BASE = re.search(r"http://[\d.]+:\d+", server.stdout.readline())[0]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for test in (test_seed, test_overlap_422, test_emoji):
                api("/harness/reset", {})
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                try:
                    test(context)
                except Exception as exc:  # report and go on with the next scenario
                    check(test.__name__, False, repr(exc)[:400])
                context.close()
            api("/harness/reset", {})
            test_bench(browser)
            browser.close()
    finally:
        server.terminate()
        server.wait()
    check("no console errors or failed requests", not PROBLEMS, PROBLEMS[:5])
    failed = [r for r in RESULTS if not r[1]]
    print(f"{len(RESULTS) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
