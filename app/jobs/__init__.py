"""Background jobs: long work (releases, exports, reports, imports) runs in workers off the request."""
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def register(app: "Flask") -> None:
    from app.agreement.background import provide_report_runs
    from app.extensions import api, csrf
    from app.jobs import metrics
    from app.jobs.api import blueprint as api_blueprint
    from app.jobs.pages import agreement_report_runs, blueprint as pages_blueprint
    from app.jobs.queue import JobQueue, make_huey
    from app.jobs.worker import run_job_in_app
    from app.serving.metrics import add_live_collector

    sqlite_path = app.config["QUEUE_SQLITE_PATH"] or str(Path(app.instance_path) / "jobs-queue.sqlite")
    huey = make_huey(queue_url=app.config["QUEUE_URL"], queue_name=app.config["QUEUE_NAME"], sqlite_path=sqlite_path)
    queue = JobQueue(huey, run=lambda job_id: run_job_in_app(app, queue, job_id))
    app.extensions["factspan_jobs"] = queue
    add_live_collector(app, metrics.QueueDepthCollector(queue.depth))
    app.register_blueprint(pages_blueprint)
    provide_report_runs(app, agreement_report_runs)
    csrf.exempt(api_blueprint)
    api.register_blueprint(api_blueprint)
