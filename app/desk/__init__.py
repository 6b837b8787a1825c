"""The desk: assignments, progress and the text browser, over the domains' services."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def register(app: "Flask") -> None:
    from app.desk.pages import blueprint as pages_blueprint

    app.register_blueprint(pages_blueprint)
