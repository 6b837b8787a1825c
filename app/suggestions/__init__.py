"""Suggestions: spans proposed by rules, a tagger trained on the gold, or another tool, for annotators to accept."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for the annotation: the pure feature and decoding modules must import without Flask.
    from flask import Flask


def register(app: "Flask") -> None:
    from app.web_extensions import api, csrf
    from app.suggestions.api import blueprint as api_blueprint

    csrf.exempt(api_blueprint)
    api.register_blueprint(api_blueprint)


def register_hooks(_app: "Flask") -> None:
    from app.annotations.saving import AFTER_SAVE_HOOKS
    from app.suggestions.service import record_decisions_after_save

    # The hook list lives in the process, and tests build several apps: register it once.
    if record_decisions_after_save not in AFTER_SAVE_HOOKS:
        AFTER_SAVE_HOOKS.append(record_decisions_after_save)
