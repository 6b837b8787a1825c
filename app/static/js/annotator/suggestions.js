/**
 * Suggestions on the annotation page: drawn apart from spans as dashed boxes (one per line piece, grouped
 * per suggestion) in a layer over the text
 * (the model's confidence shows on hover), accepted into the annotator's own spans by key, or rejected.
 *
 * Accepting adds an ordinary span that carries `suggested_by` (undoable, saved by autosave through the
 * normal versioned save, which records the acceptance on the server); rejecting is recorded at once.
 * Keys: a accepts the suggestion under the caret, x rejects it, Shift+A accepts all in the selection.
 */

import { request } from "./api.js";

const percent = (value) => (value === null || value === undefined ? "no confidence" : `${Math.round(value * 100)}%`);

function inField(target) {
  return target instanceof Element && target.closest("input, textarea, select, [contenteditable]") !== null;
}

export class Suggestions {
  constructor({ data, root, renderer, store, schema, index, selection, actions, ui }) {
    Object.assign(this, { data, root, renderer, store, schema, index, selection, actions, ui });
    this.all = [];
    this.rejected = new Set();
    this.frame = null;
    this.layer = document.createElement("div");
    this.layer.className = "fs-suggestion-layer";
    this.layer.dataset.testid = "suggestion-layer";
    this.layer.setAttribute("aria-hidden", "true");
    root.parentElement.append(this.layer);
    this.tip = document.createElement("div");
    this.tip.className = "fs-suggestion-tip";
    this.tip.dataset.testid = "suggestion-tip";
    this.tip.hidden = true;
    root.parentElement.append(this.tip);
  }

  /** Fetch the open suggestions (none when the project hides them) and start listening. */
  async start() {
    if (!this.data.suggestions_url) return;
    try {
      this.all = await request("GET", this.data.suggestions_url);
    } catch (err) {
      this.ui.alert(`Suggestions could not be loaded: ${err.message}`, "info");
      return;
    }
    this.store.subscribe((change) => { if (change.kind === "spans") this.redraw(); });
    window.addEventListener("resize", () => this.redraw());
    this.root.addEventListener("mousemove", (e) => this.hover(e.clientX, e.clientY));
    this.root.addEventListener("mouseleave", () => { this.tip.hidden = true; });
    this.redraw();
  }

  /** Open suggestions: not rejected, and not already in the annotator's spans (accepting hides one; undo shows it). */
  get visible() {
    const taken = new Set(this.store.spans.map((s) => s.suggested_by && s.suggested_by.suggestion_id));
    return this.all.filter((s) => !taken.has(s.id) && !this.rejected.has(s.id));
  }

  redraw() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = null; this.draw(); });
  }

  /** One dashed box per line fragment of each suggestion, positioned over the text. */
  draw() {
    const origin = this.layer.offsetParent ? this.layer.offsetParent.getBoundingClientRect() : { left: 0, top: 0 };
    const fragment = document.createDocumentFragment();
    for (const suggestion of this.visible) {
      const group = document.createElement("div");
      group.dataset.testid = "suggestion";
      group.dataset.suggestionId = String(suggestion.id);
      group.dataset.label = suggestion.label;
      group.style.setProperty("--span-color", this.schema.color(suggestion.label));
      const range = this.renderer.rangeFromU16(this.index.toUtf16(suggestion.start), this.index.toUtf16(suggestion.end));
      for (const rect of range.getClientRects()) {
        if (!rect.width) continue;
        const box = document.createElement("div");
        box.className = "fs-suggestion";
        box.style.transform = `translate(${rect.left - origin.left}px, ${rect.top - origin.top}px)`;
        box.style.width = `${rect.width}px`;
        box.style.height = `${rect.height}px`;
        group.append(box);
      }
      fragment.append(group);
    }
    this.layer.replaceChildren(fragment);
  }

  describe(suggestion) {
    return `Suggested ${this.schema.labelName(suggestion.label)} · confidence ${percent(suggestion.confidence)}`
      + ` · ${suggestion.suggester}. a accepts, x rejects.`;
  }

  /** The boxes ignore the mouse (selection must work through them), so hovering is worked out here. */
  hover(x, y) {
    const box = [...this.layer.querySelectorAll(".fs-suggestion")].find((b) => {
      const r = b.getBoundingClientRect();
      return x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
    });
    const suggestion = box && this.all.find((s) => String(s.id) === box.parentElement.dataset.suggestionId);
    this.tip.hidden = !suggestion;
    if (!suggestion) return;
    this.tip.textContent = this.describe(suggestion);
    const origin = this.layer.offsetParent.getBoundingClientRect();
    const r = box.getBoundingClientRect();
    this.tip.style.transform = `translate(${r.left - origin.left}px, ${r.bottom - origin.top + 4}px)`;
  }

  /** The open suggestion containing the caret (the shortest when several do). */
  underCaret() {
    const cp = this.index.toCodePoint(this.selection.focus, "floor");
    return this.visible.filter((s) => s.start <= cp && cp < s.end)
      .sort((x, y) => (x.end - x.start) - (y.end - y.start))[0] || null;
  }

  accept(suggestion) {
    if (this.actions.guardReadOnly()) return false;
    if (!this.schema.rules.allow_overlap) {
      const hit = this.store.overlapping(suggestion.start, suggestion.end)[0];
      if (hit) {
        this.ui.alert(`Not accepted: the suggestion overlaps your “${this.schema.labelName(hit.label)}” span; `
          + "delete or shrink that span first, or reject the suggestion with x.");
        return false;
      }
    }
    const attributes = { ...this.schema.defaultAttributes(suggestion.label), ...suggestion.attributes };
    const span = this.store.add({
      start: suggestion.start, end: suggestion.end, label: suggestion.label, attributes,
      suggested_by: { suggestion_id: suggestion.id, suggester: suggestion.suggester, confidence: suggestion.confidence },
    });
    this.store.select(span.id);
    return true;
  }

  acceptUnderCaret() {
    const suggestion = this.underCaret();
    if (!suggestion) { this.ui.alert("No suggestion under the caret. Click inside a dashed box first.", "info"); return; }
    if (this.accept(suggestion)) this.ui.alert(`Accepted: ${this.describe(suggestion).split(" · ")[0]}. Ctrl+Z undoes it.`, "info");
  }

  acceptInSelection() {
    const range = this.selection.pending;
    if (!range) { this.ui.alert("Select the text whose suggestions you accept, then press Shift+A.", "info"); return; }
    const start = this.index.toCodePoint(range.start, "floor");
    const end = this.index.toCodePoint(range.end, "ceil");
    const inside = this.visible.filter((s) => s.start >= start && s.end <= end);
    const accepted = inside.filter((s) => this.accept(s)).length;
    this.selection.clearPending();
    this.ui.alert(`Accepted ${accepted} of ${inside.length} suggestion(s) in the selection.`, "info");
  }

  async rejectUnderCaret() {
    const suggestion = this.underCaret();
    if (!suggestion) { this.ui.alert("No suggestion under the caret to reject.", "info"); return; }
    if (this.actions.guardReadOnly()) return;
    try {
      await request("POST", this.data.reject_suggestion_url_template.replace("{id}", String(suggestion.id)));
    } catch (err) {
      this.ui.alert(`The rejection was not recorded: ${err.message}`);
      return;
    }
    this.rejected.add(suggestion.id);
    this.redraw();
    this.ui.alert("Rejected the suggestion.", "info");
  }

  /** Registered before the page's own keyboard map; label keys never use a or x (the schema loader refuses them). */
  installKeys() {
    document.addEventListener("keydown", (e) => {
      if (!this.data.suggestions_url || e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
      if (inField(e.target) || document.querySelector("[data-testid=cheatsheet]").open) return;
      const handlers = { a: () => this.acceptUnderCaret(), x: () => this.rejectUnderCaret(), A: () => this.acceptInSelection() };
      const handler = handlers[e.key];
      if (!handler) return;
      e.preventDefault();
      handler();
    });
  }
}
