"""The database extension, bound to the app in create_app; the web's extensions are in app.web_extensions."""
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import Session

from app.db import Base

db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})


def session() -> Session:
    """The request's (or CLI command's) session, for handing to services."""
    return db.session()
