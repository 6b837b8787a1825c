/** Entry point of the annotation page: reads the page data and wires the modules together. */

import { OffsetIndex } from "../offsets.js";
import { Actions } from "./actions.js";
import { Autosave } from "./autosave.js";
import { labelButton } from "./dom.js";
import { Drawers } from "./drawers.js";
import { installKeyboard } from "./keyboard.js";
import { Panel } from "./panel.js";
import { Renderer } from "./render.js";
import { Schema } from "./schema.js";
import { Selection } from "./selection.js";
import { SpanList } from "./spanlist.js";
import { SpanRules } from "./spanrules.js";
import { Store } from "./store.js";
import { Suggestions } from "./suggestions.js";
import { UI } from "./ui.js";
import { Workflow } from "./workflow.js";

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

function start() {
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const root = $("document-text");
  // The server rendered the stored text verbatim; it is the single source of offsets.
  const text = root.textContent;
  const schema = new Schema(data.schema);
  const index = new OffsetIndex(text);
  const rules = new SpanRules(text, schema.rules);
  const store = new Store(data.annotation_set);
  const ui = new UI();
  const renderer = new Renderer({ root, text, index, schema, store, headings: rules.displayHeadings() });
  renderer.build();
  const selection = new Selection({ root, caretEl: $("caret"), renderer, store, schema, text, rules, scroller: $("document-pane") });
  const actions = new Actions({ store, schema, selection, renderer, ui, text, index, rules });
  const list = new SpanList({ listEl: $("span-list"), countEls: [$("span-count"), $("span-count-header")], store, schema, actions });
  const panel = new Panel({ bodyEl: $("span-panel-body"), emptyEl: $("span-panel-empty"), store, schema, actions });
  const autosave = new Autosave({ store, url: data.annotation_set_url, storageKey: data.storage_key, ui });
  const drawers = new Drawers({
    root, sidebar: $("sidebar"), sidebarButton: $("spans-open"), sidebarClose: $("sidebar-close"),
    guidelines: $("guidelines-drawer"), guidelinesButton: $("guidelines-open"), guidelinesClose: $("guidelines-close"),
  });
  panel.guidelineLink = (anchor) => drawers.openGuidelines(anchor);
  actions.onFocusSpan = () => drawers.showPanel();
  let errors = {};
  const showErrors = (next) => {
    errors = next;
    renderer.setErrors(Object.keys(next).map(Number));
    list.setErrors(next);
    panel.errors = next;
    panel.render();
  };
  const workflow = new Workflow({ data, store, autosave, ui, schema, actions, showErrors, text });

  store.subscribe((change) => {
    if (change.kind === "spans") {
      renderer.update(change);
      list.update(change);
      const fixed = change.added.filter((s) => errors[s.id] && !Object.keys(schema.missingAttributes(s)).length);
      if (fixed.length) showErrors(Object.fromEntries(Object.entries(errors).filter(([id]) => !fixed.some((s) => s.id === Number(id)))));
      if (store.selected && change.added.includes(store.selected)) panel.render();
      if (change.source !== "server") autosave.changed();
    } else if (change.kind === "select") {
      renderer.setClass(change.previous, "is-selected", false);
      renderer.setClass(change.current, "is-selected", true);
      list.select(change.previous, change.current);
      panel.render();
      if (change.current !== null) drawers.showPanel();
    } else if (change.kind === "meta") {
      workflow.refresh();
      panel.render();
    }
  });
  selection.onClickSpan = (id) => store.select(id);
  selection.onPending = (range, why) => {
    if (range) store.select(null);
    if (why === "empty") ui.alert("The selection holds only spaces or punctuation; nothing to label.", "info");
    if (why === "heading") ui.alert("The selection holds only a heading; headings stay out of spans in this schema.", "info");
  };

  const bar = $("label-bar");
  for (const label of schema.labels) {
    bar.append(labelButton(label, "label-button", (id) => { actions.applyLabel(id); root.focus({ preventScroll: true }); }));
  }
  $("undo").addEventListener("click", () => actions.undo());
  $("redo").addEventListener("click", () => actions.redo());
  $("cheatsheet-open").addEventListener("click", () => ui.toggleCheatsheet());
  $("guidelines").innerHTML = data.guidelines_html || "<p>No guidelines for this schema.</p>";
  ui.fillCheatsheetLabels(schema);
  const suggestions = new Suggestions({ data, root, renderer, store, schema, index, selection, actions, ui });
  suggestions.installKeys();
  installKeyboard({ root, schema, actions, selection, store, ui, drawers });

  list.update({ reset: true, removed: [], added: store.spans });
  workflow.refresh();
  ui.setSaveState("saved");
  workflow.restore();
  panel.render();
  $("annotator").dataset.ready = "true";
  performance.mark("annotator-ready");
  suggestions.start();
}

start();
