/** Submit (with a summary first), reopen, read-only state, two-tab merges and restoring unsent changes on load. */

import { request } from "./api.js";
import { h } from "./dom.js";
import { merge, resolve } from "./merge.js";
import { plainSpan } from "./store.js";
import { submitSummary } from "./summary.js";

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

function sameSpans(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

export class Workflow {
  constructor({ data, store, autosave, ui, schema, actions, showErrors, text }) {
    Object.assign(this, { data, store, autosave, ui, schema, actions, showErrors, text });
    this.pendingMerge = null;
    this.submitButton = $("submit-annotation");
    this.reopenButton = $("reopen-annotation");
    this.reopenClosed = $("reopen-closed");
    this.dialog = $("submit-dialog");
    this.submitButton.addEventListener("click", () => this.prepareSubmit());
    $("submit-confirm").addEventListener("click", () => this.submit());
    $("submit-cancel").addEventListener("click", () => this.dialog.close());
    this.reopenButton.addEventListener("click", () => this.reopen());
    $("conflict-reload").addEventListener("click", () => this.settle("theirs"));
    $("conflict-keep-mine").addEventListener("click", () => this.settle("mine"));
    autosave.onConflict = (err) => this.conflict(err);
    autosave.onError = (err) => this.validationError(err);
  }

  /** Mirror the set's status in the page: read-only after submission, Reopen when allowed, else why not. */
  refresh() {
    const submitted = this.store.status === "submitted";
    this.store.readOnly = submitted;
    document.querySelector("[data-testid=annotator]").classList.toggle("is-readonly", submitted);
    this.submitButton.hidden = submitted;
    this.reopenButton.hidden = !(submitted && this.store.canReopen);
    this.reopenClosed.hidden = !(submitted && !this.store.canReopen);
    for (const b of document.querySelectorAll("[data-testid=label-button]")) b.disabled = submitted;
    this.ui.setAnnotationStatus(this.store.status);
  }

  /** Save, check required attributes, then show what is about to be submitted. */
  async prepareSubmit() {
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
      $("submit-summary").replaceChildren(submitSummary(this.store.spans, this.schema, this.text, this.actions));
      this.dialog.showModal();
      $("submit-confirm").focus();
    } finally {
      this.submitButton.disabled = false;
    }
  }

  async submit() {
    this.dialog.close();
    try {
      const set = await request("POST", this.data.submit_url, { version: this.store.version });
      this.store.adoptBase(set);
      this.store.setMeta(set);
      this.autosave.reset();
      this.showErrors({});
      this.ui.alert("Submitted. The annotation is now read-only.", "info");
    } catch (err) {
      if (err.reason === "missing_required_attributes") this.missing(this.byIndex(err.errors.spans || {}));
      else this.handle(err);
    }
  }

  async reopen() {
    try {
      const set = await request("POST", this.data.reopen_url, { version: this.store.version });
      this.store.adoptBase(set);
      this.store.setMeta(set);
      this.ui.alert("Reopened: you can edit again. Submit when done.", "info");
    } catch (err) {
      if (err.reason === "adjudication_started") {
        this.store.setMeta({ version: this.store.version, status: this.store.status, can_reopen: false });
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

  /** A save met a newer version: merge this tab's changes with the saved ones, asking only about true conflicts. */
  async conflict(err) {
    this.autosave.stop("conflict");
    if (err.reason === "already_submitted") {
      this.showConflict("This annotation was submitted elsewhere (perhaps in another tab). Autosave is paused so nothing is overwritten; reload the page to see it.", null);
      return;
    }
    try {
      const server = await request("GET", this.data.annotation_set_url);
      this.mergeWith(server, this.store.base.spans, this.store.payload(), "another tab saved changes meanwhile");
    } catch (e) { this.handle(e); }
  }

  mergeWith(server, base, ours, why) {
    if (server.status === "submitted") {
      this.pendingMerge = null;
      this.showConflict(`This annotation was submitted elsewhere, so this tab's unsent changes were not applied (${why}). Reload the page to see it.`, null);
      return;
    }
    const theirs = server.spans.map(plainSpan);
    const result = merge(base, ours, theirs);
    if (!result.conflicts.length) {
      this.adopt(server, result.merged);
      const n = result.theirs.length;
      this.ui.alert(`Merged: ${why}; ${n} change${n === 1 ? "" : "s"} from there and yours touched different spans, so both are kept.`, "info");
      return;
    }
    this.pendingMerge = { server, base, ours, theirs };
    this.showConflict(`${why[0].toUpperCase()}${why.slice(1)}, and some of it touches the same spans as your unsaved changes. `
      + "Everything else from both sides is kept either way; choose which side wins where both changed:", result);
  }

  showConflict(message, result) {
    this.ui.showConflict(message);
    const diff = $("conflict-diff");
    const actions = document.querySelector("[data-testid=conflict-banner] .fs-banner-actions");
    actions.hidden = !result;
    if (!result) { diff.replaceChildren(); return; }
    const conflicted = new Set(result.conflicts.flat());
    const list = (title, testid, items) => h("div", { testid },
      h("h3", { text: title }),
      items.length ? h("ul", {}, ...items.map((c) => h("li", {
        class: conflicted.has(c) ? "is-conflict" : "", text: `${conflicted.has(c) ? "⚠ " : ""}${this.describe(c)}`,
      }))) : h("p", { class: "fs-muted", text: "Nothing." }));
    diff.replaceChildren(
      list("Your unsaved changes in this tab", "conflict-mine", result.mine),
      list("Saved meanwhile (another tab)", "conflict-theirs", result.theirs));
  }

  describe(change) {
    const name = (s) => `${this.schema.labelName(s.label)} “${this.excerptOf(s)}”`;
    if (change.kind === "added") return `added ${name(change.span)}`;
    if (change.kind === "removed") return `deleted ${name(change.before)}`;
    const keys = [...new Set([...Object.keys(change.before.attributes), ...Object.keys(change.span.attributes)])]
      .filter((k) => JSON.stringify(change.before.attributes[k] ?? null) !== JSON.stringify(change.span.attributes[k] ?? null));
    const attrs = this.schema.attributes(change.span.label);
    const names = keys.map((k) => (attrs.find((a) => a.id === k) || { name: k }).name);
    return `changed ${names.join(", ")} of ${name(change.span)}`;
  }

  excerptOf(span) { return this.actions.excerpt({ start: span.start, end: span.end }, 50); }

  /** The person's choice where both sides changed the same spans. */
  settle(prefer) {
    if (!this.pendingMerge) { window.location.reload(); return; }
    const { server, base, ours, theirs } = this.pendingMerge;
    this.pendingMerge = null;
    this.adopt(server, resolve(base, ours, theirs, prefer));
    this.ui.alert(prefer === "mine" ? "Kept your version where both changed; saving the merged spans."
      : "Took the saved version where both changed; your other changes are kept.", "info");
  }

  /** Make the server's version the base, show `spans`, and save them if they differ from the server's. */
  adopt(server, spans) {
    this.ui.hideConflict();
    this.store.adoptBase(server);
    this.store.setMeta(server);
    if (!sameSpans(spans, this.store.payload())) this.replaceSpans(spans);
    if (sameSpans(spans, this.store.base.spans)) {
      this.autosave.reset();
    } else {
      this.autosave.stopped = false;
      this.autosave.savedRevision = -1;
      this.autosave.saveNow();
    }
  }

  replaceSpans(spans) {
    this.store.commit({ removed: [...this.store.spans], added: spans.map((s) => this.store.makeSpan(s)) });
  }

  /** On load: resend unsent changes kept in this browser, merged with what the server has now. */
  restore() {
    const stored = this.autosave.readStorage();
    if (!stored || !Array.isArray(stored.spans)) return;
    if (sameSpans(stored.spans, this.store.payload())) { this.autosave.clearStorage(true); return; }
    if (stored.base_version === this.store.version && this.store.status !== "submitted") {
      this.replaceSpans(stored.spans);
      this.ui.alert("Restored changes that had not reached the server; saving them now.", "info");
      this.autosave.saveNow();
      return;
    }
    const server = { version: this.store.version, status: this.store.status, can_reopen: this.store.canReopen, spans: this.store.base.spans };
    this.autosave.stop("conflict");
    this.mergeWith(server, stored.base_spans || [], stored.spans,
      `this browser kept unsent changes made to v${stored.base_version}, and the server now has v${this.store.version}`);
  }
}
