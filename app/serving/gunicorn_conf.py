"""gunicorn settings for `factspan serve`, read from FACTSPAN_* environment variables so every host runs one file.

gunicorn executes this file as a config module: each module-level name that matches a gunicorn setting
is that setting, and the functions are server hooks.
"""
import multiprocessing
import os
import shutil
from pathlib import Path

from app.serving.memory import MEMORY_DIR


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


bind = os.environ.get("FACTSPAN_BIND", "127.0.0.1:8000")
# gunicorn's own advice for sync workers: two per core plus one (a worker waits on the database most of the time).
workers = _int("FACTSPAN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
# Long work runs as jobs, so a request that takes longer than this is stuck: the master kills and replaces it.
timeout = _int("FACTSPAN_WORKER_TIMEOUT", 30)
# SIGHUP and SIGTERM give a busy worker this long to finish its request before it is killed.
graceful_timeout = _int("FACTSPAN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Each worker shows it is alive by touching a file between requests; on a disk that touch waits whenever the
# file system's journal is busy (an export writing a gigabyte), and the requests queue behind it. In memory
# it never waits (gunicorn's own advice).
worker_tmp_dir = MEMORY_DIR
# Recycle each worker after about this many requests (jitter keeps them from restarting together).
max_requests = _int("FACTSPAN_MAX_REQUESTS", 2000)
max_requests_jitter = max(1, max_requests // 10) if max_requests else 0
accesslog = os.environ.get("FACTSPAN_ACCESS_LOG", "-")
# The X-Request-ID the app echoes (the client's, or one it generated) ties an access line to the app's log lines.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s "%(a)s"'
errorlog = "-"
proc_name = "factspan"
# gunicorn 27's control socket defaults to one path per user: several instances on a host would fight over it.
control_socket_disable = True


def on_starting(_server) -> None:
    """Empty the Prometheus folder: files left by a previous run's workers would be added to this run's counts."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


def child_exit(_server, worker) -> None:
    """A dead or recycled worker's live gauges must stop counting; its counters and histograms stay summed."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(_server) -> None:
    """Remove the metrics folder `factspan serve` made for this run (one given in the environment stays)."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder and os.environ.get("FACTSPAN_REMOVE_METRICS_DIR") == "1":
        shutil.rmtree(folder, ignore_errors=True)
