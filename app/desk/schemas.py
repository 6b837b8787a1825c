"""marshmallow schemas of the text browser (query string in, a page of texts out)."""
from marshmallow import Schema, fields, post_load, validate

from app.desk.text_search import MAX_PAGE, SORTS, STATUSES, TextQuery
from app.texts.models import ADJUDICATION_STATES


class TextBrowseQuerySchema(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=500),
                      metadata={"description": "Words that must all occur in the title or text; the last may be "
                                               "the start of a word."})
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    adjudication = fields.String(load_default=None, validate=validate.OneOf(ADJUDICATION_STATES))
    agreement_below = fields.Float(load_default=None, allow_nan=False)
    open_conflicts = fields.Boolean(load_default=False)
    label = fields.String(load_default=None, validate=validate.Length(min=1, max=100))
    sort = fields.String(load_default="id", validate=validate.OneOf(list(SORTS)))
    after = fields.String(load_default=None, validate=validate.Length(max=1000),
                          metadata={"description": "The previous page's next_cursor."})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_PAGE))

    @post_load
    def make_query(self, data: dict, **kwargs) -> TextQuery:
        return TextQuery(**data)


class TextBrowseRowSchema(Schema):
    id = fields.Integer()
    external_id = fields.String(allow_none=True)
    title = fields.String()
    char_count = fields.Integer()
    adjudication_status = fields.String()
    agreement = fields.Float(allow_none=True)
    assigned = fields.Integer()
    submitted = fields.Integer()


class TextBrowsePageSchema(Schema):
    texts = fields.List(fields.Nested(TextBrowseRowSchema), attribute="rows")
    next_cursor = fields.String(allow_none=True)
