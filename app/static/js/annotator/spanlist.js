/** The sorted span list beside the text, updated item by item. */

import { h } from "./dom.js";

export class SpanList {
  /** countEls: every element that shows the number of spans. */
  constructor({ listEl, countEls, store, schema, actions }) {
    Object.assign(this, { listEl, countEls, store, schema, actions });
    this.items = new Map();
    this.errors = {};
    listEl.addEventListener("click", (e) => {
      const item = e.target instanceof Element ? e.target.closest("[data-testid=span-item]") : null;
      if (item) actions.focusSpan(Number(item.dataset.spanId));
    });
  }

  update(change) {
    if (change.reset) {
      this.items.clear();
      const fragment = document.createDocumentFragment();
      for (const span of this.store.spans) fragment.append(this.makeItem(span));
      this.listEl.replaceChildren(fragment);
    } else {
      for (const span of change.removed) { this.items.get(span.id)?.remove(); this.items.delete(span.id); }
      for (const span of change.added) this.insert(span);
    }
    for (const el of this.countEls) el.textContent = String(this.store.spans.length);
  }

  insert(span) {
    const li = this.makeItem(span);
    const next = this.store.spans[this.store.indexOf(span) + 1];
    const before = next ? this.items.get(next.id) : null;
    this.listEl.insertBefore(li, before && before !== li ? before : null);
  }

  makeItem(span) {
    const errors = this.errors[span.id];
    const button = h("button", {
      type: "button", class: "fs-span-item", testid: "span-item",
      dataset: { spanId: String(span.id), start: String(span.start), end: String(span.end), label: span.label },
      "aria-current": span.id === this.store.selectedId ? "true" : null,
      "aria-invalid": errors ? "true" : null,
    },
    h("span", { class: "fs-span-item-label", text: this.schema.labelName(span.label) }),
    h("span", { class: "fs-span-item-text", text: this.actions.excerpt(span) }),
    errors ? h("span", { class: "fs-span-item-error", text: `⚠ ${Object.values(errors).flat().join(" ")}` }) : null);
    button.style.setProperty("--span-color", this.schema.color(span.label));
    button.dataset.line = this.schema.lineStyle(span.label);
    const li = h("li", {}, button);
    this.items.set(span.id, li);
    return li;
  }

  select(previous, current) {
    for (const id of [previous, current]) {
      const button = this.items.get(id)?.firstElementChild;
      if (!button) continue;
      if (id === current) {
        button.setAttribute("aria-current", "true");
        requestAnimationFrame(() => this.reveal(button));
      } else button.removeAttribute("aria-current");
    }
  }

  /** Scroll the list's own box to the item; scrollIntoView would move the page and the text as well. */
  reveal(button) {
    const box = this.listEl.closest("[data-testid=span-scroll]");
    if (!box) return;
    const top = button.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    if (top < box.scrollTop || top + button.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = top - box.clientHeight / 3;
    }
  }

  /** errors: {spanId: {attrId: [messages]}}; redraw the affected items. */
  setErrors(errors) {
    const ids = new Set([...Object.keys(this.errors), ...Object.keys(errors)].map(Number));
    this.errors = errors;
    for (const id of ids) {
      const span = this.store.get(id);
      const old = this.items.get(id);
      if (!span || !old) continue;
      const li = this.makeItem(span);
      old.replaceWith(li);
    }
  }
}
