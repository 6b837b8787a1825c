"""marshmallow schemas for agreement queries."""
from marshmallow import Schema, fields, validate

from app.schema_fields import db_integer


class CommaList(fields.List):
    """A list given as repeated query arguments, comma-separated values, or both (?labels=a,b&labels=c)."""

    def _deserialize(self, value, attr, data, **kwargs):
        items = value if isinstance(value, list | tuple) else [value]
        parts = [part.strip() for item in items for part in str(item).split(",")]
        return super()._deserialize([part for part in parts if part], attr, data, **kwargs)


class AgreementQuerySchema(Schema):
    labels = CommaList(fields.String(validate=validate.Length(min=1, max=100)), load_default=list)
    annotators = CommaList(fields.String(validate=validate.Length(min=1, max=80)), load_default=list)
    text_ids = CommaList(db_integer(minimum=1), load_default=list)
    include_drafts = fields.Boolean(load_default=False)
    bootstrap = fields.Integer(load_default=200, validate=validate.Range(min=0, max=5000))
    seed = db_integer(load_default=0)


class TextAgreementQuerySchema(Schema):
    include_drafts = fields.Boolean(load_default=False)
