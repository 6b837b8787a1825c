"""The web's unbound Flask extensions (logins, CSRF, the OpenAPI blueprint), bound in create_app's web part.

Apart from app.extensions so that commands, which never serve a page, do not import them.
"""
from collections.abc import Callable, Iterable, Mapping

from flask_login import LoginManager
from flask_smorest import Api, Blueprint
from flask_wtf.csrf import CSRFProtect

from app.error_handlers import ErrorSchema
from app.request_checks import SafeJsonParser


class FactspanApi(Api):
    # The OpenAPI document describes the error payload the app really sends (with reason).
    ERROR_SCHEMA = ErrorSchema


class ApiBlueprint(Blueprint):
    """The blueprint of every /api/v1 module: JSON bodies are read by the safe parser."""

    ARGUMENTS_PARSER = SafeJsonParser()

    def downloads(self, media_types: Iterable[str], description: str,
                  schemas: Mapping[str, dict] | None = None) -> Callable[[Callable], Callable]:
        """Document a download's 200 once per media type it may be sent as (parameters such as charset dropped):
        a file, unless `schemas` describes the JSON sent as that type."""

        def decorator(view: Callable) -> Callable:
            for media_type in sorted({value.split(";")[0] for value in media_types}):
                schema = (schemas or {}).get(media_type, {"type": "string", "format": "binary"})
                view = self.alt_response(200, schema=schema, content_type=media_type, success=True,
                                         description=description)(view)
            return view

        return decorator


login_manager = LoginManager()
csrf = CSRFProtect()
api = FactspanApi()
