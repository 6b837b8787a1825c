// Three-way merge of span lists (app/static/js/annotator/merge.js): what two tabs changed, merged or in conflict.
import { test } from "node:test";
import assert from "node:assert/strict";
import { changes, merge, resolve } from "../../app/static/js/annotator/merge.js";

const span = (start, end, label = "x", attributes = {}) => ({ start, end, label, attributes });
const A = span(0, 5, "x", { source: "r" });
const B = span(10, 15);
const C = span(20, 25);

test("changes on different spans merge by themselves", () => {
  const result = merge([A], [A, B], [A, C]);
  assert.deepEqual(result.conflicts, []);
  assert.deepEqual(result.merged, [A, B, C]);
});

test("a span deleted in the other tab stays deleted when this tab added another", () => {
  const result = merge([A, C], [A, C, B], [C]);
  assert.deepEqual(result.merged, [B, C]);
});

test("a span added in the other tab is kept when this tab deleted another", () => {
  const result = merge([A, C], [C], [A, B, C]);
  assert.deepEqual(result.merged, [B, C]);
});

test("the same change made in both tabs is not a conflict and is applied once", () => {
  assert.deepEqual(merge([A, B], [B, C], [B, C]).merged, [B, C]);
});

test("changing one span in both tabs is a conflict, settled by the side the person prefers", () => {
  const relabelled = span(0, 5, "y", { source: "r" });
  const reattributed = span(0, 5, "x", { source: "c" });
  const result = merge([A, C], [relabelled, C], [reattributed, C]);
  assert.equal(result.merged, null);
  assert.equal(result.conflicts.length, 2); // the removal of A and the addition of the relabelled span, both against the change
  assert.deepEqual(resolve([A, C], [relabelled, C], [reattributed, C], "mine"), [relabelled, C]);
  assert.deepEqual(resolve([A, C], [relabelled, C], [reattributed, C], "theirs"), [reattributed, C]);
});

test("non-conflicting changes from both sides survive either choice", () => {
  const base = [A, C];
  const ours = [span(0, 5, "y"), C, B];
  const theirs = [C];
  assert.deepEqual(resolve(base, ours, theirs, "theirs"), [B, C]);
  assert.deepEqual(resolve(base, ours, theirs, "mine"), [span(0, 5, "y"), B, C]);
});

test("new spans from both tabs that share characters conflict", () => {
  const result = merge([], [span(0, 8)], [span(5, 12, "y")]);
  assert.equal(result.conflicts.length, 1);
});

test("blank attribute values and the order of multiple choices are not differences", () => {
  const before = span(0, 5, "x", { cue: "", tags: ["a", "b"] });
  const after = span(0, 5, "x", { tags: ["b", "a"], note: null });
  assert.deepEqual(changes([before], [after]), []);
});
