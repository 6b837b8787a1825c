"""The home page each role lands on, the top bar and the pages it leads to."""
from flask import Flask


def register(app: Flask) -> None:
    from app.home import sections  # noqa: F401  (adds its routes to the home blueprint)
    from app.home.navigation import register_navigation
    from app.home.pages import blueprint

    app.register_blueprint(blueprint)
    register_navigation(app)
