"""Annotation schemas: the versioned label, attribute and hotkey files in the top-level annotation_schemas/ folder."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for the annotation: the file loader must import without Flask.
    from flask import Flask


def register(app: "Flask") -> None:
    from app.annotation_schemas.api import blueprint
    from app.web_extensions import api

    api.register_blueprint(blueprint)
