"""marshmallow schemas for adjudication, releases and exports."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.annotations.schemas import SpanSchema
from app.gold.candidates import POLICIES
from app.gold.formats import FORMATS
from app.gold.releases import RELEASE_NAME_MAX, RELEASE_NAME_PATTERN
from app.gold.workflow import REVIEWER_ACTIONS
from app.schema_fields import db_integer


class DecisionCreateSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(REVIEWER_ACTIONS))
    annotator = fields.String(load_default=None, allow_none=True)
    spans = fields.List(fields.Nested(SpanSchema), load_default=list)
    reason = fields.String(load_default="", validate=validate.Length(max=2000))
    revision = db_integer(load_default=None, allow_none=True, strict=True, metadata={
        "description": "The item's revision you decided on (from the adjudication payload); if someone decided "
                       "the item since, the answer is 409 stale_decision instead of overwriting their decision."})

    @validates_schema
    def check_action_arguments(self, data, **kwargs):
        if data["action"] == "accept_annotator" and not data.get("annotator"):
            raise ValidationError("Name the annotator whose version you accept.", "annotator")
        if data["action"] == "edit" and not data.get("spans"):
            raise ValidationError("An edit needs at least one span; use no_span for none.", "spans")


class AdjudicateCreateSchema(Schema):
    policy = fields.String(load_default=None, validate=validate.OneOf(POLICIES),
                           metadata={"description": "Default: the project's policy (its schema's unless configured)."})
    min_annotators = fields.Integer(load_default=None, validate=validate.Range(min=1, max=50),
                                    metadata={"description": "Default: the project's setting (2 unless configured)."})


class AdjudicationReportSchema(Schema):
    policy = fields.String()
    min_annotators = fields.Integer()
    texts_started = fields.Integer()
    texts_waiting = fields.Integer()
    items_settled = fields.Integer()
    items_open = fields.Integer()
    texts_adjudicated = fields.Integer()


class ReleaseCreateSchema(Schema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=RELEASE_NAME_MAX),
                                                  validate.Regexp(RELEASE_NAME_PATTERN, error="Use letters, digits, . _ -")])
    notes = fields.String(load_default="", validate=validate.Length(max=5000))
    allow_unchanged = fields.Boolean(load_default=False, metadata={
        "description": "Release even when the gold equals the previous release's (otherwise 409 release_unchanged)."})


class ReleaseReadSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    sha256 = fields.String()
    text_count = fields.Integer()
    span_count = fields.Integer()
    label_counts = fields.Dict()
    agreement = fields.Dict()
    annotator_count = fields.Integer()
    adjudicator_count = fields.Integer()
    annotation_schema_version_id = fields.Integer()
    notes = fields.String()
    created_at = fields.DateTime()


class ExportQuerySchema(Schema):
    format = fields.String(required=True, validate=validate.OneOf(FORMATS))
    split = fields.String(load_default=None, validate=validate.OneOf(("train", "dev", "test")))
    ratios = fields.String(load_default="80/10/10")


class DiffQuerySchema(Schema):
    first = fields.String(required=True, data_key="from")
    second = fields.String(required=True, data_key="to")
