/** Annotation state: spans in code points, selection, version/status, and undo/redo of span edits. */

const COALESCE_MS = 1500;

function compareSpans(a, b) { return a.start - b.start || a.end - b.end || a.id - b.id; }

/** A span as the API sends and receives it, without the store's or the server's ids (suggested_by kept when set). */
export function plainSpan({ start, end, label, attributes, suggested_by: suggestedBy }) {
  const span = { start, end, label, attributes: { ...(attributes || {}) } };
  return suggestedBy ? { ...span, suggested_by: suggestedBy } : span;
}

export class Store {
  constructor(annotationSet) {
    this.listeners = [];
    this.nextId = 1;
    this.revision = 0;
    this.selectedId = null;
    this.readOnly = false;
    this.load(annotationSet);
  }

  subscribe(fn) { this.listeners.push(fn); }

  emit(change) { for (const fn of this.listeners) fn(change); }

  /** Replace everything with the server's annotation set; history starts afresh. */
  load(set, source = "server") {
    const removed = this.spans || [];
    this.adoptBase(set);
    this.version = set.version;
    this.status = set.status;
    this.canReopen = Boolean(set.can_reopen);
    this.spans = set.spans.map((s) => this.makeSpan(s)).sort(compareSpans);
    this.byId = new Map(this.spans.map((s) => [s.id, s]));
    this.undoStack = [];
    this.redoStack = [];
    this.selectedId = null;
    this.emit({ kind: "spans", removed, added: this.spans, source, reset: true });
    this.emit({ kind: "meta" });
  }

  /** The server's version as the base of the next merge: what this tab last loaded or saved. */
  adoptBase(set) {
    this.base = { version: set.version, spans: set.spans.map(plainSpan) };
  }

  /** Server acknowledged a save or transition: adopt its version/status, keep local spans. */
  setMeta({ version, status, can_reopen: canReopen }) {
    this.version = version;
    this.status = status;
    if (canReopen !== undefined) this.canReopen = Boolean(canReopen);
    this.emit({ kind: "meta" });
  }

  makeSpan({ start, end, label, attributes, suggested_by: suggestedBy }) {
    const id = this.nextId;
    this.nextId += 1;
    // suggested_by: where an accepted suggestion came from; the server keeps it through later edits.
    return Object.freeze({
      id, start, end, label, attributes: Object.freeze({ ...(attributes || {}) }), suggested_by: suggestedBy || null,
    });
  }

  get(id) { return this.byId.get(id) || null; }

  get selected() { return this.get(this.selectedId); }

  indexOf(span) {
    let lo = 0;
    let hi = this.spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareSpans(this.spans[mid], span) < 0) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /** Spans intersecting [start, end), optionally ignoring one span id. */
  overlapping(start, end, exceptId = null) {
    const hits = [];
    for (const s of this.spans) {
      if (s.start >= end) break;
      if (s.end > start && s.id !== exceptId) hits.push(s);
    }
    return hits;
  }

  /** The innermost span containing code point cp (shortest wins when spans nest). */
  spanAt(cp) {
    let best = null;
    for (const s of this.spans) {
      if (s.start > cp) break;
      if (s.end > cp && (!best || s.end - s.start < best.end - best.start)) best = s;
    }
    return best;
  }

  select(id) {
    if (id === this.selectedId) return;
    const previous = this.selectedId;
    this.selectedId = id;
    this.emit({ kind: "select", previous, current: id });
  }

  add(fields) {
    const span = this.makeSpan(fields);
    this.commit({ removed: [], added: [span] });
    return span;
  }

  remove(id) {
    const span = this.get(id);
    if (span) this.commit({ removed: [span], added: [] });
  }

  /** Replace fields of a span; edits with the same coalesce key in quick succession undo as one step. */
  update(id, patch, coalesceKey = null) {
    const old = this.get(id);
    if (!old) return null;
    const next = Object.freeze({ ...old, ...patch, id, attributes: Object.freeze({ ...(patch.attributes || old.attributes) }) });
    const top = this.undoStack[this.undoStack.length - 1];
    const now = Date.now();
    if (coalesceKey && top && top.key === coalesceKey && now - top.at < COALESCE_MS) {
      this.undoStack.pop();
      this.commit({ removed: [old], added: [next] }, { removed: top.removed, added: [next], key: coalesceKey, at: now });
    } else {
      this.commit({ removed: [old], added: [next] }, { removed: [old], added: [next], key: coalesceKey, at: now });
    }
    return next;
  }

  commit(op, historyEntry = op) {
    if (this.readOnly) return;
    this.apply(op);
    this.undoStack.push(historyEntry);
    this.redoStack = [];
  }

  apply({ removed, added }, source = "user") {
    for (const s of removed) {
      const i = this.indexOf(s);
      if (this.spans[i] && this.spans[i].id === s.id) this.spans.splice(i, 1);
      this.byId.delete(s.id);
    }
    for (const s of added) {
      this.spans.splice(this.indexOf(s), 0, s);
      this.byId.set(s.id, s);
    }
    this.revision += 1;
    if (this.selectedId !== null && !this.byId.has(this.selectedId)) this.select(null);
    this.emit({ kind: "spans", removed, added, source });
  }

  undo() { return this.travel(this.undoStack, this.redoStack, true); }

  redo() { return this.travel(this.redoStack, this.undoStack, false); }

  travel(from, to, backwards) {
    if (this.readOnly || from.length === 0) return null;
    const entry = from.pop();
    const op = backwards ? { removed: entry.added, added: entry.removed } : { removed: entry.removed, added: entry.added };
    to.push({ removed: entry.removed, added: entry.added });
    this.apply(op, backwards ? "undo" : "redo");
    const focus = op.added[0] || null;
    this.select(focus ? focus.id : null);
    return op;
  }

  /** The full span list as the API expects it, sorted by start. */
  payload() { return this.spans.map(plainSpan); }
}
