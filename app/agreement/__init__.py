"""Inter-annotator agreement: pure metrics, reports and charts."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for the annotations: the pure engine (metrics, charts) must import without Flask.
    from flask import Flask
    from sqlalchemy.orm import Session

    from app.annotations.models import Assignment


def register(app: "Flask") -> None:
    from app.agreement.api import blueprint as api_blueprint
    from app.agreement.pages import blueprint as pages_blueprint
    from app.web_extensions import api, csrf

    app.register_blueprint(pages_blueprint)
    csrf.exempt(api_blueprint)
    api.register_blueprint(api_blueprint)


def register_hooks(_app: "Flask") -> None:
    from app.annotations.service import AFTER_SUBMIT_HOOKS

    # The hook list lives in the process, and tests build several apps: register it once.
    if after_submit not in AFTER_SUBMIT_HOOKS:
        AFTER_SUBMIT_HOOKS.append(after_submit)


def after_submit(session: "Session", assignment: "Assignment") -> None:
    """Store the text's agreement, then route it (routing may add an annotator, and the stored figure is
    that of the submitted annotations). Imported here: the metrics load numpy, which most commands never need."""
    from app.agreement.routing import route_after_submit
    from app.agreement.stored import store_agreement_after_submit

    store_agreement_after_submit(session, assignment)
    route_after_submit(session, assignment)
