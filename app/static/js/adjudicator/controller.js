/** Adjudication commands: selecting items, sending decisions, editing, and re-rendering from the server's payload. */

import { request } from "../annotator/api.js";
import { h } from "../annotator/dom.js";
import { attributeDisputes, decisionSummary } from "./state.js";

const DONE_TEXT = {
  accept_annotator: (body) => `Accepted ${body.annotator}'s version.`,
  edit: () => "Saved your edit as gold.",
  reject_all: () => "Rejected all proposals as wrong (no gold here).",
  no_span: () => "Marked: nothing to annotate here (no gold).",
};

export class Controller {
  constructor({ data, state, schema, views, chrome, els }) {
    Object.assign(this, { data, state, schema, chrome, els });
    Object.assign(this, views);
    this.busy = false;
  }

  /** Redraw everything from the state, then restore the selection. */
  render() {
    this.renderer.show(this.state);
    this.shownEdit = null;
    this.lanes.show(this.state);
    this.list.show(this.state);
    this.chrome.showStatus(this.state);
    const id = this.state.selectedId;
    this.state.selectedId = null;
    if (id !== null) this.select(id, { scroll: false });
    else this.showItem();
  }

  select(id, { scroll = true } = {}) {
    if (this.editor.active) this.editor.close();
    const item = this.state.item(id);
    this.state.selectedId = item ? item.id : null;
    this.renderer.setCurrent(this.state.selectedId);
    this.list.select(this.state.selectedId);
    this.lanes.select(item);
    this.els.card.scrollTop = 0;
    this.showItem();
    if (item && scroll) this.renderer.scrollToItem(item.id);
  }

  /** Fill the item panel: summary, aligned proposals, decision, and the action buttons. */
  showItem() {
    const item = this.state.selected;
    const { body, empty, summary, info, heading } = this.els;
    empty.hidden = Boolean(item);
    body.hidden = !item;
    if (!item) { this.track.show(this.state, null, null); return; }
    this.showEditInText(item);
    const position = this.state.items.indexOf(item) + 1;
    const disputed = attributeDisputes(item);
    heading.textContent = item.kind === "agreed" && !disputed.length ? "Agreed item"
      : (item.tally.candidates.length === 1 && disputed.length ? "Conflict on attributes" : "Conflict");
    summary.replaceChildren(
      h("div", { class: "fs-item-top" },
        h("span", { class: `fs-state fs-state-${item.status}`, testid: "item-status", text: item.status === "open" ? "Open" : "Resolved" }),
        h("span", { class: "fs-muted", text: `Item ${position} of ${this.state.items.length} · characters ${item.start}–${item.end}` })),
      this.tally(item));
    this.track.show(this.state, item, this.editor.view());
    info.hidden = !item.decision;
    if (item.decision) {
      // replaceChildren would print a null argument as the text "null".
      info.replaceChildren(...[h("strong", { text: item.status === "resolved" ? "Decision: " : "Last decision: " }),
        decisionSummary(item.decision), item.decision.reason ? h("q", { text: item.decision.reason }) : null].filter(Boolean));
    }
    this.els.actions.hidden = this.editor.active;
    this.chrome.setBusy(this.busy);
  }

  /** While editing, the text shows the edit in place of the item's gold; afterwards the gold again. */
  showEditInText(item) {
    const edit = this.editor.active && this.editor.item === item ? { itemId: item.id, spans: this.editor.store.spans } : null;
    if (!edit && !this.shownEdit) return;
    this.renderer.show(this.state, edit);
    this.renderer.setCurrent(item.id);
    this.shownEdit = edit;
  }

  tally(item) {
    const t = item.tally;
    const rows = t.candidates.map((c) => {
      const chip = h("span", { class: "fs-chip" }, h("span", { class: "fs-swatch", "aria-hidden": "true" }), ` ${this.schema.labelName(c.label)}`);
      chip.style.setProperty("--span-color", this.schema.color(c.label));
      const enough = c.votes.length >= t.needed;
      return h("li", { class: enough ? "has-majority" : "" }, chip, h("span", { class: "fs-offsets", text: ` ${c.start}–${c.end}` }),
        h("span", { class: "fs-votes", text: ` ${c.votes.length}/${t.annotators}${enough ? " ✓" : ""}` }),
        h("span", { class: "fs-muted", text: ` ${c.votes.join(", ")}` }));
    });
    if (t.no_span.length) {
      rows.push(h("li", {}, h("span", { class: "fs-chip fs-chip-none", text: "No span" }),
        h("span", { class: "fs-votes", text: ` ${t.no_span.length}/${t.annotators}` }), h("span", { class: "fs-muted", text: ` ${t.no_span.join(", ")}` })));
    }
    const policy = this.state.policy;
    const source = policy && policy.policy_source === "project" ? "set for this project" : "from the annotation schema";
    const disputes = attributeDisputes(item).map(([candidate, names]) => h("li", { class: "fs-attr-dispute", testid: "attribute-dispute" },
      h("strong", { text: "Attributes differ: " }), names.map((n) => this.attributeName(candidate.label, n)).join(", "),
      h("span", { class: "fs-muted", text: ` on ${this.schema.labelName(candidate.label)} ${candidate.start}–${candidate.end}` })));
    return h("div", { class: "fs-tally", testid: "tally" },
      h("span", { class: "fs-tally-head", text: `Votes (${t.needed} of ${t.annotators} needed)` }),
      policy ? h("span", { class: "fs-policy", testid: "policy", text: ` · policy ${t.policy} (${source}), at least ${policy.min_annotators} annotators` }) : null,
      h("ul", {}, ...rows),
      disputes.length ? h("ul", { class: "fs-disputes" }, ...disputes) : null);
  }

  attributeName(label, id) {
    const attr = this.schema.attributes(label).find((a) => a.id === id);
    return attr ? attr.name : id;
  }

  step(dir) {
    const next = this.state.neighbour(dir, this.list.keep);
    if (next) this.select(next.id); else this.chrome.alert("No items in this list.", "info");
  }

  nextOpen() {
    const next = this.state.nextOpen(this.state.selectedId);
    if (next) { this.select(next.id); return; }
    this.chrome.alert("No open items left in this text. Use “Next text with conflicts” to go on.", "info");
    this.els.next.focus();
  }

  /** The header button: next open item here, or the next text once this one is done. */
  nextUnresolved() {
    if (this.state.openCount > 0) this.nextOpen(); else window.location.assign(this.data.next_unresolved_url);
  }

  needItem() {
    const item = this.state.selected;
    if (!item) this.chrome.alert("Select an item first (n / p, or click one in the list).", "info");
    return item;
  }

  acceptIndex(k) {
    const annotator = this.state.annotators[k];
    const item = this.needItem();
    if (!item || !annotator) return;
    if (!this.state.proposalsOf(item, annotator).length) {
      this.chrome.alert(`${annotator} proposed nothing here. Press 0 for “No span”, or accept another annotator.`, "info");
      return;
    }
    this.accept(annotator);
  }

  accept(annotator) { const item = this.needItem(); if (item) this.decide(item, { action: "accept_annotator", annotator }); }

  reject(action) { const item = this.needItem(); if (item) this.decide(item, { action }); }

  startEdit(source = null) {
    const item = this.needItem();
    if (!item || this.busy) return;
    const top = item.tally.candidates[0];
    const from = source || (item.gold.length ? "gold" : (top && top.votes[0]) || this.state.proposers(item)[0]);
    if (!from) { this.chrome.alert("Nobody proposed a span here; there is nothing to start an edit from.", "info"); return; }
    this.editor.open(this.state, item, from);
    this.els.actions.hidden = true;
    this.els.editorRoot.querySelector("[data-testid=save-edit]").focus({ preventScroll: true });
    // Bring "Your edit" and the editor into view inside the card (the card is positioned, so offsetTop is relative to it).
    const row = this.els.card.querySelector("[data-testid=track-edit-row]");
    if (row) this.els.card.scrollTop = row.offsetTop - 48;
  }

  cancelEdit() {
    if (!this.editor.active) return;
    this.editor.close();
    this.chrome.alert("");
    this.showItem();
  }

  saveEdit() {
    if (!this.editor.active || this.busy) return;
    const spans = this.editor.payload();
    if (spans) this.decide(this.editor.item, { action: "edit", spans });
  }

  /** POST a decision; on success adopt the returned payload and move on to the next open item. */
  async decide(item, body) {
    if (this.busy) return;
    this.busy = true;
    this.chrome.setBusy(true);
    const reason = this.els.reason.value.trim();
    try {
      const url = this.data.decision_url_template.replace("{id}", String(item.id));
      // The revision the reviewer saw: a decision someone made meanwhile answers 409, not overwritten.
      const payload = await request("POST", url, { ...body, reason, revision: item.revision });
      this.els.reason.value = "";
      if (this.editor.active) this.editor.close();
      this.state.load(payload);
      const next = this.state.nextOpen(item.id);
      this.state.selectedId = next ? next.id : item.id;
      this.busy = false;
      this.render();
      if (next) this.renderer.scrollToItem(next.id);
      const left = this.state.openCount ? `${this.state.openCount} open left.` : "All items are resolved: the text is adjudicated.";
      this.chrome.alert(`${DONE_TEXT[body.action](body)} ${left}`, "info");
    } catch (err) {
      this.busy = false;
      this.chrome.setBusy(false);
      await this.failed(err, body);
    }
  }

  async failed(err, body) {
    if (err.status === 409) {
      await this.reload("Someone else changed this text meanwhile; the page now shows the latest decisions. Check the item and decide again.");
    } else if (err.status === 422 && body.action === "edit" && this.editor.active) {
      const messages = this.editor.showServerErrors(err.errors.spans);
      this.chrome.alert(`Not saved: ${messages.join(" ") || err.message}`);
    } else if (err.status === 401 || err.status === 403) {
      this.chrome.alert("Your session has expired or you may not adjudicate this text. Log in again and reload the page.");
    } else {
      const details = Object.values(err.errors || {}).flat().filter((x) => typeof x === "string");
      this.chrome.alert(`Not saved: ${[err.message, ...details].join(" ")}`);
    }
  }

  async reload(message) {
    try {
      const payload = await request("GET", this.data.adjudication_url);
      if (this.editor.active) this.editor.close();
      this.state.load(payload);
      this.render();
      this.chrome.alert(message);
    } catch (err) {
      this.chrome.alert(`Could not reload: ${err.message}`);
    }
  }
}
