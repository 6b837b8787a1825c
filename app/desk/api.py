"""/api/v1 text browser: search, filter, sort and page through a project's texts (reviewers and editors)."""
from app.auth.access import roles_required
from app.desk.schemas import TextBrowsePageSchema, TextBrowseQuerySchema
from app.desk.text_search import TextQuery, search_texts
from app.extensions import session
from app.texts.service import require_project
from app.web_extensions import ApiBlueprint

blueprint = ApiBlueprint("desk_api", __name__, url_prefix="/api/v1", description="The desk's text browser")
STAFF = ("reviewer", "editor")


@blueprint.get("/projects/<int:project_id>/texts/browse")
@roles_required(*STAFF)
@blueprint.arguments(TextBrowseQuerySchema, location="query")
@blueprint.response(200, TextBrowsePageSchema)
@blueprint.alt_response(422, description="Bad query or a page cursor this query did not make")
def browse_texts(query: TextQuery, project_id: int):
    """One page of the project's texts; pass `next_cursor` back as `after` for the next page."""
    return search_texts(session(), project_id=require_project(session(), project_id).id, query=query)
