/** Debounced autosave with a localStorage copy of unsent changes, offline retry and conflict detection. */

import { request } from "./api.js";

const DEBOUNCE_MS = 800;
const MAX_BACKOFF_MS = 60000;

export class Autosave {
  constructor({ store, url, storageKey, ui }) {
    Object.assign(this, { store, url, storageKey, ui });
    this.tabId = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    this.savedRevision = store.revision;
    this.timer = null;
    this.queue = Promise.resolve(true);
    this.stopped = false;
    this.backoff = 2000;
    this.onError = () => {};
    this.onConflict = () => {};
    window.addEventListener("online", () => { if (this.hasUnsent()) this.saveNow(); });
    window.addEventListener("beforeunload", (e) => {
      if (!this.hasUnsent()) return;
      e.preventDefault();
      e.returnValue = "";
    });
  }

  hasUnsent() { return this.store.revision !== this.savedRevision; }

  /** Called after every local edit. */
  changed() {
    if (this.stopped) return;
    this.persist();
    this.ui.setSaveState(navigator.onLine ? "dirty" : "offline");
    this.schedule(DEBOUNCE_MS);
  }

  /** The server's version is now the base again (after load or reload). */
  reset() {
    this.stopped = false;
    this.savedRevision = this.store.revision;
    this.backoff = 2000;
    clearTimeout(this.timer);
    this.clearStorage(true);
    this.ui.setSaveState("saved");
  }

  stop(state) {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ui.setSaveState(state);
  }

  schedule(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.saveNow(), ms);
  }

  persist() {
    try {
      // The base goes with the unsent spans, so a later page can merge them three ways.
      localStorage.setItem(this.storageKey, JSON.stringify({
        tab: this.tabId, base_version: this.store.base.version, base_spans: this.store.base.spans,
        spans: this.store.payload(), saved_at: new Date().toISOString(),
      }));
    } catch (err) {
      this.ui.alert("This browser could not keep a local copy of your changes (storage full or disabled).");
    }
  }

  /** Unsent changes left by an earlier page, or null. */
  readStorage() {
    try { return JSON.parse(localStorage.getItem(this.storageKey) || "null"); } catch (err) { return null; }
  }

  clearStorage(force = false) {
    const stored = this.readStorage();
    // Another tab's unsent copy is not ours to drop, unless the user chose the server's version.
    if (!force && stored && stored.tab !== this.tabId) return;
    localStorage.removeItem(this.storageKey);
  }

  /** Save now; resolves true once the server holds the current spans. */
  saveNow() {
    clearTimeout(this.timer);
    // One save at a time: a second PUT with the same base version would conflict with our own first one.
    this.queue = this.queue.then(() => this.drain());
    return this.queue;
  }

  async drain() {
    while (!this.stopped && this.hasUnsent()) {
      if (!(await this.put())) return false;
    }
    if (!this.stopped) this.ui.setSaveState("saved");
    return !this.stopped;
  }

  async put() {
    const revision = this.store.revision;
    this.ui.setSaveState("saving");
    try {
      const set = await request("PUT", this.url, { version: this.store.version, spans: this.store.payload() });
      this.savedRevision = revision;
      this.backoff = 2000;
      this.store.adoptBase(set);
      this.store.setMeta(set);
      this.onError(null);
      if (this.hasUnsent()) this.persist(); else this.clearStorage();
      return true;
    } catch (err) {
      this.failed(err);
      return false;
    }
  }

  failed(err) {
    if (err.network || !navigator.onLine) {
      this.ui.setSaveState("offline");
      this.retry();
    } else if (err.status === 409) {
      this.stop("conflict");
      this.onConflict(err);
    } else if (err.status === 401 || err.status === 403) {
      this.stop("dirty");
      this.ui.showAuth();
    } else if (err.status === 422) {
      // Retrying the same payload cannot succeed; wait for the next edit.
      this.ui.setSaveState("dirty");
      this.onError(err);
    } else {
      this.ui.setSaveState("dirty");
      this.ui.alert(`Saving failed (${err.message}). Retrying automatically; your changes are kept in this browser.`);
      this.retry();
    }
  }

  retry() {
    this.schedule(this.backoff);
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
  }
}
