// The open-list attribute picker's mapping (app/static/js/annotator/picker.js): names shown, ids stored, other marked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isOther, matchingChoices, textForValue, valueForText } from "../../app/static/js/annotator/picker.js";

const choices = [
  { value: "russian_readout", name: "Russian readout" },
  { value: "chinese_readout", name: "Chinese readout" },
  { value: "unclear", name: "Unclear" },
];

test("a typed display name maps to its id, whatever the case and spacing", () => {
  assert.equal(valueForText(choices, "Russian readout"), "russian_readout");
  assert.equal(valueForText(choices, "  russian   READOUT "), "russian_readout");
  assert.equal(valueForText(choices, "chinese_readout"), "chinese_readout");
});

test("a value in no choice is kept as typed, trimmed, and counts as other", () => {
  assert.equal(valueForText(choices, "  Russian  MFA "), "Russian MFA");
  assert.equal(isOther(choices, "Russian MFA"), true);
  assert.equal(isOther(choices, "unclear"), false);
  assert.equal(valueForText(choices, "   "), null);
});

test("a half-typed name is not a choice", () => {
  assert.equal(valueForText(choices, "Rus"), "Rus");
  assert.deepEqual(matchingChoices(choices, "rus").map((c) => c.value), ["russian_readout"]);
  assert.deepEqual(matchingChoices(choices, "readout").map((c) => c.value), ["russian_readout", "chinese_readout"]);
});

test("the field shows a choice's name and an other value as stored", () => {
  assert.equal(textForValue(choices, "chinese_readout"), "Chinese readout");
  assert.equal(textForValue(choices, "Russian MFA"), "Russian MFA");
  assert.equal(textForValue(choices, undefined), "");
});
