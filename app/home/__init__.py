"""The home page each role lands on."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for the annotation: the pure modules must import without Flask.
    from flask import Flask


def register(app: "Flask") -> None:
    from app.home.pages import blueprint

    app.register_blueprint(blueprint)
