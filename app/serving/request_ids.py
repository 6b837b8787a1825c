"""X-Request-ID: the client's (or proxy's) id if it is sane, else a new one; echoed on every response."""
import re
import uuid

from flask import Flask, Response, g, request

HEADER = "X-Request-ID"
# Ids land in log lines: accept only short ids without spaces or control characters.
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")


def current_request_id() -> str | None:
    return g.get("request_id")


def register_request_ids(app: Flask) -> None:
    @app.before_request
    def assign_request_id() -> None:
        offered = request.headers.get(HEADER, "")
        g.request_id = offered if _ACCEPTABLE.fullmatch(offered) else uuid.uuid4().hex

    @app.after_request
    def echo_request_id(response: Response) -> Response:
        # An error raised before assign_request_id (a routing 404 still runs it; a failing earlier hook may not).
        response.headers[HEADER] = g.get("request_id") or uuid.uuid4().hex
        return response
