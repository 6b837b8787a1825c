"""The `idempotent` route decorator: replay a stored answer for a retried API write, store a new one with the write."""
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from flask import Response, current_app, request
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.errors import AppError, Conflict
from app.extensions import session
from app.idempotency.service import (
    MAX_KEY_LENGTH,
    StoredAnswer,
    check_key,
    find_answer,
    request_fingerprint,
    store_answer,
)
from app.web_extensions import ApiBlueprint

KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# The header as the OpenAPI document describes it on every route that honours it: `idempotent` adds it, so
# documentation and behaviour come from the same decorator. (flask-smorest puts these manual parameters in
# place of the generated ones, so an idempotent route takes its input in the body, as all of them do.)
KEY_PARAMETER = {
    "in": "header", "name": KEY_HEADER, "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": "^[ -~]+$"},
    "description": "Any key unique to this write (printable ASCII). A retry with the same key, method, path and "
                   "body gets the stored answer (header Idempotent-Replayed: true) and is not applied again; "
                   "the same key with another request is a 422 (idempotency_key_reused).",
}


def idempotent(view: Callable) -> Callable:
    """API write decorator, placed between serialize_then_commit and @blueprint.response; it documents the
    header on the route (KEY_PARAMETER).

    Without the header nothing changes. With it, a request this user already sent with the same key and
    the same method, path and body gets the stored answer (header Idempotent-Replayed: true) and is not
    applied again; the same key with another request is a 422. A 2xx answer is stored in the write's own
    transaction, so it exists exactly when the write was committed.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        key = request.headers.get(KEY_HEADER)
        if key is None:
            return view(*args, **kwargs)
        check_key(key)
        ttl = timedelta(hours=current_app.config["IDEMPOTENCY_KEY_TTL_HOURS"])
        fingerprint = request_fingerprint(method=request.method, path=request.full_path,
                                          body=request.get_data(cache=True))
        lookup = {"user_id": current_user.id, "key": key, "fingerprint": fingerprint, "ttl": ttl}
        found = find_answer(session(), **lookup)
        if found.answer is not None:
            return _replay(found.answer)
        try:
            response = view(*args, **kwargs)
        except AppError:
            # A twin of this request may have committed while this one ran (a client retrying before the
            # first answer arrived): its stored answer is the truthful reply, not this one's stale conflict.
            session().rollback()
            twin = find_answer(session(), **lookup).answer
            if twin is not None:
                return _replay(twin)
            raise
        if 200 <= response.status_code < 300:
            answer = StoredAnswer(response.status_code, response.content_type, response.get_data(as_text=True))
            try:
                store_answer(session(), user_id=current_user.id, key=key, fingerprint=fingerprint, answer=answer,
                             replaces_expired=found.expired)
            except IntegrityError as exc:
                session().rollback()
                raise Conflict("Another request with this Idempotency-Key is being applied; retry to get its answer.",
                               reason="idempotency_key_in_use") from exc
        return response

    wrapped.honours_idempotency_key = True  # outer decorators copy it (functools.wraps); tests find the routes by it
    return ApiBlueprint.doc(parameters=[KEY_PARAMETER])(wrapped)


def was_replayed(response: Response) -> bool:
    return response.headers.get(REPLAYED_HEADER) == "true"


def _replay(stored: StoredAnswer) -> Response:
    return Response(stored.body, status=stored.status_code, content_type=stored.content_type,
                    headers={REPLAYED_HEADER: "true"})
