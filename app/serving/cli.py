"""`factspan serve`: run the app under gunicorn with app/serving/gunicorn_conf.py."""
import os
import shutil
import sys
import tempfile
from pathlib import Path

import click

from app.serving.memory import MEMORY_DIR

CONFIG_FILE = Path(__file__).with_name("gunicorn_conf.py")


@click.command("serve", context_settings={"ignore_unknown_options": True})
@click.option("--bind", "-b", help="Address to listen on (default FACTSPAN_BIND or 127.0.0.1:8000).")
@click.option("--workers", "-w", type=click.IntRange(min=1),
              help="Worker processes (default FACTSPAN_WORKERS or 2 x CPUs + 1).")
@click.argument("gunicorn_args", nargs=-1, type=click.UNPROCESSED)
def serve_command(bind: str | None, workers: int | None, gunicorn_args: tuple[str, ...]) -> None:
    """Serve the app with gunicorn (extra arguments go to gunicorn; SIGHUP reloads the workers gracefully)."""
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which("gunicorn")
    if gunicorn is None:
        raise click.ClickException("gunicorn is not installed in this environment.")
    arguments = [gunicorn, "--config", str(CONFIG_FILE)]
    if bind:
        arguments += ["--bind", bind]
    if workers:
        arguments += ["--workers", str(workers)]
    # Workers write their metrics into one folder, summed by whichever worker answers /metrics. In memory
    # where the host has it: a write to a memory-mapped file on disk can wait for the file system's journal.
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="factspan-metrics-", dir=MEMORY_DIR)
        os.environ["FACTSPAN_REMOVE_METRICS_DIR"] = "1"  # ours: gunicorn_conf.on_exit removes it
    # exec: gunicorn's master takes this process's place, so signals from a supervisor reach it directly.
    os.execv(gunicorn, [*arguments, *gunicorn_args, "app:create_app()"])
