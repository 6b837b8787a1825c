"""marshmallow schemas for assignments, annotation sets and their history."""
from marshmallow import Schema, fields, validate

from app.schema_fields import db_integer

from app.annotations.service import can_reopen


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
    id = fields.Integer()
    assignment_id = fields.Integer()
    text_id = fields.Integer(attribute="assignment.text_id")
    annotator = fields.String(attribute="assignment.annotator.username")
    version = fields.Integer()
    status = fields.String(attribute="assignment.status")
    can_reopen = fields.Method("get_can_reopen")
    annotation_schema_version_id = fields.Integer()
    updated_at = fields.DateTime()
    # Plain dicts: a nested schema per span made serialising a save's answer cost more than the save.
    spans = fields.Method("get_spans", metadata={"description": "[{id, start, end, label, attributes, suggested_by}]"})

    def get_can_reopen(self, annotation_set) -> bool:
        return can_reopen(annotation_set.assignment)

    def get_spans(self, annotation_set) -> list[dict]:
        return [span.as_dict() for span in annotation_set.spans]


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
