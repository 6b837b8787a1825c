"""Field types and leaf schemas for annotation schema files."""

import datetime
from typing import Any

from markdown_it import MarkdownIt
from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, pre_load, validate, validates_schema
from mdit_py_plugins.anchors import anchors_plugin

from app.annotation_schemas.values import DEFAULT_MAX_LENGTH, describe, is_blank, suggest, value_problems

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
ID_HINT = "use lower-case letters, digits and underscores, starting with a letter"
SEMVER_PATTERN = (r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
                  r"(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$")
ATTRIBUTE_TYPES = ("enum", "multi_enum", "bool", "string", "number")
CHOICE_TYPES = ("enum", "multi_enum")
GRANULARITIES = ("word", "char")
# What each option does: span rules in app.annotations.spans (server) and the annotation page;
# match mode and metric pick the agreement figure a project leads with (app.agreement.service);
# the policy is what adjudication pre-accepts by default (app.gold.workflow).
EXCLUDED_REGIONS = ("heading",)
MATCH_MODES = ("exact", "overlap")
AGREEMENT_METRICS = ("span_f1", "krippendorff_alpha", "alpha_unitized")
ADJUDICATION_POLICIES = ("majority", "unanimous")
# Keys the annotation page binds itself (static/js/annotator/keyboard.js and suggestions.js), compared
# case-insensitively like hotkeys: a label on one of them would shadow what it does, or be shadowed.
# Escape, Tab, Enter, Delete, Backspace, Home, End and the arrows are never one character, so never clash.
RESERVED_HOTKEYS = {
    "a": "accepts the suggestion under the caret (Shift+A accepts every suggestion in the selection)",
    "x": "rejects the suggestion under the caret",
    "j": "selects the next span",
    "k": "selects the previous span",
    "[": "moves the selected span's start one word left",
    "]": "moves the selected span's start one word right",
    "{": "moves the selected span's end one word left",
    "}": "moves the selected span's end one word right",
    "z": "undoes with Ctrl+Z",
    "y": "redoes with Ctrl+Y",
    "?": "opens the keyboard cheat sheet",
}
RESERVED_KEYS_TEXT = ", ".join(RESERVED_HOTKEYS) + ", Escape, Tab, Enter, Delete, Backspace, Home, End and the arrows"
# Same parser settings as app.annotation_schemas.guidelines, so an anchor accepted here exists on the page.
_ANCHORED = MarkdownIt("commonmark").enable("table").use(anchors_plugin, max_level=3)


def humanise(identifier: str) -> str:
    """Turn an id such as 'cue_text' into a display name such as 'Cue text'."""
    return identifier.replace("_", " ").capitalize()


def guideline_targets(markdown: str) -> tuple[set[str], set[str]]:
    """The heading anchors the guidelines page will have, and the in-page link targets ('#x') it uses."""
    anchors: set[str] = set()
    targets: set[str] = set()
    for token in _ANCHORED.parse(markdown):
        if token.type == "heading_open" and token.attrGet("id"):
            anchors.add(str(token.attrGet("id")))
        for child in token.children or []:
            href = str(child.attrGet("href") or "") if child.type == "link_open" else ""
            if href.startswith("#"):
                targets.add(href[1:])
    return anchors, targets


class Text(fields.String):
    """A string field whose type error names what YAML actually produced."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"must be text, not {describe(value)}")
        return value


class Flag(fields.Boolean):
    """A boolean field that accepts only true and false, not 'yes', 1 or 'on'."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise ValidationError(f"must be true or false, not {describe(value)}")
        return value


class Count(fields.Integer):
    """A whole number of at least 1 (not true, 1.5 or "10")."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError(f"must be a whole number of at least 1, not {describe(value)}")
        return value


class Hotkey(Text):
    """One key; a bare digit is accepted because YAML reads `hotkey: 1` as a number."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9:
            value = str(value)
        key = super()._deserialize(value, attr, data, **kwargs)
        if len(key) != 1 or key.isspace():
            raise ValidationError(f"must be exactly one visible character, not {key!r}")
        if key.lower() in RESERVED_HOTKEYS:
            raise ValidationError(f"'{key}' is reserved by the annotation page, where it "
                                  f"{RESERVED_HOTKEYS[key.lower()]}; pick another key (reserved: {RESERVED_KEYS_TEXT})")
        return key


class IsoDate(fields.Field):
    """A calendar date, written YYYY-MM-DD, loaded as an ISO string so the document stays JSON."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value).isoformat()
            except ValueError:
                pass
        raise ValidationError(f"must be a date written YYYY-MM-DD, not {describe(value)}")


def text(*, required: bool = False, default: Any = "", pattern: str | None = None, hint: str = "",
         allow_none: bool = False, null_hint: str = "") -> Text:
    """Build a Text field with messages that say how to fix the value."""
    validators = [validate.Regexp(pattern, error=f"'{{input}}' is not valid: {hint}")] if pattern else []
    messages = {"required": "is required", "null": "must not be empty" + null_hint}
    options = {"required": True} if required else {"load_default": default, "allow_none": allow_none}
    return Text(validate=validators, error_messages=messages, **options)


def one_of(choices: tuple[str, ...], default: str | None = None, *, required: bool = False) -> Text:
    """Build a Text field restricted to fixed choices."""
    check = validate.OneOf(choices, error="'{input}' is not one of: {choices}")
    messages = {"required": "is required", "null": "must not be empty"}
    options = {"required": True} if required else {"load_default": default, "allow_none": default is None}
    return Text(validate=check, error_messages=messages, **options)


def flag(default: bool) -> Flag:
    return Flag(load_default=default, error_messages={"null": "must be true or false"})


def items(field: fields.Field, **kwargs: Any) -> fields.List:
    messages = {"invalid": "must be a list", "null": "must be a list", "required": "is required"}
    return fields.List(field, error_messages=messages, **kwargs)


def nested(schema: type[Schema], **kwargs: Any) -> fields.Nested:
    return fields.Nested(schema, error_messages={"null": "must not be empty"}, **kwargs)


class FileSchema(Schema):
    """Base: unknown keys are refused with a spelling suggestion instead of marshmallow's bare message."""

    error_messages = {"type": "must be a mapping of keys (key: value lines), not a single value or a list"}

    class Meta:
        # _reject_unknown_keys reports them, with a suggestion, so marshmallow's RAISE would only repeat it.
        unknown = EXCLUDE

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _reject_unknown_keys(self, data: dict, original_data: Any, **kwargs: Any) -> None:
        if not isinstance(original_data, dict):
            return
        known = [name for name, field in self.fields.items() if not field.dump_only]
        unknown = {key: [f"unknown key; {suggest(str(key), known)}"] for key in original_data if key not in known}
        if unknown:
            raise ValidationError(unknown)


def unique_problems(entries: list[dict], key: str, what: str, owner: str, *, fold: bool = False) -> dict:
    """Errors keyed {index: {key: [message]}} for entries whose `key` repeats an earlier one."""
    seen: dict[Any, Any] = {}
    errors: dict[int, dict[str, list[str]]] = {}
    for index, entry in enumerate(entries):
        value = entry.get(key) if isinstance(entry, dict) else None
        if value is None:
            continue
        folded = value.lower() if fold and isinstance(value, str) else value
        if folded not in seen:
            seen[folded] = entry.get("id") if key != "id" else None
        elif seen[folded] is None:
            errors[index] = {key: [f"{what} '{value}' appears more than once"]}
        else:
            errors[index] = {key: [f"{what} '{value}' is already used by {owner} '{seen[folded]}'"]}
    return errors


class ChoiceFileSchema(FileSchema):
    value = text(required=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                 hint="use letters, digits, '_', '-' or '.', with no spaces, e.g. russian_readout")
    name = text(default=None, allow_none=True)
    description = text()

    @pre_load
    def _expand_shorthand(self, data: Any, **kwargs: Any) -> Any:
        # `choices: [direct, paraphrase]` is the natural way to write a plain list of values.
        return {"value": data} if isinstance(data, str) else data

    @post_load
    def _fill_name(self, data: dict, **kwargs: Any) -> dict:
        return {**data, "name": data["name"] or humanise(data["value"])}


class VisibleWhenFileSchema(FileSchema):
    attribute = text(required=True, pattern=ID_PATTERN, hint=ID_HINT)
    equals = fields.Raw(required=True, error_messages={"required": "is required", "null": "must not be empty"})


class SpanRulesFileSchema(FileSchema):
    allow_overlap = flag(False)
    allow_cross_sentence = flag(False)
    granularity = one_of(GRANULARITIES, "word")
    trim_punctuation = flag(True)
    excluded_regions = items(one_of(EXCLUDED_REGIONS, required=True), load_default=list)


class ChangelogEntryFileSchema(FileSchema):
    version = text(required=True, pattern=SEMVER_PATTERN, hint='write a semantic version such as "1.2.0"')
    date = IsoDate(required=True, error_messages={"required": "is required", "null": "must not be empty"})
    changes = text(required=True)


class AgreementFileSchema(FileSchema):
    match_mode = one_of(MATCH_MODES, "overlap")
    metric = one_of(AGREEMENT_METRICS, "span_f1")
    adjudication_policy = one_of(ADJUDICATION_POLICIES, "majority")


class ExportFileSchema(FileSchema):
    spans_key = text(default="sc", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
                     hint="use letters, digits and underscores, e.g. sc")


class AttributeFileSchema(FileSchema):
    id = text(required=True, pattern=ID_PATTERN, hint=ID_HINT)
    name = text(default=None, allow_none=True)
    type = one_of(ATTRIBUTE_TYPES, required=True)
    choices = items(nested(ChoiceFileSchema), load_default=list)
    allow_other = flag(False)
    suggestions = items(text(), load_default=list)
    required = flag(False)
    default = fields.Raw(load_default=None, allow_none=True)
    visible_when = nested(VisibleWhenFileSchema, load_default=None, allow_none=True)
    description = text()
    max_length = Count(load_default=None, allow_none=True)

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _check_type_rules(self, data: dict, original_data: Any, **kwargs: Any) -> None:
        kind = data.get("type")
        if kind is None or not isinstance(original_data, dict):
            return
        errors: dict[str, Any] = {}
        given = original_data.get("choices")
        choices = data.get("choices") or []
        if kind in CHOICE_TYPES and not given:
            errors["choices"] = [f"a {kind} attribute needs a list of choices"]
        elif kind not in CHOICE_TYPES and given:
            errors["choices"] = ["only enum and multi_enum attributes take choices"]
        elif repeated := unique_problems(choices, "value", "choice value", "choice"):
            errors["choices"] = repeated
        if data.get("allow_other") and kind != "enum":
            errors["allow_other"] = ["only enum attributes can allow other values"]
        if data.get("suggestions") and kind != "string":
            errors["suggestions"] = ["only string attributes take suggestions"]
        if data.get("max_length") is not None and not _free_text(data):
            errors["max_length"] = ["only string attributes and enums that allow other values take max_length"]
        # Judge the default only against a complete, error-free list of choices.
        complete = isinstance(given, list) and len(choices) == len(given) and "choices" not in errors
        if not is_blank(data.get("default")) and (kind not in CHOICE_TYPES or complete):
            if problems := value_problems(data, data["default"]):
                errors["default"] = problems
        if errors:
            raise ValidationError(errors)

    @post_load
    def _fill_defaults(self, data: dict, **kwargs: Any) -> dict:
        max_length = data["max_length"] or (DEFAULT_MAX_LENGTH if _free_text(data) else None)
        return {**data, "name": data["name"] or humanise(data["id"]), "max_length": max_length}


def _free_text(attribute: dict) -> bool:
    """Whether people type this attribute's values (a string, or an enum that allows other values)."""
    return attribute.get("type") == "string" or (attribute.get("type") == "enum" and bool(attribute.get("allow_other")))
