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


def start_job(session: Session, *, kind: str, params: dict[str, Any], user: User, project_id: int | None,
              send: Callable[[int], None], max_attempts: int,
              settings: Callable[[str, dict[str, Any]], dict[str, Any]] | None = None) -> Job:
    """Check the role and the params, then queue the job (sent to workers once the caller commits).

    A kind works on the project `project_id`, except the few that belong to none (an archive import).
    `settings(kind, params)` gives server-side values the kind needs (folders, limits), never taken from the
    person; it runs once the role and params are checked.

    :raises Forbidden: the user's role may not start this kind. :raises Invalid: bad params, or a project
        missing or given where the kind takes none. :raises NotFound: no such project.
    :raises AppError: the kind's own check refused the start.
    """
    spec = KINDS.get(kind)
    if spec is None or kind not in PARAMS_SCHEMAS:
        raise Invalid(f"There is no job kind '{kind}'.", errors={"kind": ["Unknown."]})
    if user.role != "admin" and user.role not in spec.roles:
        raise Forbidden(f"Starting a {spec.title.lower()} needs the {' or '.join(spec.roles)} role; you are {user.role}.")
    if spec.on_project != (project_id is not None):
        raise Invalid(f"A {spec.title.lower()} {'works on a project' if spec.on_project else 'belongs to no project'}.",
                      errors={"project_id": ["Required." if spec.on_project else "Not taken by this kind."]})
    project = require_project(session, project_id) if project_id is not None else None
    try:
        loaded = PARAMS_SCHEMAS[kind]().load(params)
    except ValidationError as exc:
        raise Invalid("The job's parameters are not valid.", errors={"params": exc.messages}) from exc
    if spec.check is not None:
        spec.check(session, project, loaded)
    loaded = {**loaded, **(settings(kind, loaded) if settings else {})}
    if project is not None:
        loaded["project_id"] = project.id
    return enqueue_job(session, kind=kind, params=loaded, user_id=user.id, project_id=project and project.id,
                       send=send, max_attempts=max_attempts)
