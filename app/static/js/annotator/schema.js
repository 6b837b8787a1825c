/** Annotation-schema helpers: label lookup, attribute defaults, visibility and required checks. */

const LINE_STYLES = ["solid", "dashed", "dotted", "double", "wavy"];
const FALLBACK_COLOR = "#c7c7c7";

export class Schema {
  constructor(doc) {
    this.doc = doc;
    this.rules = doc.span_rules;
    this.labels = doc.labels;
    this.byId = new Map(doc.labels.map((label, i) => [label.id, { ...label, index: i }]));
    this.byHotkey = new Map(doc.labels.filter((l) => l.hotkey).map((l) => [l.hotkey.toLowerCase(), l]));
  }

  label(id) { return this.byId.get(id) || null; }

  labelName(id) { const label = this.label(id); return label ? label.name : id; }

  color(id) { const label = this.label(id); return (label && label.color) || FALLBACK_COLOR; }

  /** Border style per label, so spans are told apart by more than colour. */
  lineStyle(id) { const label = this.label(id); return LINE_STYLES[label ? label.index % LINE_STYLES.length : 0]; }

  granularity(id) {
    const label = id ? this.label(id) : null;
    return (label && label.granularity) || this.rules.granularity || "word";
  }

  /** Attributes of a freshly created span: the schema defaults, nothing else. */
  defaultAttributes(labelId) {
    const out = {};
    for (const attr of this.attributes(labelId)) {
      if (attr.default !== null && attr.default !== undefined) out[attr.id] = attr.default;
    }
    return out;
  }

  attributes(labelId) { const label = this.label(labelId); return label ? label.attributes || [] : []; }

  /** Keep the values the new label also defines, then fill its defaults. */
  carryAttributes(newLabelId, attributes) {
    const out = this.defaultAttributes(newLabelId);
    for (const attr of this.attributes(newLabelId)) {
      if (attributes && attr.id in attributes) out[attr.id] = attributes[attr.id];
    }
    return out;
  }

  isVisible(attr, attributes) {
    const cond = attr.visible_when;
    if (!cond) return true;
    return (attributes || {})[cond.attribute] === cond.equals;
  }

  /** {attrId: "Name is required."} for required, visible attributes without a value (the server's rule). */
  missingAttributes(span) {
    const missing = {};
    for (const attr of this.attributes(span.label)) {
      if (!attr.required || !this.isVisible(attr, span.attributes)) continue;
      const value = (span.attributes || {})[attr.id];
      const empty = value === undefined || value === null || value === ""
        || (Array.isArray(value) && value.length === 0);
      if (empty) missing[attr.id] = [`${attr.name} is required.`];
    }
    return missing;
  }
}
