"""Serve the annotation page with a fake in-memory annotation-set API, for developing the JS without the backend.

Run: .venv/bin/python tests/browser/harness/serve_harness.py [--port 8765]
Pages: /annotate/17 (seed text), /annotate/18 (50,000 characters, 500 spans), /annotate/19 (emoji text).
The page itself is app/templates/annotations/annotate.html rendered with Jinja2 over a stand-in base.html,
under a strict Content-Security-Policy, so inline script or style would fail here as in production.
Test controls: POST /harness/reset, POST /harness/sets/<id> with {"version", "status", "adjudication_started", "auth_expired"}.
"""

from __future__ import annotations

import argparse
import re
from http.server import ThreadingHTTPServer
from typing import Any

import jinja2
from harness_http import CSRF, HERE, REPO, SCHEMA, SEED, HarnessHandler, error

GUIDELINES = (HERE / "guidelines.html").read_text("utf-8")


def big_text_and_spans() -> tuple[str, list[dict[str, Any]]]:
    """About 50,000 characters (seed text repeated, with astral emoji) and 500 non-overlapping word spans."""
    seed = SEED.read_text("utf-8")
    text = ""
    while len(text) < 50_000:
        text += seed.replace("Why?", "Why? 🤔", 1) + "\n"
    text = text[:50_000].rsplit(" ", 1)[0] + " 🎉"
    starts = [m.start() for m in re.finditer(r"\b\w", text)]
    spans, labels, cursor = [], [label["id"] for label in SCHEMA["labels"]], 0
    for i in range(500):
        start = next(s for s in starts if s >= cursor)
        end = start + 30
        while end < len(text) and text[end].isalnum():
            end += 1
        spans.append({"start": start, "end": end, "label": labels[i % 3], "attributes": {}})
        cursor = start + 95
    return text, spans


def initial_sets() -> dict[int, dict[str, Any]]:
    big_text, big_spans = big_text_and_spans()
    emoji = "Hi 😀 Putin 👨‍👩‍👧‍👦 met Xi 🇷🇺🇨🇳 in 北京 𠀋 today. مرحبا بكم in Moscow.\nSecond paragraph ends here 🎉"
    texts = {17: ("Russian and Chinese readouts", SEED.read_text("utf-8")), 18: ("Long text (bench)", big_text),
             19: ("Emoji and scripts", emoji)}
    spans = {17: [], 18: big_spans, 19: []}
    return {
        key: {"id": key, "assignment_id": key - 12, "text_id": key - 14, "version": 1,
              "status": "draft" if spans[key] else "not_started", "can_reopen": True, "spans": spans[key],
              "_title": title, "_text": content, "_adjudication_started": False, "_auth_expired": False}
        for key, (title, content) in texts.items()
    }


SETS = initial_sets()


def public(aset: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in aset.items() if not k.startswith("_")}


def missing_required(aset: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    labels = {label["id"]: label for label in SCHEMA["labels"]}
    out: dict[str, dict[str, list[str]]] = {}
    for i, span in enumerate(aset["spans"]):
        for attr in labels[span["label"]]["attributes"]:
            cond = attr["visible_when"]
            if not attr["required"] or (cond and span["attributes"].get(cond["attribute"]) != cond["equals"]):
                continue
            if span["attributes"].get(attr["id"]) in (None, "", []):
                out.setdefault(str(i), {})[attr["id"]] = [f"{attr['name']} is required."]
    return out


def validate(aset: dict[str, Any], spans: list[dict[str, Any]]) -> dict[str, Any]:
    labels = {label["id"] for label in SCHEMA["labels"]}
    errors: dict[str, Any] = {}
    ordered = sorted(range(len(spans)), key=lambda i: (spans[i]["start"], spans[i]["end"]))
    for i, span in enumerate(spans):
        if not (0 <= span["start"] < span["end"] <= len(aset["_text"])):
            errors[str(i)] = {"end": ["Span offsets are out of range."]}
        elif span["label"] not in labels:
            errors[str(i)] = {"label": ["Unknown label."]}
    for a, b in zip(ordered, ordered[1:]):
        if spans[b]["start"] < spans[a]["end"]:
            errors[str(b)] = {"start": [f"Overlaps span {a}."]}
    return errors


def api(method: str, set_id: int, action: str, body: dict[str, Any]) -> tuple[int, Any]:
    aset = SETS.get(set_id)
    if aset is None:
        return error(404, "not_found", "No such annotation set.")
    if aset["_auth_expired"]:
        return error(401, "unauthorized", "Please log in again.")
    if method == "GET" and not action:
        return 200, public(aset)
    if body.get("version") != aset["version"]:
        return error(409, "stale_version", "Someone saved this annotation after you loaded it.")
    if action == "reopen":
        if aset["_adjudication_started"]:
            return error(409, "adjudication_started", "A reviewer has started adjudication.")
        aset.update(status="draft", version=aset["version"] + 1)
        return 200, public(aset)
    if aset["status"] == "submitted":
        return error(409, "already_submitted", "This annotation set has been submitted.")
    if action == "submit":
        missing = missing_required(aset)
        if missing:
            return error(422, "missing_required_attributes", "Some spans lack required attributes.", {"spans": missing})
        aset.update(status="submitted", version=aset["version"] + 1)
        return 200, public(aset)
    errors = validate(aset, body.get("spans", []))
    if errors:
        return error(422, "validation", "Some spans are invalid.", {"spans": errors})
    aset.update(spans=body["spans"], status="draft", version=aset["version"] + 1)
    return 200, public(aset)


def render_page(set_id: int) -> str:
    aset = SETS[set_id]
    env = jinja2.Environment(loader=jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(HERE)), jinja2.FileSystemLoader(str(REPO / "app" / "templates"))]), autoescape=True)
    env.filters["tojson"] = lambda value: jinja2.utils.htmlsafe_json_dumps(value)
    base = f"/api/v1/annotation-sets/{set_id}"
    page_data = {
        "annotation_set_url": base, "submit_url": f"{base}/submit", "reopen_url": f"{base}/reopen",
        "annotation_set": public(aset), "schema": SCHEMA, "guidelines_html": GUIDELINES,
        "home_url": "/", "next_url": "/annotate/next", "storage_key": f"factspan:annotation-set:{set_id}",
    }
    return env.get_template("annotations/annotate.html").render(
        text={"id": aset["text_id"], "title": aset["_title"], "content": aset["_text"], "source_url": "https://example.org/article"},
        assignment={"id": aset["assignment_id"], "status": aset["status"]}, page_data=page_data, csrf_token=CSRF,
        url_for=lambda endpoint, filename: f"/static/{filename}",
    )


class Handler(HarnessHandler):
    def route(self, method: str, path: str, body: dict[str, Any]) -> None:
        if path in ("/", "/annotate/next"):
            self.redirect("/annotate/17")
        elif m := re.fullmatch(r"/annotate/(\d+)", path):
            self.send(200, render_page(int(m[1])), "text/html")
        elif m := re.fullmatch(r"/api/v1/annotation-sets/(\d+)(?:/(submit|reopen))?", path):
            if method == "GET" or not self.refuse_write():
                self.send(*api(method, int(m[1]), m[2] or "", body))
        elif path == "/harness/reset" and method == "POST":
            SETS.clear()
            SETS.update(initial_sets())
            self.send(200, {"ok": True})
        elif (m := re.fullmatch(r"/harness/sets/(\d+)", path)) and method == "POST":
            aset = SETS[int(m[1])]
            for key in ("version", "status", "spans"):
                if key in body:
                    aset[key] = body[key]
            for key in ("adjudication_started", "auth_expired"):
                if key in body:
                    aset[f"_{key}"] = body[key]
            self.send(200, public(aset))
        else:
            self.send(*error(404, "not_found", "No such page."))



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"factspan annotator harness on http://127.0.0.1:{args.port}/annotate/17", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
