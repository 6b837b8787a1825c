"""Unbound Flask extensions, bound to the app in create_app."""
from flask_login import LoginManager
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import Session

from app.db import Base

db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
login_manager = LoginManager()
csrf = CSRFProtect()
api = Api()


def session() -> Session:
    """The request's (or CLI command's) session, for handing to services."""
    return db.session()
