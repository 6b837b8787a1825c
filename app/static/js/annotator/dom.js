/** Tiny DOM builder so modules create elements without innerHTML. */

/** h("button", {class: "x", dataset: {a: 1}, text: "Hi", on: {click: fn}}, ...children) */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "on") for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else if (key === "testid") el.dataset.testid = value;
    else if (key in el && typeof value !== "string") el[key] = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  el.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

/** A label's swatch + name + hotkey, shared by the toolbar and the panel. */
export function labelButton(label, testid, onClick) {
  const button = h("button", {
    type: "button", class: "fs-label-button", testid, dataset: { label: label.id }, title: label.description || label.name,
    on: { mousedown: (e) => e.preventDefault(), click: () => onClick(label.id) },
  },
  h("span", { class: "fs-swatch", "aria-hidden": "true" }),
  h("span", { class: "fs-label-name", text: label.name }),
  label.hotkey ? h("kbd", { text: label.hotkey }) : null);
  button.style.setProperty("--span-color", label.color || "#c7c7c7");
  return button;
}
