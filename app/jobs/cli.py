"""`factspan worker` runs jobs from the queue; `factspan jobs …` lists and sweeps them."""
import click
from flask import current_app

from app.extensions import session
from app.jobs.queue import current_queue


@click.command("worker")
@click.option("--workers", "-w", type=click.IntRange(min=1), default=1, show_default=True,
              help="Jobs this process runs at once.")
@click.option("--processes", is_flag=True, help="Run jobs in worker processes instead of threads (CPU-bound work).")
@click.option("--metrics-port", type=click.IntRange(min=1, max=65535), default=None,
              help="Serve this worker's Prometheus metrics (job durations) on this port.")
@click.option("--nice", type=click.IntRange(min=0, max=19), default=10, show_default=True,
              help="Lower this worker's CPU priority, so that on a shared host the web requests come first.")
def worker_command(workers: int, processes: bool, metrics_port: int | None, nice: int) -> None:
    """Run background jobs until interrupted (Ctrl-C finishes the running jobs first)."""
    import os

    from app.jobs.worker import Sweeper

    os.nice(nice)

    app = current_app._get_current_object()
    queue = current_queue()
    if metrics_port:
        from prometheus_client import start_http_server

        start_http_server(metrics_port)
    sweeper = Sweeper(app, queue)
    sweeper.start()  # jobs a dead worker left running are retried or failed before new work starts
    click.echo(f"factspan worker: {workers} {'process' if processes else 'thread'}(s) on queue "
               f"{app.config['QUEUE_NAME']} ({app.config['QUEUE_URL'] or 'SQLite in the instance folder'})")
    try:
        queue.consumer(workers=workers, worker_type="process" if processes else "thread").run()
    finally:
        sweeper.stopped.set()


@click.group("jobs")
def jobs_group() -> None:
    """Background jobs."""


@jobs_group.command("list")
@click.option("--limit", type=click.IntRange(min=1), default=30, show_default=True)
def list_command(limit: int) -> None:
    """The newest jobs with their state and progress."""
    from sqlalchemy import select

    from app.jobs.models import Job

    click.echo(f"{'id':>6}  {'kind':<20} {'state':<10} {'progress':>15}  message")
    for job in session().scalars(select(Job).order_by(Job.id.desc()).limit(limit)):
        click.echo(f"{job.id:>6}  {job.kind:<20} {job.state:<10} {f'{job.progress_done}/{job.progress_total}':>15}  "
                   f"{job.error or job.progress_message}")


@jobs_group.command("sweep")
def sweep_command() -> None:
    """Retry or fail jobs whose worker stopped, drop expired Idempotency-Key answers, resend jobs still waiting."""
    from app.jobs.worker import sweep

    sent = sweep(current_app._get_current_object(), current_queue())
    click.echo(f"sent {len(sent)} job(s) to the workers" + (f": {', '.join(map(str, sent))}" if sent else ""))
