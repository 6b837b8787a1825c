"""marshmallow schemas for jobs: what each kind takes, and a job as the API shows it."""
from marshmallow import Schema, ValidationError, fields, validate

from app.gold.candidates import POLICIES
from app.gold.formats import FORMATS
from app.interop.offsets_detect import UNITS
from app.interop.reading import IMPORT_FORMATS
from app.interop.writers import EXPORT_FORMATS
from app.schema_fields import db_integer
from app.texts.uploads import upload_problem

IMPORT_MODES = ("annotations", "suggestions", "gold")


def _upload(**kwargs) -> fields.String:
    return fields.String(validate=validate.Length(min=1, max=255),
                         metadata={"description": "The name of a file stored in the uploads folder (the page that "
                                                  "takes the upload stores it and fills this in)."}, **kwargs)


def _filename(*checks) -> fields.String:
    return fields.String(load_default=None, allow_none=True, validate=[validate.Length(min=1, max=255), *checks],
                         metadata={"description": "The upload's name as its sender gave it, for the report "
                                                  "(default: the stored name)."})


def _text_file(name: str) -> None:
    if problem := upload_problem(name):
        raise ValidationError(f"{name}: {problem}.")


def _zip_file(name: str) -> None:
    if not name.lower().endswith(".zip"):
        raise ValidationError(f"{name}: a project archive is a .zip file.")


class GoldReleaseParamsSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    notes = fields.String(load_default="", validate=validate.Length(max=5000))
    allow_unchanged = fields.Boolean(load_default=False)


class GoldAdjudicateParamsSchema(Schema):
    policy = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(POLICIES),
                           metadata={"description": "Default: the project's policy."})


class GoldExportParamsSchema(Schema):
    release = fields.String(required=True, validate=validate.Length(min=1, max=100))
    format = fields.String(load_default="jsonl", validate=validate.OneOf(FORMATS))
    split = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(("train", "dev", "test")))
    ratios = fields.String(load_default="80/10/10", validate=validate.Length(max=40))


class AnnotationsExportParamsSchema(Schema):
    format = fields.String(load_default="jsonl", validate=validate.OneOf(EXPORT_FORMATS))
    include_drafts = fields.Boolean(load_default=False)
    as_predictions = fields.Boolean(load_default=False)


class AgreementReportParamsSchema(Schema):
    bootstrap_samples = fields.Integer(load_default=1000, validate=validate.Range(min=0, max=10000))
    include_drafts = fields.Boolean(load_default=False)
    label = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=100),
                          metadata={"description": "Only this label's spans (default: every label)."})


class AgreementFiguresParamsSchema(Schema):
    include_drafts = fields.Boolean(load_default=False)


class ReviewQueueParamsSchema(Schema):
    release = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=100))


class SuggestionsRunParamsSchema(Schema):
    suggester_id = db_integer(load_default=None, allow_none=True)


class TextsImportParamsSchema(Schema):
    upload = _upload(required=True)
    filename = _filename(_text_file)  # .txt, .jsonl, .csv or .zip: the suffix says how to read it


class AnnotationsImportParamsSchema(Schema):
    upload = _upload(required=True)
    filename = _filename()
    mapping = _upload(load_default=None, allow_none=True)  # a YAML mapping onto the project's schema
    format = fields.String(load_default="jsonl", validate=validate.OneOf(IMPORT_FORMATS))
    mode = fields.String(load_default="annotations", validate=validate.OneOf(IMPORT_MODES))
    offsets = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(UNITS))
    annotator = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=80))


class ArchiveExportParamsSchema(Schema):
    """Nothing: the job's project is the one exported."""


class ArchiveImportParamsSchema(Schema):
    upload = _upload(required=True)
    filename = _filename(_zip_file)


PARAMS_SCHEMAS: dict[str, type[Schema]] = {
    "gold.release": GoldReleaseParamsSchema,
    "gold.adjudicate": GoldAdjudicateParamsSchema,
    "gold.export": GoldExportParamsSchema,
    "annotations.export": AnnotationsExportParamsSchema,
    "agreement.report": AgreementReportParamsSchema,
    "agreement.figures": AgreementFiguresParamsSchema,
    "review.queue": ReviewQueueParamsSchema,
    "suggestions.run": SuggestionsRunParamsSchema,
    "texts.import": TextsImportParamsSchema,
    "annotations.import": AnnotationsImportParamsSchema,
    "archive.export": ArchiveExportParamsSchema,
    "archive.import": ArchiveImportParamsSchema,
}


class JobCreateSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(tuple(PARAMS_SCHEMAS)))
    project_id = db_integer(load_default=None, allow_none=True, metadata={
        "description": "The project the job works on; none for an archive import."})
    params = fields.Dict(load_default=dict,
                         metadata={"description": "What the kind takes (see the job kinds in README)."})


class JobQuerySchema(Schema):
    project_id = db_integer(load_default=None, allow_none=True)


class JobProgressSchema(Schema):
    done = fields.Integer()
    total = fields.Integer()
    message = fields.String()


class JobReadSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    state = fields.String()
    project_id = fields.Integer(allow_none=True)
    created_by = fields.String(allow_none=True)
    params = fields.Dict()
    progress = fields.Nested(JobProgressSchema)
    report = fields.Dict(allow_none=True)
    error = fields.String(allow_none=True)
    attempts = fields.Integer()
    max_attempts = fields.Integer()
    cancel_requested = fields.Boolean()
    created_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    download_url = fields.String(allow_none=True, metadata={
        "description": "Set once a job with a file succeeded, for those who may download it."})
    result_url = fields.String(allow_none=True, metadata={
        "description": "A page showing what the job did (an import's report, an imported project), once it succeeded."})
    url = fields.String()
