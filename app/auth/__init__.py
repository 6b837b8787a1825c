"""Users, roles, login and API tokens."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for the annotation: the pure modules must import without Flask.
    from flask import Flask


def register(app: "Flask") -> None:
    from app.auth.account import blueprint as account_blueprint, register_password_change_gate
    from app.auth.api import blueprint as api_blueprint
    from app.auth.pages import blueprint as pages_blueprint
    from app.auth.throttle import register_login_throttle
    from app.web_extensions import api, csrf

    app.register_blueprint(pages_blueprint)
    app.register_blueprint(account_blueprint)
    register_password_change_gate(app)
    register_login_throttle(app)
    csrf.exempt(api_blueprint)
    api.register_blueprint(api_blueprint)
