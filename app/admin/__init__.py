"""Desk pages that span domains (accounts with their workload, projects with their settings); they call the
domains' services."""
from flask import Flask


def register(app: Flask) -> None:
    from app.admin.projects import blueprint as projects_blueprint
    from app.admin.users import blueprint as users_blueprint

    app.register_blueprint(users_blueprint)
    app.register_blueprint(projects_blueprint)
