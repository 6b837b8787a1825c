"""/healthz (this process answers) and /readyz (the database and the job queue answer): for load balancers."""
import importlib

from flask import Blueprint, Flask, current_app
from sqlalchemy import text

from app.extensions import session

blueprint = Blueprint("health", __name__)
# Probed on every readiness check; the jobs package provides it where a queue exists.
QUEUE_MODULE = "app.jobs.queue"


@blueprint.get("/healthz")
def healthz():
    """Liveness: never touches the database, so a database outage does not get every worker restarted."""
    return {"status": "ok"}


@blueprint.get("/readyz")
def readyz():
    """Readiness: take this host out of the balancer while it cannot serve (database or queue down)."""
    checks = {"database": _check(_ping_database), "queue": _check(_ping_queue)}
    ready = all(state in ("ok", "absent") for state in checks.values())
    return {"status": "ok" if ready else "unavailable", **checks}, 200 if ready else 503


def _check(probe) -> str:
    try:
        return probe()
    except Exception:  # any failure of a dependency means "not ready"; the log says why
        current_app.logger.warning("readiness check %s failed", probe.__name__, exc_info=True)
        return "unreachable"


def _ping_database() -> str:
    session().execute(text("SELECT 1"))
    return "ok"


def _ping_queue() -> str:
    try:
        queue = importlib.import_module(QUEUE_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name in ("app.jobs", QUEUE_MODULE):
            return "absent"  # no job queue in this build: readiness is the database alone
        raise
    return "unreachable" if queue.ping_queue() is False else "ok"


def register(app: Flask) -> None:
    app.register_blueprint(blueprint)
