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
