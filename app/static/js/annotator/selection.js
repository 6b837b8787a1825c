/** Mouse and keyboard text selection: snapping, the keyboard caret, and the pending range to label. */

import { moveCaret, moveSentence, normaliseRange, paragraphEdge } from "./textops.js";

export class Selection {
  constructor({ root, caretEl, renderer, store, schema, text }) {
    Object.assign(this, { root, caretEl, renderer, store, schema, text });
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

  /** Snap [a, b) per granularity (Alt: characters) and trim; show it and make it the pending range. */
  setRange(a, b, precise) {
    const granularity = precise ? "char" : this.schema.granularity(null);
    const [s, e] = normaliseRange(this.text, a, b, { granularity, trimPunctuation: this.schema.rules.trim_punctuation });
    this.precise = precise;
    this.anchor = Math.min(a, b);
    this.focus = Math.max(a, b);
    if (s >= e) { this.clearPending(); this.onPending(null, "empty"); return; }
    this.pending = { start: s, end: e };
    this.paint();
    this.onPending(this.pending);
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

  /** Range for a span, snapped like a selection, in code points; null when it trims to nothing. */
  pendingCodePoints(labelId) {
    if (!this.pending) return null;
    const granularity = this.precise ? "char" : this.schema.granularity(labelId);
    const [s, e] = normaliseRange(this.text, this.pending.start, this.pending.end, {
      granularity, trimPunctuation: this.schema.rules.trim_punctuation,
    });
    if (s >= e) return null;
    return { start: this.renderer.index.toCodePoint(s, "floor"), end: this.renderer.index.toCodePoint(e, "ceil") };
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
      const [s, e] = normaliseRange(t, a, b, { granularity, trimPunctuation: false });
      this.precise = precise;
      this.pending = s < e ? { start: s, end: e } : null;
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
    const point = this.renderer.u16ToPoint(this.focus);
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

  scrollCaretIntoView() {
    const rect = this.caretRect();
    if (rect && (rect.top < 80 || rect.bottom > window.innerHeight - 40)) {
      window.scrollBy({ top: rect.top - window.innerHeight / 2 });
    }
  }
}
