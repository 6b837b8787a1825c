"""Drive the annotation page in the harness with Playwright and print what works, with timings.

Run: .venv/bin/python tests/browser/harness/check_annotator.py  (starts serve_harness.py itself on port 8766)
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

HERE = Path(__file__).resolve().parent
PORT = 8766
BASE = f"http://127.0.0.1:{PORT}"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SEED = Path("/work/shared/seeds/000_33f12f0f2108e3d3.txt").read_text("utf-8")
EMOJI = "Hi 😀 Putin 👨‍👩‍👧‍👦 met Xi 🇷🇺🇨🇳 in 北京 𠀋 today. مرحبا بكم in Moscow.\nSecond paragraph ends here 🎉"
RESULTS: list[tuple[str, bool, str]] = []

# Map code-point offsets to DOM points inside the document text (the page counts UTF-16 units).
POINT_JS = """([cp, root]) => {
  const text = root.textContent; let u16 = 0, i = 0;
  for (const ch of text) { if (i === cp) break; u16 += ch.length; i += 1; }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT); let acc = 0, last = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (u16 < acc + n.data.length) return [n, u16 - acc]; acc += n.data.length; last = n; }
  return [last, last.data.length];
}"""


def click_first_line(page: Page, selector: str) -> None:
    """Click a mark on its first line: a wrapped mark's box centre may fall on other text."""
    x, y = page.locator(selector).first.evaluate(
        "m => { m.scrollIntoView({block: 'center'}); const r = m.getClientRects()[0]; return [r.left + 3, r.top + r.height / 2]; }")
    page.mouse.click(x, y)


def check(name: str, ok: bool, detail: Any = "") -> None:
    RESULTS.append((name, bool(ok), str(detail)))
    print(f"{'PASS' if ok else 'FAIL'}  {name}  {detail}", flush=True)


def api(path: str, body: dict | None = None) -> dict:
    req = urllib.request.Request(BASE + path, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"}, method="GET" if body is None else "POST")
    with urllib.request.urlopen(req) as resp:
        return json.loads(resp.read())


def char_box(page: Page, cp: int, edge: str) -> tuple[float, float]:
    """Viewport point at the left (edge="start") or right (edge="end") side of the character at cp."""
    box = page.evaluate(f"""(cp) => {{
      const root = document.querySelector('[data-testid=document-text]');
      const [n, o] = ({POINT_JS})([cp, root]);
      const r = document.createRange(); r.setStart(n, o); r.setEnd(n, Math.min(n.data.length, o + 1));
      const rect = r.getClientRects()[0]; return [rect.left, rect.right, rect.top + rect.height / 2];
    }}""", cp if edge == "start" else cp - 1)
    return (box[0] + 1 if edge == "start" else box[1] - 1), box[2]


def drag(page: Page, start_cp: int, end_cp: int, alt: bool = False) -> None:
    """Real mouse drag from inside character start_cp to inside character end_cp - 1."""
    page.evaluate(f"(cp) => {{ const root = document.querySelector('[data-testid=document-text]'); const [n] = ({POINT_JS})([cp, root]); n.parentElement.scrollIntoView({{block: 'center'}}); }}", start_cp)
    x1, y1 = char_box(page, start_cp, "start")
    x2, y2 = char_box(page, end_cp, "end")
    if alt:
        page.keyboard.down("Alt")
    page.mouse.move(x1, y1)
    page.mouse.down()
    page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, steps=3)
    page.mouse.move(x2, y2, steps=3)
    page.mouse.up()
    if alt:
        page.keyboard.up("Alt")


def items(page: Page) -> list[tuple[int, int, str]]:
    return [tuple(x) for x in page.eval_on_selector_all(
        "[data-testid=span-item]", "els => els.map(e => [Number(e.dataset.start), Number(e.dataset.end), e.dataset.label])")]


def status(page: Page) -> str:
    return page.text_content("[data-testid=save-status]") or ""


def open_page(context, set_id: int) -> Page:
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and "favicon" not in m.location.get("url", "") and print("  console:", m.text))
    page.on("pageerror", lambda e: print("  pageerror:", e))
    page.goto(f"{BASE}/annotate/{set_id}")
    page.wait_for_selector("[data-testid=annotator][data-ready=true]")
    return page


def test_seed(context) -> None:
    page = open_page(context, 17)
    check("textContent is the stored text", page.text_content("[data-testid=document-text]") == SEED)
    phrase = "Because Putin wanted to let Xi know exactly what he planned"
    s = SEED.index(phrase)
    drag(page, s + 3, s + len(phrase) - 3)  # from inside "Because" to inside "planned"
    page.keyboard.press("3")
    check("mouse drag snaps to words, hotkey labels", items(page) == [(s, s + len(phrase), "unverifiable_claim")], items(page))
    phrase2 = "I think the biggest takeaway from their conversation is that"
    s2 = SEED.index(phrase2)
    drag(page, s2, s2 + len(phrase2) + 1)  # include the following space: trimmed
    page.click("[data-testid=label-button][data-label=author_inference]")
    check("label button labels the selection", (s2, s2 + len(phrase2), "author_inference") in items(page), items(page))
    drag(page, s + 10, s2 + 5)
    page.keyboard.press("1")
    alert = page.locator("[data-testid=message][role=alert]")
    check("overlap refused with role=alert", len(items(page)) == 2 and "overlap" in (alert.text_content() or ""), alert.text_content())
    sent = "This is their sixth early-year high-level chat… A tradition that began in 2021."
    s3 = SEED.index(sent)
    drag(page, s3 + 2, s3 + len(sent))
    page.keyboard.press("1")
    check("a selection across a sentence is refused with the reason", len(items(page)) == 2
          and "sentence boundary" in (alert.text_content() or ""), alert.text_content())
    last = "A tradition that began in 2021."
    s3 = SEED.index(last)
    page.keyboard.press("Escape")  # a refused selection stays selected; pressing inside it would drag it
    drag(page, s3, s3 + len(last))
    page.keyboard.press("1")
    want = (s3, s3 + len(last) - 1, "sourced_readout")
    check("trailing . trimmed; word snap", want in items(page), items(page))
    page.wait_for_timeout(1200)
    server = api("/api/v1/annotation-sets/17")
    check("autosave PUT reached the server", status(page) == "Saved" and len(server["spans"]) == len(items(page)), (status(page), server["version"]))

    # Select by clicking the mark, then edit attributes, delete, undo, redo.
    page.click(f"[data-testid=span-item][data-start='{s}']")
    check("clicking a list item selects the span", page.locator("mark.fs-span.is-selected").count() > 0)
    page.check("[data-testid=attribute-field][data-attribute=reason] input[value=motive_or_intent]")
    page.fill("[data-testid=attribute-field][data-attribute=check_worthiness] input", "3")
    page.click("[data-testid=document-text]", position={"x": 5, "y": 5})
    click_first_line(page, "mark.fs-span[data-label=unverifiable_claim]")
    check("panel shows edited attributes", page.is_checked("[data-testid=attribute-field][data-attribute=reason] input[value=motive_or_intent]"))
    page.keyboard.press("Delete")
    check("Delete removes the selected span", all(i[0] != s for i in items(page)))
    page.keyboard.press("Control+z")
    check("Ctrl+Z restores it", any(i[0] == s for i in items(page)))
    page.keyboard.press("Control+Shift+z")
    check("Ctrl+Shift+Z redoes the delete", all(i[0] != s for i in items(page)))
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+y")
    check("Ctrl+Y redoes", any(i[0] == s for i in items(page)))

    # Keyboard only: caret at text start, word moves, Shift extends, hotkey labels.
    page.click("[data-testid=document-text]", position={"x": 2, "y": 12})
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")  # end of "Before"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")  # start of "Vladimir"
    for _ in range(4):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("2")
    want = (SEED.index("Vladimir"), SEED.index("Vladimir") + len("Vladimir Putin spoke with"), "author_inference")
    check("keyboard caret + Shift+Arrow + hotkey", want in items(page), items(page)[:2])
    page.keyboard.press("BracketRight")
    want2 = (SEED.index("Putin"), want[1], "author_inference")
    check("] moves the start one word right", want2 in items(page), items(page)[:2])
    page.keyboard.press("Shift+BracketRight")
    check("} moves the end one word right", (want2[0], SEED.index("Donald") + 6, "author_inference") in items(page), items(page)[:2])
    page.keyboard.press("?")
    check("? opens the cheat sheet", page.is_visible("[data-testid=cheatsheet]"))
    page.keyboard.press("Escape")
    page.wait_for_timeout(1200)
    check("Saved after edits", status(page) == "Saved", status(page))
    page.screenshot(path="/tmp/annotator.png")
    page.close()


def test_emoji(context) -> None:
    page = open_page(context, 19)
    s = EMOJI.index("Xi")
    drag(page, s, s + 2)
    page.keyboard.press("1")
    check("span after emoji gets code-point offsets", items(page) == [(s, s + 2, "sourced_readout")], (items(page), s))
    s2 = EMOJI.index("北京")
    drag(page, s2, s2 + 1)
    page.keyboard.press("2")
    check("CJK selects single characters", (s2, s2 + 1, "author_inference") in items(page), items(page))
    s3 = EMOJI.index("here")
    drag(page, s3, len(EMOJI), alt=True)
    page.keyboard.press("3")
    check("Alt drag to text end includes the final emoji", (s3, len(EMOJI), "unverifiable_claim") in items(page), items(page))
    page.wait_for_timeout(1200)
    check("emoji set saved", [(x["start"], x["end"]) for x in api("/api/v1/annotation-sets/19")["spans"]] == [(s, s + 2), (s2, s2 + 1), (s3, len(EMOJI))])
    page.close()


def test_offline_and_conflict(context) -> None:
    page = open_page(context, 17)
    context.set_offline(True)
    s = SEED.index("Trade and energy cooperation")
    drag(page, s, s + len("Trade and energy cooperation"))
    page.keyboard.press("1")
    page.wait_for_timeout(1200)
    stored = page.evaluate("localStorage.getItem('factspan:annotation-set:17')")
    check("offline status shown and copy kept", status(page) == "Offline — changes kept in this browser" and stored, status(page))
    context.set_offline(False)
    page.wait_for_timeout(1500)
    check("back online: sent and Saved", status(page) == "Saved" and any(x["start"] == s for x in api("/api/v1/annotation-sets/17")["spans"]), status(page))

    # Unsent changes survive closing the tab and are sent on the next load.
    context.set_offline(True)
    s2 = SEED.index("Moscow and Beijing")
    drag(page, s2, s2 + len("Moscow and Beijing"))
    page.keyboard.press("2")
    page.wait_for_timeout(300)
    page.close(run_before_unload=False)
    context.set_offline(False)
    page = open_page(context, 17)
    page.wait_for_timeout(1200)
    check("restored from localStorage and sent on load", any(x["start"] == s2 for x in api("/api/v1/annotation-sets/17")["spans"]), status(page))

    # Two tabs: the second one's stale save merges with the first one's (they touch different spans).
    other = open_page(context, 17)
    s3 = SEED.index("Special attention")
    drag(page, s3, s3 + len("Special attention"))
    page.keyboard.press("1")
    page.wait_for_timeout(1200)
    s4 = SEED.index("Putin will also attend")
    drag(other, s4, s4 + len("Putin will also attend"))
    other.keyboard.press("1")
    other.wait_for_timeout(1500)
    saved = api("/api/v1/annotation-sets/17")["spans"]
    check("two tabs: different spans merge without asking", not other.is_visible("[data-testid=conflict-banner]")
          and status(other) == "Saved" and {s3, s4} <= {x["start"] for x in saved}, status(other))
    check("two tabs: the merged tab shows both", {s3, s4} <= {i[0] for i in items(other)})
    other.close()
    page.close()


def test_submit(context) -> None:
    api("/harness/reset", {})
    page = open_page(context, 17)
    phrase = "Putin will also attend"
    s = SEED.index(phrase)
    drag(page, s, s + len(phrase))
    page.keyboard.press("1")
    page.keyboard.press("Escape")
    page.click("[data-testid=submit-annotation]")
    page.wait_for_timeout(1200)
    check("submit blocked by missing required attribute", page.locator("[data-testid=span-item][aria-invalid=true]").count() == 1
          and page.is_visible("[data-testid=attribute-field][data-attribute=source]"), page.text_content("[data-testid=message]"))
    page.select_option("[data-testid=attribute-field][data-attribute=source] select", "russian_readout")
    page.click("[data-testid=submit-annotation]")
    page.wait_for_timeout(1200)
    check("submit shows the summary first", page.is_visible("[data-testid=submit-dialog]"))
    page.click("[data-testid=submit-confirm]")
    page.wait_for_timeout(1200)
    check("submit succeeds, read-only with Reopen", page.text_content("[data-testid=annotation-status]") == "Submitted"
          and page.is_visible("[data-testid=reopen-annotation]") and api("/api/v1/annotation-sets/17")["status"] == "submitted")
    page.keyboard.press("Delete")
    check("read-only: no edits", len(items(page)) == 1)
    api("/harness/sets/17", {"adjudication_started": True})
    page.click("[data-testid=reopen-annotation]")
    page.wait_for_timeout(300)
    check("reopen refused after adjudication started", "adjudicat" in (page.text_content("[data-testid=message]") or "")
          and page.is_visible("[data-testid=reopen-closed]") and not page.is_visible("[data-testid=reopen-annotation]"))
    api("/harness/sets/17", {"adjudication_started": False})
    page.reload()
    page.wait_for_selector("[data-testid=annotator][data-ready=true]")
    page.click("[data-testid=reopen-annotation]")
    page.wait_for_timeout(300)
    check("reopen works", page.text_content("[data-testid=annotation-status]") == "Draft")
    page.close()


def test_vectors_and_auth(context) -> None:
    page = open_page(context, 17)
    vectors = json.loads((HERE.parents[1] / "vectors" / "offsets.json").read_text("utf-8"))["cases"]
    bad = page.evaluate("""async (cases) => {
      const { OffsetIndex, codePointToUtf16, utf16ToCodePoint } = await import('/static/js/offsets.js');
      const bad = [];
      for (const c of cases) {
        const index = new OffsetIndex(c.text);
        for (const [cp, u16] of c.pairs) {
          if (codePointToUtf16(c.text, cp) !== u16 || utf16ToCodePoint(c.text, u16) !== cp
              || index.toUtf16(cp) !== u16 || index.toCodePoint(u16) !== cp) bad.push([c.name, cp, u16]);
        }
        for (const u16 of c.utf16_inside_pair) {
          try { index.toCodePoint(u16); bad.push([c.name, 'inside', u16]); } catch (e) { if (!(e instanceof RangeError)) bad.push([c.name, 'type', u16]); }
        }
      }
      return bad;
    }""", vectors)
    check("offset vectors hold in Chromium", bad == [], bad[:3])
    api("/harness/sets/17", {"auth_expired": True})
    s = SEED.index("Bilateral Ties")
    drag(page, s, s + len("Bilateral Ties"))
    page.keyboard.press("1")
    page.wait_for_timeout(1200)
    check("expired session shows the log-in banner", page.is_visible("[data-testid=auth-banner]") and page.is_visible("[data-testid=login-link]"))
    page.close()


def test_bench(browser) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(f"{BASE}/annotate/18")
    page.wait_for_selector("[data-testid=annotator][data-ready=true]")
    wall = (time.perf_counter() - t0) * 1000
    ready = page.evaluate("performance.getEntriesByName('annotator-ready')[0].startTime")
    n = page.locator("[data-testid=span-item]").count()
    check("50k/500: open to interactive < 1 s", ready < 1000 and n == 500, f"ready at {ready:.0f} ms after navigation start; wall {wall:.0f} ms; {n} spans")
    # Label a gap between two spans; time keydown -> DOM updated (synchronous) -> layout done.
    times = page.evaluate(f"""async () => {{
      const root = document.querySelector('[data-testid=document-text]');
      const chars = [...root.textContent];
      const items = [...document.querySelectorAll('[data-testid=span-item]')];
      const out = [];
      for (let k = 0; k < 5; k += 1) {{
        // 20 characters of one sentence, off headings, so the span rules let the span through.
        let gapStart = Number(items[100 + k * 50].dataset.end) + 2;
        while (/[.!?…\n:]/.test(chars.slice(gapStart, gapStart + 22).join(''))) gapStart += 1;
        const gapEnd = gapStart + 20;
        const [n1, o1] = ({POINT_JS})([gapStart, root]);
        const [n2, o2] = ({POINT_JS})([gapEnd, root]);
        n1.parentElement.scrollIntoView({{block: 'center'}});
        root.dispatchEvent(new MouseEvent('mousedown', {{bubbles: true, button: 0}}));
        const r = document.createRange(); r.setStart(n1, o1); r.setEnd(n2, o2);
        getSelection().removeAllRanges(); getSelection().addRange(r);
        document.dispatchEvent(new MouseEvent('mouseup', {{bubbles: true, button: 0}}));
        const before = document.querySelectorAll('[data-testid=span-item]').length;
        const t0 = performance.now();
        document.dispatchEvent(new KeyboardEvent('keydown', {{key: '2', bubbles: true}}));
        document.body.getBoundingClientRect();
        const t1 = performance.now();
        await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
        const t2 = performance.now();
        out.push([t1 - t0, t2 - t0, document.querySelectorAll('[data-testid=span-item]').length - before]);
      }}
      return out;
    }}""")
    worst = max(t[0] for t in times)
    check("50k/500: add span updates DOM < 50 ms", worst < 50 and all(t[2] == 1 for t in times),
          "keydown->DOM+layout " + ", ".join(f"{t[0]:.1f}" for t in times) + " ms; to next frame " + ", ".join(f"{t[1]:.1f}" for t in times) + " ms")
    page.screenshot(path="/tmp/annotator-big.png")
    context.close()


def main() -> int:
    server = subprocess.Popen([sys.executable, str(HERE / "serve_harness.py"), "--port", str(PORT)], stdout=subprocess.PIPE)
    try:
        server.stdout.readline()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for test in (test_seed, test_emoji, test_offline_and_conflict, test_submit, test_vectors_and_auth):
                api("/harness/reset", {})
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                try:
                    test(context)
                except Exception as exc:  # report and go on with the next scenario
                    check(test.__name__, False, repr(exc)[:400])
                context.close()
            test_bench(browser)
            browser.close()
    finally:
        server.terminate()
        server.wait()
    failed = [r for r in RESULTS if not r[1]]
    print(f"{len(RESULTS) - len(failed)}/{len(RESULTS)} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
