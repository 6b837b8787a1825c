// The schema's span rules on the page (app/static/js/annotator/spanrules.js): headings trimmed, sentences kept whole.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SpanRules } from "../../app/static/js/annotator/spanrules.js";

const text = "Bilateral Ties: The leaders agreed. Trade grew.\nThey discussed trade. 北京会谈继续。";
const rules = new SpanRules(text, { excluded_regions: ["heading"], allow_cross_sentence: false });
const at = (phrase) => [text.indexOf(phrase), text.indexOf(phrase) + phrase.length];

test("a selection starting on a heading loses the heading and the space after it", () => {
  const [start, end] = at("Bilateral Ties: The leaders agreed");
  const cut = rules.trim(start, end);
  assert.equal(text.slice(cut.start, cut.end), "The leaders agreed");
  assert.equal(cut.heading, "Bilateral Ties:");
});

test("a selection of only a heading trims to nothing", () => {
  const cut = rules.trim(...at("Bilateral Ties:"));
  assert.equal(cut.start, cut.end);
});

test("headings are drawn with the spaces that follow them", () => {
  assert.deepEqual(rules.displayHeadings(), [[0, "Bilateral Ties: ".length]]);
});

test("a span across a sentence, also before CJK text, has a problem that names the boundary", () => {
  assert.match(rules.problem(...at("agreed. Trade")), /cross a sentence boundary.*“Trade grew/);
  assert.match(rules.problem(...at("trade. 北京")), /cross a sentence boundary/);
  assert.equal(rules.problem(...at("The leaders agreed")), null);
});

test("a schema that allows crossing sentences and keeps headings has no such problems", () => {
  const open = new SpanRules(text, { excluded_regions: [], allow_cross_sentence: true });
  assert.equal(open.problem(0, text.indexOf(".")), null);
  assert.equal(open.trim(0, 20).heading, null);
});
