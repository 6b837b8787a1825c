"""marshmallow schemas for suggestions, decisions and suggesters."""
from marshmallow import Schema, fields, validate

from app.schema_fields import db_integer


class SuggestionReadSchema(Schema):
    id = fields.Integer()
    start = fields.Integer()
    end = fields.Integer()
    label = fields.String()
    attributes = fields.Dict()
    confidence = fields.Float(allow_none=True)
    suggester = fields.String(attribute="suggester.name")


class SuggestionAcceptSchema(Schema):
    version = db_integer(minimum=1, required=True, strict=True)
    suggestion_ids = fields.List(db_integer(minimum=1, strict=True), required=True,
                                 validate=validate.Length(min=1, max=500))


class SuggestionDecisionReadSchema(Schema):
    suggestion_id = fields.Integer()
    state = fields.String()
    decided_at = fields.DateTime()


class SuggesterReadSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    release_id = fields.Integer(allow_none=True)
    metrics = fields.Dict()
    created_at = fields.DateTime()
