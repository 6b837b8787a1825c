"""Benchmark the annotation page in headless Chromium: open a long text with many spans, add a span, autosave.

Run: .venv/bin/python bench/bench_browser.py [--chars 50000] [--spans 500] [--runs 5]
The real app is served from a thread (werkzeug, threaded) on a throwaway SQLite database.
"""
import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from sqlalchemy import select
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from app import create_app  # noqa: E402
from app.annotations.assignments import create_assignment  # noqa: E402
from app.annotations.saving import save_annotation_set  # noqa: E402
from app.annotations.spans import SpanInput  # noqa: E402
from app.auth.service import create_user  # noqa: E402
from app.bootstrap import initialize  # noqa: E402
from app.extensions import db, session  # noqa: E402
from app.migrate import upgrade_to_head  # noqa: E402
from app.texts.models import Text  # noqa: E402
from app.texts.readers import make_record  # noqa: E402
from app.texts.service import get_project_by_name, import_records  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PASSWORD = "bench-browser-password"
EMOJI = ["🙂", "🇷🇺", "🇨🇳", "👋🏽", "🎉", "🤔"]
ATTRIBUTES = {
    "sourced_readout": {"source": "russian_readout"},
    "author_inference": {"inference_type": "speculation"},
    "unverifiable_claim": {"reason": "motive_or_intent", "check_worthiness": "high"},
}
TARGET_OPEN_MS, TARGET_ADD_MS = 1000, 50


@dataclass(frozen=True)
class Sentence:
    words: list[tuple[int, int]]  # code-point [start, end) of each word


def make_text(chars: int, rng: random.Random) -> tuple[str, list[Sentence]]:
    """Paragraphs of 4-7 sentences of 8-14 words drawn from the seed text's vocabulary, with some emoji."""
    seed = (REPO / "seed_texts" / "putin_xi_call_2026-02-04.txt").read_text("utf-8")
    vocabulary = re.findall(r"[A-Za-z][a-z’']+", seed)
    parts: list[str] = []
    sentences: list[Sentence] = []
    length = 0
    while length < chars:
        for index in range(rng.randint(4, 7)):
            words = [rng.choice(vocabulary) for _ in range(rng.randint(8, 14))]
            words[0] = words[0].capitalize()
            if rng.random() < 0.15:
                words.insert(rng.randint(1, len(words) - 5), rng.choice(EMOJI))
            offsets, cursor = [], length + (1 if index else 0)
            for word in words:
                offsets.append((cursor, cursor + len(word)))
                cursor += len(word) + 1
            sentence = " ".join(words) + "."
            parts.append((" " if index else "") + sentence)
            length += len(parts[-1])
            sentences.append(Sentence(offsets))
        parts.append("\n")
        length += 1
    return "".join(parts).rstrip("\n"), sentences


def make_spans(sentences: list[Sentence], count: int) -> list[SpanInput]:
    """One span over the first words of evenly spread sentences; their last words stay free for new spans."""
    if len(sentences) < count:
        raise SystemExit(f"{len(sentences)} sentences cannot hold {count} spans; ask for more --chars")
    step = len(sentences) / count
    labels = list(ATTRIBUTES)
    spans = []
    for i in range(count):
        words = sentences[int(i * step)].words
        spans.append(SpanInput(words[0][0], words[1 + i % 4][1], labels[i % 3], ATTRIBUTES[labels[i % 3]]))
    return spans


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        return


@dataclass(frozen=True)
class Setup:
    base_url: str
    assignment_id: int
    text: str
    sentences: list[Sentence]
    spans: list[SpanInput]
    http: BaseWSGIServer


def start_server(folder: Path, chars: int, span_count: int) -> Setup:
    """The app on a fresh SQLite database, with one annotator whose draft holds span_count valid spans."""
    app = create_app({"TESTING": False, "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
                      "SECRET_KEY": "bench-browser-only"})
    text, sentences = make_text(chars, random.Random(7))
    spans = make_spans(sentences, span_count)
    with app.app_context():
        upgrade_to_head(db.engine)
        s = session()
        initialize(s, schemas_dir=REPO / "annotation_schemas", seed_dir=REPO / "seed_texts",
                   project_name="Seed project", demo=False)
        project = get_project_by_name(s, "Seed project")
        record = make_record(text, "bench", title="Long text (browser bench)")
        import_records(s, project=project, records=[record], source="bench")
        text_row = s.scalars(select(Text).where(Text.sha256 == record.sha256)).one()
        user = create_user(s, username="benchbrowser", role="annotator", password=PASSWORD)
        assignment = create_assignment(s, text_id=text_row.id, annotator=user,
                                       schema_version_id=project.annotation_schema_version_id)
        s.flush()
        set_id = assignment.annotation_set.id
        save_annotation_set(s, annotation_set_id=set_id, user=user, version=1, spans=spans)
        s.commit()
        assignment_id = assignment.id
    http = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    return Setup(f"http://127.0.0.1:{http.server_port}", assignment_id, text, sentences, spans, http)


# Select [start, end) (UTF-16) the way a mouse selection ends, press a label key, and time the page's work:
# keydown -> span list mutated (synchronous handler), -> next frame painted, and the autosave PUT
# (save-status "saving" -> "saved") that follows the debounce.
ADD_SPAN_JS = """async ([start, end]) => {
  const root = document.querySelector('[data-testid=document-text]');
  const list = document.querySelector('[data-testid=span-list]');
  const status = document.querySelector('[data-testid=save-status]');
  const point = (u16) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT); let acc = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (u16 < acc + n.data.length) return [n, u16 - acc]; acc += n.data.length; }
  };
  const [n1, o1] = point(start), [n2, o2] = point(end);
  n1.parentElement.scrollIntoView({block: 'center'});
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  root.dispatchEvent(new MouseEvent('mousedown', {bubbles: true, button: 0}));
  const range = document.createRange(); range.setStart(n1, o1); range.setEnd(n2, o2);
  getSelection().removeAllRanges(); getSelection().addRange(range);
  document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true, button: 0}));
  const before = list.querySelectorAll('[data-testid=span-item]').length;
  let mutated = null, saving = null, saved = null;
  const listWatch = new MutationObserver(() => { if (mutated === null) mutated = performance.now(); });
  listWatch.observe(list, {childList: true, subtree: true});
  const savedPromise = new Promise((resolve) => {
    new MutationObserver((_, obs) => {
      const state = status.dataset.state;
      if (state === 'saving' && saving === null) saving = performance.now();
      if (state === 'saved' && saving !== null) { saved = performance.now(); obs.disconnect(); resolve(); }
    }).observe(status, {attributes: true, attributeFilter: ['data-state']});
  });
  const t0 = performance.now();
  document.dispatchEvent(new KeyboardEvent('keydown', {key: '2', bubbles: true}));
  await Promise.resolve();
  const dom = (mutated ?? performance.now()) - t0;
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const frame = performance.now() - t0;
  listWatch.disconnect();
  const added = list.querySelectorAll('[data-testid=span-item]').length - before;
  await savedPromise;
  return {dom, frame, added, roundTrip: saved - saving, editToSaved: saved - t0};
}"""


def u16(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


def login(page: Page, base: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "benchbrowser")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("[data-testid=login-submit]")


def run(args: argparse.Namespace) -> dict[str, list[float]]:
    folder = Path(tempfile.mkdtemp(prefix="factspan-bench-browser-"))
    setup = start_server(folder, args.chars, args.spans)
    base, text, sentences, spans = setup.base_url, setup.text, setup.sentences, setup.spans
    print(f"text: {len(text):,} code points ({u16(text, len(text)):,} UTF-16 units), {len(spans)} spans; {base}")
    results: dict[str, list[float]] = {k: [] for k in ("open", "open_wall", "dom", "frame", "round_trip", "edit_saved")}
    step = len(sentences) / len(spans)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            login(page, base)
            for k in range(args.runs):
                started = time.perf_counter()
                page.goto(f"{base}/annotate/{setup.assignment_id}")
                page.wait_for_selector("[data-testid=annotator][data-ready=true]")
                results["open_wall"].append((time.perf_counter() - started) * 1000)
                results["open"].append(page.evaluate("performance.getEntriesByName('annotator-ready')[0].startTime"))
                count = page.locator("[data-testid=span-item]").count()
                assert count == len(spans) + k, count
                words = sentences[int((len(spans) // 5 * k + 37) * step)].words
                first, last = words[-3], words[-2]  # two words the bench spans never cover
                out = page.evaluate(ADD_SPAN_JS, [u16(text, first[0]), u16(text, last[1])])
                assert out["added"] == 1, out
                results["dom"].append(out["dom"])
                results["frame"].append(out["frame"])
                results["round_trip"].append(out["roundTrip"])
                results["edit_saved"].append(out["editToSaved"])
            browser.close()
    finally:
        setup.http.shutdown()
        setup.http.server_close()
        shutil.rmtree(folder, ignore_errors=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=50_000)
    parser.add_argument("--spans", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = run(args)
    rows = [
        ("open: navigation start -> annotator-ready", "open", TARGET_OPEN_MS),
        ("open: goto() -> data-ready (wall, Python side)", "open_wall", None),
        ("add span: keydown -> span list updated", "dom", TARGET_ADD_MS),
        ("add span: keydown -> next frame", "frame", None),
        ("autosave: PUT round trip (saving -> saved)", "round_trip", None),
        ("autosave: keydown -> saved (incl. 800 ms debounce)", "edit_saved", None),
    ]
    print(f"{'measure':<52}{'median ms':>10}{'max ms':>10}  target")
    ok = True
    for name, key, target in rows:
        median, worst = statistics.median(results[key]), max(results[key])
        verdict = "" if target is None else (f"< {target}: " + ("ok" if worst < target else "MISSED"))
        ok = ok and (target is None or worst < target)
        print(f"{name:<52}{median:>10.1f}{worst:>10.1f}  {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
