/** Entry point of the adjudication page: reads the page data and wires the modules together. */

import { OffsetIndex } from "../offsets.js";
import { Schema } from "../annotator/schema.js";
import { SpanRules } from "../annotator/spanrules.js";
import { Chrome } from "./chrome.js";
import { Controller } from "./controller.js";
import { Editor } from "./editor.js";
import { ItemList } from "./itemlist.js";
import { installKeys } from "./keys.js";
import { Lanes } from "./lanes.js";
import { AdjudicationState } from "./state.js";
import { GoldRenderer } from "./textview.js";
import { Track } from "./track.js";

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

function installTabs() {
  const tabs = [...document.querySelectorAll(".fs-adjudicator [role=tab]")];
  for (const tab of tabs) {
    tab.addEventListener("click", () => {
      for (const t of tabs) {
        t.setAttribute("aria-selected", String(t === tab));
        document.getElementById(t.getAttribute("aria-controls")).hidden = t !== tab;
      }
    });
  }
}

function start() {
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const root = $("document-text");
  // The server rendered the stored text verbatim; it is the single source of offsets.
  const text = root.textContent;
  const index = new OffsetIndex(text);
  const schema = new Schema(data.schema);
  const rules = new SpanRules(text, schema.rules);
  const state = new AdjudicationState(data.adjudication);
  const chrome = new Chrome(schema);
  const excerpt = (start, end, max) => {
    const t = text.slice(index.toUtf16(start), index.toUtf16(end)).replace(/\s+/g, " ");
    return t.length > max ? `${t.slice(0, max - 1)}…` : t;
  };
  const els = {
    body: $("item-panel-body"), empty: $("item-panel-empty"), summary: $("item-summary"), info: $("decision-info"),
    heading: $("item-heading"), actions: $("item-actions"), reason: $("decision-reason"), next: $("next-unresolved"),
    editorRoot: $("item-editor"), card: $("item-panel"),
  };
  let controller = null;
  const select = (id) => { if (id !== null && controller) controller.select(id); };
  const views = {
    renderer: new GoldRenderer({ root, text, index, schema, headings: rules.displayHeadings() }),
    lanes: new Lanes({ root: $("lanes"), schema, length: index.codePointLength, onPick: (cp) => select(state.itemNear(cp)?.id ?? null) }),
    list: new ItemList({
      listEl: $("conflict-list"), goldEl: $("gold-list"), countEls: { items: $("open-count"), gold: $("gold-count") },
      filterEls: [...document.querySelectorAll("[data-testid=filter]")], schema, excerpt, onPick: select,
    }),
    editor: new Editor({
      rootEl: els.editorRoot, fromEl: $("edit-from-bar"), bodyEl: $("span-panel-body"), emptyEl: $("span-panel-empty"),
      schema, text, index, chrome, rules, guidelinesUrl: data.guidelines_url || null, onChange: () => controller.showItem(),
    }),
  };
  views.track = new Track({
    root: $("track"), schema, text, index,
    onAccept: (annotator) => controller.accept(annotator),
    onPickEdit: (id) => views.editor.select(id),
  });
  controller = new Controller({ data, state, schema, views, chrome, els });

  root.addEventListener("click", (e) => select(views.renderer.itemAt(e.target)));
  $("reject-all").addEventListener("click", () => controller.reject("reject_all"));
  $("no-span").addEventListener("click", () => controller.reject("no_span"));
  $("edit-item").addEventListener("click", () => controller.startEdit());
  $("save-edit").addEventListener("click", () => controller.saveEdit());
  $("cancel-edit").addEventListener("click", () => controller.cancelEdit());
  els.next.addEventListener("click", () => controller.nextUnresolved());
  installTabs();
  installKeys({ controller, editor: views.editor, chrome, reasonEl: els.reason });

  const first = state.nextOpen(null) || state.items.find((i) => i.kind === "conflict") || state.items[0];
  state.selectedId = first ? first.id : null;
  controller.render();
  $("adjudicator").dataset.ready = "true";
  performance.mark("adjudicator-ready");
}

start();
