/** Page chrome: status badge and progress, alert messages, the busy state and the cheat sheet. */

import { MessageArea, fillLabelKeyRows } from "../annotator/ui.js";

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

export class Chrome {
  constructor(schema) {
    this.root = $("adjudicator");
    this.status = $("adjudication-status");
    this.progress = $("progress-bar");
    this.progressText = $("progress-text");
    this.messages = new MessageArea($("message"));
    this.cheatsheet = $("cheatsheet");
    this.nextButton = $("next-unresolved");
    $("cheatsheet-open").addEventListener("click", () => this.toggleCheatsheet());
    $("cheatsheet-close").addEventListener("click", () => this.cheatsheet.close());
    this.fillLabelKeys(schema);
  }

  /** "N open" or "Adjudicated", the progress bar, and the next-unresolved button's wording. */
  showStatus(state) {
    const done = state.openCount === 0;
    this.status.textContent = done ? "Adjudicated" : `${state.openCount} open`;
    this.status.dataset.status = state.status;
    const resolved = state.resolvedCount();
    const total = state.items.length;
    this.progress.style.width = `${total ? (100 * resolved) / total : 100}%`;
    this.progressText.textContent = `${resolved} of ${total} items resolved`;
    this.nextButton.textContent = done ? "Next text with conflicts →" : "Next open item";
    this.nextButton.classList.toggle("fs-primary", done);
    this.nextButton.dataset.mode = done ? "next-text" : "next-open";
    this.root.classList.toggle("is-done", done);
  }

  /** Message in the alert region; "info" fades after a while, errors stay until replaced. */
  alert(text, kind = "error") {
    this.messages.show(text, kind);
  }

  setBusy(busy) {
    this.root.dataset.busy = String(busy);
    for (const el of this.root.querySelectorAll("[data-decision-control]")) el.disabled = busy;
  }

  toggleCheatsheet() {
    if (this.cheatsheet.open) this.cheatsheet.close(); else this.cheatsheet.showModal();
  }

  fillLabelKeys(schema) {
    fillLabelKeyRows($("cheatsheet-labels"), schema, (label) =>
      `While editing: relabel the selected span as “${label.name}”`);
  }
}
