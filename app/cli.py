"""The `factspan` command: Flask's CLI group bound to the app factory, plus `init`."""
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup

from app.extensions import db, session
from app.serving.cli import serve_command


def _create_app() -> Flask:
    from app import create_app

    return create_app()


class ReportsAppErrors:
    """Show a person's error (bad input, unknown project) as one line, not a traceback."""

    def invoke(self, ctx: click.Context):
        from sqlalchemy.exc import OperationalError

        from app.annotation_schemas.file_format import SchemaFileError
        from app.error_handlers import BUSY_MESSAGE, is_sqlite_busy
        from app.errors import AppError

        try:
            return super().invoke(ctx)
        except AppError as exc:
            raise click.ClickException(exc.message) from exc
        except SchemaFileError as exc:
            raise click.ClickException(str(exc)) from exc
        except OperationalError as exc:
            if is_sqlite_busy(exc):
                raise click.ClickException(BUSY_MESSAGE) from exc
            raise


class FactspanGroup(ReportsAppErrors, FlaskGroup):
    """The installed `factspan` command."""


class FactspanAppGroup(ReportsAppErrors, AppGroup):
    """app.cli, which the test runner invokes directly."""


@click.group(cls=FactspanGroup, create_app=_create_app, add_default_commands=True)
def cli() -> None:
    """factspan: annotate fact vs opinion spans, measure agreement, build gold sets."""


# On the group itself, not app.cli: serve hands this process to gunicorn and must not build an app first.
cli.add_command(serve_command)


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
                    suggest_group, review_group, sources_group, worker_command, jobs_group):
        app.cli.add_command(command)
