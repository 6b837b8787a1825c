/** Draws spans as <mark> runs inside the document text, one chunk at a time, and maps DOM points to offsets. */

const MAX_CHUNK = 2000;

/** Split text into paragraph chunks (newline kept at the end), breaking long paragraphs at whitespace. */
function chunkBounds(text) {
  const bounds = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    end = end === -1 ? text.length : end + 1;
    if (end - start > MAX_CHUNK) {
      const space = text.indexOf(" ", start + MAX_CHUNK * 0.75);
      if (space !== -1 && space < end) end = space + 1;
    }
    bounds.push([start, end]);
    start = end;
  }
  return bounds;
}

export class Renderer {
  /** headings: UTF-16 ranges drawn as headings (SpanRules.displayHeadings), ascending. */
  constructor({ root, text, index, schema, store, headings = [] }) {
    Object.assign(this, { root, text, index, schema, store, headings });
    this.errorIds = new Set();
    this.maxSpanLength = 0;
    this.chunks = chunkBounds(text).map(([u16Start, u16End]) => ({
      u16Start, u16End, cpStart: index.toCodePoint(u16Start), cpEnd: index.toCodePoint(u16End), el: null,
    }));
  }

  /**
   * Render every chunk into a fragment and swap it in at once. Paragraphs are display:block wrappers,
   * so an edit re-lays out one paragraph instead of the whole text.
   */
  build() {
    this.maxSpanLength = this.store.spans.reduce((m, s) => Math.max(m, s.end - s.start), 0);
    const fragment = document.createDocumentFragment();
    let para = null;
    this.chunks.forEach((chunk, index) => {
      if (!para || chunk.u16Start === 0 || this.text[chunk.u16Start - 1] === "\n") {
        para = document.createElement("span");
        para.className = "fs-para";
        fragment.append(para);
      }
      chunk.el = document.createElement("span");
      chunk.el.className = "fs-chunk";
      chunk.el.dataset.chunk = String(index);
      this.fillChunk(chunk);
      para.append(chunk.el);
    });
    this.root.replaceChildren(fragment);
  }

  /** Re-render only the chunks touched by a change of spans. */
  update(change) {
    if (change.reset || !this.chunks.length || !this.chunks[0].el) { this.build(); return; }
    const touched = [...change.removed, ...change.added];
    if (!touched.length) return;
    for (const s of change.added) this.maxSpanLength = Math.max(this.maxSpanLength, s.end - s.start);
    const lo = Math.min(...touched.map((s) => s.start));
    const hi = Math.max(...touched.map((s) => s.end));
    for (let i = this.chunkAtCp(lo); i < this.chunks.length && this.chunks[i].cpStart <= hi; i += 1) {
      this.fillChunk(this.chunks[i]);
    }
  }

  chunkAtCp(cp) { return this.findChunk((c) => c.cpEnd > cp); }

  chunkAtU16(u16) { return this.findChunk((c) => c.u16End > u16); }

  /** Index of the first chunk satisfying the monotone predicate `after` (last chunk if none). */
  findChunk(after) {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (after(this.chunks[mid])) hi = mid; else lo = mid + 1;
    }
    return Math.max(0, lo);
  }

  spansInChunk(chunk) {
    const spans = this.store.spans;
    const out = [];
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (spans[mid].start < chunk.cpEnd) lo = mid + 1; else hi = mid; }
    // Walk back from the last span starting before the chunk end; no span is longer than maxSpanLength.
    for (let i = lo - 1; i >= 0 && spans[i].start + this.maxSpanLength > chunk.cpStart; i -= 1) {
      if (spans[i].end > chunk.cpStart) out.push(spans[i]);
    }
    return out.reverse();
  }

  fillChunk(chunk) {
    const { text, index } = this;
    const spans = this.spansInChunk(chunk).map((s) => ({
      span: s, a: Math.max(chunk.u16Start, index.toUtf16(s.start)), b: Math.min(chunk.u16End, index.toUtf16(s.end)),
    }));
    const headings = this.headings.filter(([hs, he]) => hs < chunk.u16End && he > chunk.u16Start);
    const cuts = new Set([chunk.u16Start, chunk.u16End]);
    for (const s of spans) { cuts.add(s.a); cuts.add(s.b); }
    for (const [hs, he] of headings) { cuts.add(Math.max(hs, chunk.u16Start)); cuts.add(Math.min(he, chunk.u16End)); }
    const points = [...cuts].sort((x, y) => x - y);
    const fragment = document.createDocumentFragment();
    let heading = null;
    let headingEl = null;
    for (let i = 0; i < points.length - 1; i += 1) {
      const a = points[i];
      const b = points[i + 1];
      const inHeading = headings.find(([hs, he]) => hs <= a && he >= b) || null;
      if (inHeading !== heading) {
        heading = inHeading;
        headingEl = heading ? document.createElement("span") : null;
        if (headingEl) { headingEl.className = "fs-heading"; fragment.append(headingEl); }
      }
      const cover = spans.filter((s) => s.a <= a && s.b >= b)
        .sort((x, y) => x.span.start - y.span.start || y.span.end - x.span.end || x.span.id - y.span.id);
      let parent = headingEl || fragment;
      cover.forEach((s, depth) => {
        const mark = this.makeMark(s.span, depth, a === index.toUtf16(s.span.start));
        parent.append(mark);
        parent = mark;
      });
      parent.append(document.createTextNode(text.slice(a, b)));
    }
    chunk.el.replaceChildren(fragment);
  }

  makeMark(span, depth, first) {
    const mark = document.createElement("mark");
    mark.className = "fs-span";
    mark.dataset.spanId = String(span.id);
    mark.dataset.label = span.label;
    mark.dataset.line = this.schema.lineStyle(span.label);
    if (depth) mark.dataset.depth = String(Math.min(depth, 3));
    mark.style.setProperty("--span-color", this.schema.color(span.label));
    if (first) {
      mark.classList.add("fs-span-first");
      const label = this.schema.label(span.label);
      mark.dataset.tag = label && label.hotkey ? `${label.hotkey} ${label.name}` : this.schema.labelName(span.label);
    }
    if (span.id === this.store.selectedId) mark.classList.add("is-selected");
    if (this.errorIds.has(span.id)) mark.classList.add("has-error");
    return mark;
  }

  marksOf(id) { return id === null ? [] : this.root.querySelectorAll(`mark[data-span-id="${id}"]`); }

  setClass(id, cls, on) { for (const m of this.marksOf(id)) m.classList.toggle(cls, on); }

  setErrors(ids) {
    for (const id of this.errorIds) this.setClass(id, "has-error", false);
    this.errorIds = new Set(ids);
    for (const id of this.errorIds) this.setClass(id, "has-error", true);
  }

  /** UTF-16 offset of a DOM point, clipped to the document text. */
  pointToU16(node, offset) {
    if (!this.root.contains(node)) {
      const whole = document.createRange();
      whole.selectNodeContents(this.root);
      return whole.comparePoint(node, offset) < 0 ? 0 : this.text.length;
    }
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const chunkEl = el.closest(".fs-chunk");
    // Points between paragraphs or chunks are rare (triple clicks); count from the top then.
    const from = chunkEl && this.root.contains(chunkEl) ? chunkEl : this.root;
    const range = document.createRange();
    range.setStart(from, 0);
    range.setEnd(node, offset);
    return (from === this.root ? 0 : this.chunks[Number(chunkEl.dataset.chunk)].u16Start) + range.toString().length;
  }

  /**
   * DOM point {node, offset} of a UTF-16 offset. Between two text nodes the point ends the first one, or
   * with `forward` starts the second (where a caret belongs: on the line of the text that follows).
   */
  u16ToPoint(u16, forward = false) {
    const chunk = this.chunks[this.chunkAtU16(Math.min(u16, this.text.length - 1))];
    const walker = document.createTreeWalker(chunk.el, NodeFilter.SHOW_TEXT);
    let acc = chunk.u16Start;
    let last = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (forward ? u16 < acc + node.data.length : u16 <= acc + node.data.length) return { node, offset: u16 - acc };
      acc += node.data.length;
      last = node;
    }
    return { node: last, offset: last ? last.data.length : 0 };
  }

  rangeFromU16(a, b) {
    const range = document.createRange();
    const start = this.u16ToPoint(a);
    const end = this.u16ToPoint(b);
    range.setStart(start.node, start.offset);
    range.setEnd(end.node, end.offset);
    return range;
  }

  scrollToSpan(span) {
    const mark = this.marksOf(span.id)[0];
    if (mark) mark.scrollIntoView({ block: "center", behavior: "auto" });
  }
}
