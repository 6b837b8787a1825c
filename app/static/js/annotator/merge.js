/**
 * Three-way merge of span lists for a stale save: `base` is the version the page loaded (or last saved),
 * `ours` this tab's spans, `theirs` what another tab saved meanwhile. Spans are {start, end, label,
 * attributes} and are known by (start, end, label); moving or relabelling a span reads as removing it
 * and adding another. Changes from the two sides that touch different spans merge by themselves; two
 * changes conflict when they touch a shared character (or the same span) and are not the same change.
 */

export function spanKey(span) { return `${span.start}:${span.end}:${span.label}`; }

function canonical(attributes) {
  const out = {};
  for (const name of Object.keys(attributes || {}).sort()) {
    const value = attributes[name];
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) continue;
    out[name] = Array.isArray(value) ? [...value].sort() : value;
  }
  return JSON.stringify(out);
}

export function sameAttributes(a, b) { return canonical(a.attributes) === canonical(b.attributes); }

/** What `other` changed relative to `base`: [{kind: "added" | "removed" | "changed", key, start, end, span, before}]. */
export function changes(base, other) {
  const before = new Map(base.map((s) => [spanKey(s), s]));
  const after = new Map(other.map((s) => [spanKey(s), s]));
  const out = [];
  for (const [key, old] of before) {
    const now = after.get(key);
    if (!now) out.push({ kind: "removed", key, start: old.start, end: old.end, span: null, before: old });
    else if (!sameAttributes(old, now)) out.push({ kind: "changed", key, start: old.start, end: old.end, span: now, before: old });
  }
  for (const [key, now] of after) {
    if (!before.has(key)) out.push({ kind: "added", key, start: now.start, end: now.end, span: now, before: null });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || a.key.localeCompare(b.key));
}

function sameChange(a, b) {
  return a.kind === b.kind && a.key === b.key && (a.kind === "removed" || sameAttributes(a.span, b.span));
}

function touches(a, b) { return a.key === b.key || (a.start < b.end && b.start < a.end); }

function apply(base, changeLists) {
  const spans = new Map(base.map((s) => [spanKey(s), s]));
  for (const list of changeLists) {
    for (const c of list) {
      if (c.kind === "removed") spans.delete(c.key); else spans.set(c.key, c.span);
    }
  }
  return [...spans.values()].sort((a, b) => a.start - b.start || a.end - b.end || a.label.localeCompare(b.label));
}

/**
 * {merged, mine, theirs, conflicts}: `mine` and `theirs` are each side's changes, `conflicts` the pairs
 * [mine, theirs] that need a person; `merged` is the result when there are none (null otherwise).
 */
export function merge(base, ours, theirs) {
  const mine = changes(base, ours);
  const other = changes(base, theirs);
  const conflicts = [];
  const shared = new Set();
  for (const m of mine) {
    for (const t of other) {
      if (sameChange(m, t)) shared.add(t);
      else if (touches(m, t)) conflicts.push([m, t]);
    }
  }
  const merged = conflicts.length ? null : apply(base, [other.filter((t) => !shared.has(t)), mine]);
  return { merged, mine, theirs: other, conflicts };
}

/** Merge, taking `prefer` ("mine" or "theirs") where the two sides conflict; everything else from both. */
export function resolve(base, ours, theirs, prefer) {
  const { mine, theirs: other, conflicts } = merge(base, ours, theirs);
  const losing = new Set(conflicts.map(([m, t]) => (prefer === "mine" ? t : m)));
  const shared = new Set(other.filter((t) => mine.some((m) => sameChange(m, t))));
  return apply(base, [other.filter((t) => !losing.has(t) && !shared.has(t)), mine.filter((m) => !losing.has(m))]);
}
