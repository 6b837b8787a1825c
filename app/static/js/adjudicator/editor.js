/** Reviewer's edit of one item's gold, reusing the annotator page's span store, commands and side panel. */

import { Actions } from "../annotator/actions.js";
import { h } from "../annotator/dom.js";
import { Panel } from "../annotator/panel.js";
import { Store } from "../annotator/store.js";

export class Editor {
  constructor({ rootEl, fromEl, bodyEl, emptyEl, schema, text, index, chrome, rules, guidelinesUrl, onChange }) {
    Object.assign(this, { rootEl, fromEl, bodyEl, emptyEl, schema, text, index, chrome, rules, onChange });
    this.item = null;
    this.store = null;
    this.actions = null;
    this.panel = null;
    this.guidelinesUrl = guidelinesUrl;
    rootEl.classList.toggle("no-guidelines", !guidelinesUrl);
  }

  get active() { return this.item !== null; }

  /** Open on an item, starting from `source` ("gold" or an annotator name). */
  open(state, item, source) {
    this.state = state;
    this.item = item;
    this.store = new Store({ version: 0, status: "draft", spans: [] });
    this.actions = new Actions({
      store: this.store, schema: this.schema, selection: null, renderer: null, ui: this.chrome, text: this.text, index: this.index,
      rules: this.rules,
    });
    this.panel = new Panel({ bodyEl: this.bodyEl, emptyEl: this.emptyEl, store: this.store, schema: this.schema, actions: this.actions });
    this.panel.guidelineLink = (anchor) => window.open(`${this.guidelinesUrl}#${encodeURIComponent(anchor)}`, "_blank", "noopener");
    this.store.subscribe((change) => {
      if (change.kind === "meta") return;
      if (change.kind === "spans") this.dropFixedErrors(change.added);
      this.panel.render();
      this.onChange();
    });
    this.drawSources(state, item);
    this.startFrom(source);
    this.rootEl.hidden = false;
  }

  /** Buttons to restart the edit from the current gold or any annotator's proposal. */
  drawSources(state, item) {
    const sources = [...(item.gold.length ? ["gold"] : []), ...state.proposers(item)];
    this.fromEl.replaceChildren(h("span", { class: "fs-muted", text: "Start from:" }), ...sources.map((source) => h("button", {
      type: "button", class: "fs-button fs-small", testid: "edit-from", dataset: { source },
      text: source === "gold" ? "Current gold" : source, on: { click: () => this.startFrom(source) },
    })));
  }

  spansOf(source) {
    const list = source === "gold" ? this.item.gold : this.state.proposalsOf(this.item, source);
    return list.map(({ start, end, label, attributes }) => ({ start, end, label, attributes: { ...(attributes || {}) } }));
  }

  startFrom(source) {
    this.source = source;
    this.store.load({ version: 0, status: "draft", spans: this.spansOf(source) });
    for (const b of this.fromEl.querySelectorAll("[data-testid=edit-from]")) b.setAttribute("aria-pressed", String(b.dataset.source === source));
    this.showErrors({});
    const first = this.store.spans[0];
    this.store.select(first ? first.id : null);
    this.panel.render();
    this.onChange();
  }

  close() {
    this.item = null;
    this.store = null;
    this.rootEl.hidden = true;
    this.bodyEl.replaceChildren();
  }

  /** Spans and selection for the track's "Your edit" row. */
  view() { return this.active ? { spans: this.store.spans, selectedId: this.store.selectedId } : null; }

  select(id) { if (this.active) this.store.select(id); }

  /** Body of the edit decision, or null (with errors shown) when a required attribute is missing. */
  payload() {
    if (!this.store.spans.length) {
      this.chrome.alert("The edit has no spans left. Choose “No span” (0) instead, or start again from a proposal.");
      return null;
    }
    const errors = {};
    for (const span of this.store.spans) {
      const missing = this.schema.missingAttributes(span);
      if (Object.keys(missing).length) errors[span.id] = missing;
    }
    if (Object.keys(errors).length) {
      this.showErrors(errors);
      this.store.select(Number(Object.keys(errors)[0]));
      this.chrome.alert("Fill in the required attributes (marked *) before saving.");
      return null;
    }
    return this.store.payload();
  }

  /** Server errors are keyed by the index in the sent list, which is the store's sorted order. */
  showServerErrors(byIndex) {
    const errors = {};
    const messages = [];
    for (const [i, fields] of Object.entries(byIndex || {})) {
      const span = this.store.spans[Number(i)];
      if (span) errors[span.id] = fields;
      messages.push(...Object.values(fields).flat());
    }
    this.showErrors(errors);
    return messages;
  }

  showErrors(errors) {
    this.panel.errors = errors;
    this.panel.render();
  }

  dropFixedErrors(added) {
    const errors = { ...this.panel.errors };
    const before = Object.keys(errors).length;
    for (const span of added) {
      if (errors[span.id] && !Object.keys(this.schema.missingAttributes(span)).length) delete errors[span.id];
    }
    this.panel.errors = errors;
    if (before && !Object.keys(errors).length) this.chrome.alert("");
  }

  /** Keys while editing: label hotkeys relabel, [ ] { } move boundaries, j/k pick a span, Delete removes, Ctrl+Z undoes. */
  handleKey(e) {
    const span = this.store.selected;
    if ((e.ctrlKey || e.metaKey) && (e.key === "z" || e.key === "Z" || e.key === "y")) {
      if (e.key === "y" || e.shiftKey) this.actions.redo(); else this.actions.undo();
      return true;
    }
    if (e.ctrlKey || e.metaKey) return false;
    if (e.code === "BracketLeft" || e.code === "BracketRight") {
      this.actions.nudge(e.shiftKey ? "end" : "start", e.code === "BracketLeft" ? -1 : 1, e.altKey);
      return true;
    }
    const label = !e.altKey && this.schema.byHotkey.get(e.key.toLowerCase());
    if (label && span) { this.actions.relabel(span.id, label.id); return true; }
    if ((e.key === "Delete" || e.key === "Backspace") && span) { this.actions.deleteSelected(); return true; }
    if ((e.key === "j" || e.key === "k") && this.store.spans.length) {
      const n = this.store.spans.length;
      const i = span ? this.store.spans.indexOf(span) + (e.key === "j" ? 1 : -1) : 0;
      this.store.select(this.store.spans[(i + n) % n].id);
      return true;
    }
    return false;
  }
}
