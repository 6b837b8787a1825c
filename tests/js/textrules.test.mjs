// Checks app/static/js/textrules.js against the sentence and heading vectors shared with the Python tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { OffsetIndex } from "../../app/static/js/offsets.js";
import { headings, sentenceStarts } from "../../app/static/js/textrules.js";

const vectors = JSON.parse(readFileSync(new URL("../vectors/textrules.json", import.meta.url), "utf-8")).cases;

for (const c of vectors) {
  const index = new OffsetIndex(c.text);
  test(`sentence starts: ${c.name}`, () => {
    assert.deepEqual(sentenceStarts(c.text).map((u) => index.toCodePoint(u)), c.sentence_starts);
  });
  test(`headings: ${c.name}`, () => {
    assert.deepEqual(headings(c.text).map(([s, e]) => [index.toCodePoint(s), index.toCodePoint(e)]), c.headings);
  });
}
