/** The adjudicator's keyboard map; while an edit is open the annotator page's span keys apply instead. */

function inField(target) {
  return target instanceof Element && target.closest("input, textarea, select, [contenteditable]") !== null;
}

export function installKeys({ controller, editor, chrome, reasonEl }) {
  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.isComposing) return;
    if (chrome.cheatsheet.open) {
      if (e.key === "?") { chrome.toggleCheatsheet(); e.preventDefault(); }
      return;
    }
    if (inField(e.target)) {
      // Enter in the reason field saves an open edit; Esc leaves the field so the keys work again.
      if (e.target === reasonEl && e.key === "Enter" && editor.active) { controller.saveEdit(); e.preventDefault(); }
      if (e.key === "Escape") { e.target.blur(); e.preventDefault(); }
      return;
    }
    // Let a focused button take Enter/Space itself.
    if (e.target instanceof HTMLButtonElement && (e.key === "Enter" || e.key === " ")) return;
    if (e.altKey && !editor.active) return;
    if (handle(e)) e.preventDefault();
  });

  function handle(e) {
    if (e.key === "?") { chrome.toggleCheatsheet(); return true; }
    if (editor.active) {
      if (e.key === "Enter") { controller.saveEdit(); return true; }
      if (e.key === "Escape") { controller.cancelEdit(); return true; }
      return editor.handleKey(e);
    }
    if (e.ctrlKey || e.metaKey) return false;
    if (e.key === "Escape") { chrome.alert(""); return true; }
    if (controller.busy) return false;
    switch (e.key) {
      case "n": controller.step(1); return true;
      case "p": controller.step(-1); return true;
      case "u": controller.nextOpen(); return true;
      case "x": controller.reject("reject_all"); return true;
      case "0": controller.reject("no_span"); return true;
      case "e": controller.startEdit(); return true;
      case "r": reasonEl.focus(); return true;
      default:
        if (/^[1-9]$/.test(e.key)) { controller.acceptIndex(Number(e.key) - 1); return true; }
        return false;
    }
  }
}
