"""marshmallow schemas for assignments, annotation sets and their history."""
from marshmallow import Schema, fields, validate

from app.schema_fields import db_integer


class SpanSchema(Schema):
    id = db_integer(minimum=1, allow_none=True, load_default=None)
    start = db_integer(required=True, strict=True)
    end = db_integer(minimum=1, required=True, strict=True)
    label = fields.String(required=True, validate=validate.Length(min=1, max=100))
    attributes = fields.Dict(load_default=dict)
    suggested_by = fields.Dict(load_default=None, allow_none=True,
                               metadata={"description": "{suggestion_id, suggester, confidence} of an accepted "
                                                        "suggestion; kept through later edits"})


class AnnotationSetUpdateSchema(Schema):
    version = db_integer(minimum=1, required=True, strict=True)
    spans = fields.List(fields.Nested(SpanSchema), required=True, validate=validate.Length(max=5000))


class AnnotationSetVersionSchema(Schema):
    version = db_integer(minimum=1, required=True, strict=True)


class AnnotationSetReadSchema(Schema):
    """Dumps an app.annotations.views.AnnotationSetView."""

    id = fields.Integer()
    assignment_id = fields.Integer()
    text_id = fields.Integer()
    annotator = fields.String()
    version = fields.Integer()
    status = fields.String()
    can_reopen = fields.Boolean()
    annotation_schema_version_id = fields.Integer()
    updated_at = fields.DateTime()
    # Plain dicts: a nested schema per span made serialising a save's answer cost more than the save.
    spans = fields.Raw(metadata={"type": "array", "items": {"type": "object"},
                                 "description": "[{id, start, end, label, attributes, suggested_by}]"})


class AssignmentReadSchema(Schema):
    id = fields.Integer()
    text_id = fields.Integer()
    text_title = fields.String(attribute="text.title")
    status = fields.String()
    annotation_set_id = fields.Integer(attribute="annotation_set.id")
    submitted_at = fields.DateTime(allow_none=True)


class AnnotationEventReadSchema(Schema):
    id = fields.Integer()
    action = fields.String()
    user_id = fields.Integer(allow_none=True)
    set_version = fields.Integer()
    changes = fields.Dict()
    created_at = fields.DateTime()
