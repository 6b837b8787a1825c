"""The app side of the command line: `init`, the app's command group and loading a command for app.cli."""
import importlib
import os
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, ScriptInfo, routes_command, run_command, shell_command

from app.cli_context import PersonMessages
from app.extensions import db, session

FLASK_COMMANDS = {"run": run_command, "shell": shell_command, "routes": routes_command}


def person_message(exc: Exception) -> str | None:
    """The one-line message for a person's error (bad input, unknown project), None for anything else."""
    from app.annotation_schemas.file_format import SchemaFileError
    from app.errors import AppError

    if isinstance(exc, AppError):
        return exc.message
    if isinstance(exc, SchemaFileError):
        return str(exc)
    from sqlalchemy.exc import OperationalError

    from app.error_handlers import BUSY_MESSAGE, is_sqlite_busy

    if isinstance(exc, OperationalError) and is_sqlite_busy(exc):
        return BUSY_MESSAGE
    return None


def load_command(ctx: click.Context, name: str) -> click.Command | None:
    """The command `name` of the installed `factspan` group, in the app's context (as FlaskGroup gives it)."""
    root = ctx.find_root()
    if not isinstance(root.obj, ScriptInfo):
        loader = root.obj
        # run, shell and routes serve or show the pages; the other commands call services and need none.
        loader.web = name in FLASK_COMMANDS
        # Flask's own commands find the app through a ScriptInfo; it creates the app with app.cli's loader.
        root.obj = ctx.obj = ScriptInfo(create_app=loader.load_app, set_debug_flag=False)
    # Set like FlaskGroup does, so that an app.run() outside a __main__ guard stays a no-op.
    os.environ["FLASK_RUN_FROM_CLI"] = "true"
    if name in FLASK_COMMANDS:
        return FLASK_COMMANDS[name]
    if not current_app:
        ctx.with_resource(root.obj.load_app().app_context())
    return current_app.cli.get_command(ctx, name)


class FactspanAppGroup(PersonMessages, AppGroup):
    """app.cli: the app's commands (APP_COMMANDS, imported on use), which the test runner invokes directly."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(APP_COMMANDS) | set(super().list_commands(ctx)))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in APP_COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, attribute = APP_COMMANDS[cmd_name].split(":")
        return getattr(importlib.import_module(module), attribute)


@click.command("init")
@click.option("--demo", is_flag=True, help="Also create demo accounts and assign the seed texts to them.")
def init_command(demo: bool) -> None:
    """Upgrade the database, load annotation schemas, create the default project with the seed texts."""
    from app.bootstrap import initialize
    from app.migrate import upgrade_to_head

    migrated = upgrade_to_head(db.engine)
    report = initialize(
        session(),
        schemas_dir=Path(current_app.config["ANNOTATION_SCHEMAS_DIR"]),
        seed_dir=Path(current_app.config["SEED_TEXTS_DIR"]),
        project_name=current_app.config["DEFAULT_PROJECT_NAME"],
        demo=demo,
        demo_password=current_app.config.get("DEMO_PASSWORD"),
    )
    session().commit()
    if migrated:
        click.echo("upgraded the database to the latest migration")
    for action in report.actions:
        click.echo(action)
    if report.demo_passwords:
        click.echo("\nDemo accounts (passwords are shown only this once):")
        for username, password in report.demo_passwords.items():
            click.echo(f"  {username:<12} {password}")
    if not migrated and not report.changed:
        click.echo("Nothing to do: the database is already initialised.")


# name -> "module:attribute" of each app command; imported when invoked, so a command loads only its own domain.
APP_COMMANDS: dict[str, str] = {
    "init": "app.commands:init_command",
    "users": "app.auth.cli:users_group",
    "projects": "app.texts.cli:projects_group",
    "import-texts": "app.texts.cli:import_texts_command",
    "assign": "app.annotations.cli:assign_command",
    "agreement": "app.agreement.cli:agreement_group",
    "gold": "app.gold.cli:gold_group",
    "import-annotations": "app.interop.cli:import_annotations_command",
    "export-annotations": "app.interop.cli:export_annotations_command",
    "suggest": "app.suggestions.cli:suggest_group",
    "review": "app.review.cli:review_group",
    "sources": "app.review.cli:sources_group",
    "archive": "app.archive.cli:archive_group",
    "worker": "app.jobs.cli:worker_command",
    "jobs": "app.jobs.cli:jobs_group",
}


def register_cli(app: Flask) -> None:
    app.cli = FactspanAppGroup(app.name)
