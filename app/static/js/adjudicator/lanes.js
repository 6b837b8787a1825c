/** Overview lanes above the text: one row per annotator, plus gold and items, on a shared text axis. */

import { h } from "../annotator/dom.js";

function pct(value, total) { return `${(100 * value) / Math.max(1, total)}%`; }

export class Lanes {
  constructor({ root, schema, length, onPick }) {
    Object.assign(this, { root, schema, length, onPick });
    this.band = null;
    root.addEventListener("click", (e) => {
      const track = e.target instanceof Element ? e.target.closest(".fs-lane-track") : null;
      if (!track) return;
      const box = track.getBoundingClientRect();
      onPick(Math.round(((e.clientX - box.left) / box.width) * this.length));
    });
  }

  bar(start, end, cls, props = {}) {
    const el = h("div", { class: `fs-lane-bar ${cls}`, ...props });
    el.style.left = pct(start, this.length);
    el.style.width = pct(end - start, this.length);
    return el;
  }

  spanBar(span, testid, extra = "") {
    const el = this.bar(span.start, span.end, `fs-lane-span${extra}`, {
      testid, dataset: { start: String(span.start), end: String(span.end), label: span.label },
      title: `${this.schema.labelName(span.label)} ${span.start}–${span.end}`,
    });
    el.style.setProperty("--span-color", this.schema.color(span.label));
    return el;
  }

  row(name, title, count, bars, testid, dataset = {}) {
    return h("div", { class: "fs-lane", testid, dataset, role: "listitem" },
      h("div", { class: "fs-lane-name" },
        name ? h("kbd", { text: name, title: `Press ${name} to accept this annotator's version of the selected item` }) : null,
        h("span", { class: "fs-lane-title", text: title }),
        h("span", { class: "fs-lane-count", text: String(count) })),
      h("div", { class: "fs-lane-track", "aria-hidden": "true" }, ...bars));
  }

  /** Redraw every lane from the state; one fragment swap. */
  show(state) {
    const fragment = document.createDocumentFragment();
    state.annotators.forEach((annotator, k) => {
      const spans = state.payload.lanes[annotator] || [];
      fragment.append(this.row(k < 9 ? String(k + 1) : "", annotator, spans.length,
        spans.map((s) => this.spanBar(s, "lane-span")), "lane", { annotator }));
    });
    fragment.append(this.row("", "Gold", state.gold.length, state.gold.map((g) => this.spanBar(g, "lane-gold")), "lane-gold-row"));
    const items = state.items.map((item) => this.bar(item.start, item.end, `fs-lane-item is-${item.status} is-${item.kind}`, {
      dataset: { itemId: String(item.id) },
    }));
    fragment.append(this.row("", "Items", `${state.openCount} open`, items, "lane-items-row"));
    this.band = h("div", { class: "fs-lane-band", "aria-hidden": "true", hidden: true });
    const overlay = h("div", { class: "fs-lane-overlay" }, this.band);
    this.root.replaceChildren(fragment, overlay);
  }

  /** Mark the selected item's extent across all lanes. */
  select(item) {
    if (!this.band) return;
    this.band.hidden = !item;
    if (!item) return;
    this.band.style.left = pct(item.start, this.length);
    this.band.style.width = pct(item.end - item.start, this.length);
  }
}
