/** What Submit shows first: spans per label and anything unusual worth a second look. */

import { h } from "./dom.js";
import { isOther } from "./picker.js";

const LONG_SPAN = 300;

/** Non-empty paragraphs as code-point ranges [start, end). */
function paragraphs(text, index) {
  const out = [];
  let start = 0;
  for (const line of text.split("\n")) {
    const end = start + line.length;
    if (line.trim()) out.push([index.toCodePoint(start), index.toCodePoint(end)]);
    start = end + 1;
  }
  return out;
}

/** Sentences about the annotation that may be mistakes, though none of them blocks submitting. */
export function unusual(spans, schema, text, index) {
  const notes = [];
  if (!spans.length) {
    notes.push("You marked nothing in this text. Submit only if nothing in it needs a label.");
    return notes;
  }
  const unused = schema.labels.filter((l) => !spans.some((s) => s.label === l.id)).map((l) => `“${l.name}”`);
  if (unused.length) notes.push(`No span is labelled ${unused.join(" or ")}.`);
  const others = [];
  for (const span of spans) {
    for (const attr of schema.attributes(span.label)) {
      if (attr.allow_other && isOther(attr.choices, span.attributes[attr.id])) others.push(`${attr.name} “${span.attributes[attr.id]}”`);
    }
  }
  if (others.length) notes.push(`${others.length} value${others.length === 1 ? " is" : "s are"} not in the schema's list (kept as “other”): ${[...new Set(others)].join(", ")}.`);
  const long = spans.filter((s) => s.end - s.start > LONG_SPAN);
  if (long.length) notes.push(`${long.length} span${long.length === 1 ? " is" : "s are"} longer than ${LONG_SPAN} characters; spans are usually one clause.`);
  const paras = paragraphs(text, index);
  const bare = paras.filter(([a, b]) => !spans.some((s) => s.start < b && s.end > a)).length;
  if (bare) notes.push(`${bare} of ${paras.length} paragraphs have no span.`);
  return notes;
}

export function submitSummary(spans, schema, text, actions) {
  const counts = schema.labels.map((l) => [l, spans.filter((s) => s.label === l.id).length]);
  const swatch = (label) => {
    const el = h("span", { class: "fs-swatch", "aria-hidden": "true" });
    el.style.setProperty("--span-color", label.color || "#c7c7c7");
    return el;
  };
  const table = h("table", { class: "fs-summary-table", testid: "summary-counts" },
    h("caption", { class: "fs-visually-hidden", text: "Spans per label" }),
    h("tbody", {}, ...counts.map(([label, n]) => h("tr", { dataset: { label: label.id } },
      h("td", {}, swatch(label), ` ${label.name}`), h("td", { class: "fs-num", text: String(n) }))),
    h("tr", {}, h("th", { scope: "row", text: "All spans" }), h("td", { class: "fs-num", text: String(spans.length) }))));
  const notes = unusual(spans, schema, text, actions.index);
  return h("div", {}, table,
    notes.length ? h("p", { text: "Worth a second look:" }) : h("p", { class: "fs-muted", text: "Nothing unusual." }),
    notes.length ? h("ul", { class: "fs-summary-notes", testid: "summary-notes" }, ...notes.map((n) => h("li", { text: n }))) : null);
}
