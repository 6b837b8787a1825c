"""/healthz: does the service and its database answer."""
from flask import Blueprint, Flask
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import session

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():
    try:
        session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}


def register(app: Flask) -> None:
    app.register_blueprint(blueprint)
