"""Inter-annotator agreement: pure metrics, reports and charts."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for the annotation: the pure engine (metrics, charts) must import without Flask.
    from flask import Flask


def register(app: "Flask") -> None:
    from app.agreement.api import blueprint as api_blueprint
    from app.agreement.pages import blueprint as pages_blueprint
    from app.agreement.routing import route_after_submit
    from app.agreement.stored import store_agreement_after_submit
    from app.annotations.service import AFTER_SUBMIT_HOOKS
    from app.extensions import api, csrf

    app.register_blueprint(pages_blueprint)
    csrf.exempt(api_blueprint)
    api.register_blueprint(api_blueprint)
    # The hook list lives in the process, and tests build several apps: register it once.
    # Stored first: routing may add an annotator, and the figure is that of the submitted annotations.
    for hook in (store_agreement_after_submit, route_after_submit):
        if hook not in AFTER_SUBMIT_HOOKS:
            AFTER_SUBMIT_HOOKS.append(hook)
