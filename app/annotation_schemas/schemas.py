"""marshmallow schemas for stored annotation schema versions."""
from marshmallow import Schema, fields


class AnnotationSchemaVersionReadSchema(Schema):
    id = fields.Integer()
    schema_id = fields.String()
    version = fields.String()
    revision = fields.Integer()
    sha256 = fields.String()
    source_path = fields.String()
    created_at = fields.DateTime()


class AnnotationSchemaVersionDetailSchema(AnnotationSchemaVersionReadSchema):
    document = fields.Dict(metadata={"description": "The validated file with every default filled in."})
