"""/api/v1/annotation-schemas: the stored versions of the schema files."""

from app.annotation_schemas.models import AnnotationSchemaVersion
from app.annotation_schemas.schemas import AnnotationSchemaVersionDetailSchema, AnnotationSchemaVersionReadSchema
from app.annotation_schemas.service import list_schema_versions
from app.auth.access import roles_required
from app.errors import NotFound
from app.extensions import session
from app.web_extensions import ApiBlueprint

blueprint = ApiBlueprint("annotation_schemas_api", __name__, url_prefix="/api/v1",
                      description="Versions of the annotation schema files")


@blueprint.get("/annotation-schemas")
@roles_required()
@blueprint.response(200, AnnotationSchemaVersionReadSchema(many=True))
def list_versions():
    """Every stored version, oldest revision first per schema."""
    return list_schema_versions(session())


@blueprint.get("/annotation-schemas/<int:version_id>")
@roles_required()
@blueprint.response(200, AnnotationSchemaVersionDetailSchema)
def get_version(version_id: int):
    """One version with its labels, attributes, span rules and guidelines."""
    version = session().get(AnnotationSchemaVersion, version_id)
    if version is None:
        raise NotFound(f"There is no annotation schema version {version_id}.")
    return version
