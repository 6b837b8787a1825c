"""The app side of the command line: `init`, the app's command group and loading a command for app.cli."""
import os
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, ScriptInfo, routes_command, run_command, shell_command

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
        # Flask's own commands find the app through a ScriptInfo; it creates the app with app.cli's loader.
        root.obj = ctx.obj = ScriptInfo(create_app=root.obj.load_app, set_debug_flag=False)
    # Set like FlaskGroup does, so that an app.run() outside a __main__ guard stays a no-op.
    os.environ["FLASK_RUN_FROM_CLI"] = "true"
    if name in FLASK_COMMANDS:
        return FLASK_COMMANDS[name]
    if not current_app:
        ctx.with_resource(root.obj.load_app().app_context())
    return current_app.cli.get_command(ctx, name)


class FactspanAppGroup(AppGroup):
    """app.cli: the app's commands, which the test runner invokes directly."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except Exception as exc:
            message = person_message(exc)
            if message is None:
                raise
            raise click.ClickException(message) from exc


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


def register_cli(app: Flask) -> None:
    from app.agreement.cli import agreement_group
    from app.annotations.cli import assign_command
    from app.archive.cli import archive_group
    from app.auth.cli import users_group
    from app.gold.cli import gold_group
    from app.interop.cli import export_annotations_command, import_annotations_command
    from app.jobs.cli import jobs_group, worker_command
    from app.review.cli import review_group, sources_group
    from app.suggestions.cli import suggest_group
    from app.texts.cli import import_texts_command, projects_group

    app.cli = FactspanAppGroup(app.name)
    for command in (init_command, users_group, projects_group, import_texts_command, assign_command,
                    agreement_group, gold_group, import_annotations_command, export_annotations_command,
                    suggest_group, review_group, sources_group, archive_group, worker_command, jobs_group):
        app.cli.add_command(command)
