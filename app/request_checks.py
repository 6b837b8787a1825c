"""Request data that no database can store is refused before a view runs: NUL characters in the path,
query or form, and JSON bodies that app.safe_input refuses (through the parser every API blueprint uses)."""
from typing import Any

import flask
import marshmallow
from flask import Flask, request
from webargs import core
from webargs.flaskparser import FlaskParser, abort, is_json_request
from werkzeug.exceptions import NotFound

from app.errors import Invalid
from app.safe_input import NotJson, InputError, parse_json

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class SafeJsonParser(FlaskParser):
    """webargs' parser reading bodies with parse_json: 400 for a body that is not JSON (or too deep),
    422 naming the value for one that is JSON but cannot be stored (NUL, lone surrogate, NaN)."""

    def load_json(self, req: flask.Request, schema: marshmallow.Schema) -> Any:
        if not is_json_request(req):
            return core.missing
        try:
            return parse_json(req.get_data(cache=True))
        except NotJson as exc:
            abort(400, exc=exc, messages={"json": [exc.message]})
        except InputError as exc:
            abort(422, exc=exc, messages={"json": {exc.path or "json": [exc.message]}})


def register_request_checks(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters() -> None:
        # PostgreSQL cannot compare or store text holding NUL; such a request names nothing that exists.
        if "\x00" in request.path:
            raise NotFound()
        sources = [("query", request.args)]
        if request.mimetype in FORM_TYPES:
            sources.append(("form", request.form))
        for location, values in sources:
            for key, value in values.items(multi=True):
                key = key or ""  # a multipart part may have no name
                if "\x00" in key or "\x00" in value:
                    raise Invalid(f"The {location} parameter '{key.replace(chr(0), '')}' contains a NUL character.",
                                  errors={key.replace("\x00", "\\0"): ["Contains a NUL character."]})
