"""marshmallow schemas for annotation imports and exports."""
from marshmallow import Schema, fields, validate

from app.interop.offsets_detect import UNITS
from app.interop.reading import IMPORT_FORMATS
from app.interop.writers import EXPORT_FORMATS


class ImportQuerySchema(Schema):
    format = fields.String(load_default="jsonl", validate=validate.OneOf(IMPORT_FORMATS))
    as_gold = fields.Boolean(load_default=False)
    as_suggestions = fields.Boolean(load_default=False)
    offsets = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(UNITS))
    annotator = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=80))


class ImportReportSchema(Schema):
    documents = fields.Integer()
    texts_created = fields.Integer()
    texts_reused = fields.Integer()
    annotators_created = fields.List(fields.String())
    annotation_sets = fields.Integer()
    spans = fields.Integer()
    suggestions = fields.Integer()
    offsets = fields.Dict(metadata={"description": "texts per offset unit chosen, e.g. {'utf16 by span texts': 3}"})
    ambiguous_offsets = fields.List(fields.String())
    not_mapped = fields.List(fields.Dict(), metadata={"description": "[{location, message}]: left out of a text"})
    rejected = fields.List(fields.Dict(), metadata={"description": "[{location, reason}]: texts not stored"})


class ExportQuerySchema(Schema):
    format = fields.String(load_default="jsonl", validate=validate.OneOf(EXPORT_FORMATS))
    include_drafts = fields.Boolean(load_default=False)
    as_predictions = fields.Boolean(load_default=False)
