/** Side panel editing the selected span: label, schema attributes, boundaries and deletion. */

import { h, labelButton } from "./dom.js";
import { isOther, picker, textForValue } from "./picker.js";

export class Panel {
  constructor({ bodyEl, emptyEl, store, schema, actions }) {
    Object.assign(this, { bodyEl, emptyEl, store, schema, actions });
    this.errors = {};
    this.drawn = null;
    this.guidelineLink = () => {};
  }

  /**
   * Redraw for the selected span, keeping focus and caret in the field being edited. Nothing is redrawn when
   * the span, its errors and the read-only state are the ones on screen, so a save finishing in the
   * background never disturbs a field being typed in.
   */
  render() {
    const span = this.store.selected;
    const drawn = { span, errors: this.errors, readOnly: this.store.readOnly };
    if (this.drawn && ["span", "errors", "readOnly"].every((k) => this.drawn[k] === drawn[k])) return;
    this.drawn = drawn;
    this.emptyEl.hidden = Boolean(span);
    const active = document.activeElement;
    const focusKey = this.bodyEl.contains(active) ? active.dataset.focusKey : null;
    const caret = focusKey && "selectionStart" in active ? [active.selectionStart, active.selectionEnd] : null;
    if (!span) { this.bodyEl.replaceChildren(); return; }
    this.bodyEl.replaceChildren(this.build(span));
    const again = focusKey && this.bodyEl.querySelector(`[data-focus-key="${focusKey}"]`);
    if (again) {
      again.focus();
      if (caret && again.setSelectionRange && again.type === "text") again.setSelectionRange(...caret);
    }
  }

  build(span) {
    const ro = this.store.readOnly;
    const label = this.schema.label(span.label);
    const errors = this.errors[span.id] || {};
    const labels = h("div", { class: "fs-panel-labels", role: "group", "aria-label": "Label" },
      ...this.schema.labels.map((l) => {
        const b = labelButton(l, "panel-label-button", (id) => this.actions.relabel(span.id, id));
        b.setAttribute("aria-pressed", String(l.id === span.label));
        b.disabled = ro;
        return b;
      }));
    const fields = this.schema.attributes(span.label)
      .filter((attr) => this.schema.isVisible(attr, span.attributes))
      .map((attr) => this.field(span, attr, errors[attr.id], ro));
    return h("div", { class: "fs-panel-inner", dataset: { spanId: String(span.id) } },
      h("blockquote", { class: "fs-panel-excerpt", testid: "panel-excerpt", text: this.actions.excerpt(span, 240) }),
      h("p", { class: "fs-panel-meta" },
        h("span", { text: `Characters ${span.start}–${span.end} (${span.end - span.start})` }),
        label && label.guideline_anchor ? h("button", {
          type: "button", class: "fs-link", testid: "label-guidelines", text: "Guidelines for this label",
          on: { click: () => this.guidelineLink(label.guideline_anchor) },
        }) : null),
      label && label.hint ? h("p", { class: "fs-panel-hint", text: label.hint }) : null,
      h("h3", { text: "Label" }), labels,
      fields.length ? h("h3", { text: "Attributes" }) : null, ...fields,
      h("h3", { text: "Boundaries" }),
      h("div", { class: "fs-nudge" },
        this.nudgeButton("Start ◀", "start", -1, "nudge-start-left", ro),
        this.nudgeButton("Start ▶", "start", 1, "nudge-start-right", ro),
        this.nudgeButton("End ◀", "end", -1, "nudge-end-left", ro),
        this.nudgeButton("End ▶", "end", 1, "nudge-end-right", ro),
        h("button", {
          type: "button", class: "fs-button fs-small fs-danger", testid: "delete-span", text: "Delete span", disabled: ro,
          "aria-keyshortcuts": "Delete", on: { click: () => this.actions.deleteSelected() },
        })));
  }

  nudgeButton(text, edge, dir, testid, disabled) {
    const words = `${edge === "start" ? "Start" : "End"} one word ${dir < 0 ? "left" : "right"}`;
    return h("button", {
      type: "button", class: "fs-button fs-small", testid, text, disabled, "aria-label": words,
      title: `${words}; hold Alt for one character`,
      on: { click: (e) => this.actions.nudge(edge, dir, e.altKey) },
    });
  }

  field(span, attr, error, disabled) {
    const value = span.attributes[attr.id];
    const id = `fs-attr-${attr.id}`;
    const helpId = attr.description ? `${id}-help` : null;
    const set = (v) => this.actions.setAttribute(span.id, attr.id, v);
    const common = {
      id, name: attr.id, testid: "attribute-input", disabled, dataset: { focusKey: attr.id },
      "aria-describedby": helpId, "aria-invalid": error ? "true" : null, "aria-required": attr.required ? "true" : null,
    };
    // Typed values are saved when committed (change: Enter or leaving the field), not per keystroke.
    const onEnter = (e) => { if (e.key === "Enter") e.target.dispatchEvent(new Event("change")); };
    let control;
    if (attr.type === "bool") {
      control = h("input", { ...common, type: "checkbox", checked: value === true, on: { change: (e) => set(e.target.checked) } });
    } else if (attr.type === "multi_enum") {
      const chosen = new Set(Array.isArray(value) ? value : []);
      control = h("div", { class: "fs-checks", role: "group", "aria-labelledby": `${id}-label`, testid: "attribute-input" },
        ...attr.choices.map((c) => h("label", { class: "fs-check" },
          h("input", {
            type: "checkbox", value: c.value, checked: chosen.has(c.value), disabled,
            dataset: { focusKey: `${attr.id}:${c.value}` },
            on: { change: (e) => { const next = new Set(chosen); if (e.target.checked) next.add(c.value); else next.delete(c.value); set([...next]); } },
          }), ` ${c.name}`)));
    } else if (attr.type === "enum" && attr.allow_other) {
      control = picker({ id, attr, value, disabled, onCommit: set, common });
    } else if (attr.type === "enum") {
      control = h("select", { ...common, on: { change: (e) => set(e.target.value || null) } },
        h("option", { value: "", text: "— choose —" }),
        ...attr.choices.map((c) => h("option", { value: c.value, text: c.name, selected: c.value === value })));
    } else if (attr.type === "number") {
      control = h("input", {
        ...common, type: "number", value: value ?? "", step: "any",
        on: { change: (e) => set(e.target.value === "" ? null : Number(e.target.value)), keydown: onEnter },
      });
    } else {
      const options = attr.suggestions || [];
      control = h("input", {
        ...common, type: "text", value: value ?? "", list: options.length ? `${id}-list` : null, autocomplete: "off",
        maxLength: attr.max_length ?? null,
        on: { change: (e) => set(e.target.value.trim()), keydown: onEnter },
      });
      if (options.length) control = h("span", {}, control, h("datalist", { id: `${id}-list` }, ...options.map((o) => h("option", { value: o }))));
    }
    const labelText = `${attr.name}${attr.required ? " *" : ""}`;
    const labelEl = attr.type === "multi_enum" ? h("span", { class: "fs-field-label", id: `${id}-label`, text: labelText })
      : h("label", { class: "fs-field-label", for: id, text: labelText });
    return h("div", {
      class: `fs-field${error ? " has-error" : ""}`, testid: "attribute-field", dataset: { attribute: attr.id, type: attr.type },
    },
    attr.type === "bool" ? h("div", { class: "fs-bool" }, control, labelEl) : labelEl,
    attr.type === "bool" ? null : control,
    attr.description ? h("p", { class: "fs-field-help", id: helpId, text: attr.description }) : null,
    error ? h("p", { class: "fs-field-error", role: "alert", text: error.join(" ") }) : null);
  }
}

/** How a stored attribute value reads for a person: choice names, yes/no, "other: …" for an open list. */
export function formatAttribute(attr, value) {
  const name = (v) => textForValue(attr.choices || [], v);
  if (Array.isArray(value)) return value.map(name).join(", ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (attr.allow_other && isOther(attr.choices || [], value)) return `other: ${value}`;
  return attr.choices && attr.choices.length ? name(value) : String(value);
}
