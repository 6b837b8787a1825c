"""Load annotation schema files (YAML or JSON), validate them and normalise them into plain documents."""

import hashlib
import json
import pathlib
from dataclasses import dataclass, field
from typing import Any

import yaml
from marshmallow import ValidationError, post_load, validate, validates_schema

from app.annotation_schemas.file_fields import (
    GRANULARITIES, ID_HINT, ID_PATTERN, SEMVER_PATTERN, AgreementFileSchema, AttributeFileSchema,
    ChangelogEntryFileSchema, ExportFileSchema, FileSchema, Hotkey, SpanRulesFileSchema, guideline_targets, humanise,
    items, nested, one_of, text, unique_problems,
)
from app.annotation_schemas.file_review import ReviewFileSchema, default_review_section, review_label_problems
from app.annotation_schemas.values import describe, is_blank, suggest, value_problems

SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class SchemaFile:
    """One parsed schema file: its identity, its exact text and its normalised document."""

    schema_id: str
    version: str
    content: str
    sha256: str
    document: dict = field(hash=False)


class SchemaFileError(Exception):
    """A schema file that cannot be used; `problems` lists every (field path, message) found."""

    def __init__(self, path: str, problems: list[tuple[str, str]]) -> None:
        self.path = path
        self.problems = problems
        self.field, self.problem = problems[0]
        super().__init__("\n".join(f"{path}: {f}: {p}" if f else f"{path}: {p}" for f, p in problems))


class LabelFileSchema(FileSchema):
    id = text(required=True, pattern=ID_PATTERN, hint=ID_HINT)
    name = text(default=None, allow_none=True)
    description = text()
    hint = text()
    color = text(required=True, pattern=r"^#[0-9A-Fa-f]{6}$", hint='write a colour as "#rrggbb", e.g. "#56b4e9"',
                 null_hint=' (in YAML quote colours: an unquoted "#" starts a comment)')
    hotkey = Hotkey(load_default=None, allow_none=True)
    granularity = one_of(GRANULARITIES)
    guideline_anchor = text(default=None, allow_none=True, pattern=r"^[A-Za-z][\w-]*$",
                            hint="use letters, digits, '-' and '_', e.g. sourced-readout")
    bio_tag = text(default=None, allow_none=True, pattern=r"^[A-Z][A-Z0-9_]*$",
                   hint="use upper-case letters, digits and underscores, e.g. READOUT")
    attributes = items(nested(AttributeFileSchema), load_default=list)

    @validates_schema(skip_on_field_errors=False)
    def _check_attribute_links(self, data: dict, **kwargs: Any) -> None:
        attributes = [entry if isinstance(entry, dict) else {} for entry in data.get("attributes") or []]
        errors = unique_problems(attributes, "id", "attribute id", "attribute")
        by_id = {entry["id"]: entry for entry in attributes if "id" in entry}
        for index, entry in enumerate(attributes):
            if problem := _visible_when_problem(entry, by_id):
                errors.setdefault(index, {})["visible_when"] = problem
        if errors:
            raise ValidationError({"attributes": errors})

    @post_load
    def _fill_defaults(self, data: dict, **kwargs: Any) -> dict:
        return {**data, "name": data["name"] or humanise(data["id"]), "bio_tag": data["bio_tag"] or data["id"].upper()}


def _visible_when_problem(attribute: dict, by_id: dict[str, dict]) -> dict[str, list[str]] | None:
    condition = attribute.get("visible_when")
    if not condition or not {"attribute", "equals"} <= condition.keys():
        return None  # an incomplete condition is already reported field by field
    target = by_id.get(condition["attribute"])
    if target is None:
        missing, others = condition["attribute"], [key for key in by_id if key != attribute.get("id")]
        return {"attribute": [f"this label has no attribute '{missing}'; {suggest(missing, others)}"]}
    chain = [attribute.get("id")]
    while target is not None and target["id"] not in chain:
        chain.append(target["id"])
        target = by_id.get((target.get("visible_when") or {}).get("attribute", ""))
    if target is not None:
        return {"attribute": ["visible_when goes round in a circle: " + " -> ".join([*chain, target["id"]])]}
    controller = by_id[condition["attribute"]]
    if controller.get("type") == "multi_enum":
        # For a multi-choice attribute "equals" means "includes this choice".
        controller = {**controller, "type": "enum", "allow_other": False}
    problems = value_problems(controller, condition["equals"]) if "type" in controller else []
    return {"equals": problems} if problems else None


class AnnotationSchemaFileSchema(FileSchema):
    schema_id = text(required=True, pattern=ID_PATTERN, hint=ID_HINT)
    version = text(required=True, pattern=SEMVER_PATTERN, hint='write a semantic version such as "1.0.0" (quoted)')
    name = text(default=None, allow_none=True)
    language = text(default="en", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", hint='use a tag such as "en" or "pt-BR"')
    changelog = items(nested(ChangelogEntryFileSchema), load_default=list)
    span_rules = nested(SpanRulesFileSchema, load_default=lambda: SpanRulesFileSchema().load({}))
    labels = items(nested(LabelFileSchema), required=True,
                   validate=validate.Length(min=1, error="needs at least one label"))
    agreement = nested(AgreementFileSchema, load_default=lambda: AgreementFileSchema().load({}))
    export = nested(ExportFileSchema, load_default=lambda: ExportFileSchema().load({}))
    review = nested(ReviewFileSchema, load_default=default_review_section)
    guidelines = text()

    @validates_schema(skip_on_field_errors=False)
    def _check_across_labels(self, data: dict, **kwargs: Any) -> None:
        labels = [entry if isinstance(entry, dict) else {} for entry in data.get("labels") or []]
        repeated_ids = unique_problems(labels, "id", "label id", "label")
        errors: dict[str, Any] = {"labels": repeated_ids} if repeated_ids else {}
        for key, what, fold in (("hotkey", "hotkey", True), ("bio_tag", "BIO tag", False), ("color", "colour", True)):
            for index, problem in unique_problems(labels, key, what, "label", fold=fold).items():
                # A repeated id already explains the repeated bio_tag derived from it.
                if key != "bio_tag" or index not in repeated_ids:
                    errors.setdefault("labels", {}).setdefault(index, {}).update(problem)
        anchors, targets = guideline_targets(data.get("guidelines") or "")
        for index, label in enumerate(labels):
            anchor = label.get("guideline_anchor")
            if anchor and anchor not in anchors:
                message = (f"the guidelines have no heading (levels 1-3) whose anchor is '{anchor}'; "
                           f"{suggest(anchor, sorted(anchors))}")
                errors.setdefault("labels", {}).setdefault(index, {})["guideline_anchor"] = [message]
        if broken := sorted(targets - anchors):
            errors["guidelines"] = [f"the link to '#{target}' matches no heading" for target in broken]
        changelog = [entry if isinstance(entry, dict) else {} for entry in data.get("changelog") or []]
        if repeated := unique_problems(changelog, "version", "version", "changelog entry"):
            errors["changelog"] = repeated
        elif changelog and "version" in data and data["version"] not in {entry.get("version") for entry in changelog}:
            errors["changelog"] = [f"has no entry for version {data.get('version')}; add one saying what changed"]
        if isinstance(data.get("review"), dict) and (review_errors := review_label_problems(data["review"], labels)):
            errors["review"] = review_errors
        if errors:
            raise ValidationError(errors)

    @post_load
    def _fill_defaults(self, data: dict, **kwargs: Any) -> dict:
        default_granularity = data["span_rules"]["granularity"]
        labels = [{**label, "granularity": label["granularity"] or default_granularity} for label in data["labels"]]
        return {**data, "name": data["name"] or humanise(data["schema_id"]), "labels": labels}


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses repeated keys, which PyYAML would otherwise let silently win."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[tuple[str, str]] = set()
        for key_node, _ in node.value:
            # Merge keys (<<) may be overridden by explicit keys, so only plain scalars count.
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = (key_node.tag, key_node.value)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark, f"the key '{key_node.value}' appears twice",
                    key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _unique_json_pairs(pairs: list[tuple[str, Any]]) -> dict:
    result = dict(pairs)
    if len(result) < len(pairs):
        raise ValueError("a key appears twice in one JSON object")
    return result


def _read_data(text: str, path: str) -> Any:
    suffix = pathlib.PurePath(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise SchemaFileError(path, [("", f"unsupported file type '{suffix}'; use {', '.join(SUFFIXES)}")])
    # A byte-order mark is legal UTF-8 but json.loads refuses it.
    source = text.removeprefix("\ufeff")
    try:
        if suffix == ".json":
            return json.loads(source, object_pairs_hook=_unique_json_pairs)
        return yaml.load(source, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except json.JSONDecodeError as exc:
        problem = f"JSON syntax error at line {exc.lineno}, column {exc.colno}: {exc.msg}"
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        context = f" ({exc.context})" if exc.context else ""
        problem = f"YAML syntax error{where}: {exc.problem}{context}"
    except (yaml.YAMLError, ValueError) as exc:
        problem = f"cannot be parsed: {exc}"
    raise SchemaFileError(path, [("", problem)])


def _flatten(messages: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Turn marshmallow's nested error dict into (dotted path, message) pairs in file order."""
    if isinstance(messages, dict):
        pairs: list[tuple[str, str]] = []
        # Schema validators add their errors after the field errors; sort indices back into file order.
        ordered = sorted(messages.items(), key=lambda item: item[0] if isinstance(item[0], int) else -1)
        for key, value in ordered:
            if key == "_schema":
                path = prefix
            elif isinstance(key, int):
                path = f"{prefix}[{key}]"
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            pairs.extend(_flatten(value, path))
        return pairs
    if isinstance(messages, list):
        return [pair for message in messages for pair in _flatten(message, prefix)]
    return [(prefix, str(messages))]


def parse_schema_text(text: str, *, path: str) -> SchemaFile:
    """Parse and validate a schema file's text; `path` picks YAML or JSON by suffix and names the file.

    :raises SchemaFileError: on a syntax error or any invalid field (all of them are reported).
    """
    data = _read_data(text, path)
    if not isinstance(data, dict):
        problem = f"the top level must be a mapping of keys (schema_id, labels, …), not {describe(data)}"
        raise SchemaFileError(path, [("", "the file is empty" if data is None else problem)])
    try:
        document = AnnotationSchemaFileSchema().load(data)
    except ValidationError as exc:
        raise SchemaFileError(path, _flatten(exc.messages)) from None
    return SchemaFile(schema_id=document["schema_id"], version=document["version"], content=text,
                      sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), document=document)


def load_schema_file(path: pathlib.Path) -> SchemaFile:
    """Read and parse one schema file.

    :raises SchemaFileError: if it cannot be read, is not UTF-8 or is invalid.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SchemaFileError(str(path), [("", f"cannot be read: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problem = f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at line {line}); save the file as UTF-8"
        raise SchemaFileError(str(path), [("", problem)]) from None
    return parse_schema_text(text, path=str(path))


def iter_schema_files(folder: pathlib.Path) -> list[pathlib.Path]:
    """The schema files directly in `folder`, sorted by name; hidden files (editor backups) are skipped."""
    entries = (entry for entry in folder.iterdir() if entry.is_file() and entry.suffix.lower() in SUFFIXES)
    return sorted((entry for entry in entries if not entry.name.startswith(".")), key=lambda entry: entry.name)


def label_by_id(document: dict) -> dict[str, dict]:
    """Index a normalised document's labels by id."""
    return {label["id"]: label for label in document["labels"]}


def attribute_defaults(document: dict) -> dict[str, dict[str, Any]]:
    """{label id: {attribute id: default}} for the attributes that have a default."""
    return {
        label["id"]: {a["id"]: a["default"] for a in label["attributes"] if not is_blank(a["default"])}
        for label in document["labels"]
    }
