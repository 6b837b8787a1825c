"""Attribute values checked against an annotation schema's attribute definitions.

Pure (no Flask, SQLAlchemy or marshmallow): the schema file loader and every door that takes spans use it.
"""
import datetime
import difflib
import math
from collections.abc import Mapping
from typing import Any

from app.safe_input import character_problem

# The longest free text (string attributes, "other" values of an enum) unless the schema file sets max_length.
DEFAULT_MAX_LENGTH = 2000


def describe(value: Any) -> str:
    """Name a parsed value's type the way a person editing YAML would recognise it."""
    if isinstance(value, bool):
        # YAML 1.1 turns bare yes/no/on/off into booleans, the usual surprise.
        return f"the boolean {str(value).lower()} (quote it if you meant text)"
    if isinstance(value, (int, float, str)):
        return f"the {'text' if isinstance(value, str) else 'number'} {value!r}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    names = {type(None): "nothing (null)", list: "a list", dict: "a mapping"}
    return names.get(type(value), type(value).__name__)


def suggest(word: str, known: list[str]) -> str:
    """Return a "did you mean" clause for a likely typo, or a list of what is allowed."""
    close = difflib.get_close_matches(word, known, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return "allowed: " + ", ".join(known) if known else "nothing is allowed here"


def is_blank(value: Any) -> bool:
    """Whether an attribute value counts as not filled in."""
    return value is None or value == "" or value == []


def value_problems(attribute: dict, value: Any) -> list[str]:
    """Check one non-blank value against an attribute definition; return messages (empty if valid)."""
    kind = attribute.get("type")
    if kind == "bool":
        return [] if isinstance(value, bool) else [f"must be true or false, not {describe(value)}"]
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return [f"must be a number, not {describe(value)}"]
        return [] if math.isfinite(value) else ["must be a finite number"]
    if kind == "string":
        return free_text_problems(attribute, value) if isinstance(value, str) else [f"must be text, not {describe(value)}"]
    allowed = [choice.get("value") for choice in attribute.get("choices", [])]
    if None in allowed:
        return []  # a choice without a value is reported on its own; judging against the rest would mislead
    listing = ", ".join(allowed)
    if kind == "enum":
        if not isinstance(value, str):
            return [f"must be one of {listing}, not {describe(value)}"]
        if value in allowed:
            return []
        if attribute.get("allow_other") and value.strip():
            return free_text_problems(attribute, value)
        return [f"'{value}' is not one of the choices: {listing}"]
    if not isinstance(value, list):
        return [f"must be a list of choices from {listing}, not {describe(value)}"]
    problems = [f"'{item}' is not one of the choices: {listing}" for item in value if item not in allowed]
    repeated = sorted({item for item in value if isinstance(item, str) and value.count(item) > 1})
    problems += [f"'{item}' is chosen more than once" for item in repeated]
    return problems


def max_length(attribute: dict) -> int:
    """The longest free text an attribute takes (versions stored before max_length existed get the default)."""
    return attribute.get("max_length") or DEFAULT_MAX_LENGTH


def free_text_problems(attribute: dict, value: str) -> list[str]:
    """Typed text is refused past the attribute's max_length (it is copied into history on every save) and
    with control characters."""
    problems = []
    if len(value) > (limit := max_length(attribute)):
        problems.append(f"is {len(value):,} characters long; the most is {limit:,}")
    if problem := character_problem(value):
        problems.append(problem)
    return problems


def validate_attributes(label: dict, attributes: Mapping, *, require: bool) -> dict[str, list[str]]:
    """Check one span's attribute values against its label definition; return {attribute id: [messages]}.

    Absent attributes take their default. With `require`, required attributes that are blank and
    not hidden by `visible_when` are reported too.
    """
    definitions = {definition["id"]: definition for definition in label["attributes"]}
    errors: dict[str, list[str]] = {}
    for key, value in attributes.items():
        definition = definitions.get(key)
        if definition is None:
            known = list(definitions)
            errors[str(key)] = [f"label '{label['name']}' has no attribute '{key}'; {suggest(str(key), known)}"]
        elif not is_blank(value):
            problems = value_problems(definition, value)
            if problems:
                errors[key] = [f"{definition['name']}: {problem}" for problem in problems]
    if require:
        for definition in label["attributes"]:
            missing = is_blank(_effective(definition, attributes))
            if definition["required"] and missing and _visible(definition, definitions, attributes):
                errors.setdefault(definition["id"], []).append(_missing_message(definition))
    return errors


def _effective(definition: dict, attributes: Mapping) -> Any:
    return attributes[definition["id"]] if definition["id"] in attributes else definition["default"]


def _visible(definition: dict, definitions: dict[str, dict], attributes: Mapping) -> bool:
    # An attribute is shown only if its condition holds and its controlling attribute is shown too
    # (the loader has refused visible_when cycles).
    condition = definition["visible_when"]
    if not condition:
        return True
    controller = definitions[condition["attribute"]]
    value = _effective(controller, attributes)
    shown = condition["equals"] in value if isinstance(value, list) else value == condition["equals"]
    return shown and _visible(controller, definitions, attributes)


def _missing_message(definition: dict) -> str:
    names = ", ".join(choice["name"] for choice in definition["choices"])
    return f"{definition['name']} is required" + (f": choose {names}" if names else "")
