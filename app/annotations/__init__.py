"""Per-annotator spans, assignments and their history."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for the annotation: the pure modules must import without Flask.
    from flask import Flask


def register(app: "Flask") -> None:
    from app.annotations.api import blueprint as api_blueprint
    from app.annotations.pages import blueprint as pages_blueprint
    from app.web_extensions import api, csrf

    app.register_blueprint(pages_blueprint)
    csrf.exempt(api_blueprint)
    api.register_blueprint(api_blueprint)
