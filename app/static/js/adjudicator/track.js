/** Aligned comparison of one item: each annotator's proposal over the same text window, differences marked. */

import { h } from "../annotator/dom.js";
import { formatAttribute } from "../annotator/panel.js";
import { differences } from "./state.js";

const CONTEXT = 60;

/** Values that differ from the single most common one (all of them when the top is tied). */
function oddOnes(values) {
  const counts = new Map();
  for (const v of values) counts.set(v, (counts.get(v) || 0) + 1);
  if (counts.size < 2) return new Set();
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  if (sorted[0][1] === sorted[1][1]) return new Set(counts.keys());
  return new Set(sorted.slice(1).map(([v]) => v));
}


export class Track {
  constructor({ root, schema, text, index, onAccept, onPickEdit }) {
    Object.assign(this, { root, schema, text, index, onAccept, onPickEdit });
    root.addEventListener("click", (e) => {
      const el = e.target instanceof Element ? e.target.closest("[data-edit-span-id]") : null;
      if (el) this.onPickEdit(Number(el.dataset.editSpanId));
    });
  }

  /** UTF-16 window around [lo, hi) code points: some context, cut at spaces, never across a paragraph. */
  window(lo, hi) {
    const a = this.index.toUtf16(lo);
    const b = this.index.toUtf16(hi);
    let s = Math.max(this.text.lastIndexOf("\n", a - 1) + 1, a - CONTEXT);
    if (s > 0 && s < a && this.text[s - 1] !== "\n") s = Math.min(a, this.text.indexOf(" ", s) + 1 || a);
    const nl = this.text.indexOf("\n", b);
    let e = Math.min(nl === -1 ? this.text.length : nl, b + CONTEXT);
    if (e > b && e < this.text.length && this.text[e] !== "\n") e = Math.max(b, this.text.lastIndexOf(" ", e));
    return [s, e];
  }

  /** The window text with `spans` marked and the characters the proposers disagree on flagged. */
  textLine([ws, we], spans, cuts, coverage, proposers, editable) {
    const u = spans.map((s) => ({ span: s, a: this.index.toUtf16(s.start), b: this.index.toUtf16(s.end) }));
    const line = h("div", { class: "fs-track-text" }, ws > 0 ? h("span", { class: "fs-track-ellipsis", text: "…" }) : null);
    for (let i = 0; i < cuts.length - 1; i += 1) {
      const [a, b] = [cuts[i], cuts[i + 1]];
      const piece = this.text.slice(a, b);
      const n = coverage(a);
      const diff = proposers > 1 && n > 0 && n < proposers;
      const hit = u.find((s) => s.a <= a && s.b >= b);
      if (hit) {
        const mark = h("mark", {
          class: `fs-track-span${diff ? " is-diff" : ""}${hit.span.selected ? " is-selected" : ""}`, text: piece,
          dataset: editable ? { editSpanId: String(hit.span.id) } : {},
        });
        mark.style.setProperty("--span-color", this.schema.color(hit.span.label));
        line.append(mark);
      } else {
        line.append(diff ? h("span", { class: "fs-track-gap is-diff", text: piece }) : document.createTextNode(piece));
      }
    }
    if (we < this.text.length) line.append(h("span", { class: "fs-track-ellipsis", text: "…" }));
    return line;
  }

  spanHead(span, odd, diffAttrs) {
    const chip = h("span", { class: `fs-chip${odd.label.has(span.label) ? " is-diff" : ""}` },
      h("span", { class: "fs-swatch", "aria-hidden": "true" }), ` ${this.schema.labelName(span.label)}`);
    chip.style.setProperty("--span-color", this.schema.color(span.label));
    const attrs = this.schema.attributes(span.label)
      .filter((attr) => span.attributes && span.attributes[attr.id] !== undefined && span.attributes[attr.id] !== null)
      .map((attr) => h("span", { class: `fs-attr${diffAttrs.has(attr.id) ? " is-diff" : ""}` },
        `${attr.name}: `, h("strong", { text: formatAttribute(attr, span.attributes[attr.id]) })));
    return h("div", { class: "fs-track-span-head" }, chip,
      h("span", { class: "fs-offsets", "aria-label": `characters ${span.start} to ${span.end}` },
        h("span", { class: odd.start.has(span.start) ? "is-diff" : "", text: String(span.start) }), "–",
        h("span", { class: odd.end.has(span.end) ? "is-diff" : "", text: String(span.end) })),
      attrs.length ? h("span", { class: "fs-attrs" }, ...attrs) : null);
  }

  row({ key, title, testid, spans, odd, diffAttrs, line, action, note, cls = "" }) {
    return h("div", { class: `fs-track-row ${cls}`, testid, dataset: { annotator: title }, role: "listitem" },
      h("div", { class: "fs-track-who" }, key ? h("kbd", { text: key }) : null, h("strong", { text: title }),
        note ? h("span", { class: "fs-muted", text: note }) : null, action),
      ...spans.map((s) => this.spanHead(s, odd, diffAttrs)), line);
  }

  /** Rows for every annotator, then the gold (resolved) or the edit in progress. */
  show(state, item, edit) {
    if (!item) { this.root.replaceChildren(); return; }
    const extents = [...item.proposals, ...(edit ? edit.spans : []), ...item.gold];
    const win = this.window(Math.min(item.start, ...extents.map((s) => s.start)), Math.max(item.end, ...extents.map((s) => s.end)));
    const cuts = new Set(win);
    for (const s of extents) {
      for (const cp of [s.start, s.end]) {
        const u = this.index.toUtf16(cp);
        if (u > win[0] && u < win[1]) cuts.add(u);
      }
    }
    const points = [...cuts].sort((x, y) => x - y);
    const proposers = state.proposers(item);
    const byAnnotator = new Map(proposers.map((a) => [a, state.proposalsOf(item, a).map((p) => [this.index.toUtf16(p.start), this.index.toUtf16(p.end)])]));
    const coverage = (u) => proposers.filter((a) => byAnnotator.get(a).some(([x, y]) => x <= u && y > u)).length;
    const diff = differences(item);
    const props = item.proposals;
    const odd = diff.start || diff.end || diff.label
      ? { start: oddOnes(props.map((p) => p.start)), end: oddOnes(props.map((p) => p.end)), label: oddOnes(props.map((p) => p.label)) }
      : { start: new Set(), end: new Set(), label: new Set() };
    const rows = state.annotators.map((annotator, k) => {
      const spans = state.proposalsOf(item, annotator);
      const accept = spans.length ? h("button", {
        type: "button", class: "fs-button fs-small fs-accept", testid: "accept-annotator", dataset: { annotator, decisionControl: "" },
        "aria-keyshortcuts": k < 9 ? String(k + 1) : null, text: "Accept",
        title: `Take ${annotator}'s spans in this item as gold${k < 9 ? ` (key ${k + 1})` : ""}`,
        on: { click: () => this.onAccept(annotator) },
      }) : null;
      return this.row({
        key: k < 9 ? String(k + 1) : "", title: annotator, testid: "track-row", spans, odd, diffAttrs: diff.attributes,
        line: this.textLine(win, spans, points, coverage, proposers.length, false), action: accept,
        note: spans.length ? "" : "proposed nothing", cls: spans.length ? "" : "is-empty",
      });
    });
    const none = { start: new Set(), end: new Set(), label: new Set() };
    if (edit) {
      const spans = edit.spans.map((s) => ({ ...s, selected: s.id === edit.selectedId }));
      rows.push(this.row({
        title: "Your edit", testid: "track-edit-row", spans, odd: none, diffAttrs: new Set(), cls: "is-edit",
        line: this.textLine(win, spans, points, coverage, proposers.length, true), note: spans.length ? "" : "no spans",
      }));
    } else if (item.status === "resolved") {
      rows.push(this.row({
        title: "Gold", testid: "track-gold-row", spans: item.gold, odd: none, diffAttrs: new Set(), cls: "is-gold",
        line: this.textLine(win, item.gold, points, coverage, proposers.length, false), note: item.gold.length ? "" : "no gold here",
      }));
    }
    this.root.replaceChildren(...rows);
  }
}
