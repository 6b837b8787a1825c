/**
 * Picker for an enum attribute whose list is open (allow_other): it shows the choices' names, stores their
 * ids, turns a typed name (or id) into its id, and marks a value that is in no choice as "other". A typed
 * value is saved when it is committed (Enter, Tab, leaving the field), never per keystroke.
 */

import { h } from "./dom.js";

const normal = (s) => String(s).trim().toLowerCase().replace(/[\s_]+/g, " ");

/** The value to store for typed text: a choice's id when the text is its name or id, else the text itself. */
export function valueForText(choices, text) {
  const typed = normal(text);
  if (!typed) return null;
  const hit = choices.find((c) => normal(c.value) === typed || normal(c.name) === typed);
  return hit ? hit.value : String(text).trim().replace(/\s+/g, " ");
}

/** What the field shows for a stored value: the choice's name, or the other value as stored. */
export function textForValue(choices, value) {
  if (value === null || value === undefined) return "";
  const hit = choices.find((c) => c.value === value);
  return hit ? hit.name : String(value);
}

export function isOther(choices, value) {
  return value !== null && value !== undefined && value !== "" && !choices.some((c) => c.value === value);
}

/** Choices whose name or id contains the typed text, in schema order. */
export function matchingChoices(choices, text) {
  const typed = normal(text);
  return typed ? choices.filter((c) => normal(c.name).includes(typed) || normal(c.value).includes(typed)) : [...choices];
}

export function picker({ id, attr, value, disabled, onCommit, common }) {
  const listId = `${id}-listbox`;
  const shown = textForValue(attr.choices, value);
  const input = h("input", {
    ...common, type: "text", value: shown, autocomplete: "off", role: "combobox", "aria-autocomplete": "list",
    "aria-expanded": "false", "aria-controls": listId,
  });
  const list = h("ul", { class: "fs-picker-list", id: listId, role: "listbox", "aria-label": attr.name, hidden: true });
  let options = [];
  let active = -1;
  let committed = false;

  const close = () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); };
  // One commit per picker: committing redraws the panel with a new picker, and the old field's blur
  // (as it leaves the page) must not commit its typed text over the choice just made.
  const commit = (next) => {
    close();
    if (committed) return;
    input.value = textForValue(attr.choices, next);
    if (next !== value && !(next === null && (value === undefined || value === ""))) {
      committed = true;
      onCommit(next);
    }
  };
  const highlight = (i) => {
    active = i;
    [...list.children].forEach((li, k) => li.setAttribute("aria-selected", String(k === i)));
    if (i >= 0 && list.children[i]) {
      input.setAttribute("aria-activedescendant", list.children[i].id);
      list.children[i].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  };
  const open = () => {
    const typed = input.value;
    const exact = valueForText(attr.choices, typed);
    options = matchingChoices(attr.choices, typed === shown ? "" : typed).map((c) => ({ value: c.value, name: c.name, note: c.description }));
    if (typed.trim() && isOther(attr.choices, exact)) options.push({ value: exact, name: `Other: “${exact}”`, note: "Not in the list; kept as typed", other: true });
    list.replaceChildren(...options.map((o, k) => h("li", {
      id: `${listId}-${k}`, role: "option", class: `fs-picker-option${o.other ? " is-other" : ""}`, "aria-selected": "false",
      on: { mousedown: (e) => e.preventDefault(), click: () => commit(o.value) },
    }, o.name, o.note ? h("small", { text: o.note }) : null)));
    list.hidden = options.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
    highlight(-1);
  };

  input.addEventListener("input", open);
  input.addEventListener("focus", () => input.select());
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (list.hidden) open();
      if (!options.length) return;
      const step = e.key === "ArrowDown" ? 1 : -1;
      highlight((active + step + options.length) % options.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      const chosen = !list.hidden && active >= 0 ? options[active].value : valueForText(attr.choices, input.value);
      commit(chosen);
    }
  });
  input.addEventListener("blur", () => commit(valueForText(attr.choices, input.value)));

  const badge = isOther(attr.choices, value)
    ? h("span", { class: "fs-other-badge", testid: "other-value", text: `other: ${value}` }) : null;
  return h("div", { class: "fs-picker" }, input, list, badge);
}
