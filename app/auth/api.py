"""/api/v1/me and /api/v1/users."""
from flask_login import current_user

from app.auth.access import roles_required
from app.auth.schemas import UserReadSchema
from app.auth.service import list_users
from app.extensions import session
from app.web_extensions import ApiBlueprint

blueprint = ApiBlueprint("auth_api", __name__, url_prefix="/api/v1", description="Who am I, and the accounts")


@blueprint.get("/me")
@roles_required()
@blueprint.response(200, UserReadSchema)
def me():
    """The logged-in user (session cookie or bearer token)."""
    return current_user


@blueprint.get("/users")
@roles_required("admin")
@blueprint.response(200, UserReadSchema(many=True))
def users():
    """Every account (admins only)."""
    return list_users(session())
