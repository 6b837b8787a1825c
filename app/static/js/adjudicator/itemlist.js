/** Sidebar lists: the adjudication items (with filter and vote tally) and the current gold spans. */

import { h } from "../annotator/dom.js";
import { attributeDisputes, decisionSummary } from "./state.js";

export const FILTERS = {
  // Agreeing on span and label but not on attributes is a conflict too (items built before that rule included).
  conflict: (item) => item.kind === "conflict" || attributeDisputes(item).length > 0,
  open: (item) => item.status === "open",
  all: () => true,
};

export class ItemList {
  constructor({ listEl, goldEl, countEls, filterEls, schema, excerpt, onPick }) {
    Object.assign(this, { listEl, goldEl, countEls, filterEls, schema, excerpt, onPick });
    this.filter = "conflict";
    this.buttons = new Map();
    this.currentId = null;
    listEl.addEventListener("click", (e) => this.pick(e, "conflict-item"));
    goldEl.addEventListener("click", (e) => this.pick(e, "gold-item"));
    for (const el of filterEls) el.addEventListener("click", () => this.setFilter(el.dataset.filter));
  }

  pick(e, testid) {
    const el = e.target instanceof Element ? e.target.closest(`[data-testid=${testid}]`) : null;
    if (el) this.onPick(Number(el.dataset.itemId));
  }

  get keep() { return FILTERS[this.filter]; }

  setFilter(name) {
    this.filter = name;
    for (const el of this.filterEls) el.setAttribute("aria-pressed", String(el.dataset.filter === name));
    for (const [, button] of this.buttons) button.parentElement.hidden = !this.keep(this.itemOf(button));
  }

  itemOf(button) { return this.state.item(Number(button.dataset.itemId)); }

  labelChip(label, votes) {
    const chip = h("span", { class: "fs-chip", dataset: { label } },
      h("span", { class: "fs-swatch", "aria-hidden": "true" }), ` ${this.schema.labelName(label)}`,
      votes ? h("span", { class: "fs-chip-votes", text: ` ${votes}` }) : null);
    chip.style.setProperty("--span-color", this.schema.color(label));
    return chip;
  }

  tallyText(item) {
    const t = item.tally;
    const best = t.candidates[0];
    const top = best ? `${best.votes.length}/${t.annotators} agree on the top candidate (needs ${t.needed})` : "no candidate";
    const parts = [top];
    if (t.no_span.length) parts.push(`${t.no_span.length} proposed nothing`);
    const disputed = [...new Set(attributeDisputes(item).flatMap(([c, names]) => names.map((n) => {
      const attr = this.schema.attributes(c.label).find((a) => a.id === n);
      return attr ? attr.name : n;
    })))];
    if (disputed.length) parts.push(`attributes differ: ${disputed.join(", ")}`);
    return parts.join(" · ");
  }

  makeItem(item) {
    const labels = new Map();
    for (const c of item.tally.candidates) labels.set(c.label, (labels.get(c.label) || 0) + c.votes.length);
    const button = h("button", {
      type: "button", class: "fs-item", testid: "conflict-item",
      dataset: { itemId: String(item.id), status: item.status, kind: item.kind, start: String(item.start), end: String(item.end) },
      "aria-current": item.id === this.currentId ? "true" : null,
    },
    h("span", { class: "fs-item-top" },
      h("span", { class: `fs-state fs-state-${item.status}`, text: item.status === "open" ? "Open" : "Resolved" }),
      h("span", { class: "fs-item-kind", text: FILTERS.conflict(item) ? "Conflict" : "Agreed" }),
      h("span", { class: "fs-item-pos", text: `${item.start}–${item.end}` })),
    h("span", { class: "fs-item-text", text: this.excerpt(item.start, item.end, 110) }),
    h("span", { class: "fs-item-labels" }, ...[...labels].map(([label, votes]) => this.labelChip(label, votes))),
    h("span", { class: "fs-item-tally", text: this.tallyText(item) }),
    item.decision && item.status === "resolved"
      ? h("span", { class: "fs-item-decision", text: decisionSummary(item.decision) }) : null);
    const li = h("li", { hidden: !this.keep(item) }, button);
    this.buttons.set(item.id, button);
    return li;
  }

  makeGold(g) {
    const button = h("button", {
      type: "button", class: "fs-span-item", testid: "gold-item",
      dataset: { start: String(g.start), end: String(g.end), label: g.label, itemId: String(g.item_id) },
      title: g.proposed_by && g.proposed_by.length ? `Proposed by ${g.proposed_by.join(", ")}` : "Reviewer's edit",
    },
    h("span", { class: "fs-span-item-label", text: `${this.schema.labelName(g.label)} · ${g.start}–${g.end}` }),
    h("span", { class: "fs-span-item-text", text: this.excerpt(g.start, g.end, 90) }));
    button.style.setProperty("--span-color", this.schema.color(g.label));
    return h("li", {}, button);
  }

  /** Rebuild both lists from the state. */
  show(state) {
    this.state = state;
    this.buttons.clear();
    const items = document.createDocumentFragment();
    for (const item of state.items) items.append(this.makeItem(item));
    this.listEl.replaceChildren(items);
    const gold = document.createDocumentFragment();
    for (const g of state.gold) gold.append(this.makeGold(g));
    this.goldEl.replaceChildren(gold);
    const conflicts = state.items.filter(FILTERS.conflict).length;
    this.countEls.items.textContent = `${state.openCount} open`;
    this.countEls.gold.textContent = String(state.gold.length);
    for (const el of this.filterEls) {
      const n = el.dataset.filter === "open" ? state.openCount : (el.dataset.filter === "conflict" ? conflicts : state.items.length);
      el.querySelector(".fs-count").textContent = String(n);
    }
  }

  select(id) {
    const old = this.buttons.get(this.currentId);
    if (old) old.removeAttribute("aria-current");
    this.currentId = id;
    const button = this.buttons.get(id);
    if (!button) return;
    button.setAttribute("aria-current", "true");
    if (button.parentElement.hidden) this.setFilter("all");
    // Scroll only the list box (positioned, so offsetTop is relative to it): scrollIntoView would also move the page.
    const box = this.listEl.closest(".fs-tabpanel");
    if (!box || box.hidden) return;
    const top = button.offsetTop;
    if (top < box.scrollTop || top + button.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = top - box.clientHeight / 3;
    }
  }
}
