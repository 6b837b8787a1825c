"""Gold sets: adjudication, immutable gold versions and training-data export."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for the annotation: the pure export writers must import without Flask.
    from flask import Flask


def register(app: "Flask") -> None:
    from app.web_extensions import api, csrf
    from app.gold.api import blueprint as api_blueprint
    from app.gold.pages import blueprint as pages_blueprint

    app.register_blueprint(pages_blueprint)
    csrf.exempt(api_blueprint)
    api.register_blueprint(api_blueprint)
