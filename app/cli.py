"""The installed `factspan` command: lists its commands without loading the app, loads one when it runs.

Listing (`factspan --help`) imports only click, so the command starts in a fraction of a second; the
app, Flask and the domain modules are imported when a command is invoked (see app.commands).
"""
from typing import TYPE_CHECKING, Any

import click

from app.cli_context import PersonMessages

if TYPE_CHECKING:
    from flask import Flask

# name -> the command's summary; tests/test_cli_startup.py checks both against the real commands.
COMMANDS: dict[str, str] = {
    "agreement": "Inter-annotator agreement of a JSONL file (--input) or a project (--project).",
    "archive": "Carry a project with all its rows to another database (for example from SQLite to PostgreSQL).",
    "assign": "Give each text of PROJECT its number of annotators, drawn from ANNOTATORS (usernames), least "
              "loaded first.",
    "export-annotations": "Write every annotator's annotations of PROJECT (not only the gold) to a file, streaming.",
    "gold": "Adjudicate into gold, release it, and export training data.",
    "import-annotations": "Import annotations made here or in Label Studio, doccano or brat into PROJECT.",
    "import-texts": 'Import .txt files or folders, JSONL ({"id","text","title","source_url","meta"}), CSV, or zips '
                    "of them into PROJECT.",
    "jobs": "Background jobs.",
    "init": "Upgrade the database, load annotation schemas, create the default project with the seed texts.",
    "projects": "Create and list projects.",
    "review": "The editors' fact-check desk: the claims queue, assignment and exports.",
    "serve": "Serve the app with gunicorn (extra arguments go to gunicorn; SIGHUP reloads the workers gracefully).",
    "routes": "Show the routes for the app.",
    "run": "Run a development server.",
    "shell": "Run a shell in the app context.",
    "sources": "The official documents a project's texts cite (readouts), to check sourced claims against.",
    "suggest": "Suggestions from rules or a tagger trained on the gold.",
    "users": "Create, list and manage user accounts.",
    "worker": "Run background jobs until interrupted (Ctrl-C finishes the running jobs first).",
}


class AppLoader:
    """Creates the app once, on first use: FlaskGroup's ScriptInfo.load_app without importing Flask first."""

    def __init__(self) -> None:
        self._app: "Flask | None" = None
        self.web = False  # app.commands.load_command sets it for the commands that need the pages

    def load_app(self) -> "Flask":
        if self._app is None:
            from app import create_app

            self._app = create_app(web=self.web)
        return self._app


class LazyFactspanGroup(PersonMessages, click.Group):
    """A click group whose commands are imported (with the app) only when one is invoked."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        extra.setdefault("obj", AppLoader())
        return super().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name == "serve":
            # serve hands this process to gunicorn, which builds the app in its workers: none is built here.
            from app.serving.cli import serve_command

            return serve_command
        if cmd_name == "agreement":
            # --input needs no app; the group enters the app's context itself where it needs the database.
            from app.agreement.cli import agreement_group

            return agreement_group
        from app.commands import load_command

        return load_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The summaries come from the table, so listing imports no command module.
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name]) for name in self.list_commands(ctx)])


@click.group(cls=LazyFactspanGroup)
def cli() -> None:
    """factspan: annotate fact vs opinion spans, measure agreement, build gold sets."""
