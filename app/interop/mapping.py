"""The mapping file (their labels and attribute values onto the project's schema) and name resolution.

```yaml
labels: {Their label: our_label_id}
attributes:
  their_choice_name: {attribute: our_attribute_id, values: {Their value: our_value_id}}
text_field: text        # Label Studio: the task data key holding the text (optional)
```

Without an entry, a name still resolves when it equals a label's id, name or BIO tag, or an
attribute's id or name (ignoring case), so factspan's own exports need no mapping file.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

_TRUE = {"true", "yes", "1", "y", "on"}
_FALSE = {"false", "no", "0", "n", "off"}


class MappingError(ValueError):
    """The mapping file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class AttributeMapping:
    attribute: str
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LabelMapping:
    labels: Mapping[str, str] = field(default_factory=dict)
    attributes: Mapping[str, AttributeMapping] = field(default_factory=dict)
    text_field: str | None = None


def parse_mapping(source: str, schema_document: Mapping[str, Any]) -> LabelMapping:
    """Read the YAML and check every target exists in the schema.

    :raises MappingError: malformed YAML, an unknown key, or a target the schema does not have.
    """
    try:
        raw = yaml.safe_load(source) or {}
    except yaml.YAMLError as exc:
        raise MappingError(f"the mapping file is not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise MappingError("the mapping file must hold a mapping with 'labels' and/or 'attributes'")
    unknown = sorted(set(raw) - {"labels", "attributes", "text_field"})
    if unknown:
        raise MappingError(f"unknown key(s) {', '.join(unknown)}; use labels, attributes, text_field")
    labels = {label["id"]: label for label in schema_document["labels"]}
    problems: list[str] = []
    label_map = _string_map(raw.get("labels") or {}, "labels", problems)
    for theirs, ours in label_map.items():
        if ours not in labels:
            problems.append(f"labels: '{theirs}' maps to '{ours}', which the schema does not have")
    attribute_map = {}
    for theirs, entry in (raw.get("attributes") or {}).items():
        if not isinstance(entry, dict) or not isinstance(entry.get("attribute"), str):
            problems.append(f"attributes: '{theirs}' needs an 'attribute' (our attribute id)")
            continue
        definitions = [a for label in labels.values() for a in label["attributes"] if a["id"] == entry["attribute"]]
        if not definitions:
            problems.append(f"attributes: '{theirs}' maps to '{entry['attribute']}', which no label has")
            continue
        values = entry.get("values") or {}
        if not isinstance(values, dict):
            problems.append(f"attributes: '{theirs}'.values must be a mapping")
            continue
        choices = {c["value"] for d in definitions for c in d.get("choices", [])}
        for their_value, our_value in values.items():
            if choices and not isinstance(our_value, bool) and our_value not in choices:
                problems.append(f"attributes: '{theirs}' value '{their_value}' maps to '{our_value}', "
                                f"not a choice of {entry['attribute']}")
        attribute_map[str(theirs)] = AttributeMapping(entry["attribute"], {str(k): v for k, v in values.items()})
    if problems:
        raise MappingError("; ".join(problems))
    text_field = raw.get("text_field")
    return LabelMapping(label_map, attribute_map, str(text_field) if text_field else None)


def _string_map(raw: Any, where: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(raw, dict):
        problems.append(f"{where} must be a mapping of their name to our id")
        return {}
    return {str(k): str(v) for k, v in raw.items()}


class Resolver:
    """Resolves their label, attribute and value names against one schema, through the mapping."""

    def __init__(self, schema_document: Mapping[str, Any], mapping: LabelMapping | None = None) -> None:
        self.mapping = mapping or LabelMapping()
        self.labels = {label["id"]: label for label in schema_document["labels"]}
        self._label_names: dict[str, str] = {}
        for label in schema_document["labels"]:
            for name in (label.get("bio_tag"), label.get("name"), label["id"]):
                if name:
                    self._label_names[str(name).casefold()] = label["id"]

    def label(self, theirs: str) -> str | None:
        if theirs in self.mapping.labels:
            return self.mapping.labels[theirs]
        return self._label_names.get(str(theirs).casefold())

    def attribute(self, label_id: str, theirs: str, value: Any) -> tuple[str, Any] | str:
        """(our attribute id, our value), or why it did not map."""
        definitions = {a["id"]: a for a in self.labels[label_id]["attributes"]}
        entry = self.mapping.attributes.get(theirs)
        if entry is not None:
            attribute_id, value_map = entry.attribute, entry.values
        else:
            attribute_id = next((a["id"] for a in definitions.values()
                                 if theirs.casefold() in (a["id"].casefold(), a["name"].casefold())), None)
            value_map = {}
        definition = definitions.get(attribute_id) if attribute_id else None
        if definition is None:
            return f"attribute '{theirs}' has no counterpart on label {label_id}"
        converted = _convert(definition, value, value_map)
        if isinstance(converted, _Unmapped):
            return f"attribute '{theirs}' value {converted.value!r} is not a value of {attribute_id}"
        return attribute_id, converted


@dataclass(frozen=True)
class _Unmapped:
    value: Any


def _convert(definition: Mapping[str, Any], value: Any, value_map: Mapping[str, Any]) -> Any:
    """Their value (a choice list, a string, a flag) as our attribute's type wants it."""
    kind = definition["type"]
    values = value if isinstance(value, list | tuple) else [value]
    values = [value_map.get(str(v), v) if not isinstance(v, bool) else v for v in values]
    if kind == "multi_enum":
        converted = [_choice(definition, v) for v in values]
        bad = [c for c in converted if isinstance(c, _Unmapped)]
        return bad[0] if bad else converted
    if len(values) != 1:
        return _Unmapped(value)
    [single] = values
    if kind == "enum":
        return _choice(definition, single)
    if kind == "bool":
        if isinstance(single, bool):
            return single
        text = str(single).strip().casefold()
        return True if text in _TRUE else False if text in _FALSE else _Unmapped(single)
    if kind == "number":
        try:
            number = float(single)
        except (TypeError, ValueError):
            return _Unmapped(single)
        return int(number) if number.is_integer() else number
    return single if isinstance(single, str) else _Unmapped(single)


def _choice(definition: Mapping[str, Any], value: Any) -> Any:
    for choice in definition.get("choices", []):
        if str(value).casefold() in (str(choice["value"]).casefold(), str(choice.get("name", "")).casefold()):
            return choice["value"]
    if definition.get("allow_other") and isinstance(value, str) and value.strip():
        return value
    return _Unmapped(value)
