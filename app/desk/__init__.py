"""The desk: assignments, progress and the text browser, over the domains' services."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def register(app: "Flask") -> None:
    from app.desk.api import blueprint as api_blueprint
    from app.desk.pages import blueprint as pages_blueprint
    from app.web_extensions import api, csrf

    app.register_blueprint(pages_blueprint)
    csrf.exempt(api_blueprint)
    api.register_blueprint(api_blueprint)
