/** Page chrome: save status, alert messages, banners, and the cheat-sheet dialog. */

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

export const STATUS_TEXT = {
  saved: "Saved",
  saving: "Saving…",
  dirty: "Unsaved changes",
  offline: "Offline — changes kept in this browser",
  conflict: "Conflict",
};

const SET_STATUS_TEXT = { not_started: "Not started", draft: "Draft", submitted: "Submitted" };

export class UI {
  constructor() {
    this.saveStatus = $("save-status");
    this.setStatus = $("annotation-status");
    this.messages = new MessageArea($("message"));
    this.banner = $("conflict-banner");
    this.bannerText = $("conflict-text");
    this.authBanner = $("auth-banner");
    this.cheatsheet = $("cheatsheet");
    $("cheatsheet-close").addEventListener("click", () => this.cheatsheet.close());
  }

  setSaveState(state) {
    this.saveStatus.textContent = STATUS_TEXT[state];
    this.saveStatus.dataset.state = state;
  }

  setAnnotationStatus(status) {
    this.setStatus.textContent = SET_STATUS_TEXT[status] || status;
    this.setStatus.dataset.status = status;
  }

  /** Show a message in the role=alert region; kind "error" stays until replaced, "info" fades. */
  alert(text, kind = "error") {
    this.messages.show(text, kind);
  }

  showConflict(text) {
    this.bannerText.textContent = text;
    this.banner.hidden = false;
  }

  hideConflict() { this.banner.hidden = true; }

  showAuth() { this.authBanner.hidden = false; }

  toggleCheatsheet() {
    if (this.cheatsheet.open) this.cheatsheet.close(); else this.cheatsheet.showModal();
  }

  /** Fill the label rows of the cheat sheet from the schema's hotkeys. */
  fillCheatsheetLabels(schema) {
    fillLabelKeyRows($("cheatsheet-labels"), schema, (label) =>
      `Label the selection (or relabel the selected span) as “${label.name}”`);
  }
}

/** One cheat-sheet row per label hotkey: the key, then what it does (`describe(label)`). */
export function fillLabelKeyRows(body, schema, describe) {
  for (const label of schema.labels.filter((l) => l.hotkey)) {
    const row = document.createElement("tr");
    const key = document.createElement("td");
    const kbd = document.createElement("kbd");
    kbd.textContent = label.hotkey;
    key.append(kbd);
    const what = document.createElement("td");
    what.textContent = describe(label);
    row.append(key, what);
    body.append(row);
  }
}

/** The role=alert region: "info" messages fade after a while, errors stay until replaced. */
export class MessageArea {
  constructor(element) {
    this.element = element;
    this.timer = null;
  }

  show(text, kind = "error") {
    clearTimeout(this.timer);
    this.element.textContent = text;
    this.element.dataset.kind = kind;
    this.element.hidden = !text;
    if (text && kind === "info") this.timer = setTimeout(() => this.show(""), 6000);
  }
}
