// Checks app/static/js/offsets.js against the vectors shared with the Python tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { OffsetIndex, codePointToUtf16, utf16ToCodePoint } from "../../app/static/js/offsets.js";

const vectors = JSON.parse(readFileSync(new URL("../vectors/offsets.json", import.meta.url), "utf-8")).cases;

for (const c of vectors) {
  test(`offsets: ${c.name}`, () => {
    const index = new OffsetIndex(c.text);
    assert.equal(c.text.length, c.utf16_length);
    assert.equal(index.codePointLength, c.codepoint_length);
    for (const [cp, u16] of c.pairs) {
      assert.equal(codePointToUtf16(c.text, cp), u16);
      assert.equal(utf16ToCodePoint(c.text, u16), cp);
      assert.equal(index.toUtf16(cp), u16);
      assert.equal(index.toCodePoint(u16), cp);
    }
    for (const u16 of c.utf16_inside_pair) {
      assert.throws(() => utf16ToCodePoint(c.text, u16), RangeError);
      assert.throws(() => index.toCodePoint(u16), RangeError);
      assert.equal(index.toCodePoint(u16, "floor") + 1, index.toCodePoint(u16, "ceil"));
    }
    for (const u16 of c.utf16_out_of_range) {
      assert.throws(() => utf16ToCodePoint(c.text, u16), RangeError);
      assert.throws(() => index.toCodePoint(u16), RangeError);
    }
    for (const cp of c.codepoint_out_of_range) {
      assert.throws(() => codePointToUtf16(c.text, cp), RangeError);
      assert.throws(() => index.toUtf16(cp), RangeError);
    }
  });
}

test("offsets: lone surrogate counts as one code point, like Python", () => {
  const text = "a\ud800b";
  assert.equal(new OffsetIndex(text).toUtf16(3), 3);
  assert.equal(utf16ToCodePoint(text, 2), 2);
});
