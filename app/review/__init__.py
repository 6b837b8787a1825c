"""Editorial fact-check review: sources, the claims queue, verdicts with evidence, sign-off and export."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for the annotation: the pure matcher and writers must import without Flask.
    from flask import Flask


def register(app: "Flask") -> None:
    from app.web_extensions import api, csrf
    from app.review.api import blueprint as api_blueprint
    from app.review.pages import blueprint as pages_blueprint

    app.register_blueprint(pages_blueprint)
    csrf.exempt(api_blueprint)
    api.register_blueprint(api_blueprint)
