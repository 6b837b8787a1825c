/** The keyboard map: caret movement, labelling, span editing, undo/redo, drawers and the cheat sheet. */

const ARROWS = {
  ArrowLeft: ["word", -1], ArrowRight: ["word", 1], ArrowUp: ["sentence", -1], ArrowDown: ["sentence", 1],
  Home: ["paragraph", -1], End: ["paragraph", 1],
};

export function inField(target) {
  return target instanceof Element && (target.closest("input, textarea, select, [contenteditable]") !== null);
}

export function installKeyboard({ root, schema, actions, selection, store, ui, drawers }) {
  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.isComposing) return;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.altKey && (e.key === "z" || e.key === "Z" || e.key === "y")) {
      if (inField(e.target)) return;
      e.preventDefault();
      if (e.key === "y" || e.shiftKey) actions.redo(); else actions.undo();
      return;
    }
    if (inField(e.target)) {
      // Esc leaves a field for the text, keeping what was typed (leaving the field commits it), so the
      // next label key labels instead of typing into the field.
      if (e.key === "Escape" && !mod) {
        e.preventDefault();
        root.focus({ preventScroll: true });
      }
      return;
    }
    if (mod) return;
    if (ui.cheatsheet.open && e.key !== "?") return;
    const handled = handleKey(e);
    if (handled) e.preventDefault();
  });

  function handleKey(e) {
    const onText = document.activeElement === root;
    if (e.key === "?") { ui.toggleCheatsheet(); return true; }
    if (e.key === "Escape") {
      if (drawers.closeTop()) return true;
      selection.clearPending();
      store.select(null);
      ui.alert("");
      return true;
    }
    // Keys below act on the text and its spans; inside a drawer or dialog they keep their usual meaning.
    if (e.target instanceof Element && e.target !== root && e.target.closest("[data-testid=guidelines-drawer]")) return false;
    const label = !e.altKey && schema.byHotkey.get(e.key.toLowerCase());
    if (label) { actions.applyLabel(label.id); return true; }
    if ((e.key === "Delete" || e.key === "Backspace") && store.selected) { actions.deleteSelected(); return true; }
    if (e.code === "BracketLeft" || e.code === "BracketRight") {
      actions.nudge(e.shiftKey ? "end" : "start", e.code === "BracketLeft" ? -1 : 1, e.altKey);
      return true;
    }
    if (e.key === "j" || e.key === "k") { actions.selectNeighbour(e.key === "j" ? 1 : -1); return true; }
    if (!onText) return false;
    const arrow = ARROWS[e.key];
    if (arrow) {
      const kind = arrow[0] === "word" && e.altKey ? "char" : arrow[0];
      selection.move(kind, arrow[1], e.shiftKey);
      if (e.shiftKey) store.select(null);
      return true;
    }
    if (e.key === "Enter") {
      const span = store.spanAt(selection.renderer.index.toCodePoint(selection.focus, "floor"));
      store.select(span ? span.id : null);
      return true;
    }
    return false;
  }
}
