/** Submit, reopen, read-only state, conflict resolution and restoring unsent changes on load. */

import { request } from "./api.js";

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

function sameSpans(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

export class Workflow {
  constructor({ data, store, autosave, ui, schema, actions, showErrors }) {
    Object.assign(this, { data, store, autosave, ui, schema, actions, showErrors });
    this.stashed = null;
    this.submitButton = $("submit-annotation");
    this.reopenButton = $("reopen-annotation");
    this.submitButton.addEventListener("click", () => this.submit());
    this.reopenButton.addEventListener("click", () => this.reopen());
    $("conflict-reload").addEventListener("click", () => this.reloadFromServer());
    $("conflict-keep-mine").addEventListener("click", () => this.keepMine());
    autosave.onConflict = (err) => this.conflict(err);
    autosave.onError = (err) => this.validationError(err);
  }

  /** Mirror the set's status in the page: read-only after submission, Reopen when allowed. */
  refresh() {
    const submitted = this.store.status === "submitted";
    this.store.readOnly = submitted;
    document.querySelector("[data-testid=annotator]").classList.toggle("is-readonly", submitted);
    this.submitButton.hidden = submitted;
    this.reopenButton.hidden = !(submitted && this.store.canReopen);
    for (const b of document.querySelectorAll("[data-testid=label-button]")) b.disabled = submitted;
    this.ui.setAnnotationStatus(this.store.status);
  }

  async submit() {
    if (this.store.readOnly) return;
    this.submitButton.disabled = true;
    try {
      if (!(await this.autosave.saveNow())) {
        this.ui.alert("Your latest changes could not be saved, so the annotation was not submitted.");
        return;
      }
      const missing = {};
      for (const span of this.store.spans) {
        const m = this.schema.missingAttributes(span);
        if (Object.keys(m).length) missing[span.id] = m;
      }
      if (Object.keys(missing).length) { this.missing(missing); return; }
      const set = await request("POST", this.data.submit_url, { version: this.store.version });
      this.store.setMeta(set);
      this.autosave.reset();
      this.showErrors({});
      this.ui.alert("Submitted. The annotation is now read-only.", "info");
    } catch (err) {
      if (err.reason === "missing_required_attributes") this.missing(this.byIndex(err.errors.spans || {}));
      else this.handle(err);
    } finally {
      this.submitButton.disabled = false;
    }
  }

  async reopen() {
    try {
      const set = await request("POST", this.data.reopen_url, { version: this.store.version });
      this.store.setMeta(set);
      this.ui.alert("Reopened: you can edit again. Submit when done.", "info");
    } catch (err) {
      if (err.reason === "adjudication_started") {
        this.ui.alert("This annotation cannot be reopened: a reviewer has started adjudicating it.");
      } else this.handle(err);
    }
  }

  /** Map server error indices (positions in the sent, sorted list) to span ids. */
  byIndex(errorsByIndex) {
    const out = {};
    for (const [i, errs] of Object.entries(errorsByIndex)) {
      const span = this.store.spans[Number(i)];
      if (span) out[span.id] = errs;
    }
    return out;
  }

  missing(errorsById) {
    this.showErrors(errorsById);
    const count = Object.keys(errorsById).length;
    this.ui.alert(`Not submitted: ${count} span${count === 1 ? "" : "s"} still need${count === 1 ? "s" : ""} required attributes (marked ⚠ in the list).`);
    const first = this.store.spans.find((s) => errorsById[s.id]);
    if (first) this.actions.focusSpan(first.id);
  }

  validationError(err) {
    if (!err) return;
    this.showErrors(this.byIndex((err.errors && err.errors.spans) || {}));
    this.ui.alert(`The server rejected the last save: ${err.message}`);
  }

  handle(err) {
    if (err.status === 409) this.conflict(err);
    else if (err.status === 401 || err.status === 403) this.ui.showAuth();
    else if (err.network) this.ui.alert("The server could not be reached. Check your connection and try again.");
    else this.ui.alert(err.message);
  }

  conflict(err) {
    this.autosave.stop("conflict");
    const text = err.reason === "already_submitted"
      ? "This annotation was submitted elsewhere (perhaps in another tab). Autosave is paused so nothing is overwritten."
      : "A newer version of this annotation was saved elsewhere (perhaps by you in another tab). Autosave is paused so nothing is overwritten.";
    this.ui.showConflict(text);
  }

  async reloadFromServer() {
    try {
      const set = await request("GET", this.data.annotation_set_url);
      this.store.load(set);
      this.stashed = null;
      this.autosave.reset();
      this.ui.hideConflict();
      this.ui.alert("Loaded the latest saved version.", "info");
    } catch (err) { this.handle(err); }
  }

  /** Put this tab's spans on top of the server's latest version, by explicit choice. */
  async keepMine() {
    try {
      const set = await request("GET", this.data.annotation_set_url);
      if (set.status === "submitted") { this.ui.alert("The annotation is submitted; reload, reopen it, then edit."); return; }
      this.store.setMeta(set);
      this.ui.hideConflict();
      if (this.stashed) { this.replaceSpans(this.stashed); this.stashed = null; }
      this.autosave.stopped = false;
      this.autosave.savedRevision = -1;
      await this.autosave.saveNow();
    } catch (err) { this.handle(err); }
  }

  replaceSpans(spans) {
    this.store.commit({ removed: [...this.store.spans], added: spans.map((s) => this.store.makeSpan(s)) });
  }

  /** On load: resend unsent changes kept in this browser, or ask when they were made to an older version. */
  restore() {
    const stored = this.autosave.readStorage();
    if (!stored || !Array.isArray(stored.spans)) return;
    if (sameSpans(stored.spans, this.store.payload())) { this.autosave.clearStorage(true); return; }
    if (stored.base_version !== this.store.version || this.store.status === "submitted") {
      this.stashed = stored.spans;
      this.autosave.stop("conflict");
      this.ui.showConflict(`This browser kept unsent changes made to an older version (v${stored.base_version}); `
        + `the server now has v${this.store.version}. They were not applied: keep them (overwriting the server) or load the server's version.`);
      return;
    }
    this.replaceSpans(stored.spans);
    this.ui.alert("Restored changes that had not reached the server; saving them now.", "info");
    this.autosave.saveNow();
  }
}
