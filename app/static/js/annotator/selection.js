/** Mouse and keyboard text selection: snapping, the keyboard caret, and the pending range to label. */

import { moveCaret, moveSentence, normaliseRange, paragraphEdge } from "./textops.js";

export class Selection {
  constructor({ root, caretEl, renderer, store, schema, text, rules, scroller }) {
    Object.assign(this, { root, caretEl, renderer, store, schema, text, rules, scroller });
    this.pending = null;
    this.anchor = 0;
    this.focus = 0;
    this.precise = false;
    this.mouseDown = null;
    this.caretFrame = null;
    this.onPending = () => {};
    this.onClickSpan = () => {};
    root.addEventListener("mousedown", (e) => this.handleMouseDown(e));
    document.addEventListener("mouseup", (e) => this.handleMouseUp(e));
    root.addEventListener("focus", () => this.showCaret());
    root.addEventListener("blur", () => this.caretEl.classList.remove("is-visible"));
    window.addEventListener("resize", () => this.showCaret());
  }

  handleMouseDown(e) {
    if (e.button === 0) this.mouseDown = { alt: e.altKey };
  }

  handleMouseUp(e) {
    if (!this.mouseDown) return;
    const alt = this.mouseDown.alt || e.altKey;
    this.mouseDown = null;
    const sel = window.getSelection();
    if (!sel.rangeCount) return;
    const range = sel.getRangeAt(0);
    const a = this.renderer.pointToU16(range.startContainer, range.startOffset);
    const b = this.renderer.pointToU16(range.endContainer, range.endOffset);
    if (a === b) {
      this.setCaret(a, a, false);
      const mark = e.target instanceof Element ? e.target.closest("mark.fs-span") : null;
      this.clearPending();
      this.onClickSpan(mark ? Number(mark.dataset.spanId) : null);
      return;
    }
    this.setRange(a, b, alt);
  }

  /** Snap [a, b) per granularity (Alt: characters), trim, leave headings out; show it as the pending range. */
  setRange(a, b, precise) {
    const granularity = precise ? "char" : this.schema.granularity(null);
    const range = this.normalise(a, b, granularity, this.schema.rules.trim_punctuation);
    this.precise = precise;
    this.anchor = Math.min(a, b);
    this.focus = Math.max(a, b);
    if (range.start >= range.end) { this.clearPending(); this.onPending(null, range.heading ? "heading" : "empty"); return; }
    this.pending = range;
    this.paint();
    this.onPending(this.pending);
  }

  /** Snap and trim [a, b), then cut off headings the schema excludes: {start, end, heading}. */
  normalise(a, b, granularity, trimPunctuation) {
    let [s, e] = normaliseRange(this.text, Math.min(a, b), Math.max(a, b), { granularity, trimPunctuation });
    const cut = this.rules.trim(s, e);
    if (cut.heading && cut.start < cut.end) [s, e] = normaliseRange(this.text, cut.start, cut.end, { granularity, trimPunctuation });
    else [s, e] = [cut.start, cut.end];
    return { start: s, end: Math.max(s, e), heading: cut.heading };
  }

  setCaret(anchor, focus, precise) {
    this.anchor = anchor;
    this.focus = focus;
    this.precise = precise;
    this.showCaret();
  }

  clearPending() {
    this.pending = null;
    const sel = window.getSelection();
    if (sel.rangeCount && this.root.contains(sel.anchorNode)) sel.removeAllRanges();
  }

  /** Mirror the pending range in the browser selection so the snapped extent is visible. */
  paint() {
    const sel = window.getSelection();
    sel.removeAllRanges();
    if (this.pending) sel.addRange(this.renderer.rangeFromU16(this.pending.start, this.pending.end));
    this.showCaret();
  }

  /** Range for a span, snapped like a selection, in code points (and UTF-16); null when it trims to nothing. */
  pendingCodePoints(labelId) {
    if (!this.pending) return null;
    const granularity = this.precise ? "char" : this.schema.granularity(labelId);
    const range = this.normalise(this.pending.start, this.pending.end, granularity, this.schema.rules.trim_punctuation);
    if (range.start >= range.end) return null;
    return {
      start: this.renderer.index.toCodePoint(range.start, "floor"), end: this.renderer.index.toCodePoint(range.end, "ceil"),
      heading: this.pending.heading || range.heading,
    };
  }

  /** Keyboard caret movement. kind: "word" | "char" | "sentence" | "paragraph". */
  move(kind, dir, extend) {
    const t = this.text;
    let next;
    if (kind === "sentence") next = moveSentence(t, this.focus, dir);
    else if (kind === "paragraph") next = paragraphEdge(t, this.focus, dir);
    else next = moveCaret(t, this.focus, dir, kind === "char");
    if (extend) {
      const precise = this.precise || kind === "char";
      const anchor = this.anchor;
      this.focus = next;
      if (anchor === next) { this.clearPending(); this.showCaret(); return; }
      const [a, b] = anchor < next ? [anchor, next] : [next, anchor];
      const granularity = precise ? "char" : this.schema.granularity(null);
      const range = this.normalise(a, b, granularity, false);
      this.precise = precise;
      this.pending = range.start < range.end ? range : null;
      this.paint();
      this.onPending(this.pending);
    } else {
      this.clearPending();
      this.setCaret(next, next, false);
    }
    this.scrollCaretIntoView();
  }

  placeAtCp(cp) {
    const u16 = this.renderer.index.toUtf16(cp);
    this.clearPending();
    this.setCaret(u16, u16, false);
  }

  caretRect() {
    const point = this.renderer.u16ToPoint(this.focus, true);
    if (!point.node) return null;
    const range = document.createRange();
    range.setStart(point.node, point.offset);
    range.collapse(true);
    let rect = range.getClientRects()[0];
    if (!rect && point.offset < point.node.data.length) {
      range.setEnd(point.node, point.offset + 1);
      rect = range.getClientRects()[0];
    }
    return rect || null;
  }

  /** Position the caret on the next frame, so edits never wait for a layout just to place it. */
  showCaret() {
    if (this.caretFrame) return;
    this.caretFrame = requestAnimationFrame(() => { this.caretFrame = null; this.drawCaret(); });
  }

  drawCaret() {
    const rect = document.activeElement === this.root ? this.caretRect() : null;
    this.caretEl.classList.toggle("is-visible", Boolean(rect));
    if (!rect) return;
    const box = this.caretEl.offsetParent.getBoundingClientRect();
    this.caretEl.style.transform = `translate(${rect.left - box.left}px, ${rect.top - box.top}px)`;
    this.caretEl.style.height = `${rect.height}px`;
  }

  /** Keep the caret inside the text's own scroll region (never under the header). */
  scrollCaretIntoView() {
    const rect = this.caretRect();
    if (!rect) return;
    const box = this.scroller.getBoundingClientRect();
    if (rect.top < box.top + 24 || rect.bottom > box.bottom - 24) {
      this.scroller.scrollBy({ top: rect.top - (box.top + box.height / 2) });
    }
  }
}
