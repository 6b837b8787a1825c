"""factspan: fact-vs-opinion span annotation service."""
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

REPO_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None, *, web: bool = True) -> "Flask":
    """The app; with web=False (the command line) without pages, API, logins or request handling, so a
    command loads only the database, the domains' hooks and the one command it runs."""
    # Imported here, not above: `factspan --help` imports this package (via app.cli) and must start fast.
    from flask import Flask

    from app.config import DEFAULTS
    from app.converters import IdConverter
    from app.database import configure_database
    from app.extensions import db
    from app.secret_key import ensure_secret_key

    app = Flask(__name__, instance_relative_config=True, instance_path=str(REPO_ROOT / "instance"))
    app.url_map.converters["int"] = IdConverter
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("FACTSPAN")
    else:
        app.config.from_mapping(test_config)
    app.config["SEED_TEXTS_DIR"] = app.config["SEED_TEXTS_DIR"] or str(REPO_ROOT / "seed_texts")
    app.config["ANNOTATION_SCHEMAS_DIR"] = app.config["ANNOTATION_SCHEMAS_DIR"] or str(REPO_ROOT / "annotation_schemas")

    ensure_secret_key(app)
    configure_database(app)
    db.init_app(app)
    if web:
        _register_web(app)
    _register_domains(app, web=web)
    return app


def _register_web(app: "Flask") -> None:
    from app.error_handlers import register_error_handlers
    from app.web_extensions import api, csrf, login_manager
    from app.request_checks import register_request_checks
    from app.security import register_security
    from app.serving.metrics import register_metrics
    from app.serving.request_ids import register_request_ids

    login_manager.init_app(app)
    csrf.init_app(app)
    api.init_app(app)
    register_request_ids(app)
    register_metrics(app)
    register_error_handlers(app)
    register_request_checks(app)
    register_security(app)


def _register_domains(app: "Flask", *, web: bool) -> None:
    """Each domain's hooks (and its job queue), and with web its pages and API."""
    from app import admin, agreement, annotation_schemas, annotations, audit, auth, desk, gold, health, home, interop
    from app import jobs, review, suggestions, texts
    from app.commands import register_cli

    for package in (agreement, suggestions, jobs):
        package.register_hooks(app)
    if web:
        for package in (health, auth, home, annotation_schemas, texts, annotations, agreement, gold, review,
                        suggestions, interop, audit, admin, desk, jobs):
            package.register(app)
    register_cli(app)
