"""The installed `factspan` command lists its commands without loading the app or heavy libraries."""
import json
import subprocess
import sys

import click
import pytest

from app.cli import COMMANDS, cli

HEAVY = ("flask", "sqlalchemy", "numpy", "rapidfuzz", "pycrfsuite", "marshmallow", "markdown_it", "yaml",
         "flask_smorest", "flask_wtf", "huey")


def modules_loaded_by(code: str) -> set[str]:
    """Top-level packages among HEAVY that a fresh interpreter has imported after running `code`."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(json.loads(output.splitlines()[-1])) & set(HEAVY)


def test_importing_the_command_imports_no_heavy_library():
    assert modules_loaded_by("import app.cli") == set()


def test_help_imports_no_heavy_library():
    assert modules_loaded_by("from app.cli import cli\ntry:\n    cli(['--help'])\nexcept SystemExit:\n    pass") == set()


def test_agreement_input_loads_neither_flask_nor_the_database(tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "d", "text": "ab cd", "annotations": [
        {"annotator": "a", "spans": [{"start": 0, "end": 2, "label": "F"}]},
        {"annotator": "b", "spans": [{"start": 0, "end": 2, "label": "F"}]}]}) + "\n")
    code = (f"from app.cli import cli\ntry:\n    cli(['agreement', '--input', {str(path)!r}, '--bootstrap', '0'])\n"
            "except SystemExit as exit:\n    assert exit.code == 0, exit.code")
    assert modules_loaded_by(code) == {"numpy"}


def test_a_command_loads_the_database_but_not_the_web_numpy_or_the_queue(tmp_path, monkeypatch):
    """A command builds the app without pages (create_app(web=False)) and imports only itself."""
    monkeypatch.setenv("FACTSPAN_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    monkeypatch.setenv("FACTSPAN_SECRET_KEY", "cli-startup-test")
    code = "from app.cli import cli\ntry:\n    cli(['assign', '--help'])\nexcept SystemExit as exit:\n    assert exit.code == 0"
    loaded = modules_loaded_by(code)
    assert {"flask", "sqlalchemy"} <= loaded and not loaded & {"flask_smorest", "flask_wtf", "numpy", "huey"}


def test_help_lists_every_command_of_the_app_with_its_summary(app):
    context = click.Context(app.cli)
    real = {name: app.cli.get_command(context, name) for name in app.cli.list_commands(context)}
    assert set(COMMANDS) == set(real) | {"run", "shell", "routes", "serve"}
    for name, command in real.items():
        assert command.get_short_help_str(limit=1000) == COMMANDS[name], name


def test_serve_is_listed_with_its_summary():
    from app.serving.cli import serve_command

    assert serve_command.get_short_help_str(limit=1000) == COMMANDS["serve"]


@pytest.mark.parametrize("name", ["run", "shell", "routes"])
def test_flask_commands_keep_their_summary(name):
    from flask.cli import FlaskGroup

    flask_group = FlaskGroup()
    command = flask_group.get_command(click.Context(flask_group), name)
    assert command.get_short_help_str(limit=1000) == COMMANDS[name]


def test_help_shows_the_summaries():
    result = click.testing.CliRunner().invoke(cli, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "assign" in result.output and COMMANDS["gold"] in result.output
