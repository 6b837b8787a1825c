// Snapping, trimming and caret moves of app/static/js/annotator/textops.js.
import { test } from "node:test";
import assert from "node:assert/strict";
import { moveBoundary, moveCaret, moveSentence, normaliseRange } from "../../app/static/js/annotator/textops.js";

const opts = { granularity: "word", trimPunctuation: true };
const pick = (text, [s, e]) => text.slice(s, e);

test("word snapping expands partial words and trims spaces", () => {
  const t = "Before Vladimir Putin spoke.";
  assert.equal(pick(t, normaliseRange(t, 9, 18, opts)), "Vladimir Putin");
});

test("terminal punctuation and leading commas are trimmed", () => {
  const t = "chat… A tradition that began in 2021. Next";
  assert.equal(pick(t, normaliseRange(t, 4, 38, opts)), "A tradition that began in 2021");
  const u = "x, and then; y";
  assert.equal(pick(u, normaliseRange(u, 1, 11, opts)), "and then");
});

test("char granularity keeps the exact range but never splits an emoji", () => {
  const t = "a 👨‍👩‍👧 b";
  const [s, e] = normaliseRange(t, 2, 4, { granularity: "char", trimPunctuation: true });
  assert.equal(pick(t, [s, e]), "👨‍👩‍👧");
});

test("apostrophes and hyphens join words", () => {
  const t = "So let’s take a high-level look";
  assert.equal(pick(t, normaliseRange(t, 4, 5, opts)), "let’s");
  assert.equal(pick(t, normaliseRange(t, 17, 18, opts)), "high-level");
});

test("CJK characters are their own words", () => {
  const t = "中国和俄罗斯";
  assert.equal(pick(t, normaliseRange(t, 1, 2, opts)), "国");
});

test("caret moves by word, sentence and boundary", () => {
  const t = "Before Vladimir Putin. Why? Because.";
  assert.equal(moveCaret(t, 0, 1, false), 6);
  assert.equal(moveCaret(t, 6, 1, false), 15);
  assert.equal(moveCaret(t, 15, -1, false), 7);
  assert.equal(moveSentence(t, 0, 1), t.indexOf("Why"));
  assert.equal(moveBoundary(t, 7, "start", 1, false), 16);
  assert.equal(moveBoundary(t, 21, "end", -1, false), 15);
});
