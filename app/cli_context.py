"""Entering the app's context from a command that the `factspan` group loads without the app."""
import functools
from collections.abc import Callable
from typing import Any

import click


def with_app_context(command: Callable) -> Callable:
    """Run `command` in the app's context, creating the app only now (unless a context is active, as in tests).

    The root context's obj loads the app: app.cli's AppLoader, or Flask's ScriptInfo.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from flask import current_app

        if not current_app:
            ctx = click.get_current_context()
            ctx.with_resource(ctx.find_root().obj.load_app().app_context())
        return command(*args, **kwargs)

    return wrapper


class PersonMessages:
    """Mixin for the command groups: a person's error (bad input, unknown project, a busy database) ends the
    command with its one-line message instead of a traceback; anything else is raised."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except Exception as exc:
            from app.commands import person_message

            message = person_message(exc)
            if message is None:
                raise
            raise click.ClickException(message) from exc
