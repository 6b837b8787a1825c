"""Background jobs: long work (releases, exports, reports, imports) runs in workers off the request."""
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def register(app: "Flask") -> None:
    from app.agreement.background import provide_report_runs
    from app.jobs import metrics
    from app.jobs.api import blueprint as api_blueprint
    from app.jobs.pages import agreement_report_runs, blueprint as pages_blueprint
    from app.serving.metrics import add_live_collector
    from app.web_extensions import api, csrf

    add_live_collector(app, metrics.QueueDepthCollector(app.extensions["factspan_jobs"].depth))
    app.register_blueprint(pages_blueprint)
    provide_report_runs(app, agreement_report_runs)
    csrf.exempt(api_blueprint)
    api.register_blueprint(api_blueprint)


def register_hooks(app: "Flask") -> None:
    """The app's job queue (commands start and run jobs too); Huey is imported when it is first used."""
    from app.jobs.queue import JobQueue, make_huey

    sqlite_path = app.config["QUEUE_SQLITE_PATH"] or str(Path(app.instance_path) / "jobs-queue.sqlite")
    queue = JobQueue(lambda: make_huey(queue_url=app.config["QUEUE_URL"], queue_name=app.config["QUEUE_NAME"],
                                       sqlite_path=sqlite_path),
                     run=lambda job_id: _run_job(app, queue, job_id))
    app.extensions["factspan_jobs"] = queue


def _run_job(app: "Flask", queue, job_id: int) -> None:
    from app.jobs.worker import run_job_in_app

    run_job_in_app(app, queue, job_id)
