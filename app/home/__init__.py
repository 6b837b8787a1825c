"""The home page each role lands on."""
from flask import Flask


def register(app: Flask) -> None:
    from app.home.pages import blueprint

    app.register_blueprint(blueprint)
