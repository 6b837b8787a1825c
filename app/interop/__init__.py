"""Interoperability: annotations in from Label Studio, doccano, brat and JSONL, every annotator's work out."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for the annotation: the pure readers and writers must import without Flask.
    from flask import Flask


def register(app: "Flask") -> None:
    from app.web_extensions import api, csrf
    from app.interop.api import blueprint as api_blueprint
    from app.interop.pages import blueprint as pages_blueprint

    app.register_blueprint(pages_blueprint)
    csrf.exempt(api_blueprint)
    api.register_blueprint(api_blueprint)
