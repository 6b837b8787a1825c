"""Serve the adjudication page over a fake in-memory adjudication API, for developing the JS without the backend.

Run: .venv/bin/python tests/browser/harness/serve_adjudication_harness.py [--port 0]
Pages: /adjudicate/3 (seed text, 3 annotators), /adjudicate/4 (50,000 characters, 200 items), /adjudicate/5 (emoji).
The page is app/templates/gold/adjudicate.html rendered with Jinja2 over the stand-in base.html, under a strict
Content-Security-Policy. Test controls: POST /harness/reset, POST /harness/texts/<id> with {"stale_next": true}.
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
from datetime import datetime, timezone
from http.server import ThreadingHTTPServer
from typing import Any

import jinja2
from harness_http import CSRF, HERE, REPO, SCHEMA, SEED, HarnessHandler, error

LABELS = {label["id"]: label for label in SCHEMA["labels"]}
FIXTURES = json.loads((HERE / "adjudication" / "fixtures.json").read_text("utf-8"))
ORDER = (3, 5, 4)  # the order next_unresolved_url walks
Span = dict[str, Any]


def phrase_lanes(text: str, fixture: dict[str, Any]) -> dict[str, list[Span]]:
    """Each annotator's phrases (n-th occurrence) as code-point spans of text."""
    lanes: dict[str, list[Span]] = {}
    for annotator, specs in fixture["lanes"].items():
        lanes[annotator] = []
        for spec in specs:
            start = -1
            for _ in range(spec["occurrence"] + 1):
                start = text.index(spec["phrase"], start + 1)
            lanes[annotator].append({**{k: spec[k] for k in ("label", "attributes")}, "start": start, "end": start + len(spec["phrase"])})
    return lanes


def bench_text_and_lanes() -> tuple[str, dict[str, list[Span]]]:
    """50,000 characters; 100 conflict regions (4 + 4 + 2 spans) and 100 agreed spans: 200 items, 500/500/300 spans."""
    seed = SEED.read_text("utf-8")
    text = ""
    while len(text) < 50_000:
        text += seed.replace("Why?", "Why? 🤔", 1) + "\n"
    text = text[:50_000].rsplit(" ", 1)[0] + " 🎉"
    starts = [m.start() for m in re.finditer(r"\b\w", text)]
    word_start = lambda pos: starts[bisect.bisect_left(starts, pos)]  # noqa: E731
    word_end = lambda pos: re.compile(r"\w*").match(text, pos).end()  # noqa: E731
    labels, attrs = list(LABELS), FIXTURES["bench_attributes"]
    lanes: dict[str, list[Span]] = {"annotator1": [], "annotator2": [], "annotator3": []}
    span = lambda s, e, label: {"start": s, "end": e, "label": label, "attributes": attrs[label]}  # noqa: E731
    for slot in range(200):
        base, label = word_start(slot * 245 + 5), labels[slot % 3]
        if slot % 2:
            lanes["annotator1"].append(span(base, word_end(base + 40), label))
            lanes["annotator2"].append(span(base, word_end(base + 40), label))
            lanes["annotator3"].append(span(base, word_end(base + 40), label))
            continue
        cuts = [word_start(base + 55 * k) for k in range(5)]
        for k in range(4):
            end = min(word_end(cuts[k] + 38), cuts[k + 1] - 1)
            lanes["annotator1"].append(span(cuts[k], end, label))
            short = min(word_end(cuts[k] + 22), end) if k == 1 else end
            lanes["annotator2"].append(span(cuts[k], short, labels[(slot + 1) % 3] if k == 2 else label))
        # annotator3 bridges the pieces, so the whole region is one item.
        lanes["annotator3"].append(span(cuts[0], word_end(cuts[1] + 2), label))
        lanes["annotator3"].append(span(word_start(cuts[1] + 14), word_end(cuts[3] + 30), label))
    return text, lanes


def make_items(lanes: dict[str, list[Span]], annotators: list[str], next_id: int) -> list[dict[str, Any]]:
    """Cluster overlapping proposals of all annotators into items; unanimous ones are resolved by policy."""
    flat = sorted(({**s, "annotator": a} for a in annotators for s in lanes[a]), key=lambda s: (s["start"], s["end"]))
    clusters: list[list[Span]] = []
    for s in flat:
        if clusters and s["start"] < max(x["end"] for x in clusters[-1]):
            clusters[-1].append(s)
        else:
            clusters.append([s])
    items = []
    for i, proposals in enumerate(clusters):
        candidates: dict[tuple, dict[str, Any]] = {}
        for p in proposals:
            key = (p["start"], p["end"], p["label"])
            candidates.setdefault(key, {"start": key[0], "end": key[1], "label": key[2], "votes": []})["votes"].append(p["annotator"])
        proposed = {p["annotator"] for p in proposals}
        tally = {"annotators": len(annotators), "needed": len(annotators) // 2 + 1,
                 "candidates": sorted(candidates.values(), key=lambda c: -len(c["votes"])),
                 "no_span": [a for a in annotators if a not in proposed]}
        agreed = all(len(c["votes"]) == len(annotators) for c in candidates.values())
        item = {"id": next_id + i, "start": min(p["start"] for p in proposals), "end": max(p["end"] for p in proposals),
                "kind": "agreed" if agreed else "conflict", "status": "open", "proposals": proposals, "tally": tally,
                "decision": None, "gold": []}
        if agreed:
            gold = [{**{k: c[k] for k in ("start", "end", "label")}, "attributes": next(
                p["attributes"] for p in proposals if p["start"] == c["start"] and p["end"] == c["end"]),
                "proposed_by": c["votes"]} for c in candidates.values()]
            decide(item, "policy", gold, None, "All annotators agree.", None)
        items.append(item)
    return items


def decide(item: dict[str, Any], action: str, gold: list[Span], chosen: str | None, reason: str, by: str | None) -> None:
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    item["decision"] = {"id": item["id"] * 100 + (item["decision"]["id"] % 100 + 1 if item["decision"] else 1), "action": action,
                        "decided_by": by, "chosen_annotator": chosen, "reason": reason, "created_at": stamp}
    item["gold"] = sorted(gold, key=lambda g: (g["start"], g["end"]))
    item["status"] = "resolved"


def initial_texts() -> dict[int, dict[str, Any]]:
    seed_text = SEED.read_text("utf-8")
    bench_text, bench_lanes = bench_text_and_lanes()
    emoji = FIXTURES["emoji"]
    raw = {3: (FIXTURES["seed"]["title"], seed_text, FIXTURES["seed"]["annotators"], phrase_lanes(seed_text, FIXTURES["seed"])),
           4: ("Long text (bench)", bench_text, ["annotator1", "annotator2", "annotator3"], bench_lanes),
           5: (emoji["title"], emoji["text"], emoji["annotators"], phrase_lanes(emoji["text"], emoji))}
    texts = {}
    for text_id, (title, content, annotators, lanes) in raw.items():
        items = make_items(lanes, annotators, text_id * 1000)
        texts[text_id] = {"id": text_id, "title": title, "content": content, "annotators": annotators,
                          "lanes": lanes, "items": items, "stale_next": False}
    return texts


TEXTS = initial_texts()


def payload(t: dict[str, Any]) -> dict[str, Any]:
    open_count = sum(item["status"] == "open" for item in t["items"])
    reviewed = any(item["decision"] and item["decision"]["decided_by"] for item in t["items"])
    status = "adjudicated" if open_count == 0 else ("in_progress" if reviewed else "pending")
    gold = [{**g, "item_id": item["id"]} for item in t["items"] for g in item["gold"]]
    return {"text": {"id": t["id"], "title": t["title"], "adjudication_status": status}, "annotators": t["annotators"],
            "lanes": t["lanes"], "items": t["items"], "gold": sorted(gold, key=lambda g: (g["start"], g["end"])),
            "open_count": open_count}


def validate_edit(t: dict[str, Any], item: dict[str, Any], spans: list[Span]) -> dict[str, dict[str, list[str]]]:
    errors: dict[str, dict[str, list[str]]] = {}
    others = [g for other in t["items"] if other is not item for g in other["gold"]]
    for i, span in enumerate(spans):
        bad = errors.setdefault(str(i), {})
        if span.get("label") not in LABELS:
            bad["label"] = ["Unknown label."]
        elif not (isinstance(span.get("start"), int) and isinstance(span.get("end"), int)
                  and 0 <= span["start"] < span["end"] <= len(t["content"])):
            bad["end"] = ["Span offsets are out of range."]
        else:
            attrs = span.get("attributes") or {}
            for attr in LABELS[span["label"]]["attributes"]:
                cond = attr["visible_when"]
                if attr["required"] and not (cond and attrs.get(cond["attribute"]) != cond["equals"]) \
                        and attrs.get(attr["id"]) in (None, "", []):
                    bad[attr["id"]] = [f"{attr['name']} is required."]
            for j, other in enumerate(others + spans[:i]):
                if other["start"] < span["end"] and span["start"] < other["end"]:
                    where = "another item's gold span" if j < len(others) else f"edited span {j - len(others) + 1}"
                    bad["start"] = [f"Overlaps {where} at {other['start']}–{other['end']}."]
        if not bad:
            del errors[str(i)]
    return errors


def post_decision(item_id: int, body: dict[str, Any]) -> tuple[int, Any]:
    t = TEXTS.get(item_id // 1000)
    item = next((x for x in t["items"] if x["id"] == item_id), None) if t else None
    if item is None:
        return error(404, "not_found", "No such adjudication item.")
    if t["stale_next"]:
        t["stale_next"] = False
        return error(409, "stale", "Someone else decided this item after you loaded the page.")
    action, reason = body.get("action"), str(body.get("reason") or "")
    with_votes = lambda spans: [{**{k: s[k] for k in ("start", "end", "label", "attributes")}, "proposed_by": sorted(  # noqa: E731
        {p["annotator"] for p in item["proposals"] if (p["start"], p["end"], p["label"]) == (s["start"], s["end"], s["label"])})}
        for s in spans]
    if action == "accept_annotator":
        mine = [p for p in item["proposals"] if p["annotator"] == body.get("annotator")]
        if not mine:
            return error(422, "validation", "That annotator proposed nothing here.", {"annotator": ["No proposal in this item."]})
        decide(item, action, with_votes(mine), body["annotator"], reason, "reviewer")
    elif action == "edit":
        spans = body.get("spans") or []
        errors = validate_edit(t, item, spans) if spans else {"_schema": ["Give at least one span, or choose No span."]}
        if errors:
            return error(422, "validation", "Some edited spans are invalid.", {"spans": errors})
        decide(item, action, with_votes(spans), None, reason, "reviewer")
    elif action in ("reject_all", "no_span"):
        decide(item, action, [], None, reason, "reviewer")
    else:
        return error(422, "validation", "Unknown action.", {"action": ["Must be one of accept_annotator, edit, reject_all, no_span."]})
    return 200, payload(t)


def render_page(text_id: int) -> str:
    t = TEXTS[text_id]
    env = jinja2.Environment(loader=jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(HERE)), jinja2.FileSystemLoader(str(REPO / "app" / "templates"))]), autoescape=True)
    env.filters["tojson"] = lambda value: jinja2.utils.htmlsafe_json_dumps(value)
    page_data = {"adjudication_url": f"/api/v1/texts/{text_id}/adjudication",
                 "decision_url_template": "/api/v1/adjudication-items/{id}/decision",
                 "next_unresolved_url": "/projects/1/adjudication/next", "dashboard_url": "/projects/1/agreement",
                 "schema": SCHEMA, "adjudication": payload(t)}
    return env.get_template("gold/adjudicate.html").render(
        text={"id": text_id, "title": t["title"], "content": t["content"]}, project={"id": 1, "name": "Readouts 2026"},
        page_data=page_data, csrf_token=CSRF, url_for=lambda endpoint, filename: f"/static/{filename}")


class Handler(HarnessHandler):
    def route(self, method: str, path: str, body: dict[str, Any]) -> None:
        if path in ("/", "/projects/1/adjudication/next"):
            target = next((i for i in ORDER if any(x["status"] == "open" for x in TEXTS[i]["items"])), None)
            self.redirect(f"/adjudicate/{target}" if target else "/projects/1/agreement")
        elif path == "/favicon.ico":
            self.send(200, b"", "image/x-icon")
        elif path == "/projects/1/agreement":
            self.send(200, "<!doctype html><title>Agreement</title><h1 data-testid=dashboard>Agreement dashboard</h1>", "text/html")
        elif (m := re.fullmatch(r"/adjudicate/(\d+)", path)) and int(m[1]) in TEXTS:
            self.send(200, render_page(int(m[1])), "text/html")
        elif (m := re.fullmatch(r"/api/v1/texts/(\d+)/adjudication", path)) and method == "GET" and int(m[1]) in TEXTS:
            self.send(200, payload(TEXTS[int(m[1])]))
        elif (m := re.fullmatch(r"/api/v1/adjudication-items/(\d+)/decision", path)) and method == "POST":
            if not self.refuse_write():
                self.send(*post_decision(int(m[1]), body))
        elif path == "/harness/reset" and method == "POST":
            TEXTS.clear()
            TEXTS.update(initial_texts())
            self.send(200, {"ok": True})
        elif (m := re.fullmatch(r"/harness/texts/(\d+)", path)) and method == "POST":
            TEXTS[int(m[1])]["stale_next"] = bool(body.get("stale_next"))
            self.send(200, {"ok": True})
        else:
            self.send(*error(404, "not_found", "No such page."))



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"factspan adjudication harness on http://127.0.0.1:{server.server_address[1]}/adjudicate/3", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
