/** The candidate gold drawn in the document text, with every item anchored so it can be clicked and scrolled to. */

import { Renderer } from "../annotator/render.js";

// Anchor marks get ids above any gold index, so the renderer's id tie-break keeps gold inside anchors stable.
const ANCHOR_BASE = 1e6;

/**
 * The annotator page's chunked renderer, fed gold spans plus one anchor per item without gold:
 * open items are hatched and outlined, resolved items with no gold get a faint dotted underline.
 */
export class GoldRenderer extends Renderer {
  constructor({ root, text, index, schema, headings }) {
    super({ root, text, index, schema, headings, store: { spans: [], selectedId: null } });
    this.current = [];
  }

  /**
   * Rebuild the whole text for a state; one DocumentFragment swap. With `edit` ({itemId, spans}) the item
   * being edited shows the reviewer's edit in place of its gold, so the text follows every change.
   */
  show(state, edit = null) {
    const editing = edit ? edit.itemId : null;
    const spans = state.gold.filter((g) => g.item_id !== editing).map((g, i) => ({
      id: i + 1, start: g.start, end: g.end, label: g.label, kind: "gold", itemId: g.item_id,
    }));
    if (edit) {
      edit.spans.forEach((s, i) => spans.push({
        id: ANCHOR_BASE / 2 + i, start: s.start, end: s.end, label: s.label, kind: "edit", itemId: editing,
      }));
    }
    for (const item of state.items) {
      if (item.id === editing) continue;
      if (item.status === "open") {
        spans.push({ id: ANCHOR_BASE + item.id, start: item.start, end: item.end, kind: "open", itemId: item.id });
      } else if (!item.gold.length) {
        spans.push({ id: ANCHOR_BASE + item.id, start: item.start, end: item.end, kind: "empty", itemId: item.id });
      }
    }
    spans.sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id);
    this.store = { spans, selectedId: null };
    this.current = [];
    this.build();
  }

  makeMark(span, depth, first) {
    if (span.kind === "gold" || span.kind === "edit") {
      const mark = super.makeMark(span, depth, first);
      mark.classList.add(span.kind === "edit" ? "fs-edit" : "fs-gold");
      mark.dataset.itemId = String(span.itemId);
      // The annotator's tag shows the label hotkey; here digits accept annotators, so show the name only.
      if (first) mark.dataset.tag = this.schema.labelName(span.label);
      return mark;
    }
    const mark = document.createElement("mark");
    mark.className = `fs-anchor fs-anchor-${span.kind}`;
    mark.dataset.spanId = String(span.id);
    mark.dataset.itemId = String(span.itemId);
    if (depth) mark.dataset.depth = String(Math.min(depth, 3));
    if (first && span.kind === "open") {
      mark.classList.add("fs-anchor-first");
      mark.dataset.tag = "open";
    }
    return mark;
  }

  marksOfItem(id) { return [...this.root.querySelectorAll(`mark[data-item-id="${id}"]`)]; }

  /** Outline the marks of the selected item. */
  setCurrent(id) {
    for (const mark of this.current) mark.classList.remove("is-current");
    this.current = id === null ? [] : this.marksOfItem(id);
    for (const mark of this.current) mark.classList.add("is-current");
  }

  scrollToItem(id) {
    const mark = this.current[0] || this.marksOfItem(id)[0];
    if (mark) mark.scrollIntoView({ block: "center", behavior: "auto" });
  }

  /** Item id under a click, unless the user was selecting text. */
  itemAt(target) {
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed && this.root.contains(sel.anchorNode)) return null;
    const mark = target instanceof Element ? target.closest("mark[data-item-id]") : null;
    return mark && this.root.contains(mark) ? Number(mark.dataset.itemId) : null;
  }
}
