"""Start a job on a person's behalf: who may start which kind, and what each kind takes."""
from collections.abc import Callable
from typing import Any

from marshmallow import ValidationError
from sqlalchemy.orm import Session

from app.auth.models import User
from app.errors import Forbidden, Invalid
from app.jobs.kinds import KINDS
from app.jobs.models import Job
from app.jobs.schemas import PARAMS_SCHEMAS
from app.jobs.service import enqueue_job
from app.texts.service import require_project


def start_job(session: Session, *, kind: str, params: dict[str, Any], user: User, project_id: int,
              send: Callable[[int], None], max_attempts: int,
              settings: Callable[[str, dict[str, Any]], dict[str, Any]] | None = None) -> Job:
    """Check the role and the params, then queue the job (sent to workers once the caller commits).

    `settings(kind, params)` gives server-side values the kind needs (folders, limits), never taken from the
    person; it runs once the role and params are checked.

    :raises Forbidden: the user's role may not start this kind. :raises Invalid: bad params.
    :raises NotFound: no such project.
    """
    spec = KINDS.get(kind)
    if spec is None or kind not in PARAMS_SCHEMAS:
        raise Invalid(f"There is no job kind '{kind}'.", errors={"kind": ["Unknown."]})
    if user.role != "admin" and user.role not in spec.roles:
        raise Forbidden(f"Starting a {spec.title.lower()} needs the {' or '.join(spec.roles)} role; you are {user.role}.")
    project = require_project(session, project_id)
    try:
        loaded = PARAMS_SCHEMAS[kind]().load(params)
    except ValidationError as exc:
        raise Invalid("The job's parameters are not valid.", errors={"params": exc.messages}) from exc
    loaded = {**loaded, **(settings(kind, loaded) if settings else {}), "project_id": project.id}
    return enqueue_job(session, kind=kind, params=loaded, user_id=user.id, project_id=project.id, send=send,
                       max_attempts=max_attempts)

