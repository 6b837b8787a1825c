"""marshmallow schemas for projects and texts."""
from marshmallow import Schema, fields, validate


class ProjectReadSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    description = fields.String()
    schema_id = fields.String(attribute="annotation_schema_version.schema_id")
    schema_version = fields.String(attribute="annotation_schema_version.version")
    annotation_schema_version_id = fields.Integer()
    annotators_per_text = fields.Integer()
    settings = fields.Dict()
    created_at = fields.DateTime()


class ProjectCreateSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    schema_id = fields.String(required=True)
    annotators_per_text = fields.Integer(load_default=3, validate=validate.Range(min=1, max=50))
    description = fields.String(load_default="")


class TextSummarySchema(Schema):
    id = fields.Integer()
    external_id = fields.String(allow_none=True)
    title = fields.String()
    source_url = fields.String(allow_none=True)
    sha256 = fields.String()
    char_count = fields.Integer()
    adjudication_status = fields.String()


class TextReadSchema(TextSummarySchema):
    content = fields.String()
    meta = fields.Dict()


class TextInputSchema(Schema):
    id = fields.String(allow_none=True, load_default=None)
    text = fields.String(required=True)
    title = fields.String(load_default="")
    source_url = fields.String(allow_none=True, load_default=None)
    meta = fields.Dict(load_default=dict)


class TextImportCreateSchema(Schema):
    texts = fields.List(fields.Nested(TextInputSchema), required=True, validate=validate.Length(min=1, max=10000))


class ImportedTextReadSchema(Schema):
    id = fields.Integer(required=True)
    external_id = fields.String(allow_none=True, required=True, metadata={"description": "The record's \"id\", if any."})


class TextImportReadSchema(Schema):
    import_id = fields.Integer()
    imported = fields.Integer()
    skipped = fields.List(fields.String())
    rejected = fields.List(fields.Dict())
    texts = fields.List(fields.Nested(ImportedTextReadSchema), metadata={"description": "The texts created."})
