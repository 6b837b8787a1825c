"""marshmallow schemas for sources, claims, verdicts, comments and exports."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.review.exporting import EXPORT_FORMATS
from app.review.models import CLAIM_STATES, EVIDENCE_KINDS
from app.review.workflow import warnings_for
from app.schema_fields import db_integer

HTTP_URL = validate.URL(schemes={"http", "https"}, require_tld=False, error="Give an http(s) address.")


class SourceCreateSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=500))
    content = fields.String(required=True, validate=validate.Length(min=1))
    linked_values = fields.List(fields.String(validate=validate.Length(min=1, max=100)), required=True,
                                validate=validate.Length(min=1))
    publisher = fields.String(load_default="", validate=validate.Length(max=300))
    url = fields.String(load_default=None, allow_none=True, validate=HTTP_URL)
    published_on = fields.Date(load_default=None, allow_none=True)
    language = fields.String(load_default="en", validate=validate.Length(min=2, max=20))


class SourceUpdateSchema(Schema):
    title = fields.String(validate=validate.Length(min=1, max=500))
    content = fields.String(validate=validate.Length(min=1))
    linked_values = fields.List(fields.String(validate=validate.Length(min=1, max=100)),
                                validate=validate.Length(min=1))
    publisher = fields.String(validate=validate.Length(max=300))
    url = fields.String(allow_none=True, validate=HTTP_URL)
    published_on = fields.Date(allow_none=True)
    language = fields.String(validate=validate.Length(min=2, max=20))


class SourceReadSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    title = fields.String()
    publisher = fields.String()
    url = fields.String(allow_none=True)
    published_on = fields.Date(allow_none=True)
    language = fields.String()
    linked_values = fields.List(fields.String())
    sha256 = fields.String()
    char_count = fields.Integer()
    created_at = fields.DateTime()


class SourceDetailSchema(SourceReadSchema):
    content = fields.String()


class QueueCreateSchema(Schema):
    release = fields.String(load_default=None, allow_none=True, metadata={"description": "None: the current gold"})


class QueueReportSchema(Schema):
    gold_version = fields.String()
    created = fields.Integer()
    existing = fields.Integer()
    matched = fields.Integer()


class ClaimQuerySchema(Schema):
    label = fields.String(load_default=None)
    check_type = fields.String(load_default=None)
    status = fields.String(load_default=None, validate=validate.OneOf(CLAIM_STATES))
    rating = fields.String(load_default=None)
    assignee = fields.String(load_default=None, metadata={"description": "A username, or none for unassigned"})
    text_id = db_integer(minimum=1, load_default=None)
    release = fields.String(load_default=None, metadata={"description": "Gold version; empty for the current gold"})
    weak = fields.Boolean(load_default=False)
    sort = fields.String(load_default="check_worthiness", validate=validate.OneOf(("check_worthiness", "position")))
    page = db_integer(minimum=1, load_default=1)
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class ClaimReadSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    text_id = fields.Integer()
    gold_version = fields.String()
    start = fields.Integer()
    end = fields.Integer()
    label = fields.String()
    attributes = fields.Dict()
    span_text = fields.String()
    status = fields.String()
    check_type = fields.String(allow_none=True)
    rating = fields.String(allow_none=True)
    assignee = fields.String(allow_none=True)
    match_score = fields.Float(allow_none=True)
    match_source_id = fields.Integer(allow_none=True)
    match_start = fields.Integer(allow_none=True)
    match_end = fields.Integer(allow_none=True)
    weak_match = fields.Boolean()


class ClaimPageSchema(Schema):
    items = fields.List(fields.Nested(ClaimReadSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class ClaimUpdateSchema(Schema):
    assignee = fields.String(required=True, allow_none=True, metadata={"description": "An editor; null unassigns"})


class AssignCreateSchema(Schema):
    editors = fields.List(fields.String(), required=True, validate=validate.Length(min=1))
    release = fields.String(load_default=None, allow_none=True)


class EvidenceSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(EVIDENCE_KINDS))
    source_id = db_integer(minimum=1, load_default=None, allow_none=True)
    start = db_integer(load_default=None, allow_none=True)
    end = db_integer(minimum=1, load_default=None, allow_none=True)
    score = fields.Float(load_default=None, allow_none=True)
    quoted_passage = fields.String(load_default="", validate=validate.Length(max=10000))
    url = fields.String(load_default=None, allow_none=True, validate=HTTP_URL)
    publisher = fields.String(load_default="", validate=validate.Length(max=300))
    title = fields.String(load_default="", validate=validate.Length(max=500))
    accessed_at = fields.Date(load_default=None, allow_none=True)

    @validates_schema
    def check_kind(self, data, **kwargs):
        if data["kind"] == "source_passage" and (data["source_id"] is None or data["start"] is None
                                                 or data["end"] is None):
            raise ValidationError("A source passage needs source_id, start and end.", "source_id")
        if data["kind"] == "external" and not data["url"]:
            raise ValidationError("External evidence needs the page's URL.", "url")


class VerdictFieldsSchema(Schema):
    check_type = fields.String()
    rating = fields.String(allow_none=True)
    claim_reviewed = fields.String(validate=validate.Length(max=1000))
    claimant = fields.String(validate=validate.Length(max=300))
    claim_date = fields.Date(allow_none=True)
    claim_appearance = fields.String(allow_none=True, validate=HTTP_URL)
    first_appearance = fields.String(allow_none=True, validate=HTTP_URL)
    explanation = fields.String(validate=validate.Length(max=20000))
    language = fields.String(validate=validate.Length(min=2, max=20))
    evidence = fields.List(fields.Nested(EvidenceSchema))


class VerdictCreateSchema(VerdictFieldsSchema):
    check_type = fields.String(required=True)


class VerdictUpdateSchema(VerdictFieldsSchema):
    version = db_integer(minimum=1, required=True, metadata={"description": "The verdict's version as you loaded it"})


class VerdictVersionSchema(Schema):
    version = db_integer(minimum=1, required=True)
    note = fields.String(load_default="", validate=validate.Length(max=5000))


class CorrectionCreateSchema(Schema):
    note = fields.String(required=True, validate=validate.Length(min=1, max=5000))


class EvidenceReadSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    source_id = fields.Integer(allow_none=True)
    start = fields.Integer(allow_none=True)
    end = fields.Integer(allow_none=True)
    score = fields.Float(allow_none=True)
    quoted_passage = fields.String()
    url = fields.String(allow_none=True)
    publisher = fields.String()
    title = fields.String()
    accessed_at = fields.Date(allow_none=True)


class VerdictReadSchema(Schema):
    id = fields.Integer()
    claim_id = fields.Integer()
    number = fields.Integer()
    version = fields.Integer(attribute="lock_version")
    status = fields.String()
    check_type = fields.String()
    rating = fields.String(allow_none=True)
    rating_name = fields.String(allow_none=True)
    rating_value = fields.Integer(allow_none=True)
    best_rating = fields.Integer(allow_none=True)
    worst_rating = fields.Integer(allow_none=True)
    claim_reviewed = fields.String()
    claimant = fields.String()
    claim_date = fields.Date(allow_none=True)
    claim_appearance = fields.String(allow_none=True)
    first_appearance = fields.String(allow_none=True)
    explanation = fields.String()
    language = fields.String()
    correction_note = fields.String()
    author = fields.String(attribute="author.username")
    signed_off_by = fields.String(attribute="signed_off_by.username", allow_none=True)
    signed_off_at = fields.DateTime(allow_none=True)
    published_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    evidence = fields.List(fields.Nested(EvidenceReadSchema))
    warnings = fields.Function(warnings_for, metadata={"description": "What to fix before publishing"})


class CommentCreateSchema(Schema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=10000))


class CommentReadSchema(Schema):
    id = fields.Integer()
    author = fields.String()
    body = fields.String()
    created_at = fields.DateTime()


class EventReadSchema(Schema):
    id = fields.Integer()
    action = fields.String()
    user = fields.String(allow_none=True)
    verdict_id = fields.Integer(allow_none=True)
    changes = fields.Dict()
    created_at = fields.DateTime()


class ExportQuerySchema(Schema):
    format = fields.String(required=True, validate=validate.OneOf(EXPORT_FORMATS))
    release = fields.String(load_default=None, metadata={"description": "jsonl: gold version; empty = current gold"})
