/** Adjudication state derived from the server payload: items in text order, selection and navigation. */

function byPosition(a, b) { return a.start - b.start || a.end - b.end || a.id - b.id; }

export const ACTION_TEXT = {
  policy: "Resolved by policy",
  accept_annotator: "Accepted an annotator's version",
  edit: "Edited by the reviewer",
  reject_all: "Rejected all proposals as wrong",
  no_span: "No span: nothing to annotate here",
  imported: "Imported gold",
};

export class AdjudicationState {
  constructor(payload) {
    this.selectedId = null;
    this.load(payload);
  }

  /** Adopt a fresh payload (first paint, after a decision, or after a reload). */
  load(payload) {
    this.payload = payload;
    this.annotators = payload.annotators;
    this.items = [...payload.items].sort(byPosition);
    this.byId = new Map(this.items.map((item) => [item.id, item]));
    this.gold = [...payload.gold].sort(byPosition);
    this.openCount = payload.open_count;
    this.policy = payload.policy || null;
    this.status = payload.text.adjudication_status;
    if (this.selectedId !== null && !this.byId.has(this.selectedId)) this.selectedId = null;
  }

  get selected() { return this.selectedId === null ? null : this.byId.get(this.selectedId) || null; }

  item(id) { return this.byId.get(id) || null; }

  /** The proposals of one annotator inside an item, in text order. */
  proposalsOf(item, annotator) {
    return item.proposals.filter((p) => p.annotator === annotator).sort(byPosition);
  }

  /** Annotators (in lane order) who proposed at least one span in the item. */
  proposers(item) {
    const names = new Set(item.proposals.map((p) => p.annotator));
    return this.annotators.filter((a) => names.has(a));
  }

  /** Item after (dir > 0) or before the selected one among those passing `keep`, wrapping around. */
  neighbour(dir, keep = () => true) {
    const pool = this.items.filter(keep);
    if (!pool.length) return null;
    const current = this.selected;
    if (!current) return dir > 0 ? pool[0] : pool[pool.length - 1];
    const after = dir > 0 ? pool.find((i) => byPosition(i, current) > 0) : pool.findLast((i) => byPosition(i, current) < 0);
    return after || (dir > 0 ? pool[0] : pool[pool.length - 1]);
  }

  /** First open item after `id` in text order (wrapping), or null when none is open. */
  nextOpen(id) {
    const open = this.items.filter((i) => i.status === "open" && i.id !== id);
    if (!open.length) return null;
    const from = this.byId.get(id);
    return (from && open.find((i) => byPosition(i, from) > 0)) || open[0];
  }

  /** Item containing code point cp, else the nearest one. */
  itemNear(cp) {
    let best = null;
    let bestDistance = Infinity;
    for (const item of this.items) {
      const distance = cp < item.start ? item.start - cp : (cp >= item.end ? cp - item.end + 1 : 0);
      if (distance < bestDistance) { best = item; bestDistance = distance; }
    }
    return best;
  }

  resolvedCount() { return this.items.filter((i) => i.status === "resolved").length; }
}

/** [[candidate, attribute ids]] for each candidate span whose voters gave different attribute values. */
export function attributeDisputes(item) {
  return item.tally.candidates.filter((c) => c.attribute_disagreements)
    .map((c) => [c, Object.keys(c.attribute_disagreements)]);
}

/** What differs between the proposals of an item: start/end values, labels and attribute values. */
export function differences(item) {
  const props = item.proposals;
  const distinct = (fn) => new Set(props.map(fn)).size > 1;
  // Attribute values are compared only between proposals with the same label; across labels the label differs anyway.
  const attrDiff = new Set();
  for (const label of new Set(props.map((p) => p.label))) {
    const same = props.filter((p) => p.label === label);
    const keys = new Set(same.flatMap((p) => Object.keys(p.attributes || {})));
    for (const key of keys) {
      if (new Set(same.map((p) => JSON.stringify((p.attributes || {})[key] ?? null))).size > 1) attrDiff.add(key);
    }
  }
  return { start: distinct((p) => p.start), end: distinct((p) => p.end), label: distinct((p) => p.label), attributes: attrDiff };
}

/** Human summary of a decision: "Accepted annotator2's version · reviewer · 5 Feb, 14:03". */
export function decisionSummary(decision) {
  if (!decision) return "";
  const what = decision.action === "accept_annotator" && decision.chosen_annotator
    ? `Accepted ${decision.chosen_annotator}'s version` : (ACTION_TEXT[decision.action] || decision.action);
  const who = decision.decided_by || "automatic";
  const when = decision.created_at ? new Date(decision.created_at) : null;
  const stamp = when && !Number.isNaN(when.getTime())
    ? when.toLocaleString(undefined, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" }) : "";
  return [what, who, stamp].filter(Boolean).join(" · ");
}
