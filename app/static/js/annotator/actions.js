/** User commands shared by the keyboard, the label buttons and the side panel. */

import { moveBoundary } from "./textops.js";

export class Actions {
  constructor({ store, schema, selection, renderer, ui, text, index, rules }) {
    Object.assign(this, { store, schema, selection, renderer, ui, text, index, rules });
    this.onFocusSpan = () => {};
  }

  guardReadOnly() {
    if (!this.store.readOnly) return false;
    this.ui.alert("This annotation is submitted and read-only. Reopen it to make changes.");
    return true;
  }

  /** Label the pending selection, or relabel the selected span when nothing is selected in the text. */
  applyLabel(labelId) {
    if (this.guardReadOnly()) return;
    const range = this.selection.pendingCodePoints(labelId);
    if (!range) {
      const span = this.store.selected;
      if (span) this.relabel(span.id, labelId);
      else this.ui.alert("Select some text first (drag with the mouse, or Shift+arrow keys), then pick a label.", "info");
      return;
    }
    this.createSpan(range.start, range.end, labelId, range.heading);
  }

  /** Add a span in code points, unless the schema's rules refuse it (the reason is shown). */
  createSpan(start, end, labelId, trimmedHeading = null) {
    const rules = this.schema.rules;
    if (!rules.allow_overlap) {
      const hit = this.store.overlapping(start, end)[0];
      if (hit) {
        this.ui.alert(`Not added: the selection overlaps the “${this.schema.labelName(hit.label)}” span `
          + `“${this.excerpt(hit, 40)}”. Overlapping spans are not allowed in this schema; delete or shrink that span first.`);
        return null;
      }
    }
    const u16 = [this.index.toUtf16(start), this.index.toUtf16(end)];
    const problem = this.rules.problem(u16[0], u16[1]);
    if (problem) {
      this.ui.alert(`Not added: ${problem}.`);
      return null;
    }
    const span = this.store.add({ start, end, label: labelId, attributes: this.schema.defaultAttributes(labelId) });
    this.selection.clearPending();
    this.selection.setCaret(u16[1], u16[1], false);
    this.store.select(span.id);
    this.ui.alert(trimmedHeading ? `Added without the heading “${trimmedHeading}”: headings stay out of spans.` : "",
      "info");
    return span;
  }

  relabel(id, labelId) {
    if (this.guardReadOnly()) return;
    const span = this.store.get(id);
    if (!span || span.label === labelId) return;
    this.store.update(id, { label: labelId, attributes: this.schema.carryAttributes(labelId, span.attributes) });
  }

  setAttribute(id, attrId, value) {
    if (this.guardReadOnly()) return;
    const span = this.store.get(id);
    if (!span) return;
    const attributes = { ...span.attributes };
    if (value === null || value === undefined || value === "") delete attributes[attrId];
    else attributes[attrId] = value;
    if (JSON.stringify(attributes[attrId]) === JSON.stringify(span.attributes[attrId])) return;
    this.store.update(id, { attributes }, `attr:${id}:${attrId}`);
  }

  deleteSelected() {
    const span = this.store.selected;
    if (!span || this.guardReadOnly()) return;
    this.store.remove(span.id);
    this.ui.alert(`Deleted the “${this.schema.labelName(span.label)}” span. Ctrl+Z brings it back.`, "info");
  }

  /** Move one boundary ("start" | "end") of the selected span by a word, or a character when byChar. */
  nudge(edge, dir, byChar) {
    const span = this.store.selected;
    if (!span || this.guardReadOnly()) return;
    const from = this.index.toUtf16(span[edge]);
    const to = this.index.toCodePoint(moveBoundary(this.text, from, edge, dir, byChar), dir < 0 ? "floor" : "ceil");
    const start = edge === "start" ? to : span.start;
    const end = edge === "end" ? to : span.end;
    if (start >= end) { this.ui.alert("A span needs at least one character.", "info"); return; }
    if (!this.schema.rules.allow_overlap && this.store.overlapping(start, end, span.id).length) {
      this.ui.alert("Not moved: the boundary would overlap another span.");
      return;
    }
    const problem = this.rules.problem(this.index.toUtf16(start), this.index.toUtf16(end));
    if (problem) {
      this.ui.alert(`Not moved: ${problem}.`);
      return;
    }
    this.store.update(span.id, { start, end }, `nudge:${span.id}`);
  }

  /** Select the next (dir > 0) or previous span after the selected one or the caret. */
  selectNeighbour(dir) {
    const spans = this.store.spans;
    if (!spans.length) return;
    const current = this.store.selected;
    let i;
    if (current) i = spans.indexOf(current) + dir;
    else {
      const caret = this.index.toCodePoint(this.selection.focus, "floor");
      i = dir > 0 ? spans.findIndex((s) => s.start >= caret) : spans.findLastIndex((s) => s.start < caret);
    }
    const span = spans[Math.min(spans.length - 1, Math.max(0, i === -1 ? (dir > 0 ? spans.length - 1 : 0) : i))];
    this.focusSpan(span.id);
  }

  /** Select a span and bring it into view in the text (from the list, j / k, or a refused submit). */
  focusSpan(id) {
    const span = this.store.get(id);
    if (!span) return;
    this.store.select(id);
    this.selection.placeAtCp(span.start);
    this.renderer.scrollToSpan(span);
    this.onFocusSpan(span);
  }

  undo() { if (!this.guardReadOnly() && !this.store.undo()) this.ui.alert("Nothing to undo.", "info"); }

  redo() { if (!this.guardReadOnly() && !this.store.redo()) this.ui.alert("Nothing to redo.", "info"); }

  excerpt(span, max = 80) {
    const t = this.text.slice(this.index.toUtf16(span.start), this.index.toUtf16(span.end)).replace(/\s+/g, " ");
    return t.length > max ? `${t.slice(0, max - 1)}…` : t;
  }
}
