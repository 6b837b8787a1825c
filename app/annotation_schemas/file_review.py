"""The `review:` section of a schema file: which labels enter the editors' queue, check types and rating scales."""

from typing import Any

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from app.annotation_schemas.file_fields import (
    ID_HINT, ID_PATTERN, ChoiceFileSchema, FileSchema, flag, humanise, items, nested, text, unique_problems,
)
from app.annotation_schemas.values import suggest

# The scales of the annotation guide (section 4), best first; a desk changes them in its schema file.
DEFAULT_CHECK_TYPES = [
    {"id": "attribution_fidelity", "name": "Attribution fidelity", "compares_with_source": True,
     "not_found_rating": "not_in_source",
     "description": "Does the cited source really say this?",
     "scale": [{"value": "accurate", "name": "Accurate"},
               {"value": "accurate_with_added_framing", "name": "Accurate with added framing"},
               {"value": "partly_in_source", "name": "Partly in source"},
               {"value": "not_in_source", "name": "Not in source"},
               {"value": "misattributed", "name": "Misattributed"}]},
    {"id": "factual_accuracy", "name": "Factual accuracy", "description": "Is the claim true?",
     "scale": [{"value": "true", "name": "True"}, {"value": "misleading", "name": "Misleading"},
               {"value": "false", "name": "False"}, {"value": "unverifiable", "name": "Unverifiable"}]},
    {"id": "presentation", "name": "Presentation", "description": "Is an inference or an unsupported claim "
     "presented as what it is?",
     "scale": [{"value": "presented_as_inference", "name": "Presented as inference"},
               {"value": "presented_as_fact", "name": "Presented as fact"}]},
]


class CheckTypeFileSchema(FileSchema):
    id = text(required=True, pattern=ID_PATTERN, hint=ID_HINT)
    name = text(default=None, allow_none=True)
    description = text()
    compares_with_source = flag(False)
    # The rating an editor's "not in source" key gives (only for a check type that compares with sources).
    not_found_rating = text(default=None, allow_none=True)
    scale = items(nested(ChoiceFileSchema), required=True,
                  validate=validate.Length(min=2, error="needs at least two ratings, best first"))

    @validates_schema(skip_on_field_errors=False)
    def _check_scale(self, data: dict, **kwargs: Any) -> None:
        ratings = [entry if isinstance(entry, dict) else {} for entry in data.get("scale") or []]
        if repeated := unique_problems(ratings, "value", "rating", "rating"):
            raise ValidationError({"scale": repeated})
        missing = data.get("not_found_rating")
        values = [entry["value"] for entry in ratings if "value" in entry]
        if missing and not data.get("compares_with_source"):
            raise ValidationError({"not_found_rating": ["only a check type that compares with sources has one"]})
        if missing and values and missing not in values:
            raise ValidationError({"not_found_rating": [f"'{missing}' is not in the scale; {suggest(missing, values)}"]})

    @post_load
    def _fill_name(self, data: dict, **kwargs: Any) -> dict:
        return {**data, "name": data["name"] or humanise(data["id"])}


class ReviewLabelFileSchema(FileSchema):
    label = text(required=True, pattern=ID_PATTERN, hint=ID_HINT)
    queue = flag(True)
    check_types = items(text(pattern=ID_PATTERN, hint=ID_HINT), load_default=list)


class ReviewFileSchema(FileSchema):
    source_attribute = text(default=None, allow_none=True, pattern=ID_PATTERN, hint=ID_HINT)
    weak_match_below = fields.Float(load_default=70.0, validate=validate.Range(
        min=0, max=100, error="must be a score from 0 to 100"), error_messages={"invalid": "must be a number"})
    check_types = items(nested(CheckTypeFileSchema), load_default=lambda: CheckTypeFileSchema(many=True).load(
        DEFAULT_CHECK_TYPES))
    labels = items(nested(ReviewLabelFileSchema), load_default=list)

    @validates_schema(skip_on_field_errors=False)
    def _check_references(self, data: dict, **kwargs: Any) -> None:
        check_types = [entry if isinstance(entry, dict) else {} for entry in data.get("check_types") or []]
        labels = [entry if isinstance(entry, dict) else {} for entry in data.get("labels") or []]
        errors: dict[str, Any] = {}
        if repeated := unique_problems(check_types, "id", "check type", "check type"):
            errors["check_types"] = repeated
        if repeated := unique_problems(labels, "label", "label", "review entry"):
            errors["labels"] = repeated
        known = [entry["id"] for entry in check_types if "id" in entry]
        for index, entry in enumerate(labels):
            if entry.get("queue", True) and not entry.get("check_types"):
                errors.setdefault("labels", {}).setdefault(index, {})["check_types"] = [
                    "a label that enters the queue needs at least one check type"]
            for position, check in enumerate(entry.get("check_types") or []):
                if check not in known:
                    errors.setdefault("labels", {}).setdefault(index, {}).setdefault("check_types", {})[position] = [
                        f"there is no check type '{check}'; {suggest(check, known)}"]
        comparing = {entry.get("id") for entry in check_types if entry.get("compares_with_source")}
        queued = {check for entry in labels if entry.get("queue", True) for check in entry.get("check_types") or []}
        if comparing & queued and not data.get("source_attribute"):
            errors["source_attribute"] = [f"check type '{sorted(comparing & queued)[0]}' compares claims with "
                                          "sources: name the label attribute whose values link a span to a "
                                          "source, e.g. source"]
        if errors:
            raise ValidationError(errors)


def default_review_section() -> dict:
    """What a schema file without a `review:` section means: no label enters the queue, the guide's scales."""
    return ReviewFileSchema().load({})


def review_label_problems(review: dict, labels: list[dict]) -> dict[str, Any]:
    """Errors for review entries that name no label of the schema, or a source attribute no label has."""
    errors: dict[str, Any] = {}
    label_ids = [label.get("id") for label in labels if label.get("id")]
    for index, entry in enumerate(review.get("labels") or []):
        if isinstance(entry, dict) and entry.get("label") and entry["label"] not in label_ids:
            errors.setdefault("labels", {})[index] = {"label": [
                f"the schema has no label '{entry['label']}'; {suggest(entry['label'], label_ids)}"]}
    attribute = review.get("source_attribute")
    attribute_ids = sorted({a.get("id") for label in labels for a in label.get("attributes") or [] if a.get("id")})
    if attribute and attribute not in attribute_ids:
        errors["source_attribute"] = [f"no label has an attribute '{attribute}'; {suggest(attribute, attribute_ids)}"]
    return errors
