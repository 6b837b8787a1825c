"""Unbound Flask extensions, bound to the app in create_app."""
from flask_login import LoginManager
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import Session

from app.db import Base
from app.error_handlers import ErrorSchema


class FactspanApi(Api):
    # The OpenAPI document describes the error payload the app really sends (with reason).
    ERROR_SCHEMA = ErrorSchema


db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
login_manager = LoginManager()
csrf = CSRFProtect()
api = FactspanApi()


def session() -> Session:
    """The request's (or CLI command's) session, for handing to services."""
    return db.session()
