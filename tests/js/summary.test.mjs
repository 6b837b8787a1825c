// What the submit summary finds worth a second look (app/static/js/annotator/summary.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { OffsetIndex } from "../../app/static/js/offsets.js";
import { Schema } from "../../app/static/js/annotator/schema.js";
import { unusual } from "../../app/static/js/annotator/summary.js";

const schema = new Schema({
  span_rules: {},
  labels: [
    { id: "readout", name: "Readout", attributes: [{ id: "source", name: "Source", type: "enum", allow_other: true,
      choices: [{ value: "kremlin", name: "Kremlin" }] }] },
    { id: "inference", name: "Inference", attributes: [] },
  ],
});
const text = "First paragraph here.\nSecond one.\n\nThird.";
const index = new OffsetIndex(text);
const span = (start, end, label, attributes = {}) => ({ start, end, label, attributes });

test("nothing marked is said plainly", () => {
  assert.deepEqual(unusual([], schema, text, index), ["You marked nothing in this text. Submit only if nothing in it needs a label."]);
});

test("unused labels, other values and paragraphs without spans are listed", () => {
  const notes = unusual([span(0, 5, "readout", { source: "TASS" })], schema, text, index);
  assert.deepEqual(notes, [
    "No span is labelled “Inference”.",
    "1 value is not in the schema's list (kept as “other”): Source “TASS”.",
    "2 of 3 paragraphs have no span.",
  ]);
});
