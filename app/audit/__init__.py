"""Audit log: administrative actions, append-only, and the admins' page listing them."""
from flask import Flask


def register(app: Flask) -> None:
    from app.audit.pages import blueprint

    app.register_blueprint(blueprint)
